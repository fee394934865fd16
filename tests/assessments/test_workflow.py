"""The transition table, read as a specification and tested through `transition()` itself.

The services check roles and states before they call `transition`, so these tests call it
directly: for every move, every persona (officer of the unit, officer of another unit,
reviewer, lead reviewer, admin, system account, an inactive officer of the unit, an anonymous
visitor) and every source state, the move either happens — status, time, audit row with
old → new — or raises TransitionError and changes nothing. The contributions' moves (issue 17)
are rows of the same table, moved by the same `transition()`: their specification is at the end.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone, translation

from accounts.models import AuditEntry, Interface, Notification, Role
from assessments import workflow
from assessments.models import Assignment, AssignmentStatus, RoundPhase, Submission, SubmissionStatus
from assessments.workflow import Action, Kind, TransitionConflict, TransitionError, transition
from core import formatting
from tests import factories

pytestmark = pytest.mark.django_db

S = SubmissionStatus
REVIEWERS = {"reviewer", "lead", "admin"}

# The specification, written out rather than read from the code: move → (who, from, to), in a
# province without an active leader account (as before issue 17) and in one with its leader.
SPEC_NO_LEADER = {
    Action.REQUEST_APPROVAL: (set(), {S.DRAFT}, S.AWAITING_APPROVAL),
    Action.APPROVE: (set(), {S.AWAITING_APPROVAL}, S.APPROVED),
    Action.RETURN_TO_OFFICER: (set(), {S.AWAITING_APPROVAL, S.APPROVED}, S.DRAFT),
    Action.SUBMIT: ({"own_officer"}, {S.DRAFT, S.APPROVED}, S.SUBMITTED),
    Action.START_REVIEW: (REVIEWERS, {S.SUBMITTED, S.RESUBMITTED}, S.UNDER_REVIEW),
    Action.RETURN: (REVIEWERS, {S.UNDER_REVIEW}, S.RETURNED),
    Action.RESUBMIT: ({"own_officer"}, {S.RETURNED}, S.RESUBMITTED),
    Action.SIGN_OFF: ({"lead", "admin"}, {S.UNDER_REVIEW}, S.SIGNED_OFF),
    Action.REOPEN: ({"admin"}, {S.SIGNED_OFF}, S.UNDER_REVIEW),
    Action.PUBLISH: ({"admin"}, {S.SIGNED_OFF}, S.PUBLISHED),
    Action.UNPUBLISH: ({"admin"}, {S.PUBLISHED}, S.SIGNED_OFF),
    Action.EXCLUDE: ({"admin"}, {S.DRAFT, S.AWAITING_APPROVAL, S.APPROVED}, S.EXCLUDED),
    Action.SCORE_AS_IS: ({"admin"}, {S.DRAFT, S.AWAITING_APPROVAL, S.APPROVED}, S.SIGNED_OFF),
}
# With an active leader account: the officer asks, the leader approves or returns, and only an
# approved submission is sent.
SPEC_LEADER = SPEC_NO_LEADER | {
    Action.REQUEST_APPROVAL: ({"own_officer"}, {S.DRAFT}, S.AWAITING_APPROVAL),
    Action.APPROVE: ({"own_leader"}, {S.AWAITING_APPROVAL}, S.APPROVED),
    Action.RETURN_TO_OFFICER: ({"own_leader"}, {S.AWAITING_APPROVAL, S.APPROVED}, S.DRAFT),
    Action.SUBMIT: ({"own_officer"}, {S.APPROVED}, S.SUBMITTED),
}
SPECS = {"no_leader": SPEC_NO_LEADER, "leader": SPEC_LEADER}
SPEC = SPEC_NO_LEADER
PERSONAS = [
    "own_officer", "other_officer", "reviewer", "lead", "admin", "system", "inactive_officer", "anonymous",
    "own_leader", "other_leader",
]


@pytest.fixture
def submission(province_a):
    return factories.make_round(units=[province_a]).submissions.get()


@pytest.fixture
def people(province_a, province_b):
    make = factories.UserFactory
    return {
        "own_officer": make(username="wf_own", role=Role.OFFICER, unit=province_a),
        "other_officer": make(username="wf_other", role=Role.OFFICER, unit=province_b),
        "reviewer": make(username="wf_reviewer", role=Role.REVIEWER),
        "lead": make(username="wf_lead", role=Role.LEAD_REVIEWER),
        "admin": make(username="wf_admin", role=Role.ADMIN),
        "system": make(username="wf_system", role=Role.SYSTEM),
        "inactive_officer": make(username="wf_inactive", role=Role.OFFICER, unit=province_a, is_active=False),
        "anonymous": AnonymousUser(),
        # Inactive unless the test is in the "leader" world (`_world`): an inactive leader
        # account neither approves nor makes approval necessary.
        "own_leader": make(username="wf_leader", role=Role.PROVINCE_LEADER, unit=province_a, is_active=False),
        "other_leader": make(username="wf_leader_b", role=Role.PROVINCE_LEADER, unit=province_b),
    }


def _world(people, world: str) -> dict:
    """Activate province A's leader in the "leader" world; the SPEC of that world."""
    people["own_leader"].is_active = world == "leader"
    people["own_leader"].save(update_fields=["is_active"])
    return SPECS[world]


def _at(submission, status) -> Submission:
    Submission.objects.filter(pk=submission.pk).update(status=status)
    submission.refresh_from_db()
    return submission


def test_the_specification_names_every_move():
    assert set(SPEC_NO_LEADER) == set(SPEC_LEADER) == set(workflow.moves(Kind.SUBMISSION))


@pytest.mark.parametrize("world", list(SPECS))
@pytest.mark.parametrize("action", list(SPEC))
def test_each_move_happens_only_for_its_roles_from_its_states(submission, people, action, world):
    who, sources, target = _world(people, world)[action]
    wrong = []
    for status in S.values:
        for persona in PERSONAS:
            sub = _at(submission, status)
            audit_before = AuditEntry.objects.count()
            allowed = persona in who and status in sources
            try:
                moved = transition(sub, action, actor=people[persona])
            except TransitionError:
                if allowed:
                    wrong.append(f"{persona} from {status}: refused, expected → {target}")
                elif Submission.objects.get(pk=sub.pk).status != status or AuditEntry.objects.count() != audit_before:
                    wrong.append(f"{persona} from {status}: refused but changed something")
            else:
                if not allowed:
                    wrong.append(f"{persona} from {status}: moved to {moved.status}, expected TransitionError")
                elif moved.status != target or Submission.objects.get(pk=sub.pk).status != target:
                    wrong.append(f"{persona} from {status}: moved to {moved.status}, expected {target}")
    assert not wrong, f"{action}:\n" + "\n".join(wrong)


@pytest.mark.parametrize("action", list(SPEC))
def test_each_move_writes_one_audit_row_with_old_and_new_status(submission, people, action):
    who, sources, target = _world(people, "leader")[action]
    source = sorted(sources)[0]
    actor = people[sorted(who)[0]]
    sub = _at(submission, source)
    transition(sub, action, actor=actor, reason="Lý do thử", interface=Interface.API)
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.target, entry.unit) == (f"submission.{action}", actor, sub, sub.unit)
    assert (entry.old, entry.new, entry.note, entry.interface) == (
        {"status": source}, {"status": target}, "Lý do thử", Interface.API
    )


def test_a_move_records_when_the_status_changed_and_its_extra_fields(submission, people):
    before = timezone.now()
    sent_at = timezone.now() - dt.timedelta(minutes=1)
    moved = transition(submission, Action.SUBMIT, actor=people["own_officer"], extra_fields={"submitted_at": sent_at})
    assert moved.submitted_at == sent_at
    assert moved.status_changed_at >= before


def test_an_unknown_move_is_refused(submission, people):
    with pytest.raises(TransitionError):
        transition(submission, "approve_everything", actor=people["admin"])
    assert AuditEntry.objects.count() == 0


def test_a_stale_submission_loses_to_the_one_who_moved_first(submission, people):
    """Compare-and-set: the caller's copy says draft, the row says submitted."""
    stale = Submission.objects.get(pk=submission.pk)
    transition(submission, Action.SUBMIT, actor=people["own_officer"])
    with pytest.raises(TransitionConflict):
        transition(stale, Action.SUBMIT, actor=people["own_officer"])
    assert Submission.objects.get(pk=submission.pk).status == S.SUBMITTED
    assert AuditEntry.objects.filter(action="submission.submit").count() == 1


def test_of_two_reviewers_starting_the_same_review_exactly_one_wins(submission, people):
    _at(submission, S.SUBMITTED)
    first, second = Submission.objects.get(pk=submission.pk), Submission.objects.get(pk=submission.pk)
    transition(first, Action.START_REVIEW, actor=people["reviewer"])
    with pytest.raises(TransitionConflict):
        transition(second, Action.START_REVIEW, actor=people["lead"])
    assert list(AuditEntry.objects.values_list("actor__username", flat=True)) == ["wf_reviewer"]


def test_a_conflict_is_a_transition_error_so_callers_refuse_it_with_one_message():
    assert issubclass(TransitionConflict, TransitionError)


def test_a_move_without_a_reason_records_an_empty_note(submission, people):
    transition(submission, Action.SUBMIT, actor=people["own_officer"])
    assert AuditEntry.objects.get().note == ""


def test_a_move_changes_only_its_own_submission(province_a, province_b, people):
    """Another province's draft in the same round stays a draft, and only one row is written."""
    rnd = factories.make_round(units=[province_a, province_b])
    own, other = rnd.submissions.get(unit=province_a), rnd.submissions.get(unit=province_b)
    transition(own, Action.SUBMIT, actor=people["own_officer"])
    assert Submission.objects.get(pk=other.pk).status == S.DRAFT
    assert AuditEntry.objects.get().target == own


# --- Who is told (assessments/announcements.py, called by transition) -------------------------


def _told(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("message", flat=True))


def test_a_move_is_announced_in_its_own_words_only(submission, people):
    transition(submission, Action.SUBMIT, actor=people["own_officer"])
    assert _told(people["reviewer"]) == [f"{submission.unit.name} đã gửi hồ sơ tự đánh giá {submission.round}."]


def test_the_one_who_moves_is_not_told_of_their_own_move(submission, people):
    """The lead who signs off is also the assigned reviewer: the province is told, the lead is not."""
    Submission.objects.filter(pk=submission.pk).update(status=S.UNDER_REVIEW, assigned_reviewer=people["lead"])
    submission.refresh_from_db()
    transition(submission, Action.SIGN_OFF, actor=people["lead"])
    assert _told(people["lead"]) == []
    assert len(_told(people["own_officer"])) == 1


def test_a_moves_reason_reaches_the_people_told(submission, people):
    _at(submission, S.UNDER_REVIEW)
    transition(submission, Action.RETURN, actor=people["reviewer"], reason="Thiếu văn bản có chữ ký")
    [message] = _told(people["own_officer"])
    assert message.endswith("Ghi chú của người thẩm định: Thiếu văn bản có chữ ký")


def test_a_moves_notice_reaches_the_people_told(submission, people):
    _at(submission, S.UNDER_REVIEW)
    transition(submission, Action.RETURN, actor=people["reviewer"], notice="Các chỉ số cần bổ sung, giải trình (1): 1.1.")
    [message] = _told(people["own_officer"])
    assert message.endswith("Các chỉ số cần bổ sung, giải trình (1): 1.1.")


# --- What the user reads when a move is refused (the message is the error's text) --------------


def test_an_unknown_move_tells_the_user_it_is_not_a_valid_action(submission, people):
    with pytest.raises(TransitionError) as refused:
        transition(submission, "approve_everything", actor=people["admin"])
    assert str(refused.value) == "Thao tác không hợp lệ."


def test_a_move_by_the_wrong_role_names_the_move_the_user_may_not_make(submission, people):
    with pytest.raises(TransitionError) as refused:
        transition(submission, Action.SUBMIT, actor=people["reviewer"])
    assert str(refused.value) == "Bạn không có quyền gửi hồ sơ cho hồ sơ này."


def test_a_move_from_the_wrong_state_names_the_move_and_the_current_status(submission, people):
    with pytest.raises(TransitionError) as refused:
        transition(submission, Action.SIGN_OFF, actor=people["lead"])
    assert str(refused.value) == "Không thể ký duyệt kết quả thẩm định khi hồ sơ đang ở trạng thái “Nháp”."


def test_the_loser_of_a_race_is_asked_to_reload_the_page(submission, people):
    stale = Submission.objects.get(pk=submission.pk)
    transition(submission, Action.SUBMIT, actor=people["own_officer"])
    with pytest.raises(TransitionConflict) as refused:
        transition(stale, Action.SUBMIT, actor=people["own_officer"])
    assert str(refused.value) == (
        "Hồ sơ vừa được người khác thay đổi trạng thái. Vui lòng tải lại trang để xem trạng thái mới."
    )


@pytest.mark.parametrize("world", list(SPECS))
@pytest.mark.parametrize("status", S.values)
def test_allowed_actions_lists_exactly_the_moves_of_the_specification(submission, people, status, world):
    spec = _world(people, world)
    sub = _at(submission, status)
    for persona in PERSONAS:
        expected = sorted(a for a, (who, sources, _) in spec.items() if persona in who and status in sources)
        assert sorted(workflow.allowed_actions(people[persona], sub)) == expected, persona


# --- The status vocabulary ------------------------------------------------------------------


def test_every_status_is_the_province_s_own_sent_or_excluded_and_only_one():
    assert workflow.DRAFT_OWNED | workflow.SENT | workflow.UNRANKED == set(S.values)
    assert not workflow.DRAFT_OWNED & workflow.SENT
    assert not workflow.UNRANKED & (workflow.SENT | workflow.DRAFT_OWNED)


def test_the_groups_name_the_statuses_of_the_domain():
    assert workflow.LEADER_STAGE == {S.AWAITING_APPROVAL, S.APPROVED}
    assert workflow.DRAFT_OWNED == {S.DRAFT, S.AWAITING_APPROVAL, S.APPROVED}
    assert workflow.IN_REVIEW == {S.SUBMITTED, S.RESUBMITTED, S.UNDER_REVIEW}
    assert workflow.FINAL == {S.SIGNED_OFF, S.PUBLISHED}
    assert workflow.UNRANKED == {S.EXCLUDED}
    assert workflow.SETTLED == {S.SIGNED_OFF, S.PUBLISHED, S.EXCLUDED}
    assert workflow.PROVINCE_EDITABLE == {S.DRAFT, S.RETURNED}


def test_each_close_out_choice_is_its_move():
    from assessments.models import CloseOut

    assert workflow.CLOSE_OUT_MOVES == {CloseOut.EXCLUDED: Action.EXCLUDE, CloseOut.AS_IS: Action.SCORE_AS_IS}


@pytest.mark.parametrize("status", S.values)
def test_model_properties_read_the_groups(status):
    sub = Submission(status=status)
    assert (
        sub.is_draft, sub.in_review, sub.is_final, sub.is_returned, sub.province_editable, sub.is_excluded,
        sub.in_leader_stage,
    ) == (
        status in {S.DRAFT, S.AWAITING_APPROVAL, S.APPROVED},
        status in {S.SUBMITTED, S.RESUBMITTED, S.UNDER_REVIEW},
        status in {S.SIGNED_OFF, S.PUBLISHED},
        status == S.RETURNED,
        status in {S.DRAFT, S.RETURNED},
        status == S.EXCLUDED,
        status in {S.AWAITING_APPROVAL, S.APPROVED},
    )


@pytest.mark.parametrize("status", S.values)
def test_reviewers_read_from_the_moment_a_submission_is_sent_or_closed_out(status):
    """A returned submission was sent before and is answered under the reviewers' eyes; an
    excluded one is the Authority's record; one with the province's leader (awaiting approval,
    approved) is not sent yet."""
    assert workflow.reviewer_may_read(Submission(status=status)) is (
        status not in {S.DRAFT, S.AWAITING_APPROVAL, S.APPROVED}
    )


@pytest.mark.parametrize("status", S.values)
def test_appraisal_happens_while_the_submission_is_with_the_reviewers(status):
    assert workflow.may_appraise_now(Submission(status=status)) is (
        status in {S.SUBMITTED, S.RESUBMITTED, S.UNDER_REVIEW}
    )


@pytest.mark.parametrize(
    "status, action",
    [(S.DRAFT, Action.SUBMIT), (S.APPROVED, Action.SUBMIT), (S.AWAITING_APPROVAL, None),
     (S.RETURNED, Action.RESUBMIT), (S.SUBMITTED, None), (S.UNDER_REVIEW, None),
     (S.RESUBMITTED, None), (S.SIGNED_OFF, None), (S.PUBLISHED, None), (S.EXCLUDED, None)],
)
def test_the_province_sends_a_draft_or_answers_a_return_and_nothing_else(status, action):
    assert workflow.send_action(Submission(status=status)) == action


# --- The edit rule ----------------------------------------------------------------------------


def _value(submission, code, **fields):
    value = submission.values.select_related("indicator").get(indicator__code=code)
    for k, v in fields.items():
        setattr(value, k, v)
    return value


def test_a_draft_is_editable_until_its_deadline(submission):
    value = _value(submission, "1.2")
    deadline = submission.deadline
    assert workflow.province_may_edit(submission, value, now=deadline - dt.timedelta(seconds=1))
    assert workflow.province_may_edit(submission, now=deadline - dt.timedelta(seconds=1))
    assert not workflow.province_may_edit(submission, value, now=deadline)
    assert "quá hạn" in workflow.province_edit_refusal(submission, [value], now=deadline)


def test_a_returned_submission_is_editable_only_in_its_returned_items_and_after_the_deadline(submission):
    sub = _at(submission, S.RETURNED)
    after = sub.deadline + dt.timedelta(days=30)
    assert workflow.province_may_edit(sub, _value(sub, "1.2", awaiting_clarification=True), now=after)
    assert not workflow.province_may_edit(sub, _value(sub, "1.3", awaiting_clarification=False), now=after)
    assert "1.3" in workflow.province_edit_refusal(sub, [_value(sub, "1.3")])


def test_general_information_is_a_draft_s_only(submission):
    sub = _at(submission, S.RETURNED)
    assert not workflow.province_may_edit(sub)
    assert workflow.province_edit_refusal(sub) == "Thông tin chung chỉ sửa được khi hồ sơ còn là bản nháp."


@pytest.mark.parametrize("status", [S.SUBMITTED, S.UNDER_REVIEW, S.RESUBMITTED, S.SIGNED_OFF, S.PUBLISHED])
def test_nothing_is_editable_while_the_submission_is_with_the_reviewers_or_final(submission, status):
    sub = _at(submission, status)
    value = _value(sub, "1.2", awaiting_clarification=True)
    assert not workflow.province_may_edit(sub, value)
    assert sub.get_status_display() in workflow.province_edit_refusal(sub, [value])


def test_an_automatic_value_is_never_the_province_s_to_edit(submission):
    assert not workflow.province_may_edit(submission, _value(submission, "2.3"))


# --- What the province reads when it may not edit --------------------------------------------


def test_a_late_province_reads_the_deadline_in_vietnam_time(submission):
    """10:00 UTC is 17:00 in Hồ Chí Minh City; hour:minute day/month/year."""
    submission.deadline_override = dt.datetime(2026, 3, 31, 10, 0, tzinfo=dt.UTC)
    refusal = workflow.province_edit_refusal(submission, now=submission.deadline_override)
    assert refusal == "Đã quá hạn nộp (17:00 31/03/2026); hồ sơ không thể sửa."


def test_a_late_province_in_english_reads_the_deadline_date_first(submission):
    """The house format of each language (core.formatting.moment): English writes the date first."""
    submission.deadline_override = dt.datetime(2026, 3, 31, 10, 0, tzinfo=dt.UTC)
    with translation.override("en"):
        refusal = str(workflow.province_edit_refusal(submission, now=submission.deadline_override))
    assert "(31/03/2026 17:00)" in refusal


def test_a_returned_submission_names_the_indicator_that_was_not_returned(submission):
    sub = _at(submission, S.RETURNED)
    refusal = workflow.province_edit_refusal(sub, [_value(sub, "1.3", awaiting_clarification=False)])
    assert refusal == "Chỉ số 1.3 không nằm trong yêu cầu bổ sung; chỉ được sửa các chỉ số được yêu cầu."


def test_a_sent_submission_tells_the_province_its_status(submission):
    sub = _at(submission, S.SUBMITTED)
    refusal = workflow.province_edit_refusal(sub, [_value(sub, "1.2")])
    assert refusal == "Hồ sơ đang ở trạng thái “Đã gửi”; tỉnh không thể sửa."


# --- Closing out a unit that did not submit -----------------------------------------------------


def test_a_draft_may_be_closed_out_from_its_deadline_on(submission):
    deadline = submission.deadline
    assert not workflow.may_close_out(submission, now=deadline - dt.timedelta(seconds=1))
    assert workflow.may_close_out(submission, now=deadline)


def test_a_draft_with_an_extension_is_closed_out_only_after_the_extension(submission):
    submission.deadline_override = submission.round.closes_at + dt.timedelta(days=3)
    assert not workflow.may_close_out(submission, now=submission.round.closes_at + dt.timedelta(days=1))
    assert workflow.may_close_out(submission, now=submission.deadline)


@pytest.mark.parametrize("status", [S.AWAITING_APPROVAL, S.APPROVED])
def test_a_unit_still_with_its_leader_at_the_deadline_may_be_closed_out(submission, status):
    sub = _at(submission, status)
    assert workflow.may_close_out(sub, now=sub.deadline)


@pytest.mark.parametrize("status", [s for s in S.values if s not in {S.DRAFT, S.AWAITING_APPROVAL, S.APPROVED}])
def test_only_a_submission_never_sent_is_closed_out(submission, status):
    sub = _at(submission, status)
    assert not workflow.may_close_out(sub, now=sub.deadline + dt.timedelta(days=1))


def test_an_excluded_submission_is_not_editable_and_says_so(submission):
    sub = _at(submission, S.EXCLUDED)
    assert workflow.province_edit_refusal(sub, [_value(sub, "1.2")]) == (
        "Hồ sơ đang ở trạng thái “Không nộp, loại khỏi xếp hạng”; tỉnh không thể sửa."
    )


# --- Where a round stands ---------------------------------------------------------------------


def _phase(rnd, now, **counts):
    return workflow.round_phase(rnd, counts, now)


def test_a_round_is_not_open_before_its_opening(submission):
    rnd = submission.round
    assert _phase(rnd, rnd.opens_at - dt.timedelta(seconds=1), draft=2) == RoundPhase.NOT_OPEN


def test_a_round_is_open_from_its_opening_until_its_deadline(submission):
    rnd = submission.round
    assert _phase(rnd, rnd.opens_at, draft=2) == RoundPhase.OPEN
    assert _phase(rnd, rnd.closes_at - dt.timedelta(seconds=1), draft=2) == RoundPhase.OPEN


def test_after_its_deadline_entry_is_closed_while_drafts_remain(submission):
    rnd = submission.round
    assert _phase(rnd, rnd.closes_at, draft=1, submitted=1) == RoundPhase.ENTRY_CLOSED


def test_after_its_deadline_without_drafts_the_round_is_under_review(submission):
    rnd = submission.round
    assert _phase(rnd, rnd.closes_at, draft=0, submitted=1, excluded=1) == RoundPhase.UNDER_REVIEW


def test_a_round_with_a_published_submission_is_published_whatever_its_dates(submission):
    rnd = submission.round
    assert _phase(rnd, rnd.opens_at - dt.timedelta(days=1), published=1, excluded=1) == RoundPhase.PUBLISHED


def test_a_phase_is_read_now_when_no_moment_is_given(submission):
    assert workflow.round_phase(submission.round, {S.DRAFT: 1}) == RoundPhase.OPEN


# --- The leader's approval (issue 17) ---------------------------------------------------------


@pytest.mark.parametrize("status", [S.AWAITING_APPROVAL, S.APPROVED])
def test_nothing_is_editable_with_the_leader_and_the_officer_is_told_to_ask_for_a_return(submission, status):
    sub = _at(submission, status)
    refusal = workflow.province_edit_refusal(sub, [_value(sub, "1.2")], now=sub.deadline - dt.timedelta(days=1))
    assert refusal == (
        f"Hồ sơ đang ở trạng thái “{sub.get_status_display()}”; không thể sửa. "
        "Muốn sửa, hãy đề nghị lãnh đạo tỉnh trả lại hồ sơ."
    )


def test_approval_is_needed_when_the_province_has_an_active_leader(submission, people):
    _world(people, "leader")
    assert workflow.needs_leader_approval(submission) is True


def test_approval_is_not_needed_with_an_inactive_leader_or_only_another_province_s(submission, people):
    _world(people, "no_leader")
    assert workflow.needs_leader_approval(submission) is False


def test_a_draft_with_a_leader_is_refused_sending_with_the_rule_in_words(submission, people):
    _world(people, "leader")
    assert workflow.approval_refusal(submission) == (
        "Tỉnh có tài khoản lãnh đạo tỉnh: hồ sơ phải được lãnh đạo tỉnh phê duyệt trước khi gửi."
    )


def test_an_approved_submission_or_a_draft_without_leader_has_no_approval_refusal(submission, people):
    assert workflow.approval_refusal(submission) is None
    _world(people, "leader")
    assert workflow.approval_refusal(_at(submission, S.APPROVED)) is None


# --- The contributions' moves (issue 17): rows of the same table, moved by the same transition() --

A = AssignmentStatus
CA = workflow.ContributionAction
# move → (who, from, to). "" is the assignment not yet made (the service saved its row).
CONTRIBUTION_SPEC = {
    CA.ASSIGN: ({"own_officer"}, {""}, A.ASSIGNED),
    CA.HAND_IN: ({"assignee"}, {A.ASSIGNED, A.SENT_BACK}, A.HANDED_IN),
    CA.ACCEPT: ({"own_officer"}, {A.HANDED_IN}, A.ACCEPTED),
    CA.SEND_BACK: ({"own_officer"}, {A.HANDED_IN}, A.SENT_BACK),
}
ASSIGNMENT_STATES = ["", *A.values]
CONTRIBUTION_PERSONAS = [
    "own_officer", "other_officer", "assignee", "other_contributor", "foreign_contributor", "reviewer", "admin",
    "system", "anonymous", "other_leader",
]


@pytest.fixture
def contributors(province_a, province_b):
    make = factories.UserFactory
    return {
        "assignee": make(username="wf_assignee", role=Role.CONTRIBUTOR, unit=factories.SubUnitFactory(parent=province_a)),
        "other_contributor": make(
            username="wf_contributor", role=Role.CONTRIBUTOR, unit=factories.SubUnitFactory(parent=province_a)
        ),
        "foreign_contributor": make(
            username="wf_contributor_b", role=Role.CONTRIBUTOR, unit=factories.SubUnitFactory(parent=province_b)
        ),
    }


@pytest.fixture
def assignment(submission, people, contributors):
    return Assignment.objects.create(
        submission=submission, contributor=contributors["assignee"], assigned_by=people["own_officer"],
        due_at=submission.deadline, status=workflow.UNASSIGNED,
    )


def _assignment_at(assignment, status) -> Assignment:
    Assignment.objects.filter(pk=assignment.pk).update(status=status)
    assignment.refresh_from_db()
    return assignment


def _made(action, people, contributors, assignment, **kwargs) -> Assignment:
    """The move from its first source state, by the persona the specification allows."""
    who, sources, _target = CONTRIBUTION_SPEC[action]
    a = _assignment_at(assignment, sorted(sources)[0])
    return transition(a, action, actor=(people | contributors)[sorted(who)[0]], **kwargs)


def _refusal(obj, action, actor) -> str:
    with pytest.raises(TransitionError) as refused:
        transition(obj, action, actor=actor)
    return str(refused.value)


def test_the_table_holds_the_submission_s_and_the_contributions_moves_and_no_other():
    assert set(CONTRIBUTION_SPEC) == set(workflow.moves(Kind.CONTRIBUTION))
    assert set(workflow.TRANSITIONS) == (
        {(Kind.SUBMISSION, a) for a in SPEC} | {(Kind.CONTRIBUTION, a) for a in CONTRIBUTION_SPEC}
    )


@pytest.mark.parametrize("action", list(CONTRIBUTION_SPEC))
def test_each_contribution_move_happens_only_for_its_roles_from_its_states(assignment, people, contributors, action):
    who, sources, target = CONTRIBUTION_SPEC[action]
    everyone = people | contributors
    wrong = []
    for status in ASSIGNMENT_STATES:
        for persona in CONTRIBUTION_PERSONAS:
            a = _assignment_at(assignment, status)
            audit_before = AuditEntry.objects.count()
            allowed = persona in who and status in sources
            try:
                moved = transition(a, action, actor=everyone[persona])
            except TransitionError:
                if allowed:
                    wrong.append(f"{persona} from {status!r}: refused, expected → {target}")
                elif Assignment.objects.get(pk=a.pk).status != status or AuditEntry.objects.count() != audit_before:
                    wrong.append(f"{persona} from {status!r}: refused but changed something")
            else:
                if not allowed:
                    wrong.append(f"{persona} from {status!r}: moved to {moved.status}, expected TransitionError")
                elif moved.status != target or Assignment.objects.get(pk=a.pk).status != target:
                    wrong.append(f"{persona} from {status!r}: moved to {moved.status}, expected {target}")
    assert not wrong, f"{action}:\n" + "\n".join(wrong)


@pytest.mark.parametrize("status", ASSIGNMENT_STATES)
def test_allowed_actions_lists_exactly_the_contribution_moves_of_the_specification(
    assignment, people, contributors, status
):
    everyone = people | contributors
    a = _assignment_at(assignment, status)
    for persona in CONTRIBUTION_PERSONAS:
        expected = [m for m, (who, sources, _) in CONTRIBUTION_SPEC.items() if persona in who and status in sources]
        assert workflow.allowed_actions(everyone[persona], a) == expected, persona


def test_an_assignee_whose_account_was_closed_may_not_hand_in(assignment, contributors):
    a = _assignment_at(assignment, A.ASSIGNED)
    contributors["assignee"].is_active = False
    contributors["assignee"].save(update_fields=["is_active"])
    with pytest.raises(TransitionError):
        transition(a, CA.HAND_IN, actor=contributors["assignee"])
    assert Assignment.objects.get(pk=a.pk).status == A.ASSIGNED


@pytest.mark.parametrize("action", list(CONTRIBUTION_SPEC))
def test_each_contribution_move_writes_one_audit_row_naming_the_province_and_the_contributor(
    assignment, people, contributors, action
):
    _who, sources, target = CONTRIBUTION_SPEC[action]
    moved = _made(action, people, contributors, assignment, reason="Lý do thử", interface=Interface.API)
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.target, entry.unit, entry.note, entry.interface) == (
        f"contribution.{action}", moved, moved.submission.unit, "Lý do thử", Interface.API
    )
    assert (entry.old, entry.new) == (
        {"status": sorted(sources)[0]}, {"status": target, "contributor": contributors["assignee"].pk}
    )


def test_a_contribution_move_records_when_its_status_changed_and_its_extra_fields(assignment, people, contributors):
    before = timezone.now()
    moved = _made(CA.SEND_BACK, people, contributors, assignment, extra_fields={"send_back_reason": "Sai mẫu số"})
    assert moved.send_back_reason == "Sai mẫu số" and moved.status_changed_at >= before


@pytest.mark.parametrize("action", list(CONTRIBUTION_SPEC))
def test_no_contribution_move_is_made_once_the_submission_left_the_draft(submission, assignment, people, contributors, action):
    _at(submission, S.SUBMITTED)
    with pytest.raises(TransitionError) as refused:
        _made(action, people, contributors, assignment)
    assert str(refused.value) == "Hồ sơ không còn là bản nháp; không thể giao, nộp hay duyệt số liệu đóng góp."
    assert not AuditEntry.objects.exists()


def test_no_contribution_move_is_made_once_the_draft_s_deadline_passed(submission, assignment, people, contributors):
    Submission.objects.filter(pk=submission.pk).update(deadline_override=timezone.now() - dt.timedelta(minutes=1))
    with pytest.raises(TransitionError) as refused:
        _made(CA.HAND_IN, people, contributors, assignment)
    assert "Đã quá hạn nộp" in str(refused.value)
    assert Assignment.objects.get(pk=assignment.pk).status == A.ASSIGNED


def test_the_contributions_window_closes_at_the_submission_s_deadline(submission):
    deadline = submission.deadline
    assert workflow.contribution_refusal(submission, now=deadline - dt.timedelta(seconds=1)) is None
    assert workflow.contribution_refusal(submission, now=deadline) == (
        f"Đã quá hạn nộp ({formatting.moment(deadline)}); hồ sơ không thể sửa."
    )


@pytest.mark.parametrize("status", [S.AWAITING_APPROVAL, S.APPROVED])
def test_the_contributions_window_is_closed_while_the_draft_is_with_the_leader(submission, status):
    """Still the province's own (DRAFT_OWNED), but nothing is editable with the leader."""
    sub = _at(submission, status)
    assert "đề nghị lãnh đạo tỉnh trả lại" in workflow.contribution_refusal(sub)


def test_a_submission_s_move_is_no_move_of_an_assignment(assignment, people):
    assert _refusal(assignment, Action.SUBMIT, people["own_officer"]) == "Thao tác không hợp lệ."


def test_a_contribution_move_by_the_wrong_role_names_the_move_and_the_assignment(assignment, contributors):
    a = _assignment_at(assignment, A.HANDED_IN)
    assert _refusal(a, CA.ACCEPT, contributors["assignee"]) == (
        "Bạn không có quyền chấp nhận số liệu đóng góp cho việc này."
    )


def test_a_contribution_move_from_the_wrong_state_names_the_move_and_the_assignment_s_status(assignment, people):
    a = _assignment_at(assignment, A.ASSIGNED)
    assert _refusal(a, CA.ACCEPT, people["own_officer"]) == (
        "Không thể chấp nhận số liệu đóng góp khi việc đang ở trạng thái “Đã giao”."
    )


def test_the_loser_of_a_race_on_an_assignment_is_asked_to_reload_the_page(assignment, people):
    a = _assignment_at(assignment, A.HANDED_IN)
    stale = Assignment.objects.get(pk=a.pk)
    transition(a, CA.ACCEPT, actor=people["own_officer"])
    with pytest.raises(TransitionConflict) as refused:
        transition(stale, CA.SEND_BACK, actor=people["own_officer"], reason="muộn")
    assert str(refused.value) == (
        "Việc này vừa được người khác thay đổi trạng thái. Vui lòng tải lại trang để xem trạng thái mới."
    )
    assert Assignment.objects.get(pk=a.pk).status == A.ACCEPTED


def test_a_contribution_move_changes_only_its_own_assignment(assignment, submission, people, contributors):
    other = Assignment.objects.create(
        submission=submission, contributor=contributors["other_contributor"], due_at=submission.deadline,
        status=A.HANDED_IN,
    )
    _made(CA.ACCEPT, people, contributors, assignment)
    assert Assignment.objects.get(pk=other.pk).status == A.HANDED_IN


def test_a_contribution_move_is_announced_with_its_reason_and_notice(assignment, people, contributors):
    _made(CA.SEND_BACK, people, contributors, assignment, reason="Sai mẫu số", notice="Dùng mẫu năm 2025.")
    [message] = _told(contributors["assignee"])
    assert message.endswith("Lý do: Sai mẫu số Dùng mẫu năm 2025.")


def test_a_contribution_s_mover_is_not_told_and_its_audience_is(assignment, people, contributors):
    _made(CA.HAND_IN, people, contributors, assignment)
    assert (_told(contributors["assignee"]), len(_told(people["own_officer"]))) == ([], 1)
