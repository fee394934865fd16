"""The return round trip, through the pages: the officer finds the returned items with the
question and the reviewer's note on the overview and the entry page, answers, resends from
the answer page; the earlier appraisal is kept and shown as set aside, then as restored or
replaced by the re-appraisal."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import AuditEntry
from assessments.models import SubmissionStatus
from review import services
from review.models import Clarification, EarlierAppraisal
from tests.review.conftest import value

pytestmark = pytest.mark.django_db
S = SubmissionStatus
QUESTION = "Mẫu số có gồm hồ sơ cấp xã không?"
NOTE = "Đề nghị gửi kèm văn bản có chữ ký, đóng dấu."


def appraise(client, sub, code, points, reason=""):
    v = value(sub, code)
    return client.post(
        f"/tham-dinh/ho-so/{sub.pk}/gia-tri/{v.pk}/tham-dinh/", {"points": points, "reason": reason, "version": v.version}
    )


def return_item(client, sub, code, question=QUESTION, note=NOTE):
    return client.post(f"/tham-dinh/ho-so/{sub.pk}/yeu-cau-bo-sung/", {f"q_{value(sub, code).pk}": question, "note": note})


def panel(html: str) -> str:
    match = re.search(r'<section class="card border-warning mb-3" id="returned-items".*?</section>', html, re.S)
    assert match, "the returned-items panel is missing"
    return match.group(0)


@pytest.fixture
def returned(reviewer_client, sub_a):
    """1.3 appraised 12,5 with a reason, then returned with a question and a general note."""
    appraise(reviewer_client, sub_a, "1.3", "12,5", "Mẫu số chưa gồm hồ sơ cấp xã")
    assert return_item(reviewer_client, sub_a, "1.3").status_code == 302
    sub_a.refresh_from_db()
    assert sub_a.status == S.RETURNED
    return sub_a


def answer_and_resend(client, sub):
    c = Clarification.objects.get(submission=sub)
    client.post(f"/tham-dinh/giai-trinh/{sub.pk}/{c.pk}/tra-loi/", {"body": "Đã gồm 120 hồ sơ cấp xã."})
    assert client.post(f"/tu-danh-gia/ho-so/{sub.pk}/gui/").status_code == 302
    sub.refresh_from_db()
    assert sub.status == S.RESUBMITTED


def test_a_return_keeps_the_earlier_appraisal_and_its_reason(returned, reviewer):
    v = value(returned, "1.3")
    assert v.reviewed_points is None and v.awaiting_clarification  # the live appraisal waits for a new one
    c = Clarification.objects.get(value=v)
    assert str(c.previous_points) == "12.50"
    assert c.previous_reason == "Mẫu số chưa gồm hồ sơ cấp xã"
    assert c.previous_reviewed_by == reviewer and c.previous_reviewed_at is not None
    assert c.earlier_appraisal == EarlierAppraisal.SUPERSEDED
    assert c.return_note == NOTE
    row = AuditEntry.objects.get(action="review.request_clarification", target_id=str(v.pk))
    assert row.old["review_reason"] == "Mẫu số chưa gồm hồ sơ cấp xã" and row.old["reviewed_points"] == "12.50"


def test_an_item_returned_before_any_appraisal_has_no_earlier_one(reviewer_client, sub_a):
    return_item(reviewer_client, sub_a, "1.1")
    c = Clarification.objects.get(value=value(sub_a, "1.1"))
    assert not c.had_appraisal and c.earlier_appraisal == ""


def test_the_overview_marks_the_returned_items_with_the_question_and_the_note(returned, officer_a_client):
    html = panel(officer_a_client.get(f"/tu-danh-gia/ho-so/{returned.pk}/").content.decode())
    v = value(returned, "1.3")
    assert QUESTION in html and NOTE in html
    assert "1.3" in html and "1.1" not in html  # only what came back
    assert f'href="/tham-dinh/giai-trinh/{returned.pk}/#thread-{v.pk}"' in html  # the answer
    assert f"#value-{v.pk}" in html  # the value to correct
    assert "Gửi bổ sung" in html and f'href="/tu-danh-gia/ho-so/{returned.pk}/gui/"' in html


def test_the_overview_tells_the_officer_the_earlier_appraisal_is_set_aside(returned, officer_a_client):
    html = panel(officer_a_client.get(f"/tu-danh-gia/ho-so/{returned.pk}/").content.decode())
    assert "Điểm thẩm định trước khi trả lại: 12,50 (tạm không áp dụng)" in html


def test_the_entry_page_shows_the_returned_items_of_its_main_index_only(reviewer_client, sub_a, officer_a_client):
    reviewer_client.post(  # one return, an item of each main index
        f"/tham-dinh/ho-so/{sub_a.pk}/yeu-cau-bo-sung/",
        {f"q_{value(sub_a, '1.3').pk}": QUESTION, f"q_{value(sub_a, '2.1').pk}": "Nguồn số liệu?", "note": NOTE},
    )
    fw = sub_a.round.framework
    nts, hts = fw.main_indices.get(code="NTS"), fw.main_indices.get(code="HTS")
    html = panel(officer_a_client.get(f"/tu-danh-gia/ho-so/{sub_a.pk}/chi-so/{nts.pk}/").content.decode())
    assert QUESTION in html and "Nguồn số liệu?" not in html
    assert f'href="#value-{value(sub_a, "1.3").pk}"' in html
    assert "Cục trả lại 2 chỉ số" in html  # the heading counts the whole return
    html = officer_a_client.get(f"/tu-danh-gia/ho-so/{sub_a.pk}/chi-so/{hts.pk}/").content.decode()
    assert QUESTION not in html


def test_the_answer_page_shows_the_note_and_offers_gui_bo_sung(returned, officer_a_client):
    html = officer_a_client.get(f"/tham-dinh/giai-trinh/{returned.pk}/").content.decode()
    assert NOTE in html
    assert 'data-confirm-dialog="resend-dialog"' in html
    # The dialog holds the same form as the send page: a POST to it resends.
    dialog = re.search(r'<dialog id="resend-dialog".*?</dialog>', html, re.S).group(0)
    assert f'action="/tu-danh-gia/ho-so/{returned.pk}/gui/"' in dialog
    assert "1 chỉ số được trả lại sẽ được gửi lại" in dialog and "<strong>1.3</strong>" in dialog
    assert "Còn 1 câu hỏi chưa trả lời" in dialog


def test_the_panel_is_gone_once_resent(returned, officer_a_client):
    answer_and_resend(officer_a_client, returned)
    html = officer_a_client.get(f"/tu-danh-gia/ho-so/{returned.pk}/").content.decode()
    assert 'id="returned-items"' not in html


def test_the_reviewer_sees_the_earlier_appraisal_as_set_aside_while_returned(returned, reviewer_client):
    main = value(returned, "1.3").indicator.main_index_id
    html = reviewer_client.get(f"/tham-dinh/ho-so/{returned.pk}/chi-so-chinh/{main}/").content.decode()
    block = re.search(r'<div class="earlier-appraisal[^"]*" data-outcome="superseded">.*?</div>\s*</div>', html, re.S).group(0)
    assert "12,50 điểm" in block and "Mẫu số chưa gồm hồ sơ cấp xã" in block
    assert "Tạm không áp dụng" in block


def test_reappraising_with_the_same_score_and_reason_restores_it(returned, reviewer_client, officer_a_client):
    answer_and_resend(officer_a_client, returned)
    appraise(reviewer_client, returned, "1.3", "12,5", "Mẫu số chưa gồm hồ sơ cấp xã")
    c = Clarification.objects.get(submission=returned)
    assert c.earlier_appraisal == EarlierAppraisal.RESTORED
    main = value(returned, "1.3").indicator.main_index_id
    html = reviewer_client.get(f"/tham-dinh/ho-so/{returned.pk}/chi-so-chinh/{main}/").content.decode()
    assert 'data-outcome="restored"' in html and "Được giữ nguyên khi thẩm định lại" in html
    assert "12,50 điểm" in html  # the earlier appraisal is still there to read


def test_reappraising_differently_replaces_it_and_both_stay_visible(returned, reviewer_client, officer_a_client):
    answer_and_resend(officer_a_client, returned)
    appraise(reviewer_client, returned, "1.3", "10", "Chỉ tính hồ sơ toàn trình")
    c = Clarification.objects.get(submission=returned)
    assert c.earlier_appraisal == EarlierAppraisal.REPLACED
    assert str(c.reappraised_points) == "10.00" and str(c.previous_points) == "12.50"
    main = value(returned, "1.3").indicator.main_index_id
    html = reviewer_client.get(f"/tham-dinh/ho-so/{returned.pk}/chi-so-chinh/{main}/").content.decode()
    block = re.search(r'data-outcome="replaced">.*?</div>\s*</div>', html, re.S).group(0)
    assert "12,50 điểm" in block and "Được thay bằng 10,00 điểm" in block and "Chỉ tính hồ sơ toàn trình" in block
    # A later appraisal of the same value does not rewrite what the first re-appraisal did.
    appraise(reviewer_client, returned, "1.3", "11", "Sửa lại")
    c.refresh_from_db()
    assert str(c.reappraised_points) == "10.00"


def test_the_officer_thread_shows_the_outcome_too(returned, reviewer_client, officer_a_client):
    answer_and_resend(officer_a_client, returned)
    appraise(reviewer_client, returned, "1.3", "10", "Chỉ tính hồ sơ toàn trình")
    html = officer_a_client.get(f"/tham-dinh/giai-trinh/{returned.pk}/").content.decode()
    assert 'data-outcome="replaced"' in html and "12,50 điểm" in html


def test_the_appraisal_form_starts_from_the_set_aside_appraisal(returned, reviewer_client, officer_a_client):
    answer_and_resend(officer_a_client, returned)
    v = value(returned, "1.3")
    html = reviewer_client.get(f"/tham-dinh/ho-so/{returned.pk}/chi-so-chinh/{v.indicator.main_index_id}/").content.decode()
    assert re.search(rf'id="points-{v.pk}" inputmode="decimal" value="([^"]*)"', html).group(1) == "12,50"  # not 16
    assert f'id="reason-{v.pk}" rows="2">Mẫu số chưa gồm hồ sơ cấp xã</textarea>' in html
    assert "Trước khi trả lại: 12,50 điểm (tạm không áp dụng)" in html



def _overview_queries(client, sub) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(f"/tu-danh-gia/ho-so/{sub.pk}/").status_code == 200
    return len(ctx.captured_queries)


def test_the_panel_costs_the_same_queries_for_one_item_or_five(officer_a_client, officer_b_client, sub_a, sub_b, reviewer):
    services.return_for_clarification(submission=sub_a, actor=reviewer, questions={value(sub_a, "1.1").pk: "Vì sao?"})
    codes = ("1.1", "1.2", "1.3", "2.1", "2.2")
    services.return_for_clarification(submission=sub_b, actor=reviewer, questions={value(sub_b, c).pk: "Vì sao?" for c in codes})
    assert _overview_queries(officer_b_client, sub_b) == _overview_queries(officer_a_client, sub_a)
