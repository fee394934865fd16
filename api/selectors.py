"""Reads for the API: a fixed number of queries whatever the number of rows."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils.translation import gettext as _

from accounts import access
from accounts.models import Unit, UnitKind
from assessments.models import Evidence, Framework, GeneralInfoValue, IndicatorValue, Round, Submission
from assessments.workflow import DRAFT_OWNED
from core.collation import by_name


def current_evidence():
    return Evidence.objects.filter(replaced_by__isnull=True, removed_at__isnull=True).order_by("uploaded_at", "id")


def framework_detail(code: str) -> Framework | None:
    return (
        Framework.objects.filter(code=code)
        .prefetch_related(
            "pillars", "general_info_items", "main_indices__pillars", "main_indices__group", "indicators__main_index"
        )
        .first()
    )


def units(*, ranking_group: str = "", kind: str = "", parent: str = ""):
    """Units with their parent's code and their lineage's codes: three queries for any number.
    An empty filter is no filter; a kind that does not exist is refused (ValueError with the
    field's message), an unknown group or parent code finds nothing."""
    qs = Unit.objects.select_related("parent").prefetch_related(
        Prefetch("predecessors", queryset=Unit.objects.order_by("code").only("code")),
        Prefetch("successors", queryset=Unit.objects.order_by("code").only("code")),
    )
    if kind and kind not in UnitKind.values:
        raise ValueError({"kind": [_("Không có loại đơn vị “%(kind)s”.") % {"kind": kind[:40]}]})
    filters = {"ranking_group": ranking_group, "kind": kind, "parent__code": parent}
    # By code, the key machines read, as the GSO lists are: a stable order whatever the
    # language or collation (people's lists are alphabetical: core.collation).
    return qs.filter(**{k: v for k, v in filters.items() if v}).order_by("ranking_group", "code")


def rounds_for(user):
    """The national rounds, as ever, for anyone signed in; a province's rounds (issue 18) for
    the people who hold a role in it, and for everyone once published."""
    from results.models import Publication

    published = Exists(Publication.objects.filter(round=OuterRef("pk"), is_active=True))
    return Round.objects.filter(Q(authority_id__in=access.authorities_seen_by(user)) | published)


def submissions_for(user):
    """The submissions of the units the user is an officer of, and, of the rounds of the
    authorities the user reviews for, every one once sent (the rule of assessments.access, as
    a filter: a draft is the province's own; another authority's round is not listed)."""
    qs = Submission.objects.select_related("round", "unit").order_by("-round__year", by_name("unit__name"))
    own = Q(unit_id__in=access.officer_unit_ids(user))
    reviewed = Q(round__authority_id__in=access.authorities_reviewed_by(user)) & ~Q(status__in=DRAFT_OWNED)
    return qs.filter(own | reviewed)


def with_rows(submission: Submission) -> Submission:
    """Attach the values (with current evidence) and general information for the detail."""
    submission.value_rows = list(
        IndicatorValue.objects.filter(submission=submission)
        .select_related("indicator", "indicator__main_index")
        .prefetch_related(Prefetch("evidence", queryset=current_evidence(), to_attr="current_evidence"))
        .order_by("indicator__order")
    )
    submission.general_info_rows = list(
        GeneralInfoValue.objects.filter(submission=submission).select_related("item").order_by("item__order")
    )
    return submission


def scores_visible(user, submission: Submission) -> bool:
    """Reviewed and final points: the round's reviewers always, the unit once signed off."""
    return access.is_reviewer_of(user, submission.round.authority_id) or submission.is_final
