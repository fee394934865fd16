"""What the contribution pages read: the officer's progress board, a contributor's list, the
access to one assignment (officer of its province; its own contributor; anyone else 404)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count
from django.http import Http404
from django.utils import timezone

from accounts import access

from .models import (
    Assignment,
    AssignmentStatus,
    ContributedEvidence,
    ContributedValue,
    GeneralInfoValue,
    IndicatorValue,
)

S = AssignmentStatus


def _assignments():
    return Assignment.objects.select_related(
        "submission", "submission__round", "submission__round__framework", "submission__unit", "contributor",
        "contributor__unit",
    ).annotate(n_indicators=Count("indicators", distinct=True), n_general=Count("general_info_items", distinct=True))


def assignment_for_officer(user, pk) -> Assignment:
    a = _assignments().filter(pk=pk).first()
    if a is None or not access.is_unit_officer(user, a.submission.unit_id):
        raise Http404
    return a


def assignment_for_contributor(user, pk) -> Assignment:
    a = _assignments().filter(pk=pk, contributor=user).first()
    if a is None or not access.is_contributor_of(user, a.submission.unit_id):
        raise Http404
    return a


def contributed_value(assignment, pk) -> ContributedValue:
    """One indicator of this assignment (404 for any other: another assignment's, a guess)."""
    cv = ContributedValue.objects.select_related("indicator").filter(pk=pk, assignment=assignment).first()
    if cv is None:
        raise Http404
    cv.assignment = assignment
    return cv


def contributed_evidence_for_user(user, pk) -> ContributedEvidence:
    """A contributed file: its own contributor's and the province's officers' (anyone else 404)."""
    ce = ContributedEvidence.objects.select_related(
        "contributed", "contributed__indicator", "contributed__assignment", "contributed__assignment__submission"
    ).filter(pk=pk).first()
    a = ce.contributed.assignment if ce else None
    own = a is not None and a.contributor_id == user.pk and access.is_contributor_of(user, a.submission.unit_id)
    if a is None or not (own or access.is_unit_officer(user, a.submission.unit_id)):
        raise Http404
    return ce


def current_evidence(values) -> dict[int, list[ContributedEvidence]]:
    """{contributed value id: its files not removed}, in one query."""
    out: dict[int, list] = {cv.pk: [] for cv in values}
    for ce in ContributedEvidence.objects.filter(contributed__in=list(out), removed_at__isnull=True):
        out[ce.contributed_id].append(ce)
    return out


def contributor_assignments(user) -> list[Assignment]:
    """The contributor's own assignments (of their province only), the open ones first."""
    rows = [a for a in _assignments().filter(contributor=user) if access.is_contributor_of(user, a.submission.unit_id)]
    return sorted(rows, key=lambda a: (a.status == S.ACCEPTED, a.due_at))


def open_holders(submission) -> dict[int, str]:
    """Who holds each indicator of an assignment not yet accepted (one contributor at a time,
    services.assign refuses a second): what the assignment form says beside that indicator."""
    rows = (
        Assignment.indicators.through.objects.filter(assignment__submission=submission)
        .exclude(assignment__status=S.ACCEPTED)
        .select_related("assignment__contributor")
    )
    return {r.indicator_id: r.assignment.contributor.display_name for r in rows}


@dataclass
class BoardRow:
    contributor: object
    assignments: list = field(default_factory=list)
    assigned: int = 0
    handed_in: int = 0
    accepted: int = 0
    overdue: int = 0


def board(submission, now=None) -> list[BoardRow]:
    """Per contributor: indicators assigned, handed in (awaiting or accepted), accepted, and
    the indicators of overdue assignments."""
    now = now or timezone.now()
    rows: dict[int, BoardRow] = {}
    for a in _assignments().filter(submission=submission).order_by("contributor__unit__name", "due_at"):
        row = rows.setdefault(a.contributor_id, BoardRow(contributor=a.contributor))
        a.overdue = a.is_overdue(now)  # the line the board marks "quá hạn"
        row.assignments.append(a)
        n = a.n_indicators + a.n_general  # indicators and general-information fields alike
        row.assigned += n
        row.handed_in += n if a.status in (S.HANDED_IN, S.ACCEPTED) else 0
        row.accepted += n if a.status == S.ACCEPTED else 0
        row.overdue += n if a.overdue else 0
    return list(rows.values())


def review_rows(assignment) -> list[dict]:
    """Each contributed value beside the province's current value, with the contributor's files."""
    contributed = list(assignment.values.select_related("indicator"))
    current = {
        v.indicator_id: v
        for v in IndicatorValue.objects.filter(submission=assignment.submission, indicator__in=[c.indicator_id for c in contributed])
    }
    files = current_evidence(contributed)
    return [
        {"contributed": c, "indicator": c.indicator, "current": current.get(c.indicator_id), "evidence": files[c.pk]}
        for c in contributed
    ]


def review_general_rows(assignment) -> list[dict]:
    """Each contributed general-information figure beside the province's current one."""
    contributed = list(assignment.general_values.select_related("item"))
    province = dict(
        GeneralInfoValue.objects.filter(submission=assignment.submission, item__in=[g.item_id for g in contributed])
        .values_list("item_id", "value")
    )
    return [{"contributed": g, "item": g.item, "current": province.get(g.item_id)} for g in contributed]
