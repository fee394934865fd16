"""Contributions (issue 17): the officer assigns indicators of the province's draft to a
contributor of one of its departments or communes; the contributor types their figures and
hands them in; the officer accepts them (they become the province's values, through the
province's own save, so the scoring and the validation rules run) or sends them back.

The moves are workflow.TRANSITIONS of Kind.CONTRIBUTION; this module checks what the move needs
beyond the status (who may be given what, every figure filled, a reason) and does the writes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access, audit
from accounts.models import Interface, User

from .. import workflow
from ..models import Assignment, AssignmentStatus, ContributedValue, Indicator, IndicatorValue, Submission
from ..workflow import ContributionAction as CA
from ..workflow import Kind
from .checks import check_unit_officer, general_info_map, lock_submission
from .entry import save_main_index, score_inputs
from .errors import AssessmentError, ValidationFailed

MAX_NOTE = 2000
MAX_REASON = 2000


def _move(assignment, action, **kwargs) -> Assignment:
    try:
        return workflow.transition(assignment, action, **kwargs)
    except workflow.TransitionError as exc:
        raise AssessmentError(str(exc)) from exc


def _open_indicator_ids(submission: Submission) -> set[int]:
    """Indicators already in an assignment not yet accepted: each has one contributor at a time."""
    return set(
        Assignment.indicators.through.objects.filter(assignment__submission=submission)
        .exclude(assignment__status=AssignmentStatus.ACCEPTED)
        .values_list("indicator_id", flat=True)
    )


def assign(
    *, actor, submission: Submission, contributor: User, indicators: Iterable[Indicator], due_at, note: str = "",
    interface: str = Interface.WEB,
) -> Assignment:
    """Give these indicators of the draft to the contributor; their figures start from the
    province's current ones."""
    indicators = list(indicators)
    note = (note or "").strip()
    with transaction.atomic():
        sub = lock_submission(submission)
        check_unit_officer(actor, sub)
        if not access.is_contributor_of(contributor, sub.unit_id):
            raise AssessmentError(_("Chỉ giao được cho tài khoản đóng góp của đơn vị trực thuộc tỉnh."))
        if not indicators:
            raise AssessmentError(_("Hãy chọn ít nhất một chỉ số để giao."))
        if any(i.framework_id != sub.round.framework_id for i in indicators):
            raise AssessmentError(_("Dữ liệu gửi lên không thuộc hồ sơ này."))
        automatic = [i.code for i in indicators if i.automatic]
        if automatic:
            raise AssessmentError(_("Chỉ số %(code)s được đo tự động; không thể giao.") % {"code": automatic[0]})
        taken = sorted(i.code for i in indicators if i.pk in _open_indicator_ids(sub))
        if taken:
            raise AssessmentError(_("Chỉ số %(codes)s đang được giao cho đơn vị khác.") % {"codes": ", ".join(taken)})
        if len(note) > MAX_NOTE:
            raise AssessmentError(_("Ghi chú tối đa %(n)s ký tự.") % {"n": MAX_NOTE})
        if due_at <= timezone.now():
            raise AssessmentError(_("Hạn hoàn thành phải sau thời điểm hiện tại."))
        # The row and its indicators first (not yet the contributor's), then the move.
        assignment = Assignment.objects.create(
            submission=sub, contributor=contributor, due_at=due_at, note=note, assigned_by=actor,
            status=workflow.UNASSIGNED,
        )
        assignment.indicators.set(indicators)
        current = dict(IndicatorValue.objects.filter(submission=sub, indicator__in=indicators).values_list("indicator_id", "inputs"))
        ContributedValue.objects.bulk_create(
            [ContributedValue(assignment=assignment, indicator=i, inputs=current.get(i.pk) or {}) for i in indicators]
        )
        return _move(assignment, CA.ASSIGN, actor=actor, reason=note, interface=interface)


def _lock(assignment: Assignment) -> Assignment:
    locked = Assignment.objects.select_for_update().select_related("submission", "submission__round", "submission__unit").get(
        pk=assignment.pk
    )
    return locked


def save_contribution(
    *, actor, assignment: Assignment, rows: Mapping[int, Mapping[str, Any]], interface: str = Interface.WEB
) -> int:
    """The contributor's figures: `rows` maps a ContributedValue id to {"inputs": {field: raw}}.
    A row not of this assignment → AssessmentError, nothing saved; invalid → ValidationFailed.
    Returns how many rows changed."""
    with transaction.atomic():
        a = _lock(assignment)
        if not workflow.TRANSITIONS[(Kind.CONTRIBUTION, CA.HAND_IN)].allowed(actor, a):
            raise AssessmentError(_("Bạn không được giao việc này."))
        if a.status not in workflow.CONTRIBUTOR_EDITABLE:
            raise AssessmentError(_("Số liệu đã nộp; chỉ sửa được khi tỉnh trả lại."))
        refusal = workflow.contribution_refusal(a.submission)
        if refusal:
            raise AssessmentError(str(refusal))
        values = {cv.pk: cv for cv in a.values.select_related("indicator")}
        if any(pk not in values for pk in rows):
            raise AssessmentError(_("Dữ liệu gửi lên không thuộc việc được giao."))
        gi = general_info_map(a.submission)
        errors, changes = {}, []
        for pk, row in rows.items():
            cv = values[pk]
            scored = score_inputs(cv.indicator, row.get("inputs", {}), gi)
            if scored.errors:
                errors[pk] = scored.errors
            elif scored.inputs != (cv.inputs or {}) or scored.points != cv.self_points:
                changes.append((cv, scored))
        if errors:
            raise ValidationFailed(errors)
        now = timezone.now()
        for cv, scored in changes:
            ContributedValue.objects.filter(pk=cv.pk).update(inputs=scored.inputs, self_points=scored.points, updated_at=now)
        if changes:
            audit.record_many(
                {
                    "action": "contribution.save",
                    "actor": actor,
                    "target": a,
                    "unit": a.submission.unit,
                    "old": {"code": cv.indicator.code, "inputs": cv.inputs},
                    "new": {"code": cv.indicator.code, "inputs": scored.inputs},
                    "interface": interface,
                }
                for cv, scored in changes
            )
    return len(changes)


def hand_in(*, actor, assignment: Assignment, interface: str = Interface.WEB) -> Assignment:
    """Every assigned indicator filled, the contributor hands them to the officer."""
    with transaction.atomic():
        a = _lock(assignment)
        empty = [cv.indicator.code for cv in a.values.select_related("indicator") if not cv.inputs]
        if empty and workflow.TRANSITIONS[(Kind.CONTRIBUTION, CA.HAND_IN)].allowed(actor, a):
            raise AssessmentError(_("Chưa nhập số liệu của chỉ số %(codes)s; chưa nộp.") % {"codes": ", ".join(empty)})
        return _move(a, CA.HAND_IN, actor=actor, interface=interface, extra_fields={"handed_in_at": timezone.now()})


def accept(*, actor, assignment: Assignment, interface: str = Interface.WEB) -> Assignment:
    """The contributor's figures become the province's values (the province's save: scoring,
    validation rules, the value's audit rows), their author kept in `contributed_by`."""
    with transaction.atomic():
        a = _lock(assignment)
        moved = _move(a, CA.ACCEPT, actor=actor, interface=interface, extra_fields={"decided_by": actor, "decided_at": timezone.now()})
        contributed = list(a.values.select_related("indicator", "indicator__main_index"))
        current = {
            v.indicator_id: v
            for v in IndicatorValue.objects.filter(submission=a.submission, indicator__in=[cv.indicator_id for cv in contributed])
        }
        by_main: dict = {}
        for cv in contributed:
            value = current[cv.indicator_id]
            by_main.setdefault(cv.indicator.main_index, {})[value.pk] = {"inputs": cv.inputs, "version": value.version}
        for main_index, rows in by_main.items():
            save_main_index(actor=actor, submission=a.submission, main_index=main_index, rows=rows, interface=interface)
        IndicatorValue.objects.filter(pk__in=[v.pk for v in current.values()]).update(contributed_by=a.contributor)
        audit.record_many(
            {
                "action": "value.contributed",
                "actor": actor,
                "target": value,
                "unit": a.submission.unit,
                "new": {"contributor": a.contributor_id, "contributor_name": a.contributor.display_name, "assignment": a.pk},
                "interface": interface,
            }
            for value in current.values()
        )
    return moved


def send_back(*, actor, assignment: Assignment, reason: str, interface: str = Interface.WEB) -> Assignment:
    """Back to the contributor, with the reason they read; the due date stays unless given anew."""
    reason = (reason or "").strip()
    if not reason:
        raise AssessmentError(_("Hãy ghi lý do trả lại."))
    if len(reason) > MAX_REASON:
        raise AssessmentError(_("Lý do tối đa %(n)s ký tự.") % {"n": MAX_REASON})
    with transaction.atomic():
        a = _lock(assignment)
        return _move(
            a, CA.SEND_BACK, actor=actor, reason=reason, interface=interface,
            extra_fields={"send_back_reason": reason, "decided_by": actor, "decided_at": timezone.now()},
        )
