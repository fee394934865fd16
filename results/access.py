"""Who sees which results, in one place.

- Published tables and profiles: everyone, no login; the national Authority's on the national
  pages, a provincial Authority's under its code (results.authorities).
- Provisional rankings of a round: reviewers, lead reviewers and admins.
- An officer: their own unit's final scores once signed off; its rank once published.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from accounts import access
from accounts.models import NATIONAL_CODE, Authority, RankingGroup
from assessments.models import Round

from .selectors import RankingRow, RankingTable, public_table


def get_public_authority(code: str | None) -> Authority | None:
    """The provincial Authority of a public page's URL, 404 for any other code; None (the
    national pages) when the URL names none. The national Authority has no prefix: its pages
    are the national ones."""
    if code is None:
        return None
    authority = Authority.objects.select_related("unit").filter(code=code, is_national=False).first()
    if authority is None:
        raise Http404
    return authority


def authority_from_param(code: str) -> Authority | None:
    """The authority a `?authority=<code>` filter names: None (national) when empty or the
    national code; a provincial Authority; ValueError with the field's message otherwise."""
    code = (code or "").strip()
    if not code or code == NATIONAL_CODE:
        return None
    authority = Authority.objects.select_related("unit").filter(code=code[:40], is_national=False).first()
    if authority is None or len(code) > 40:
        raise ValueError({"authority": [_("Không có cơ quan đánh giá “%(code)s”.") % {"code": code[:40]}]})
    return authority


def get_public_table(year: int, group: str, authority: Authority | None = None) -> RankingTable:
    if group not in RankingGroup.values:
        raise Http404
    table = public_table(year=year, ranking_group=group, authority=authority)
    if table is None:
        raise Http404
    return table


def get_public_row(table: RankingTable, code: str) -> RankingRow:
    row = table.row_for(code)
    if row is None:
        raise Http404
    return row


def get_round_for_staff(user, round_id: int, *, admin: bool = False) -> Round:
    """Provisional results: reviewers read, admins act. Others: 403 (the round list is no secret)."""
    if not (access.is_admin(user) if admin else access.is_reviewer(user)):
        raise PermissionDenied
    return get_object_or_404(Round.objects.select_related("framework"), pk=round_id)


def get_report_submission(user, pk: int):
    """A final submission whose report the user may read (results.report), else 404."""
    from assessments.models import Submission

    from .report import may_see_reconciliation

    submission = Submission.objects.select_related("unit", "round__framework").filter(pk=pk).first()
    if not may_see_reconciliation(user, submission):
        raise Http404
    return submission
