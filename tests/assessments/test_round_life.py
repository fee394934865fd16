"""A round's life through its services: opening entry, moving the deadline, closing entry,
closing out the units that did not submit. Each change is audited old → new and told to the
units it concerns and to the reviewers once; a refusal changes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from accounts.models import AuditEntry, Notification, NotificationKind, Role
from assessments import services, workflow
from assessments.models import CloseOut, IndicatorValue, Round, RoundPhase, Submission, SubmissionStatus
from assessments.services import rankings
from results.models import RecomputeRequest
from tests import factories

from .conftest import send

pytestmark = pytest.mark.django_db
S = SubmissionStatus
K = NotificationKind


def _dates(rnd, **dates) -> Round:
    Round.objects.filter(pk=rnd.pk).update(**dates)
    rnd.refresh_from_db()
    return rnd


def _closed(rnd, days_ago: int = 1) -> Round:
    """The round's deadline passed `days_ago` days ago."""
    now = timezone.now()
    return _dates(rnd, opens_at=now - dt.timedelta(days=30), closes_at=now - dt.timedelta(days=days_ago))


def _told(user, kind=None) -> list[str]:
    notices = Notification.objects.filter(recipient=user)
    return list((notices.filter(kind=kind) if kind else notices).values_list("message", flat=True))


def _in(days: int) -> dt.datetime:
    return timezone.now() + dt.timedelta(days=days)


# --- The state -------------------------------------------------------------------------------


def test_the_state_counts_the_units_by_status(rnd, sub_a):
    send(sub_a)
    state = services.round_state(rnd)
    assert state.counts == {S.DRAFT: 1, S.SUBMITTED: 1}
    assert state.count_lines == [(S.DRAFT, "Nháp", 1), (S.SUBMITTED, "Đã gửi", 1)]
    assert (state.total, state.phase, state.get_phase_display()) == (2, RoundPhase.OPEN, "Đang nhận hồ sơ")


def test_after_the_deadline_drafts_are_to_close_out_unless_extended(rnd, sub_a):
    _closed(rnd)
    Submission.objects.filter(pk=sub_a.pk).update(deadline_override=_in(3))
    state = services.round_state(rnd)
    assert (state.drafts_entering, state.drafts_to_close_out) == (1, 1)


def test_a_round_is_ready_to_publish_when_every_unit_is_final_or_excluded(rnd, sub_a, sub_b):
    _closed(rnd)
    send(sub_a, S.SIGNED_OFF)
    send(sub_b, S.EXCLUDED)
    state = services.round_state(rnd)
    assert (state.phase, state.settled, state.may_publish) == (RoundPhase.UNDER_REVIEW, 2, True)


def test_a_round_under_review_with_a_unit_still_in_review_is_not_ready_to_publish(rnd, sub_a, sub_b):
    _closed(rnd)
    send(sub_a, S.SIGNED_OFF)
    send(sub_b, S.UNDER_REVIEW)
    assert not services.round_state(rnd).may_publish


def test_an_open_round_offers_moving_and_closing_but_not_opening(rnd):
    state = services.round_state(rnd)
    assert (state.may_start, state.may_move_deadline, state.may_close_entry) == (False, True, True)


def test_a_published_round_offers_nothing(rnd, sub_a, sub_b):
    _closed(rnd)
    send(sub_a, S.PUBLISHED)
    send(sub_b, S.EXCLUDED)
    state = services.round_state(rnd)
    assert (state.may_start, state.may_move_deadline, state.may_close_entry, state.may_publish) == (
        False, False, False, False
    )


# --- Opening entry -----------------------------------------------------------------------------


def test_a_round_not_yet_open_opens_now_and_keeps_its_deadline(rnd, admin_user):
    deadline = _in(40)
    _dates(rnd, opens_at=_in(10), closes_at=deadline)
    before = timezone.now()
    services.start_round(actor=admin_user, round=rnd)
    rnd.refresh_from_db()
    assert before <= rnd.opens_at <= timezone.now() and rnd.closes_at == deadline
    assert services.round_state(rnd).phase == RoundPhase.OPEN


def test_opening_is_audited_old_to_new(rnd, admin_user):
    opens = _in(10)
    _dates(rnd, opens_at=opens)
    services.start_round(actor=admin_user, round=rnd)
    rnd.refresh_from_db()
    entry = AuditEntry.objects.get(action="round.start")
    assert (entry.actor, entry.target) == (admin_user, rnd)
    assert entry.old == {"opens_at": opens.isoformat(), "closes_at": rnd.closes_at.isoformat()}
    assert entry.new == {"opens_at": rnd.opens_at.isoformat(), "closes_at": rnd.closes_at.isoformat()}


def test_opening_tells_each_unit_its_deadline_and_the_reviewers_once(rnd, admin_user, officer_a, officer_b, reviewer):
    _dates(rnd, opens_at=_in(10), closes_at=timezone.make_aware(dt.datetime(2031, 4, 30, 23, 59, 59)))
    services.start_round(actor=admin_user, round=rnd)
    assert _told(officer_a, K.ROUND_OPENED) == [f"{rnd} đã mở nhận hồ sơ; hạn nộp của Đà Nẵng: 23:59 30/04/2031."]
    assert len(_told(officer_b, K.ROUND_OPENED)) == 1
    assert _told(reviewer, K.ROUND_OPENED) == [f"{rnd} đã mở nhận hồ sơ của 2 đơn vị; hạn nộp 23:59 30/04/2031."]
    assert _told(admin_user) == []


def test_the_reviewers_notice_of_a_round_links_to_its_dashboard(rnd, admin_user, reviewer):
    _dates(rnd, opens_at=_in(10))
    services.start_round(actor=admin_user, round=rnd)
    assert Notification.objects.get(recipient=reviewer).url == f"/tham-dinh/dot/{rnd.pk}/tien-do/"


def test_an_open_round_is_not_opened_again(rnd, admin_user):
    with pytest.raises(services.AssessmentError) as refused:
        services.start_round(actor=admin_user, round=rnd)
    assert "Đang nhận hồ sơ" in str(refused.value)
    assert not AuditEntry.objects.exists() and not Notification.objects.exists()


def test_a_round_created_closed_opens_only_with_a_new_deadline(rnd, admin_user):
    _closed(rnd)
    with pytest.raises(services.ValidationFailed) as refused:
        services.start_round(actor=admin_user, round=rnd)
    assert "Hạn nộp mới phải ở tương lai" in refused.value.errors["form"]["closes_at"]
    opened = services.start_round(actor=admin_user, round=rnd, closes_at=_in(14))
    assert services.round_state(opened).phase == RoundPhase.OPEN


def test_a_round_whose_deadline_passed_after_units_sent_is_not_reopened_by_opening(rnd, sub_a, admin_user):
    _closed(rnd)
    send(sub_a)
    with pytest.raises(services.AssessmentError):
        services.start_round(actor=admin_user, round=rnd, closes_at=_in(14))


def test_opening_needs_a_deadline_before_the_review_deadline(rnd, admin_user):
    _closed(rnd)
    _dates(rnd, review_closes_at=_in(10))
    with pytest.raises(services.ValidationFailed) as refused:
        services.start_round(actor=admin_user, round=rnd, closes_at=_in(14))
    assert "Hạn nộp phải trước hạn thẩm định" in refused.value.errors["form"]["closes_at"]


def test_only_an_admin_opens_entry(rnd, lead_reviewer):
    _dates(rnd, opens_at=_in(10))
    with pytest.raises(services.AssessmentError):
        services.start_round(actor=lead_reviewer, round=rnd)
    assert not AuditEntry.objects.exists()


# --- Moving the deadline -------------------------------------------------------------------------


def test_moving_the_deadline_later_lets_drafts_be_edited_until_then(rnd, sub_a, admin_user):
    _closed(rnd)
    new = _in(7)
    services.move_deadline(actor=admin_user, round=rnd, closes_at=new)
    sub = Submission.objects.select_related("round").get(pk=sub_a.pk)
    assert sub.deadline == new and workflow.province_may_edit(sub)


def test_moving_the_deadline_is_audited_old_to_new_with_its_note(rnd, admin_user):
    old, new = rnd.closes_at, _in(40)
    services.move_deadline(actor=admin_user, round=rnd, closes_at=new, note="Theo đề nghị của các tỉnh")
    entry = AuditEntry.objects.get(action="round.move_deadline")
    assert entry.old == {"closes_at": old.isoformat(), "extensions": {}}
    assert entry.new == {"closes_at": new.isoformat(), "extensions": {}}
    assert entry.note == "Theo đề nghị của các tỉnh"


def test_moving_the_deadline_tells_the_drafts_units_and_the_reviewers(rnd, sub_a, officer_a, officer_b, reviewer, admin_user):
    send(sub_a)  # Đà Nẵng sent: its deadline no longer matters
    new = timezone.make_aware(dt.datetime(2031, 5, 15, 23, 59, 59))
    services.move_deadline(actor=admin_user, round=rnd, closes_at=new, note="Lý do thử")
    assert _told(officer_a) == []
    assert _told(officer_b) == [f"{rnd}: hạn nộp hồ sơ của Quảng Nam được dời đến 23:59 15/05/2031. Lý do: Lý do thử"]
    assert _told(reviewer) == [f"{rnd}: hạn nộp hồ sơ được dời đến 23:59 15/05/2031 (1 đơn vị chưa nộp). Lý do: Lý do thử"]


def test_an_extension_the_new_deadline_covers_ends_and_a_later_one_stays(rnd, sub_a, sub_b, admin_user, officer_b):
    covered, later = _in(25), _in(60)
    Submission.objects.filter(pk=sub_a.pk).update(deadline_override=covered, deadline_override_reason="Lũ")
    Submission.objects.filter(pk=sub_b.pk).update(deadline_override=later, deadline_override_reason="Bão")
    new = _in(30)
    services.move_deadline(actor=admin_user, round=rnd, closes_at=new)
    a, b = Submission.objects.get(pk=sub_a.pk), Submission.objects.get(pk=sub_b.pk)
    assert (a.deadline_override, a.deadline_override_reason, a.deadline) == (None, "", new)
    assert b.deadline_override == later
    assert AuditEntry.objects.get(action="round.move_deadline").old["extensions"] == {"48": covered.isoformat()}
    assert _told(officer_b) == []  # its own deadline did not move


@pytest.mark.parametrize("days, message", [
    (-1, "Hạn nộp mới phải ở tương lai"),
    (0, "Hạn nộp mới trùng với hạn hiện tại."),
])
def test_a_deadline_in_the_past_or_unchanged_is_refused(rnd, admin_user, days, message):
    deadline = rnd.closes_at if days == 0 else _in(days)
    with pytest.raises(services.ValidationFailed) as refused:
        services.move_deadline(actor=admin_user, round=rnd, closes_at=deadline)
    assert message in refused.value.errors["form"]["closes_at"]
    assert not AuditEntry.objects.exists()


def test_a_deadline_before_the_opening_is_refused(rnd, admin_user):
    _dates(rnd, opens_at=_in(10), closes_at=_in(40))
    with pytest.raises(services.ValidationFailed) as refused:
        services.move_deadline(actor=admin_user, round=rnd, closes_at=_in(5))
    assert "Hạn nộp phải sau thời điểm mở" in refused.value.errors["form"]["closes_at"]


def test_a_deadline_after_the_review_deadline_is_refused(rnd, admin_user):
    _dates(rnd, review_closes_at=_in(40))
    with pytest.raises(services.ValidationFailed) as refused:
        services.move_deadline(actor=admin_user, round=rnd, closes_at=_in(45))
    assert "Hạn nộp phải trước hạn thẩm định" in refused.value.errors["form"]["closes_at"]


def test_a_published_round_s_deadline_does_not_move(rnd, sub_a, sub_b, admin_user):
    send(sub_a, S.PUBLISHED)
    send(sub_b, S.EXCLUDED)
    with pytest.raises(services.AssessmentError) as refused:
        services.move_deadline(actor=admin_user, round=rnd, closes_at=_in(45))
    assert str(refused.value) == "Kết quả của đợt đã được công bố; không dời hạn nộp được nữa."


def test_a_note_with_control_characters_is_refused(rnd, admin_user):
    with pytest.raises(services.ValidationFailed) as refused:
        services.move_deadline(actor=admin_user, round=rnd, closes_at=_in(45), note="Lý do\x00")
    assert "ký tự điều khiển" in refused.value.errors["form"]["note"]


def test_only_an_admin_moves_the_deadline(rnd, lead_reviewer):
    old = rnd.closes_at
    with pytest.raises(services.AssessmentError):
        services.move_deadline(actor=lead_reviewer, round=rnd, closes_at=_in(45))
    assert Round.objects.get(pk=rnd.pk).closes_at == old


# --- Closing entry ----------------------------------------------------------------------------


def test_closing_entry_makes_the_deadline_now_and_drafts_read_only(rnd, sub_a, admin_user):
    before = timezone.now()
    services.close_entry(actor=admin_user, round=rnd)
    rnd.refresh_from_db()
    assert before <= rnd.closes_at <= timezone.now()
    sub = Submission.objects.select_related("round").get(pk=sub_a.pk)
    assert not workflow.province_may_edit(sub)
    assert "Đã quá hạn nộp" in workflow.province_edit_refusal(sub)


def test_closing_entry_ends_the_extensions_still_running(rnd, sub_a, admin_user):
    extension = _in(30)
    Submission.objects.filter(pk=sub_a.pk).update(deadline_override=extension, deadline_override_reason="Lũ")
    services.close_entry(actor=admin_user, round=rnd)
    sub = Submission.objects.select_related("round").get(pk=sub_a.pk)
    assert sub.deadline_override is None and not workflow.province_may_edit(sub)
    assert AuditEntry.objects.get(action="round.close_entry").old["extensions"] == {"48": extension.isoformat()}


def test_after_the_deadline_closing_entry_ends_only_the_extensions(rnd, sub_a, admin_user):
    closes = _closed(rnd).closes_at
    Submission.objects.filter(pk=sub_a.pk).update(deadline_override=_in(3))
    services.close_entry(actor=admin_user, round=rnd)
    assert Round.objects.get(pk=rnd.pk).closes_at == closes
    assert Submission.objects.get(pk=sub_a.pk).deadline_override is None


def test_closing_entry_is_audited_old_to_new(rnd, admin_user):
    old = rnd.closes_at
    services.close_entry(actor=admin_user, round=rnd)
    rnd.refresh_from_db()
    entry = AuditEntry.objects.get(action="round.close_entry")
    assert (entry.actor, entry.target) == (admin_user, rnd)
    assert (entry.old["closes_at"], entry.new["closes_at"]) == (old.isoformat(), rnd.closes_at.isoformat())


def test_closing_entry_tells_the_units_still_entering_and_the_reviewers(rnd, sub_a, officer_a, officer_b, reviewer, admin_user):
    send(sub_a)
    services.close_entry(actor=admin_user, round=rnd)
    rnd.refresh_from_db()
    at = timezone.localtime(rnd.closes_at).strftime("%H:%M %d/%m/%Y")
    assert _told(officer_a) == []
    assert _told(officer_b, K.ROUND_DEADLINE) == [
        f"{rnd} đã đóng nhận hồ sơ lúc {at}; bản nháp của Quảng Nam không sửa được nữa."
    ]
    assert _told(reviewer, K.ROUND_DEADLINE) == [f"{rnd} đã đóng nhận hồ sơ lúc {at}; 1 đơn vị chưa nộp."]


def test_a_round_already_closed_is_not_closed_again(rnd, admin_user):
    _closed(rnd)
    with pytest.raises(services.AssessmentError):
        services.close_entry(actor=admin_user, round=rnd)
    assert not AuditEntry.objects.exists()


def test_a_round_not_yet_open_is_not_closed(rnd, admin_user):
    _dates(rnd, opens_at=_in(10), closes_at=_in(40))
    with pytest.raises(services.AssessmentError):
        services.close_entry(actor=admin_user, round=rnd)


def test_only_an_admin_closes_entry(rnd, lead_reviewer):
    with pytest.raises(services.AssessmentError):
        services.close_entry(actor=lead_reviewer, round=rnd)
    assert services.round_state(rnd).phase == RoundPhase.OPEN


# --- Closing out the units that did not submit ---------------------------------------------------


def _self_points(sub, points: dict[str, str]) -> None:
    for code, p in points.items():
        IndicatorValue.objects.filter(submission=sub, indicator__code=code).update(self_points=Decimal(p))


def test_excluding_a_unit_that_did_not_submit_records_how_and_why(rnd, sub_a, admin_user):
    _closed(rnd)
    services.close_out(actor=admin_user, submission=sub_a, kind=CloseOut.EXCLUDED, reason="Không gửi hồ sơ")
    sub = Submission.objects.get(pk=sub_a.pk)
    assert (sub.status, sub.closeout_kind, sub.closeout_reason) == (S.EXCLUDED, CloseOut.EXCLUDED, "Không gửi hồ sơ")
    assert sub.closed_out_at is not None and sub.is_excluded


def test_excluding_is_audited_as_a_move_with_its_reason(rnd, sub_a, admin_user):
    _closed(rnd)
    services.close_out(actor=admin_user, submission=sub_a, kind=CloseOut.EXCLUDED, reason="Không gửi hồ sơ")
    entry = AuditEntry.objects.get(action="submission.exclude")
    assert (entry.actor, entry.unit, entry.old, entry.new, entry.note) == (
        admin_user, sub_a.unit, {"status": S.DRAFT}, {"status": S.EXCLUDED}, "Không gửi hồ sơ"
    )


def test_excluding_tells_the_unit_and_the_reviewers_why(rnd, sub_a, admin_user, officer_a, reviewer):
    _closed(rnd)
    services.close_out(actor=admin_user, submission=sub_a, kind=CloseOut.EXCLUDED, reason="Không gửi hồ sơ")
    message = f"{rnd}: Đà Nẵng không nộp hồ sơ và được loại khỏi xếp hạng. Lý do: Không gửi hồ sơ"
    assert _told(officer_a, K.CLOSED_OUT) == [message]
    assert _told(reviewer, K.CLOSED_OUT) == [message]


def test_an_excluded_unit_asks_for_no_recompute(rnd, sub_a, admin_user):
    _closed(rnd)
    services.close_out(actor=admin_user, submission=sub_a, kind=CloseOut.EXCLUDED, reason="Không gửi hồ sơ")
    assert not RecomputeRequest.objects.exists()


def test_scoring_as_is_signs_off_on_the_self_assessed_points(rnd, sub_a, admin_user):
    _closed(rnd)
    _self_points(sub_a, {"1.1": "10", "1.2": "5.5"})
    services.close_out(actor=admin_user, submission=sub_a, kind=CloseOut.AS_IS, reason="Nộp muộn bằng văn bản")
    sub = Submission.objects.get(pk=sub_a.pk)
    assert (sub.status, sub.closeout_kind, sub.scored_as_is) == (S.SIGNED_OFF, CloseOut.AS_IS, True)
    assert sub.signed_off_at is not None
    finals = dict(IndicatorValue.objects.filter(submission=sub).values_list("indicator__code", "final_points"))
    assert (finals["1.1"], finals["1.2"], finals["1.3"]) == (Decimal("10"), Decimal("5.5"), None)


def test_scoring_as_is_records_the_final_total_and_asks_for_a_recompute(rnd, sub_a, admin_user):
    _closed(rnd)
    _self_points(sub_a, {"1.1": "10", "1.2": "5.5"})
    services.close_out(actor=admin_user, submission=sub_a, kind=CloseOut.AS_IS, reason="Nộp muộn bằng văn bản")
    entry = AuditEntry.objects.get(action="review.fix_final_points")
    assert entry.new == {"self_total": "15.50", "final_total": "15.50", "reviewed_total": None}
    assert AuditEntry.objects.get(action="submission.score_as_is").note == "Nộp muộn bằng văn bản"
    assert RecomputeRequest.objects.get().submission_id == sub_a.pk


def test_scoring_as_is_tells_the_unit_its_total(rnd, sub_a, admin_user, officer_a):
    _closed(rnd)
    _self_points(sub_a, {"1.1": "10", "1.2": "5.5"})
    services.close_out(actor=admin_user, submission=sub_a, kind=CloseOut.AS_IS, reason="Nộp muộn")
    [message] = _told(officer_a, K.CLOSED_OUT)
    assert message == (
        f"{rnd}: Đà Nẵng không nộp hồ sơ; hồ sơ được chấm theo số liệu đã nhập, không qua thẩm định "
        "(tổng điểm đạt được 15,5), và được xếp hạng. Lý do: Nộp muộn"
    )


def test_a_close_out_needs_a_choice_and_a_reason(rnd, sub_a, admin_user):
    _closed(rnd)
    with pytest.raises(services.ValidationFailed) as refused:
        services.close_out(actor=admin_user, submission=sub_a, kind="maybe", reason="  ")
    assert set(refused.value.errors["form"]) == {"kind", "reason"}
    assert Submission.objects.get(pk=sub_a.pk).status == S.DRAFT


def test_a_close_out_reason_with_control_characters_is_refused(rnd, sub_a, admin_user):
    _closed(rnd)
    with pytest.raises(services.ValidationFailed) as refused:
        services.close_out(actor=admin_user, submission=sub_a, kind=CloseOut.EXCLUDED, reason="Lý do\x1b[31m")
    assert "ký tự điều khiển" in refused.value.errors["form"]["reason"]


def test_a_draft_is_not_closed_out_before_its_deadline(rnd, sub_a, admin_user):
    with pytest.raises(services.AssessmentError) as refused:
        services.close_out(actor=admin_user, submission=sub_a, kind=CloseOut.EXCLUDED, reason="Không gửi")
    assert "hạn nộp của đơn vị" in str(refused.value) and "chưa qua" in str(refused.value)
    assert not AuditEntry.objects.exists()


def test_a_draft_under_an_extension_is_not_closed_out(rnd, sub_a, admin_user):
    _closed(rnd)
    Submission.objects.filter(pk=sub_a.pk).update(deadline_override=_in(3))
    with pytest.raises(services.AssessmentError):
        services.close_out(actor=admin_user, submission=sub_a, kind=CloseOut.EXCLUDED, reason="Không gửi")


def test_a_sent_submission_is_not_closed_out(rnd, sub_a, admin_user):
    _closed(rnd)
    send(sub_a)
    with pytest.raises(services.AssessmentError) as refused:
        services.close_out(actor=admin_user, submission=sub_a, kind=CloseOut.AS_IS, reason="Không gửi")
    assert "“Đã gửi”" in str(refused.value)
    assert Submission.objects.get(pk=sub_a.pk).status == S.SUBMITTED


def test_only_an_admin_closes_out(rnd, sub_a, lead_reviewer):
    _closed(rnd)
    with pytest.raises(services.AssessmentError):
        services.close_out(actor=lead_reviewer, submission=sub_a, kind=CloseOut.EXCLUDED, reason="Không gửi")
    assert Submission.objects.get(pk=sub_a.pk).status == S.DRAFT


def test_a_close_out_reads_the_deadline_afresh_not_the_caller_s_copy(rnd, sub_a, admin_user):
    """The admin's page was read before another admin moved the deadline into the future."""
    _closed(rnd)
    stale = Submission.objects.select_related("round").get(pk=sub_a.pk)
    assert workflow.may_close_out(stale)
    Round.objects.filter(pk=rnd.pk).update(closes_at=_in(5))
    with pytest.raises(services.AssessmentError):
        services.close_out(actor=admin_user, submission=stale, kind=CloseOut.EXCLUDED, reason="Không gửi")
    assert Submission.objects.get(pk=sub_a.pk).status == S.DRAFT


def test_without_the_results_app_registered_a_score_as_is_is_refused_not_left_unranked(rnd, sub_a, admin_user, monkeypatch):
    monkeypatch.setattr(rankings, "_request_recompute", None)
    _closed(rnd)
    with pytest.raises(ImproperlyConfigured):
        services.close_out(actor=admin_user, submission=sub_a, kind=CloseOut.AS_IS, reason="Nộp muộn")
    assert Submission.objects.get(pk=sub_a.pk).status == S.DRAFT


def test_a_reviewer_reads_an_excluded_submission_and_may_not_appraise_it(rnd, sub_a, admin_user):
    _closed(rnd)
    sub = services.close_out(actor=admin_user, submission=sub_a, kind=CloseOut.EXCLUDED, reason="Không gửi")
    assert workflow.reviewer_may_read(sub) and not workflow.may_appraise_now(sub)


def test_a_second_round_of_another_group_is_untouched(rnd, admin_user, province_a):
    other = factories.make_round(year=2026, units=[factories.UnitFactory(code="01", name="Hà Nội")])
    factories.UserFactory(username="officer_hn", role=Role.OFFICER, unit=other.submissions.get().unit)
    services.close_entry(actor=admin_user, round=rnd)
    assert Round.objects.get(pk=other.pk).closes_at == other.closes_at
    assert not Notification.objects.filter(recipient__username="officer_hn").exists()


def test_reopening_a_unit_scored_as_is_drops_its_mark_for_the_review_to_come(rnd, sub_a, admin_user):
    from review import services as review

    _closed(rnd)
    sub = services.close_out(actor=admin_user, submission=sub_a, kind=CloseOut.AS_IS, reason="Nộp muộn")
    review.reopen(submission=sub, actor=admin_user, reason="Đơn vị gửi bổ sung văn bản")
    sub = Submission.objects.get(pk=sub_a.pk)
    assert (sub.status, sub.closeout_kind, sub.closeout_reason, sub.closed_out_at) == (S.UNDER_REVIEW, "", "", None)
    assert AuditEntry.objects.get(action="submission.score_as_is").note == "Nộp muộn"
