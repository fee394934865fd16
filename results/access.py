"""Who sees which results, in one place.

- Published tables and profiles: everyone, no login.
- Provisional rankings of a round: its authority's reviewers, lead reviewers and admins.
- An officer: their own unit's final scores once signed off; its rank once published.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts import access
from accounts.models import RankingGroup
from assessments.models import Round

from .selectors import RankingRow, RankingTable, public_table


def get_public_table(year: int, group: str) -> RankingTable:
    if group not in RankingGroup.values:
        raise Http404
    table = public_table(year=year, ranking_group=group)
    if table is None:
        raise Http404
    return table


def get_public_row(table: RankingTable, code: str) -> RankingRow:
    row = table.row_for(code)
    if row is None:
        raise Http404
    return row


def get_round_for_staff(user, round_id: int, *, admin: bool = False) -> Round:
    """Provisional results: the round's authority's reviewers read, its admins act. Without
    the role anywhere: 403 (the round list is no secret); a round of an authority the user
    has no part in: 404 (issue 18: a province's provisional results are its own)."""
    if not (access.is_any_admin(user) if admin else access.is_any_reviewer(user)):
        raise PermissionDenied
    rnd = get_object_or_404(Round.objects.select_related("framework"), pk=round_id)
    if admin and not access.is_admin_of(user, rnd.authority_id) and access.is_reviewer_of(user, rnd.authority_id):
        raise PermissionDenied  # its reviewer, not its admin: as for a national reviewer
    if not (access.is_admin_of if admin else access.is_reviewer_of)(user, rnd.authority_id):
        raise Http404
    return rnd


def rounds_for_staff(user):
    """The rounds of the authorities the user reviews for (the provisional results' list)."""
    return Round.objects.filter(authority_id__in=access.authorities_reviewed_by(user))


def get_report_submission(user, pk: int):
    """A final submission whose report the user may read (results.report), else 404."""
    from assessments.models import Submission

    from .report import may_see_reconciliation

    submission = Submission.objects.select_related("unit", "round__framework").filter(pk=pk).first()
    if not may_see_reconciliation(user, submission):
        raise Http404
    return submission
