"""Accepting the self-score of every remaining indicator of a main index in one action: the
right points, one audit row per accepted value, nothing already appraised or still in
question touched."""

import pytest

from accounts.models import AuditEntry, Role
from assessments.models import IndicatorValue, Submission, SubmissionStatus
from review import services
from review.models import Clarification
from tests import factories
from tests.review.conftest import value

pytestmark = pytest.mark.django_db
S = SubmissionStatus
NOTE = "Chấp nhận điểm tự đánh giá cho các chỉ số còn lại của chỉ số chính NTS"


def nts(sub):
    return sub.round.framework.main_indices.get(code="NTS")


def accept(client, sub, main):
    return client.post(f"/tham-dinh/ho-so/{sub.pk}/chi-so-chinh/{main.pk}/chap-nhan-tu-danh-gia/", follow=True)


def appraise(client, sub, code, points, reason=""):
    v = value(sub, code)
    client.post(f"/tham-dinh/ho-so/{sub.pk}/gia-tri/{v.pk}/tham-dinh/", {"points": points, "reason": reason, "version": v.version})


def test_it_accepts_the_self_scores_and_keeps_the_adjusted_one(reviewer_client, reviewer, sub_a):
    appraise(reviewer_client, sub_a, "1.3", "12", "Mẫu số chưa gồm cấp xã")
    response = accept(reviewer_client, sub_a, nts(sub_a))
    assert "Đã chấp nhận điểm tự đánh giá của 3 chỉ số." in response.content.decode()
    for code in ("1.1", "1.2", "1.4"):
        v = value(sub_a, code)
        assert v.reviewed_points == v.self_points and v.reviewed_by == reviewer and v.review_reason == ""
    assert str(value(sub_a, "1.3").reviewed_points) == "12.00"  # the adjustment stays
    assert value(sub_a, "2.1").reviewed_at is None  # another main index: untouched


def test_it_writes_one_audit_row_per_accepted_value(reviewer_client, reviewer, sub_a):
    appraise(reviewer_client, sub_a, "1.3", "12", "Mẫu số chưa gồm cấp xã")
    accept(reviewer_client, sub_a, nts(sub_a))
    rows = AuditEntry.objects.filter(action="review.appraise", note=NOTE)
    assert sorted(int(r.target_id) for r in rows) == sorted(value(sub_a, c).pk for c in ("1.1", "1.2", "1.4"))
    row = rows.get(target_id=str(value(sub_a, "1.1").pk))
    assert row.actor == reviewer and row.new == {"reviewed_points": "10.00", "review_reason": "", "self_points": "10.00"}
    assert AuditEntry.objects.filter(action="review.appraise", target_id=str(value(sub_a, "1.3").pk)).count() == 1


def test_accepting_again_changes_nothing(reviewer_client, sub_a):
    accept(reviewer_client, sub_a, nts(sub_a))
    versions = dict(IndicatorValue.objects.filter(submission=sub_a).values_list("pk", "version"))
    response = accept(reviewer_client, sub_a, nts(sub_a))
    assert "Đã chấp nhận điểm tự đánh giá của 0 chỉ số." in response.content.decode()
    assert dict(IndicatorValue.objects.filter(submission=sub_a).values_list("pk", "version")) == versions
    assert AuditEntry.objects.filter(action="review.appraise").count() == 4


def test_values_without_a_self_score_or_with_an_open_question_are_left(reviewer_client, officer_a_client, sub_a):
    reviewer_client.post(f"/tham-dinh/ho-so/{sub_a.pk}/yeu-cau-bo-sung/", {f"q_{value(sub_a, '1.2').pk}": "Văn bản nào?"})
    c = Clarification.objects.get()
    officer_a_client.post(f"/tham-dinh/giai-trinh/{sub_a.pk}/{c.pk}/tra-loi/", {"body": "Kế hoạch 45/KH-UBND."})
    officer_a_client.post(f"/tu-danh-gia/ho-so/{sub_a.pk}/gui/")
    IndicatorValue.objects.filter(pk=value(sub_a, "1.4").pk).update(self_points=None)
    response = accept(reviewer_client, sub_a, nts(sub_a)).content.decode()
    assert "Đã chấp nhận điểm tự đánh giá của 2 chỉ số." in response
    assert "Còn câu hỏi chưa đóng, cần thẩm định riêng: 1.2." in response
    assert "Chưa có điểm tự đánh giá: 1.4." in response
    assert value(sub_a, "1.2").reviewed_at is None and value(sub_a, "1.4").reviewed_at is None
    assert value(sub_a, "1.1").reviewed_at is not None and value(sub_a, "1.3").reviewed_at is not None


def test_it_starts_the_review_and_takes_the_submission(reviewer_client, reviewer, sub_a):
    accept(reviewer_client, sub_a, nts(sub_a))
    sub_a.refresh_from_db()
    assert sub_a.status == S.UNDER_REVIEW and sub_a.assigned_reviewer == reviewer


def test_a_reviewer_not_holding_the_submission_changes_nothing(reviewer_client, sub_a):
    other = factories.UserFactory(username="reviewer2", role=Role.REVIEWER)
    Submission.objects.filter(pk=sub_a.pk).update(assigned_reviewer=other)
    response = accept(reviewer_client, sub_a, nts(sub_a))
    assert "Hồ sơ này đã được phân công cho" in response.content.decode()
    assert not IndicatorValue.objects.filter(submission=sub_a, reviewed_at__isnull=False).exists()
    assert not AuditEntry.objects.filter(action="review.appraise").exists()


def test_another_frameworks_main_index_is_not_found(reviewer_client, sub_a):
    other = factories.make_framework("khac").main_indices.first()
    assert reviewer_client.post(f"/tham-dinh/ho-so/{sub_a.pk}/chi-so-chinh/{other.pk}/chap-nhan-tu-danh-gia/").status_code == 404


def test_a_signed_off_submission_is_refused(sub_a, reviewer, lead_reviewer):
    for main in sub_a.round.framework.main_indices.all():
        services.accept_self_scores(submission=sub_a, main_index=main, actor=reviewer)
    sub_a.refresh_from_db()
    services.sign_off(submission=sub_a, actor=lead_reviewer)
    with pytest.raises(services.ReviewError):
        services.accept_self_scores(submission=sub_a, main_index=nts(sub_a), actor=lead_reviewer)


def test_the_appraisal_page_offers_it_while_indicators_remain(reviewer_client, sub_a):
    url = f"/tham-dinh/ho-so/{sub_a.pk}/chi-so-chinh/{nts(sub_a).pk}/"
    assert 'id="accept-remaining"' in reviewer_client.get(url).content.decode()
    accept(reviewer_client, sub_a, nts(sub_a))
    assert 'id="accept-remaining"' not in reviewer_client.get(url).content.decode()
