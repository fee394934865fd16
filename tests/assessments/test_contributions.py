"""Contributions (issue 17): the services and each contribution move of workflow.TRANSITIONS —
role, state, compare-and-set, audit row, notification."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEntry, Interface, Notification, NotificationKind, Role
from assessments import services, workflow
from assessments.models import Assignment, AssignmentStatus, ContributedValue, IndicatorValue, SubmissionStatus
from tests import factories

from .contribution_helpers import FIGURES, assign, fill, indicators

pytestmark = pytest.mark.django_db
S = AssignmentStatus
CA = workflow.ContributionAction


# --- Assign -----------------------------------------------------------------------------------


def test_assigning_makes_an_assigned_row_with_the_indicators_and_the_province_s_current_inputs(sub_a, officer_a, contributor_a):
    IndicatorValue.objects.filter(submission=sub_a, indicator__code="1.4").update(inputs={"count": "3"})
    a = assign(sub_a, officer_a, contributor_a)
    assert a.status == S.ASSIGNED and a.assigned_by == officer_a
    assert sorted(a.indicators.values_list("code", flat=True)) == ["1.3", "1.4"]
    assert {cv.indicator.code: cv.inputs for cv in a.values.all()} == {"1.3": {}, "1.4": {"count": "3"}}


def test_assigning_writes_the_audit_row_and_tells_the_contributor(sub_a, officer_a, contributor_a):
    a = assign(sub_a, officer_a, contributor_a)
    entry = AuditEntry.objects.get(action="contribution.assign")
    assert (entry.actor, entry.target_id, entry.old, entry.new["status"]) == (officer_a, str(a.pk), {"status": ""}, "assigned")
    notice = Notification.objects.get(recipient=contributor_a)
    assert notice.kind == NotificationKind.CONTRIBUTION_ASSIGNED
    assert "2 chỉ số" in notice.message and "Số liệu năm 2025" in notice.message
    assert notice.url == reverse("assessments:contribution", args=[a.pk])


def test_a_move_s_audit_row_names_the_province_the_contributor_and_the_interface(sub_a, officer_a, contributor_a):
    a = services.assign(actor=officer_a, submission=sub_a, contributor=contributor_a, indicators=indicators(sub_a, "1.4"),
                        due_at=timezone.now() + dt.timedelta(days=2), interface=Interface.IMPORT)
    entry = AuditEntry.objects.get(action="contribution.assign", target_id=str(a.pk))
    assert (entry.unit, entry.interface) == (sub_a.unit, Interface.IMPORT)
    assert entry.new == {"status": "assigned", "contributor": contributor_a.pk}


def test_only_the_province_s_officer_may_assign(sub_a, officer_b, contributor_a):
    with pytest.raises(services.AssessmentError):
        assign(sub_a, officer_b, contributor_a)
    assert not Assignment.objects.exists()


def test_a_contributor_of_another_province_cannot_be_assigned(sub_a, officer_a, province_b):
    other = factories.UserFactory(role=Role.CONTRIBUTOR, unit=factories.SubUnitFactory(parent=province_b))
    with pytest.raises(services.AssessmentError, match="trực thuộc tỉnh"):
        assign(sub_a, officer_a, other)
    assert not Assignment.objects.exists()


def test_an_indicator_assigned_and_not_accepted_cannot_be_assigned_again(sub_a, officer_a, contributor_a, province_a):
    assign(sub_a, officer_a, contributor_a)
    second = factories.UserFactory(role=Role.CONTRIBUTOR, unit=factories.SubUnitFactory(parent=province_a))
    with pytest.raises(services.AssessmentError, match="1.4"):
        assign(sub_a, officer_a, second, codes=("1.4",))
    assert Assignment.objects.count() == 1


def test_an_automatic_indicator_cannot_be_assigned(sub_a, officer_a, contributor_a):
    with pytest.raises(services.AssessmentError, match="2.3"):
        assign(sub_a, officer_a, contributor_a, codes=("2.3",))


def test_a_due_date_in_the_past_is_refused(sub_a, officer_a, contributor_a):
    with pytest.raises(services.AssessmentError, match="Hạn hoàn thành"):
        assign(sub_a, officer_a, contributor_a, days=-1)


def test_a_submission_no_longer_a_draft_takes_no_assignment(sub_a, officer_a, contributor_a):
    type(sub_a).objects.filter(pk=sub_a.pk).update(status=SubmissionStatus.SUBMITTED)
    sub_a.refresh_from_db()
    with pytest.raises(services.AssessmentError, match="không còn là bản nháp"):
        assign(sub_a, officer_a, contributor_a)
    assert not Assignment.objects.exists()


def test_a_draft_past_its_deadline_takes_no_assignment(sub_a, officer_a, contributor_a):
    sub_a.round.closes_at = timezone.now() - dt.timedelta(minutes=1)
    sub_a.round.save()
    with pytest.raises(services.AssessmentError, match="quá hạn"):
        assign(sub_a, officer_a, contributor_a)


# --- The contributor's figures ---------------------------------------------------------------


def test_the_contributor_s_figures_stay_apart_from_the_province_s_value(assignment, contributor_a, sub_a):
    assert fill(assignment, contributor_a, **FIGURES) == 2
    cv = ContributedValue.objects.get(assignment=assignment, indicator__code="1.3")
    assert cv.inputs == {"numerator": "80", "denominator": "100"} and cv.self_points == Decimal("16.00")
    assert IndicatorValue.objects.get(submission=sub_a, indicator__code="1.3").inputs == {}


def test_an_invalid_figure_is_refused_with_the_entry_rules_message_and_nothing_saved(assignment, contributor_a):
    with pytest.raises(services.ValidationFailed) as caught:
        fill(assignment, contributor_a, **{"1.3": {"numerator": "120", "denominator": "100"}, "1.4": {"count": "5"}})
    assert list(caught.value.errors.values())[0]
    assert not ContributedValue.objects.filter(assignment=assignment).exclude(inputs={}).exists()


def test_a_row_not_of_the_assignment_is_refused_and_nothing_saved(assignment, contributor_a, sub_a, officer_a):
    own = assignment.values.get(indicator__code="1.4")
    with pytest.raises(services.AssessmentError):
        services.save_contribution(
            actor=contributor_a, assignment=assignment,
            rows={own.pk: {"inputs": {"count": "4"}}, own.pk + 999: {"inputs": {"count": "4"}}},
        )
    own.refresh_from_db()
    assert own.inputs == {}


def test_another_contributor_cannot_save_into_the_assignment(assignment, province_a):
    other = factories.UserFactory(role=Role.CONTRIBUTOR, unit=factories.SubUnitFactory(parent=province_a))
    with pytest.raises(services.AssessmentError):
        fill(assignment, other, **FIGURES)
    assert not ContributedValue.objects.exclude(inputs={}).exists()


def test_saving_a_figure_writes_an_audit_row_naming_the_indicator(assignment, contributor_a):
    fill(assignment, contributor_a, **{"1.4": {"count": "6"}})
    entry = AuditEntry.objects.get(action="contribution.save")
    assert (entry.actor, entry.new) == (contributor_a, {"code": "1.4", "inputs": {"count": 6}})


# --- Hand in ---------------------------------------------------------------------------------


def test_handing_in_moves_the_assignment_audits_and_tells_the_province_s_officers(handed_in, contributor_a, officer_a):
    assert handed_in.status == S.HANDED_IN and handed_in.handed_in_at is not None
    assert AuditEntry.objects.filter(action="contribution.hand_in", actor=contributor_a).count() == 1
    notice = Notification.objects.get(recipient=officer_a, kind=NotificationKind.CONTRIBUTION_HANDED_IN)
    assert contributor_a.display_name in notice.message
    assert notice.url == reverse("assessments:contribution_review", args=[handed_in.pk])


def test_handing_in_with_an_empty_indicator_is_refused_naming_it(assignment, contributor_a):
    fill(assignment, contributor_a, **{"1.3": FIGURES["1.3"]})
    with pytest.raises(services.AssessmentError, match="1.4"):
        services.hand_in(actor=contributor_a, assignment=assignment)
    assert Assignment.objects.get(pk=assignment.pk).status == S.ASSIGNED


def test_only_the_assigned_contributor_may_hand_in(assignment, contributor_a, officer_a):
    fill(assignment, contributor_a, **FIGURES)
    with pytest.raises(services.AssessmentError, match="không có quyền"):
        services.hand_in(actor=officer_a, assignment=assignment)


def test_handed_in_figures_cannot_be_changed(handed_in, contributor_a):
    with pytest.raises(services.AssessmentError, match="đã nộp"):
        fill(handed_in, contributor_a, **{"1.4": {"count": "9"}})


def test_handing_in_twice_is_refused_by_the_state(handed_in, contributor_a):
    with pytest.raises(services.AssessmentError, match="Không thể"):
        services.hand_in(actor=contributor_a, assignment=handed_in)


# --- Accept ----------------------------------------------------------------------------------


def test_accepting_makes_the_figures_the_province_s_values_with_their_author(handed_in, officer_a, contributor_a, sub_a):
    accepted = services.accept(actor=officer_a, assignment=handed_in)
    assert accepted.status == S.ACCEPTED and accepted.decided_by == officer_a
    value = IndicatorValue.objects.get(submission=sub_a, indicator__code="1.3")
    assert value.inputs == {"numerator": "80", "denominator": "100"} and value.self_points == Decimal("16.00")
    assert (value.updated_by, value.contributed_by) == (officer_a, contributor_a)


def test_accepting_writes_the_value_rows_of_the_entry_service_and_names_the_contributor(handed_in, officer_a, contributor_a):
    services.accept(actor=officer_a, assignment=handed_in)
    assert AuditEntry.objects.filter(action="value.update", actor=officer_a).count() == 2
    contributed = AuditEntry.objects.filter(action="value.contributed")
    assert {e.new["contributor_name"] for e in contributed} == {contributor_a.display_name}
    assert AuditEntry.objects.filter(action="contribution.accept").count() == 1


def test_accepting_tells_the_contributor(handed_in, officer_a, contributor_a):
    services.accept(actor=officer_a, assignment=handed_in)
    assert Notification.objects.filter(recipient=contributor_a, kind=NotificationKind.CONTRIBUTION_ACCEPTED).count() == 1


def test_another_province_s_officer_cannot_accept(handed_in, officer_b, sub_a):
    with pytest.raises(services.AssessmentError, match="không có quyền"):
        services.accept(actor=officer_b, assignment=handed_in)
    assert IndicatorValue.objects.get(submission=sub_a, indicator__code="1.3").inputs == {}


def test_an_assignment_not_handed_in_cannot_be_accepted(assignment, officer_a):
    with pytest.raises(services.AssessmentError, match="Không thể"):
        services.accept(actor=officer_a, assignment=assignment)


def test_an_accepted_indicator_may_be_assigned_again(handed_in, officer_a, contributor_a, sub_a):
    services.accept(actor=officer_a, assignment=handed_in)
    again = assign(sub_a, officer_a, contributor_a, codes=("1.4",))
    assert again.values.get().inputs == {"count": 6}


# --- Send back -------------------------------------------------------------------------------


def test_sending_back_keeps_the_reason_audits_and_tells_the_contributor(handed_in, officer_a, contributor_a):
    back = services.send_back(actor=officer_a, assignment=handed_in, reason="Thiếu số liệu quý IV")
    assert (back.status, back.send_back_reason) == (S.SENT_BACK, "Thiếu số liệu quý IV")
    assert AuditEntry.objects.get(action="contribution.send_back").note == "Thiếu số liệu quý IV"
    notice = Notification.objects.get(recipient=contributor_a, kind=NotificationKind.CONTRIBUTION_SENT_BACK)
    assert "Thiếu số liệu quý IV" in notice.message


def test_sending_back_without_a_reason_is_refused(handed_in, officer_a):
    with pytest.raises(services.AssessmentError, match="lý do"):
        services.send_back(actor=officer_a, assignment=handed_in, reason="  ")
    assert Assignment.objects.get(pk=handed_in.pk).status == S.HANDED_IN


def test_a_sent_back_assignment_is_fixed_handed_in_again_and_accepted(handed_in, officer_a, contributor_a, sub_a):
    services.send_back(actor=officer_a, assignment=handed_in, reason="Sai mẫu số")
    fill(handed_in, contributor_a, **{"1.3": {"numerator": "90", "denominator": "100"}})
    services.hand_in(actor=contributor_a, assignment=handed_in)
    services.accept(actor=officer_a, assignment=handed_in)
    assert IndicatorValue.objects.get(submission=sub_a, indicator__code="1.3").inputs["numerator"] == "90"


def test_the_contributor_cannot_send_back(handed_in, contributor_a):
    with pytest.raises(services.AssessmentError, match="không có quyền"):
        services.send_back(actor=contributor_a, assignment=handed_in, reason="x")


# --- Compare-and-set ------------------------------------------------------------------------


def test_a_move_on_a_stale_status_is_a_conflict_and_changes_nothing(handed_in, officer_a):
    stale = Assignment.objects.select_related("submission").get(pk=handed_in.pk)
    services.accept(actor=officer_a, assignment=handed_in)
    with pytest.raises(workflow.TransitionConflict):
        # The state check passes on the stale copy: only the compare-and-set can stop it.
        workflow.transition(stale, CA.SEND_BACK, actor=officer_a, reason="muộn")
    assert Assignment.objects.get(pk=handed_in.pk).status == S.ACCEPTED
    assert not AuditEntry.objects.filter(action="contribution.send_back").exists()


def test_an_unknown_contribution_action_is_refused(assignment, officer_a):
    with pytest.raises(workflow.TransitionError, match="không hợp lệ"):
        workflow.transition(assignment, "approve", actor=officer_a)


def test_the_allowed_actions_follow_role_and_state(handed_in, officer_a, contributor_a):
    assert workflow.allowed_actions(officer_a, handed_in) == [CA.ACCEPT, CA.SEND_BACK]
    assert workflow.allowed_actions(contributor_a, handed_in) == []


def test_no_action_is_allowed_once_the_submission_left_the_draft(handed_in, officer_a, sub_a):
    type(sub_a).objects.filter(pk=sub_a.pk).update(status=SubmissionStatus.SUBMITTED)
    handed_in.submission.refresh_from_db()
    assert workflow.allowed_actions(officer_a, handed_in) == []


def test_every_contribution_move_has_an_announcement_and_a_describer():
    from assessments.announcements import CONTRIBUTION_ANNOUNCEMENTS
    from assessments.history import DESCRIBERS

    moves = workflow.moves(workflow.Kind.CONTRIBUTION)
    assert set(CONTRIBUTION_ANNOUNCEMENTS) == set(moves)
    assert all(f"contribution.{a}" in DESCRIBERS for a in moves)


def test_the_indicators_helper_finds_them_in_order(sub_a):
    assert [i.code for i in indicators(sub_a, "1.4", "1.3")] == ["1.3", "1.4"]
