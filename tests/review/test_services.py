from decimal import Decimal as D

import pytest
from django.core import mail

from accounts.models import AuditEntry, Notification, Role
from assessments.models import IndicatorValue, SubmissionStatus
from assessments.workflow import Action, TransitionError, transition
from results.models import RecomputeRequest
from review import services
from review.models import Clarification, ClarificationStatus
from tests.review.conftest import SELF_TOTAL, value

pytestmark = pytest.mark.django_db
S = SubmissionStatus


def appraise_all(sub, actor):
    for v in IndicatorValue.objects.filter(submission=sub, reviewed_at__isnull=True).select_related("indicator", "submission"):
        services.appraise(value=v, actor=actor, points=v.self_points)


# --- parsing -------------------------------------------------------------------------------


def test_points_accept_vietnamese_decimals():
    assert services.parse_points("7,5", max_points=D(10)) == D("7.50")


@pytest.mark.parametrize("raw", ["", "abc", "-1", "10,5", "7,555"])
def test_points_refuse_bad_input(raw):
    with pytest.raises(services.ReviewError):
        services.parse_points(raw, max_points=D(10))


# --- appraisal -----------------------------------------------------------------------------


def test_accepting_the_self_score_needs_no_reason(sub_a, reviewer):
    v = services.appraise(value=value(sub_a, "1.3"), actor=reviewer, points="16")
    assert v.reviewed_points == D(16) and v.reviewed_by == reviewer and v.reviewed_at


def test_a_different_score_without_reason_is_refused(sub_a, reviewer):
    with pytest.raises(services.ReviewError, match="lý do"):
        services.appraise(value=value(sub_a, "1.3"), actor=reviewer, points="12", reason="  ")
    assert value(sub_a, "1.3").reviewed_points is None


def test_a_different_score_with_reason_is_kept_and_audited(sub_a, reviewer):
    v = services.appraise(value=value(sub_a, "1.3"), actor=reviewer, points="12,5", reason="Số liệu không khớp")
    assert v.reviewed_points == D("12.5")
    entry = AuditEntry.objects.get(action="review.appraise")
    assert entry.old["reviewed_points"] is None and entry.new["reviewed_points"] == "12.50"
    assert entry.actor == reviewer


def test_a_score_above_the_max_is_refused(sub_a, reviewer):
    with pytest.raises(services.ReviewError, match="0 – 20"):
        services.appraise(value=value(sub_a, "1.3"), actor=reviewer, points="21", reason="x")


def test_first_appraisal_starts_the_review(sub_a, reviewer):
    services.appraise(value=value(sub_a, "1.1"), actor=reviewer, points="10")
    sub_a.refresh_from_db()
    assert sub_a.status == S.UNDER_REVIEW
    assert AuditEntry.objects.filter(action="submission.start_review").count() == 1


def test_a_stale_version_is_refused(sub_a, reviewer):
    seen = value(sub_a, "1.1").version
    services.appraise(value=value(sub_a, "1.1"), actor=reviewer, points="10", version=seen)
    with pytest.raises(services.ReviewError, match="người khác"):
        services.appraise(value=value(sub_a, "1.1"), actor=reviewer, points="5", reason="x", version=seen)


def test_an_officer_cannot_appraise(sub_a, officer_a):
    with pytest.raises(services.ReviewError):
        services.appraise(value=value(sub_a, "1.1"), actor=officer_a, points="10")


def test_a_reviewer_cannot_appraise_a_submission_assigned_to_someone_else(sub_a, reviewer, lead_reviewer):
    from tests.factories import UserFactory

    other = UserFactory(username="other_reviewer", role=Role.REVIEWER)
    services.assign_reviewer(submissions=[sub_a], reviewer=other, actor=lead_reviewer)
    sub_a.refresh_from_db()
    with pytest.raises(services.ReviewError, match="phân công"):
        services.appraise(value=value(sub_a, "1.1"), actor=reviewer, points="10")


def test_a_draft_cannot_be_appraised(rnd, province_a, reviewer):
    sub = rnd.submissions.get(unit=province_a)
    with pytest.raises(services.ReviewError):
        services.appraise(value=value(sub, "1.1"), actor=reviewer, points="0", reason="x")


# --- clarification loop --------------------------------------------------------------------


def test_returning_marks_only_the_chosen_values(sub_a, reviewer, officer_a, django_capture_on_commit_callbacks):
    v1, v2 = value(sub_a, "1.1"), value(sub_a, "2.1")
    with django_capture_on_commit_callbacks(execute=True):
        services.return_for_clarification(
            submission=sub_a, actor=reviewer, questions={v1.pk: "Quyết định nào?", v2.pk: "Nguồn số liệu?", value(sub_a, "1.2").pk: ""}
        )
    sub_a.refresh_from_db()
    assert sub_a.status == S.RETURNED
    flagged = set(IndicatorValue.objects.filter(submission=sub_a, awaiting_clarification=True).values_list("indicator__code", flat=True))
    assert flagged == {"1.1", "2.1"}
    assert Clarification.objects.filter(submission=sub_a, round_number=1, status=ClarificationStatus.OPEN).count() == 2
    assert Notification.objects.filter(recipient=officer_a, kind="review.returned").count() == 1
    # Two emails: the return took the submission under review first, and both moves are announced.
    assert len(mail.outbox) == 2
    assert AuditEntry.objects.filter(action="submission.return").count() == 1
    assert AuditEntry.objects.filter(action="review.request_clarification").count() == 2


def test_returning_without_a_question_is_refused(sub_a, reviewer):
    with pytest.raises(services.ReviewError):
        services.return_for_clarification(submission=sub_a, actor=reviewer, questions={value(sub_a, "1.1").pk: " "})
    sub_a.refresh_from_db()
    assert sub_a.status == S.SUBMITTED


def test_returning_another_submissions_value_is_refused(sub_a, sub_b, reviewer):
    with pytest.raises(services.ReviewError):
        services.return_for_clarification(submission=sub_a, actor=reviewer, questions={value(sub_b, "1.1").pk: "?"})


def test_returning_clears_the_appraisal_of_returned_values(sub_a, reviewer):
    services.appraise(value=value(sub_a, "1.1"), actor=reviewer, points="10")
    services.return_for_clarification(submission=sub_a, actor=reviewer, questions={value(sub_a, "1.1").pk: "?"})
    assert value(sub_a, "1.1").reviewed_at is None


def test_the_officer_answers_an_open_question(sub_a, reviewer, officer_a):
    (c,) = services.return_for_clarification(submission=sub_a, actor=reviewer, questions={value(sub_a, "1.1").pk: "?"})
    c.submission.refresh_from_db()
    services.answer_clarification(clarification=c, actor=officer_a, body="Quyết định 12/QĐ-UBND")
    c.refresh_from_db()
    assert c.status == ClarificationStatus.ANSWERED
    assert c.messages.get().body == "Quyết định 12/QĐ-UBND"
    assert AuditEntry.objects.filter(action="review.answer_clarification").count() == 1


def test_another_province_cannot_answer(sub_a, reviewer, officer_b):
    (c,) = services.return_for_clarification(submission=sub_a, actor=reviewer, questions={value(sub_a, "1.1").pk: "?"})
    c.submission.refresh_from_db()
    with pytest.raises(services.ReviewError):
        services.answer_clarification(clarification=c, actor=officer_b, body="x")


def test_several_rounds_of_questions_are_numbered(sub_a, reviewer, officer_a):
    services.return_for_clarification(submission=sub_a, actor=reviewer, questions={value(sub_a, "1.1").pk: "Lần 1"})
    sub_a.refresh_from_db()
    transition(sub_a, Action.RESUBMIT, actor=officer_a)
    sub_a.refresh_from_db()
    services.return_for_clarification(submission=sub_a, actor=reviewer, questions={value(sub_a, "1.1").pk: "Lần 2"})
    assert list(Clarification.objects.order_by("id").values_list("round_number", flat=True)) == [1, 2]


def test_appraising_after_the_answer_closes_the_thread(sub_a, reviewer, officer_a):
    (c,) = services.return_for_clarification(submission=sub_a, actor=reviewer, questions={value(sub_a, "1.1").pk: "?"})
    c.submission.refresh_from_db()
    services.answer_clarification(clarification=c, actor=officer_a, body="Đây")
    sub_a.refresh_from_db()
    transition(sub_a, Action.RESUBMIT, actor=officer_a)
    services.appraise(value=value(sub_a, "1.1"), actor=reviewer, points="10")
    c.refresh_from_db()
    assert c.status == ClarificationStatus.CLOSED and c.closed_by == reviewer
    sub_a.refresh_from_db()
    assert sub_a.status == S.UNDER_REVIEW


# --- sign-off and reopening ----------------------------------------------------------------


def test_sign_off_needs_every_indicator_appraised(sub_a, reviewer, lead_reviewer):
    services.appraise(value=value(sub_a, "1.1"), actor=reviewer, points="10")
    sub_a.refresh_from_db()
    with pytest.raises(services.ReviewError, match="chưa thẩm định"):
        services.sign_off(submission=sub_a, actor=lead_reviewer)


def test_a_reviewer_cannot_sign_off(sub_a, reviewer):
    appraise_all(sub_a, reviewer)
    sub_a.refresh_from_db()
    with pytest.raises(services.ReviewError):
        services.sign_off(submission=sub_a, actor=reviewer)


def test_sign_off_fixes_final_points_and_asks_for_a_recompute(
    sub_a, reviewer, lead_reviewer, officer_a, django_capture_on_commit_callbacks
):
    appraise_all(sub_a, reviewer)
    v = value(sub_a, "1.3")
    services.appraise(value=v, actor=reviewer, points="12", reason="Thiếu hồ sơ")
    sub_a.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.sign_off(submission=sub_a, actor=lead_reviewer)
    sub_a.refresh_from_db()
    assert sub_a.status == S.SIGNED_OFF and sub_a.signed_off_at
    assert value(sub_a, "1.3").final_points == D(12)
    assert value(sub_a, "1.1").final_points == D(10)
    total = sum(IndicatorValue.objects.filter(submission=sub_a).values_list("final_points", flat=True))
    assert total == SELF_TOTAL - 4
    assert RecomputeRequest.objects.filter(round=sub_a.round, submission=sub_a).count() == 1
    assert len(callbacks) >= 2  # email + recompute
    assert Notification.objects.filter(recipient=officer_a, kind="review.signed_off").count() == 1
    assert AuditEntry.objects.filter(action="submission.sign_off").count() == 1


def test_a_signed_off_submission_is_locked(sub_a, reviewer, lead_reviewer):
    appraise_all(sub_a, reviewer)
    sub_a.refresh_from_db()
    services.sign_off(submission=sub_a, actor=lead_reviewer)
    sub_a.refresh_from_db()
    with pytest.raises(services.ReviewError):
        services.appraise(value=value(sub_a, "1.1"), actor=lead_reviewer, points="0", reason="x")
    with pytest.raises(services.ReviewError):
        services.return_for_clarification(submission=sub_a, actor=lead_reviewer, questions={value(sub_a, "1.1").pk: "?"})


def test_sign_off_waits_for_open_clarifications(sub_a, reviewer, lead_reviewer, officer_a):
    appraise_all(sub_a, reviewer)
    # A reviewer can still close a thread explicitly; an open one blocks the sign-off.
    Clarification.objects.create(value=value(sub_a, "1.1"), submission=sub_a, question="?", asked_by=reviewer)
    sub_a.refresh_from_db()
    with pytest.raises(services.ReviewError, match="giải trình"):
        services.sign_off(submission=sub_a, actor=lead_reviewer)


def test_admin_reopens_with_a_reason(sub_a, reviewer, lead_reviewer, admin_user):
    appraise_all(sub_a, reviewer)
    sub_a.refresh_from_db()
    services.sign_off(submission=sub_a, actor=lead_reviewer)
    sub_a.refresh_from_db()
    with pytest.raises(services.ReviewError, match="lý do"):
        services.reopen(submission=sub_a, actor=admin_user, reason="")
    services.reopen(submission=sub_a, actor=admin_user, reason="Sai sót số liệu 1.3")
    sub_a.refresh_from_db()
    assert sub_a.status == S.UNDER_REVIEW and sub_a.signed_off_at is None
    assert not IndicatorValue.objects.filter(submission=sub_a, final_points__isnull=False).exists()
    assert RecomputeRequest.objects.filter(round=sub_a.round).count() == 2
    assert AuditEntry.objects.get(action="submission.reopen").note == "Sai sót số liệu 1.3"


def test_a_lead_reviewer_cannot_reopen(sub_a, reviewer, lead_reviewer):
    appraise_all(sub_a, reviewer)
    sub_a.refresh_from_db()
    services.sign_off(submission=sub_a, actor=lead_reviewer)
    sub_a.refresh_from_db()
    with pytest.raises(services.ReviewError):
        services.reopen(submission=sub_a, actor=lead_reviewer, reason="x")


def test_a_stale_sign_off_is_a_conflict(sub_a, reviewer, lead_reviewer):
    appraise_all(sub_a, reviewer)
    sub_a.refresh_from_db()
    stale = type(sub_a).objects.get(pk=sub_a.pk)
    services.sign_off(submission=sub_a, actor=lead_reviewer)
    with pytest.raises((TransitionError, services.ReviewError)):
        services.sign_off(submission=stale, actor=lead_reviewer)
    assert RecomputeRequest.objects.count() == 1


# --- assignment ----------------------------------------------------------------------------


def test_lead_assigns_and_the_reviewer_hears(sub_a, sub_b, reviewer, lead_reviewer):
    n = services.assign_reviewer(submissions=[sub_a, sub_b], reviewer=reviewer, actor=lead_reviewer)
    assert n == 2
    sub_a.refresh_from_db()
    assert sub_a.assigned_reviewer == reviewer
    assert Notification.objects.filter(recipient=reviewer, kind="review.assigned").count() == 1
    assert AuditEntry.objects.filter(action="review.assign").count() == 2


def test_a_reviewer_cannot_assign(sub_a, reviewer):
    with pytest.raises(services.ReviewError):
        services.assign_reviewer(submissions=[sub_a], reviewer=reviewer, actor=reviewer)


def test_only_reviewers_can_be_assigned(sub_a, lead_reviewer, officer_a):
    with pytest.raises(services.ReviewError):
        services.assign_reviewer(submissions=[sub_a], reviewer=officer_a, actor=lead_reviewer)
