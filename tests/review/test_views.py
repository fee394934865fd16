"""Every review page: outsider 404, wrong role 403, wrong method 405, happy path."""

import pytest

from accounts.models import AuditEntry
from assessments.models import Submission, SubmissionStatus
from review import services
from tests.review.conftest import value

pytestmark = pytest.mark.django_db
S = SubmissionStatus


def test_anonymous_is_sent_to_login(client, sub_a):
    for url in (f"/tham-dinh/ho-so/{sub_a.pk}/", f"/tham-dinh/dot/{sub_a.round_id}/", f"/tham-dinh/giai-trinh/{sub_a.pk}/"):
        response = client.get(url)
        assert (response.status_code, response["Location"].split("?")[0]) == (302, "/tai-khoan/dang-nhap/"), url


@pytest.mark.parametrize("path", ["", "dot/{round}/", "ho-so/{sub}/", "ho-so/{sub}/yeu-cau-bo-sung/", "ho-so/{sub}/chi-so-chinh/{main}/"])
def test_officers_cannot_reach_review_pages(officer_a_client, sub_a, path):
    main = sub_a.round.framework.main_indices.first().pk
    url = "/tham-dinh/" + path.format(round=sub_a.round_id, sub=sub_a.pk, main=main)
    assert officer_a_client.get(url).status_code == 403


def test_officers_cannot_appraise(officer_a_client, sub_a):
    v = value(sub_a, "1.1")
    response = officer_a_client.post(f"/tham-dinh/ho-so/{sub_a.pk}/gia-tri/{v.pk}/tham-dinh/", {"points": "0", "reason": "x"})
    assert response.status_code == 403
    assert value(sub_a, "1.1").reviewed_points is None


def test_officers_cannot_sign_off_or_download_through_review(officer_a_client, sub_a):
    assert officer_a_client.post(f"/tham-dinh/ho-so/{sub_a.pk}/ky-duyet/").status_code == 403
    ev = value(sub_a, "1.1").evidence.get()
    assert officer_a_client.get(f"/tham-dinh/tai-lieu/{ev.pk}/").status_code == 403


def test_a_draft_is_not_found_by_reviewers(reviewer_client, rnd, province_a):
    draft = rnd.submissions.get(unit=province_a)
    assert reviewer_client.get(f"/tham-dinh/ho-so/{draft.pk}/").status_code == 404


def test_an_unknown_submission_is_not_found(reviewer_client, db):
    assert reviewer_client.get("/tham-dinh/ho-so/999999/").status_code == 404


def test_wrong_method_is_refused(reviewer_client, sub_a):
    v = value(sub_a, "1.1")
    assert reviewer_client.get(f"/tham-dinh/ho-so/{sub_a.pk}/gia-tri/{v.pk}/tham-dinh/").status_code == 405
    main = v.indicator.main_index_id
    assert reviewer_client.get(f"/tham-dinh/ho-so/{sub_a.pk}/chi-so-chinh/{main}/chap-nhan-tu-danh-gia/").status_code == 405
    assert reviewer_client.post(f"/tham-dinh/ho-so/{sub_a.pk}/").status_code == 405
    assert reviewer_client.get(f"/tham-dinh/dot/{sub_a.round_id}/phan-cong/").status_code == 405


def test_a_reviewer_cannot_sign_off_assign_or_reopen(reviewer_client, sub_a, reviewer):
    assert reviewer_client.post(f"/tham-dinh/ho-so/{sub_a.pk}/ky-duyet/").status_code == 403
    assert reviewer_client.post(f"/tham-dinh/dot/{sub_a.round_id}/phan-cong/", {"submissions": [sub_a.pk], "reviewer": reviewer.pk}).status_code == 403
    assert reviewer_client.get(f"/tham-dinh/ho-so/{sub_a.pk}/mo-lai/").status_code == 403


def test_the_queue_lists_every_submission(reviewer_client, sub_a, sub_b):
    body = reviewer_client.get(f"/tham-dinh/dot/{sub_a.round_id}/").content.decode()
    assert "Đà Nẵng" in body and "Quảng Nam" in body


def test_the_queue_filters_by_status_and_reviewer(reviewer_client, sub_a, sub_b, reviewer, lead_reviewer):
    services.assign_reviewer(submissions=[sub_a], reviewer=reviewer, actor=lead_reviewer)
    body = reviewer_client.get(f"/tham-dinh/dot/{sub_a.round_id}/?reviewer=me").content.decode()
    assert "Đà Nẵng" in body and "Quảng Nam" not in body
    body = reviewer_client.get(f"/tham-dinh/dot/{sub_a.round_id}/?status=signed_off").content.decode()
    assert "Đà Nẵng" not in body


@pytest.mark.parametrize("sort", ["unit", "status", "self", "progress", "submitted", "reviewer", "bogus"])
def test_the_queue_sorts(reviewer_client, sub_a, sub_b, sort):
    assert reviewer_client.get(f"/tham-dinh/dot/{sub_a.round_id}/?sort={sort}").status_code == 200


def test_the_lead_assigns_from_the_queue(lead_client, sub_a, sub_b, reviewer):
    response = lead_client.post(f"/tham-dinh/dot/{sub_a.round_id}/phan-cong/", {"submissions": [sub_a.pk, sub_b.pk], "reviewer": reviewer.pk})
    assert response.status_code == 302
    sub_a.refresh_from_db()
    assert sub_a.assigned_reviewer == reviewer


def test_assigning_nothing_is_a_clear_error(lead_client, sub_a, reviewer):
    response = lead_client.post(f"/tham-dinh/dot/{sub_a.round_id}/phan-cong/", {"reviewer": reviewer.pk}, follow=True)
    assert "Hãy chọn ít nhất một hồ sơ." in response.content.decode()


def test_the_appraisal_page_shows_inputs_evidence_and_scores(reviewer_client, sub_a):
    main = sub_a.round.framework.main_indices.get(code="NTS")
    body = reviewer_client.get(f"/tham-dinh/ho-so/{sub_a.pk}/chi-so-chinh/{main.pk}/").content.decode()
    assert "Số hồ sơ xử lý trực tuyến toàn trình" in body  # a reported input, labelled
    assert "Quyết định ban hành kế hoạch" in body  # a citation
    assert "Xem trước" in body  # PDF preview
    assert "Tự đánh giá" in body and "Thẩm định" in body and "Đạt được" in body


def test_appraising_without_reason_is_refused_with_a_message(reviewer_client, sub_a):
    v = value(sub_a, "1.3")
    response = reviewer_client.post(f"/tham-dinh/ho-so/{sub_a.pk}/gia-tri/{v.pk}/tham-dinh/", {"points": "10", "version": v.version}, follow=True)
    assert "hãy nêu lý do" in response.content.decode()
    assert value(sub_a, "1.3").reviewed_points is None


def test_appraising_through_htmx_returns_the_row(reviewer_client, sub_a):
    v = value(sub_a, "1.3")
    response = reviewer_client.post(
        f"/tham-dinh/ho-so/{sub_a.pk}/gia-tri/{v.pk}/tham-dinh/", {"points": "7,5", "reason": "Sai mẫu số", "version": v.version},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert f'id="ind-{v.pk}"' in response.content.decode()
    assert str(value(sub_a, "1.3").reviewed_points) == "7.50"


def test_htmx_refusal_keeps_what_was_typed(reviewer_client, sub_a):
    v = value(sub_a, "1.3")
    response = reviewer_client.post(
        f"/tham-dinh/ho-so/{sub_a.pk}/gia-tri/{v.pk}/tham-dinh/", {"points": "abc", "reason": "", "version": v.version},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200 and 'value="abc"' in body and "không phải là số hợp lệ" in body


def test_evidence_is_previewed_inline_for_reviewers(reviewer_client, sub_a):
    ev = value(sub_a, "1.1").evidence.get()
    response = reviewer_client.get(f"/tham-dinh/tai-lieu/{ev.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    download = reviewer_client.get(f"/tham-dinh/tai-lieu/{ev.pk}/?download=1")
    assert download["Content-Disposition"].startswith("attachment")


def test_admin_reopens_through_the_form(admin_client_, sub_a, reviewer, lead_reviewer):
    for v in sub_a.values.select_related("indicator", "submission"):
        services.appraise(value=v, actor=reviewer, points=v.self_points)
    sub_a.refresh_from_db()
    services.sign_off(submission=sub_a, actor=lead_reviewer)
    response = admin_client_.post(f"/tham-dinh/ho-so/{sub_a.pk}/mo-lai/", {"reason": ""})
    assert response.status_code == 200
    sub_a.refresh_from_db()
    assert sub_a.status == S.SIGNED_OFF
    response = admin_client_.post(f"/tham-dinh/ho-so/{sub_a.pk}/mo-lai/", {"reason": "Phúc tra"})
    assert response.status_code == 302
    sub_a.refresh_from_db()
    assert sub_a.status == S.UNDER_REVIEW
    assert AuditEntry.objects.filter(action="submission.reopen").exists()


# --- the officer's clarification page --------------------------------------------------------


def _returned(sub, reviewer):
    return services.return_for_clarification(submission=sub, actor=reviewer, questions={value(sub, "1.1").pk: "Văn bản nào?"})


def test_officers_read_their_questions(officer_a_client, sub_a, reviewer):
    _returned(sub_a, reviewer)
    body = officer_a_client.get(f"/tham-dinh/giai-trinh/{sub_a.pk}/").content.decode()
    assert "Văn bản nào?" in body


def test_another_province_gets_404(officer_b_client, sub_a, reviewer):
    (c,) = _returned(sub_a, reviewer)
    assert officer_b_client.get(f"/tham-dinh/giai-trinh/{sub_a.pk}/").status_code == 404
    assert officer_b_client.post(f"/tham-dinh/giai-trinh/{sub_a.pk}/{c.pk}/tra-loi/", {"body": "x"}).status_code == 404


def test_reviewers_do_not_answer_for_the_province(reviewer_client, sub_a, reviewer):
    (c,) = _returned(sub_a, reviewer)
    assert reviewer_client.post(f"/tham-dinh/giai-trinh/{sub_a.pk}/{c.pk}/tra-loi/", {"body": "x"}).status_code == 403


def test_an_empty_answer_is_refused(officer_a_client, sub_a, reviewer):
    (c,) = _returned(sub_a, reviewer)
    response = officer_a_client.post(f"/tham-dinh/giai-trinh/{sub_a.pk}/{c.pk}/tra-loi/", {"body": "  "}, follow=True)
    assert "Hãy nhập nội dung giải trình" in response.content.decode()
    assert not c.messages.exists()


def test_queue_shows_time_since_submission_in_vietnamese(reviewer_client, sub_a):
    from django.utils import timezone

    Submission.objects.filter(pk=sub_a.pk).update(submitted_at=timezone.now() - timezone.timedelta(hours=2, minutes=5))
    body = reviewer_client.get(f"/tham-dinh/dot/{sub_a.round_id}/").content.decode()
    assert "2 giờ 5 phút" in body
    assert "hours" not in body and "minutes" not in body
