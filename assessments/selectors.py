"""Reads that span relations, for pages. Writes live in services.py.

Each page reads a fixed number of queries whatever the number of indicators: values come with
their indicator in one query, evidence counts are annotated, last year's values are one query.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from accounts import access
from accounts.models import Unit
from core.collation import by_name

from . import scoring, workflow
from .framework_loader import engine_structure
from .models import (
    Evidence,
    EvidenceRequirement,
    GeneralInfoValue,
    IndicatorValue,
    MainIndex,
    Round,
    RoundPhase,
    Submission,
    SubmissionStatus,
)


def officer_home_context(user) -> dict:
    """The officer's submissions: their province's, and (issue 18) those of the units they are
    a provincial round's officer for."""
    submissions = (
        Submission.objects.filter(unit_id__in=access.officer_unit_ids(user))
        .select_related("round", "round__framework")
        .order_by("-round__year")
    )
    return {"unit": user.unit, "submissions": submissions}


def leader_home_context(user) -> dict:
    """A province leader's landing: what awaits their approval first, then the province's other
    submissions (newest round first)."""
    submissions = (
        Submission.objects.filter(unit_id=user.unit_id).select_related("round", "round__framework", "unit")
        .order_by("-round__year", "pk")
    )
    awaiting = [s for s in submissions if s.status == SubmissionStatus.AWAITING_APPROVAL]
    return {"awaiting": awaiting, "others": [s for s in submissions if s not in awaiting]}


def reviewer_home_context(user) -> dict:
    reviewed = Round.objects.filter(authority_id__in=access.authorities_reviewed_by(user))
    rounds = reviewed.select_related("framework").annotate(
        n_units=Count("submissions"),
        n_waiting=Count(
            "submissions",
            filter=Q(submissions__status__in=workflow.IN_REVIEW),
        ),
        # Signed off or published: a published round still counts its sign-offs.
        n_signed=Count("submissions", filter=Q(submissions__status__in=workflow.FINAL)),
    )
    return {"rounds": rounds}


# --- Last year ------------------------------------------------------------------------------


def previous_submissions(submission: Submission) -> list[Submission]:
    """Last year's submission of the same unit; failing that, those of its predecessors
    (a unit formed by a merger has no history of its own). One query."""
    unit = submission.unit
    candidates = list(
        Submission.objects.filter(round__year=submission.round.year - 1)
        .filter(Q(unit=unit) | Q(unit__in=Unit.objects.filter(lineage_as_predecessor__successor=unit)))
        .select_related("unit", "round")
        .order_by(by_name("unit__name"))
    )
    own = [s for s in candidates if s.unit_id == unit.pk]
    return own or candidates


@dataclass(frozen=True)
class PreviousValue:
    unit_name: str | None  # None for the unit itself, a name for a predecessor
    indicator: object
    inputs: dict
    points: Decimal | None
    points_final: bool


def previous_values(previous: list[Submission], codes, *, unit_id: int) -> dict[str, list[PreviousValue]]:
    """Last year's values by indicator code (frameworks change; the code is the link).
    A predecessor's values carry its name; the unit's own do not."""
    if not previous:
        return {}
    out: dict[str, list[PreviousValue]] = defaultdict(list)
    rows = (
        IndicatorValue.objects.filter(submission__in=previous, indicator__code__in=list(codes))
        .select_related("indicator", "submission__unit")
        .order_by(by_name("submission__unit__name"))
    )
    for v in rows:
        final = v.final_points is not None
        out[v.indicator.code].append(
            PreviousValue(
                unit_name=None if v.submission.unit_id == unit_id else v.submission.unit.name,
                indicator=v.indicator,
                inputs=v.inputs or {},
                points=v.final_points if final else v.self_points,
                points_final=final,
            )
        )
    return out


# --- Overview -------------------------------------------------------------------------------


@dataclass
class MainIndexProgress:
    main_index: MainIndex
    total: int = 0
    filled: int = 0
    evidence_required: int = 0
    evidence_attached: int = 0
    points: Decimal = Decimal(0)
    previous: list = field(default_factory=list)  # [(unit name or None, points)]

    @property
    def value(self):
        return scoring.round4(self.points / self.main_index.max_points) if self.main_index.is_scored else None

    @property
    def complete(self) -> bool:
        return self.filled == self.total and self.evidence_attached == self.evidence_required


def overview_context(submission: Submission) -> dict:
    framework = submission.round.framework
    main_indices = list(framework.main_indices.order_by("order"))
    progress = {m.pk: MainIndexProgress(main_index=m) for m in main_indices}
    with_evidence = set(
        Evidence.objects.filter(value__submission=submission, replaced_by__isnull=True, removed_at__isnull=True).values_list(
            "value_id", flat=True
        )
    )
    points_by_code: dict[str, list[Decimal]] = defaultdict(list)
    for v in IndicatorValue.objects.filter(submission=submission).select_related("indicator"):
        p = progress[v.indicator.main_index_id]
        p.total += 1
        if v.self_points is not None:
            p.filled += 1
            points_by_code[p.main_index.code].append(v.self_points)
        if v.indicator.evidence == EvidenceRequirement.REQUIRED and not v.indicator.automatic:
            p.evidence_required += 1
            p.evidence_attached += v.pk in with_evidence
    for p in progress.values():
        p.points = scoring.sum_points(points_by_code.get(p.main_index.code, []))
    structure = engine_structure(framework)
    result = scoring.unit_result_from_points(
        structure, {code: scoring.sum_points(pts) for code, pts in points_by_code.items()}
    )

    previous = previous_submissions(submission)
    prev_points: dict[tuple[int, str], list[Decimal]] = defaultdict(list)
    prev_rows = IndicatorValue.objects.filter(submission__in=previous).values_list(
        "submission_id", "indicator__main_index__code", "final_points", "self_points"
    )
    for sub_id, code, final, own in prev_rows:
        pts = final if final is not None else own
        if pts is not None:
            prev_points[(sub_id, code)].append(pts)
    for p in progress.values():
        for prev in previous:
            if (prev.pk, p.main_index.code) in prev_points:
                name = None if prev.unit_id == submission.unit_id else prev.unit.name
                p.previous.append((name, scoring.sum_points(prev_points[(prev.pk, p.main_index.code)])))
    gi_missing = GeneralInfoValue.objects.filter(submission=submission, value__isnull=True).count()
    return {
        "progress": [progress[m.pk] for m in main_indices],
        "total_points": result.points,
        "dti": scoring.round4(result.dti),
        "previous": previous,
        "general_info_missing": gi_missing,
        "now": timezone.now(),
    }


# --- Entry page -----------------------------------------------------------------------------


def entry_values(submission: Submission, main_index: MainIndex, *, only=None):
    """Values of one main index with their indicator and the count of current evidence
    (`only`: these value ids, e.g. the one row a row's save answers with)."""
    values = IndicatorValue.objects.filter(submission=submission, indicator__main_index=main_index)
    if only is not None:
        values = values.filter(pk__in=only)
    return list(
        values
        .select_related("indicator")
        .annotate(
            n_evidence=Count("evidence", filter=Q(evidence__replaced_by__isnull=True, evidence__removed_at__isnull=True))
        )
        .order_by("indicator__order")
    )


def general_info_values(submission: Submission):
    return list(GeneralInfoValue.objects.filter(submission=submission).select_related("item").order_by("item__order"))


def general_info_name(submission: Submission, code: str) -> str:
    """The name of one general-information item of the submission's framework (its code if none)."""
    item = submission.round.framework.general_info_items.filter(code=code).values_list("name_vi", flat=True).first()
    return item or code


def evidence_page_context(value: IndicatorValue) -> dict:
    """Current files of one value, each with the files it replaced (the history)."""
    all_files = list(
        Evidence.objects.filter(value=value).select_related("uploaded_by").order_by("uploaded_at", "id")
    )
    by_pk = {e.pk: e for e in all_files}
    # Each file's chain walked once to its current end (memoised): walking it afresh from every
    # old version cost n²/2 steps for a file replaced n times.
    head_of: dict[int, int] = {}

    def head(e: Evidence) -> int:
        path, seen = [], set()
        while e.replaced_by_id in by_pk and e.pk not in head_of and e.pk not in seen:
            seen.add(e.pk)
            path.append(e.pk)
            e = by_pk[e.replaced_by_id]
        end = head_of.get(e.pk, e.pk)
        head_of.update(dict.fromkeys(path, end))
        return end

    replaced: dict[int, list[Evidence]] = defaultdict(list)
    for e in all_files:
        if e.replaced_by_id:
            replaced[head(e)].append(e)
    current = [e for e in all_files if e.is_current]
    for e in current:
        e.history = sorted(replaced.get(e.pk, []), key=lambda x: x.uploaded_at, reverse=True)
    removed = [e for e in all_files if e.removed_at is not None]
    return {"current": current, "removed": removed}


def round_list(user, now=None) -> list[Round]:
    """Every round of the authorities the user administers, with its units, those sent, and its
    phase (from the drafts and published ones it counts: workflow.round_phase reads no other
    status). One query."""
    now = now or timezone.now()
    S = workflow.S
    rounds = list(
        Round.objects.filter(authority_id__in=access.authorities_administered_by(user)).select_related("framework").annotate(
            n_units=Count("submissions"),
            n_submitted=Count("submissions", filter=Q(submissions__status__in=workflow.SENT)),
            n_draft=Count("submissions", filter=Q(submissions__status__in=workflow.DRAFT_OWNED)),
            n_published=Count("submissions", filter=Q(submissions__status=S.PUBLISHED)),
        )
    )
    for rnd in rounds:
        phase = workflow.round_phase(rnd, {S.DRAFT: rnd.n_draft, S.PUBLISHED: rnd.n_published}, now)
        rnd.phase_label = RoundPhase(phase).label
    return rounds


def round_submissions(rnd: Round):
    return Submission.objects.filter(round=rnd).select_related("unit").order_by(by_name("unit__name"))


# The values a province fills in: what "entered" counts on the admins' round page.
_TO_ENTER = Q(values__indicator__automatic=False, values__indicator__max_points__gt=0)


def round_page_context(rnd: Round, now=None) -> dict:
    """The admins' round page: its state (services.round_state), every unit with how much of
    its draft it entered (the close-out choice reads it) and its self-assessed total. Three
    queries whatever the number of units."""
    from .services.rounds import round_state

    now = now or timezone.now()
    submissions = list(
        round_submissions(rnd).annotate(
            n_to_enter=Count("values", filter=_TO_ENTER),
            n_entered=Count("values", filter=_TO_ENTER & Q(values__self_points__isnull=False)),
            self_total=Sum("values__self_points"),
        )
    )
    for sub in submissions:
        sub.round = rnd  # the deadline reads the round: no query per row
        sub.may_close_out = workflow.may_close_out(sub, now)
    return {"round": rnd, "state": round_state(rnd, now), "submissions": submissions, "now": now}



def close_out_summary(submission: Submission) -> dict:
    """What a unit that did not submit entered, for the admin's choice: how many of the values
    to fill in, and the self-assessed total that "scored as is" would rank. Counts only: none
    of its figures or files."""
    return Submission.objects.filter(pk=submission.pk).aggregate(
        n_to_enter=Count("values", filter=_TO_ENTER),
        n_entered=Count("values", filter=_TO_ENTER & Q(values__self_points__isnull=False)),
        self_total=Sum("values__self_points"),
    )
