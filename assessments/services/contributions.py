"""Contributions (issue 17): the officer assigns indicators of the province's draft to a
contributor of one of its departments or communes (with general-information fields, or those
alone); the contributor types their figures, attaches evidence with citations
(contribution_evidence) and hands them in; the officer accepts them (they become the province's values, through the
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
from ..models import (
    Assignment,
    AssignmentStatus,
    ContributedGeneralInfo,
    ContributedValue,
    GeneralInfoItem,
    GeneralInfoValue,
    Indicator,
    IndicatorValue,
    Submission,
)
from ..workflow import ContributionAction as CA
from ..workflow import Kind
from .checks import check_unit_officer, general_info_map, lock_submission
from .contribution_evidence import accept_evidence, check_contributor_may_edit
from .entry import _general_value, save_general_info, save_main_index, score_inputs
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


def _open_general_item_ids(submission: Submission) -> set[int]:
    """The same rule for general-information fields: one contributor at a time."""
    return set(
        Assignment.general_info_items.through.objects.filter(assignment__submission=submission)
        .exclude(assignment__status=AssignmentStatus.ACCEPTED)
        .values_list("generalinfoitem_id", flat=True)
    )


def assign(
    *, actor, submission: Submission, contributor: User, indicators: Iterable[Indicator], due_at, note: str = "",
    general_items: Iterable[GeneralInfoItem] = (), interface: str = Interface.WEB,
) -> Assignment:
    """Give these indicators and general-information fields of the draft to the contributor;
    their figures start from the province's current ones."""
    indicators, general_items = list(indicators), list(general_items)
    note = (note or "").strip()
    with transaction.atomic():
        sub = lock_submission(submission)
        check_unit_officer(actor, sub)
        if not access.is_contributor_of(contributor, sub.unit_id):
            raise AssessmentError(_("Chỉ giao được cho tài khoản đóng góp của đơn vị trực thuộc tỉnh."))
        if not indicators and not general_items:
            raise AssessmentError(_("Hãy chọn ít nhất một chỉ số hoặc một mục thông tin chung để giao."))
        if any(i.framework_id != sub.round.framework_id for i in [*indicators, *general_items]):
            raise AssessmentError(_("Dữ liệu gửi lên không thuộc hồ sơ này."))
        automatic = [i.code for i in indicators if i.automatic]
        if automatic:
            raise AssessmentError(_("Chỉ số %(code)s được đo tự động; không thể giao.") % {"code": automatic[0]})
        taken = sorted(i.code for i in indicators if i.pk in _open_indicator_ids(sub))
        if taken:
            raise AssessmentError(_("Chỉ số %(codes)s đang được giao cho đơn vị khác.") % {"codes": ", ".join(taken)})
        taken = sorted(g.code for g in general_items if g.pk in _open_general_item_ids(sub))
        if taken:
            raise AssessmentError(
                _("Mục thông tin chung %(codes)s đang được giao cho đơn vị khác.") % {"codes": ", ".join(taken)}
            )
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
        assignment.general_info_items.set(general_items)
        province_gi = dict(GeneralInfoValue.objects.filter(submission=sub, item__in=general_items).values_list("item_id", "value"))
        ContributedGeneralInfo.objects.bulk_create(
            [ContributedGeneralInfo(assignment=assignment, item=g, value=province_gi.get(g.pk)) for g in general_items]
        )
        if general_items:
            audit.record(
                action="contribution.general_info_assigned", actor=actor, target=assignment, unit=sub.unit,
                new={"codes": [g.code for g in general_items]}, interface=interface,
            )
        return _move(assignment, CA.ASSIGN, actor=actor, reason=note, interface=interface)


def _lock(assignment: Assignment) -> Assignment:
    locked = Assignment.objects.select_for_update().select_related("submission", "submission__round", "submission__unit").get(
        pk=assignment.pk
    )
    return locked


def save_contribution(
    *, actor, assignment: Assignment, rows: Mapping[int, Mapping[str, Any]], general: Mapping[int, Any] | None = None,
    interface: str = Interface.WEB,
) -> int:
    """The contributor's figures: `rows` maps a ContributedValue id to {"inputs": {field: raw}},
    `general` a ContributedGeneralInfo id to the typed figure (read as the province's general
    information is: by the item's kind, "42.000" in a count is 42000). A row not of this
    assignment → AssessmentError, nothing saved; invalid → ValidationFailed (general rows' keys
    are "g<id>"). Returns how many rows changed."""
    general = general or {}
    with transaction.atomic():
        a = _lock(assignment)
        check_contributor_may_edit(actor, a)
        values = {cv.pk: cv for cv in a.values.select_related("indicator")}
        general_values = {g.pk: g for g in a.general_values.select_related("item")}
        if any(pk not in values for pk in rows) or any(pk not in general_values for pk in general):
            raise AssessmentError(_("Dữ liệu gửi lên không thuộc việc được giao."))
        errors, general_changes = {}, []
        for pk, raw in general.items():
            new, problem = _general_value(a.submission, general_values[pk], raw)
            if problem:
                errors[f"g{pk}"] = {"value": problem}
            elif new != general_values[pk].value:
                general_changes.append((general_values[pk], new))
        # The contributor's own general information scores their ratios, as it will once accepted.
        gi = general_info_map(a.submission)
        gi.update({g.item.code: g.value for g in general_values.values()})
        gi.update({g.item.code: new for g, new in general_changes})
        changes = []
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
        for g, new in general_changes:
            ContributedGeneralInfo.objects.filter(pk=g.pk).update(value=new, updated_at=now)
        audit.record_many(
            {
                "action": "contribution.general_info_save",
                "actor": actor,
                "target": a,
                "unit": a.submission.unit,
                "old": {"code": g.item.code, "value": g.value},
                "new": {"code": g.item.code, "value": new},
                "interface": interface,
            }
            for g, new in general_changes
        )
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
    return len(changes) + len(general_changes)


def hand_in(*, actor, assignment: Assignment, interface: str = Interface.WEB) -> Assignment:
    """Every assigned indicator filled, the contributor hands them to the officer."""
    with transaction.atomic():
        a = _lock(assignment)
        empty = [cv.indicator.code for cv in a.values.select_related("indicator") if not cv.inputs]
        empty += [g.item.code for g in a.general_values.select_related("item") if g.value is None]
        if empty and workflow.TRANSITIONS[(Kind.CONTRIBUTION, CA.HAND_IN)].allowed(actor, a):
            raise AssessmentError(_("Chưa nhập số liệu của chỉ số %(codes)s; chưa nộp.") % {"codes": ", ".join(empty)})
        return _move(a, CA.HAND_IN, actor=actor, interface=interface, extra_fields={"handed_in_at": timezone.now()})


def accept(*, actor, assignment: Assignment, interface: str = Interface.WEB) -> Assignment:
    """The contributor's figures become the province's values (the province's save: scoring,
    validation rules, the value's audit rows), their author kept in `contributed_by`; their
    general information becomes the province's (first: the ratios it is the denominator of
    are scored with it); their evidence becomes the province's evidence on those values."""
    with transaction.atomic():
        a = _lock(assignment)
        moved = _move(a, CA.ACCEPT, actor=actor, interface=interface, extra_fields={"decided_by": actor, "decided_at": timezone.now()})
        _accept_general_info(actor=actor, assignment=a, interface=interface)
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
        accept_evidence(actor=actor, assignment=a, values=current, interface=interface)
    return moved


def _accept_general_info(*, actor, assignment: Assignment, interface: str) -> None:
    """The contributed general information through the province's own save (bounds, the
    validation rules, the rescoring of the ratios that divide by it, its audit rows)."""
    contributed = {g.item_id: g for g in assignment.general_values.select_related("item")}
    if not contributed:
        return
    province = GeneralInfoValue.objects.filter(submission=assignment.submission, item_id__in=contributed)
    rows = {gv.pk: {"value": contributed[gv.item_id].value, "version": gv.version} for gv in province}
    save_general_info(actor=actor, submission=assignment.submission, rows=rows, interface=interface)
    audit.record_many(
        {
            "action": "general_info.contributed",
            "actor": actor,
            "target": gv,
            "unit": assignment.submission.unit,
            "new": {"code": contributed[gv.item_id].item.code, "value": contributed[gv.item_id].value,
                    "contributor": assignment.contributor_id, "contributor_name": assignment.contributor.display_name,
                    "assignment": assignment.pk},
            "interface": interface,
        }
        for gv in province
    )


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
