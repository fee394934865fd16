"""Irreversible actions ask first: a GET of the action's URL states what will happen and
changes nothing (no script needed); the page's button opens the same statement in a dialog;
the POST is unchanged, so the API and the dialog's form still do the work."""

import re

import pytest

from accounts.models import AuditEntry
from assessments.models import Evidence, SubmissionStatus
from review import services
from tests.review.conftest import fill, value

pytestmark = pytest.mark.django_db
S = SubmissionStatus


@pytest.fixture
def appraised(sub_a, reviewer):
    for main in sub_a.round.framework.main_indices.all():
        services.accept_self_scores(submission=sub_a, main_index=main, actor=reviewer)
    v = value(sub_a, "1.3")
    services.appraise(value=v, actor=reviewer, points="12", reason="Mẫu số chưa gồm cấp xã")
    sub_a.refresh_from_db()
    return sub_a


# --- sign-off ---------------------------------------------------------------------------------


def test_the_sign_off_page_states_what_signing_off_does_and_changes_nothing(lead_client, appraised):
    response = lead_client.get(f"/tham-dinh/ho-so/{appraised.pk}/ky-duyet/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ký duyệt kết quả thẩm định của Đà Nẵng?" in html
    assert "tổng 76,00 / 100,00 điểm (tự đánh giá 80,00)" in html  # 80 − (16 − 12)
    assert "Hồ sơ bị khóa" in html and "chỉ quản trị viên mở lại được" in html
    assert f'action="/tham-dinh/ho-so/{appraised.pk}/ky-duyet/"' in html
    appraised.refresh_from_db()
    assert appraised.status == S.UNDER_REVIEW and not AuditEntry.objects.filter(action="submission.sign_off").exists()


def test_the_sign_off_page_warns_when_indicators_remain(lead_client, sub_a):
    html = lead_client.get(f"/tham-dinh/ho-so/{sub_a.pk}/ky-duyet/").content.decode()
    assert "Đã thẩm định 0/8 chỉ số; cần thẩm định hết trước khi ký duyệt." in html


def test_the_submission_page_opens_the_sign_off_in_a_dialog(lead_client, appraised):
    html = lead_client.get(f"/tham-dinh/ho-so/{appraised.pk}/").content.decode()
    assert f'href="/tham-dinh/ho-so/{appraised.pk}/ky-duyet/" data-confirm-dialog="sign-off-dialog"' in html
    dialog = re.search(r'<dialog id="sign-off-dialog".*?</dialog>', html, re.S).group(0)
    assert "tổng 76,00 / 100,00 điểm" in dialog and 'method="dialog"' in dialog


def test_the_sign_off_post_still_signs_off(lead_client, appraised):
    assert lead_client.post(f"/tham-dinh/ho-so/{appraised.pk}/ky-duyet/").status_code == 302
    appraised.refresh_from_db()
    assert appraised.status == S.SIGNED_OFF


def test_a_reviewer_gets_no_sign_off_page(reviewer_client, appraised):
    assert reviewer_client.get(f"/tham-dinh/ho-so/{appraised.pk}/ky-duyet/").status_code == 403


# --- the province sends or resends --------------------------------------------------------------


def test_the_send_page_states_what_sending_does(officer_a_client, rnd, province_a):
    draft = rnd.submissions.get(unit=province_a)
    fill(draft)
    html = officer_a_client.get(f"/tu-danh-gia/ho-so/{draft.pk}/gui/").content.decode()
    assert "Gửi hồ sơ?" in html and "Sau khi gửi, tỉnh không sửa được hồ sơ nữa" in html
    draft.refresh_from_db()
    assert draft.status == S.DRAFT


def test_the_resend_page_names_the_returned_items_and_the_unanswered_questions(officer_a_client, reviewer, sub_a):
    services.return_for_clarification(
        submission=sub_a, actor=reviewer, questions={value(sub_a, "1.1").pk: "Quyết định?", value(sub_a, "2.1").pk: "Nguồn?"}
    )
    html = officer_a_client.get(f"/tu-danh-gia/ho-so/{sub_a.pk}/gui/").content.decode()
    assert "Gửi bổ sung hồ sơ?" in html
    assert "2 chỉ số được trả lại sẽ được gửi lại" in html and "<strong>1.1</strong>, <strong>2.1</strong>" in html
    assert "Còn 2 câu hỏi chưa trả lời" in html
    assert officer_a_client.post(f"/tu-danh-gia/ho-so/{sub_a.pk}/gui/").status_code == 302
    sub_a.refresh_from_db()
    assert sub_a.status == S.RESUBMITTED


# --- removing evidence ---------------------------------------------------------------------------


@pytest.fixture
def draft_with_evidence(rnd, province_a):
    draft = rnd.submissions.get(unit=province_a)
    fill(draft)
    return draft


def test_the_remove_page_states_what_removing_does_and_keeps_the_file(officer_a_client, draft_with_evidence):
    ev = Evidence.objects.get(value=value(draft_with_evidence, "1.2"))
    html = officer_a_client.get(f"/tu-danh-gia/tai-lieu/{ev.pk}/go/").content.decode()
    assert "Gỡ tài liệu “qd-1.2.pdf”?" in html
    assert f"Văn bản số {ev.doc_number} không còn là tài liệu kiểm chứng của chỉ số 1.2" in html
    assert "bắt buộc có tài liệu kiểm chứng: sau khi gỡ, hồ sơ chưa gửi được" in html  # its only file
    ev.refresh_from_db()
    assert ev.removed_at is None


def test_the_evidence_page_opens_the_removal_in_a_dialog_and_the_post_removes(officer_a_client, draft_with_evidence):
    v = value(draft_with_evidence, "1.2")
    ev = Evidence.objects.get(value=v)
    html = officer_a_client.get(f"/tu-danh-gia/gia-tri/{v.pk}/tai-lieu/").content.decode()
    dialog = re.search(rf'<dialog id="remove-{ev.pk}".*?</dialog>', html, re.S).group(0)
    assert f'action="/tu-danh-gia/tai-lieu/{ev.pk}/go/"' in dialog and "qd-1.2.pdf" in dialog
    assert officer_a_client.post(f"/tu-danh-gia/tai-lieu/{ev.pk}/go/").status_code == 302
    ev.refresh_from_db()
    assert ev.removed_at is not None


def test_another_province_gets_no_remove_page(officer_b_client, draft_with_evidence):
    ev = Evidence.objects.get(value=value(draft_with_evidence, "1.2"))
    assert officer_b_client.get(f"/tu-danh-gia/tai-lieu/{ev.pk}/go/").status_code == 404
