"""The whole loop through HTTP: appraise, return two indicators, the province answers only
those, the reviewer accepts, the lead signs off. Every step leaves an audit row and a notice."""

import pytest

from accounts.models import AuditEntry, Notification
from assessments.models import SubmissionStatus
from results.models import RecomputeRequest
from review.models import Clarification, ClarificationStatus
from tests.review.conftest import value

pytestmark = pytest.mark.django_db
S = SubmissionStatus


def appraise(client, sub, code, points, reason=""):
    v = value(sub, code)
    return client.post(
        f"/tham-dinh/ho-so/{sub.pk}/gia-tri/{v.pk}/tham-dinh/", {"points": points, "reason": reason, "version": v.version}
    )


def test_review_loop_end_to_end(
    reviewer_client, lead_client, officer_a_client, sub_a, reviewer, lead_reviewer, officer_a,
    django_capture_on_commit_callbacks,
):
    rid = sub_a.round_id
    framework = sub_a.round.framework
    nts = framework.main_indices.get(code="NTS")
    hts = framework.main_indices.get(code="HTS")

    # 1. The lead assigns, the reviewer adjusts a score: refused without a reason, kept with one.
    lead_client.post(f"/tham-dinh/dot/{rid}/phan-cong/", {"submissions": [sub_a.pk], "reviewer": reviewer.pk})
    assert Notification.objects.filter(recipient=reviewer, kind="review.assigned").exists()
    appraise(reviewer_client, sub_a, "1.3", "12")
    assert value(sub_a, "1.3").reviewed_points is None
    appraise(reviewer_client, sub_a, "1.3", "12,5", "Mẫu số chưa gồm hồ sơ cấp xã")
    assert str(value(sub_a, "1.3").reviewed_points) == "12.50"
    sub_a.refresh_from_db()
    assert sub_a.status == S.UNDER_REVIEW
    assert AuditEntry.objects.filter(action="submission.start_review").count() == 1
    assert AuditEntry.objects.filter(action="review.appraise", target_id=str(value(sub_a, "1.3").pk)).count() == 1

    # 2. Two indicators go back with a question each.
    v11, v21 = value(sub_a, "1.1"), value(sub_a, "2.1")
    with django_capture_on_commit_callbacks(execute=True):
        response = reviewer_client.post(
            f"/tham-dinh/ho-so/{sub_a.pk}/yeu-cau-bo-sung/",
            {f"q_{v11.pk}": "Quyết định thành lập Ban Chỉ đạo?", f"q_{v21.pk}": "Nguồn số liệu dân số trưởng thành?"},
        )
    assert response.status_code == 302
    sub_a.refresh_from_db()
    assert sub_a.status == S.RETURNED
    assert AuditEntry.objects.filter(action="submission.return").count() == 1
    assert Notification.objects.filter(recipient=officer_a, kind="review.returned").count() == 1

    # 3. The officer reads and answers the questions …
    page = officer_a_client.get(f"/tham-dinh/giai-trinh/{sub_a.pk}/").content.decode()
    assert "Quyết định thành lập Ban Chỉ đạo?" in page
    for c in Clarification.objects.filter(submission=sub_a):
        r = officer_a_client.post(f"/tham-dinh/giai-trinh/{sub_a.pk}/{c.pk}/tra-loi/", {"body": f"Giải trình {c.value.indicator.code}"})
        assert r.status_code == 302
    assert AuditEntry.objects.filter(action="review.answer_clarification").count() == 2

    # … corrects a returned value on their entry page; the others stay locked.
    r = officer_a_client.post(
        f"/tu-danh-gia/ho-so/{sub_a.pk}/chi-so/{hts.pk}/",
        {f"v{v21.pk}-numerator": "64", f"v{v21.pk}-denominator": "100", f"v{v21.pk}-version": value(sub_a, "2.1").version},
    )
    assert r.status_code == 302
    assert value(sub_a, "2.1").inputs["numerator"] == "64"  # stored canonical: decimals as text
    v12 = value(sub_a, "1.2")
    officer_a_client.post(
        f"/tu-danh-gia/ho-so/{sub_a.pk}/chi-so/{nts.pk}/", {f"v{v12.pk}-answer": "no", f"v{v12.pk}-version": v12.version}
    )
    assert value(sub_a, "1.2").inputs == v12.inputs  # not returned: unchanged
    # The reviewer cannot edit province values.
    assert reviewer_client.post(
        f"/tu-danh-gia/ho-so/{sub_a.pk}/chi-so/{hts.pk}/", {f"v{v21.pk}-numerator": "1", f"v{v21.pk}-denominator": "100"}
    ).status_code == 403

    # The officer resubmits (the officer side notifies the reviewer and clears the marks).
    officer_a_client.post(f"/tu-danh-gia/ho-so/{sub_a.pk}/gui/")
    sub_a.refresh_from_db()
    assert sub_a.status == S.RESUBMITTED
    assert not value(sub_a, "1.1").awaiting_clarification

    # 4. The reviewer accepts: appraising closes the threads; the rest is accepted as reported.
    for v in sub_a.values.select_related("indicator").filter(reviewed_at__isnull=True):
        assert appraise(reviewer_client, sub_a, v.indicator.code, str(v.self_points).replace(".", ",")).status_code == 302
    assert not Clarification.objects.exclude(status=ClarificationStatus.CLOSED).exists()
    sub_a.refresh_from_db()
    assert sub_a.status == S.UNDER_REVIEW

    # 5. The lead signs off: final points fixed, officers told, recompute requested.
    with django_capture_on_commit_callbacks(execute=True):
        assert lead_client.post(f"/tham-dinh/ho-so/{sub_a.pk}/ky-duyet/").status_code == 302
    sub_a.refresh_from_db()
    assert sub_a.status == S.SIGNED_OFF
    assert str(value(sub_a, "1.3").final_points) == "12.50"
    assert AuditEntry.objects.filter(action="submission.sign_off").count() == 1
    assert Notification.objects.filter(recipient=officer_a, kind="review.signed_off").count() == 1
    assert RecomputeRequest.objects.filter(submission=sub_a).count() == 1

    # Locked: the reviewer can no longer appraise, the officer can no longer edit.
    appraise(reviewer_client, sub_a, "1.1", "0", "x")
    assert value(sub_a, "1.1").final_points == value(sub_a, "1.1").reviewed_points
    page = lead_client.get(f"/tham-dinh/ho-so/{sub_a.pk}/").content.decode()
    assert "Đã thẩm định" in page
