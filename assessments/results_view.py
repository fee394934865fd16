"""The province's result, indicator by indicator: what the officer reads from sign-off on.

For every indicator of a signed-off (or published) submission: the self, reviewed and final
points, the reviewer's reason, the clarification thread, and what the unit lost against the
maximum and against the best unit of the round (the best final points of that indicator among
the round's units whose submissions are final).

Nothing here is read before sign-off (`workflow.FINAL`): a reviewer's adjustment in progress
is the reviewers' working state, not the province's result, so `final_result` returns None
and the pages show the self score only.

The clarification threads are the review app's models; this app may not import it
(pyproject.toml [tool.importlinter]), so they are read through the value's reverse relation.

Queries: four whatever the number of indicators or submissions (values, the best of the
round, clarifications, their messages).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db.models import Max, Prefetch
from django.utils.translation import gettext as _

from . import scoring, workflow
from .models import IndicatorValue, MainIndex, Submission, SubmissionStatus

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class IndicatorResult:
    value: IndicatorValue
    best_points: Decimal | None  # the best final points of the indicator in the round
    clarifications: list = field(default_factory=list)

    @property
    def indicator(self):
        return self.value.indicator

    @property
    def self_points(self) -> Decimal | None:
        return self.value.self_points

    @property
    def reviewed_points(self) -> Decimal | None:
        return self.value.reviewed_points

    @property
    def final_points(self) -> Decimal:
        return self.value.final_points if self.value.final_points is not None else ZERO

    @property
    def reason(self) -> str:
        return self.value.review_reason

    @property
    def adjusted(self) -> bool:
        """The reviewers changed the self score (a reason is then always recorded)."""
        return self.reviewed_points is not None and self.reviewed_points != self.self_points

    @property
    def lost_vs_max(self) -> Decimal:
        return scoring.round2(self.indicator.max_points - self.final_points)

    @property
    def lost_vs_best(self) -> Decimal:
        """How far below the round's best unit; zero for the best unit itself."""
        if self.best_points is None:
            return ZERO
        return scoring.round2(max(self.best_points - self.final_points, ZERO))


@dataclass
class MainIndexResult:
    main_index: MainIndex
    rows: list[IndicatorResult] = field(default_factory=list)

    def _sum(self, attr: str) -> Decimal:
        return scoring.sum_points([getattr(r, attr) or ZERO for r in self.rows])

    @property
    def self_points(self) -> Decimal:
        return self._sum("self_points")

    @property
    def final_points(self) -> Decimal:
        return self._sum("final_points")

    @property
    def lost_vs_max(self) -> Decimal:
        return self._sum("lost_vs_max")

    @property
    def lost_vs_best(self) -> Decimal:
        return self._sum("lost_vs_best")

    @property
    def adjusted(self) -> int:
        return sum(1 for r in self.rows if r.adjusted)


@dataclass
class SubmissionResult:
    submission: Submission
    mains: list[MainIndexResult]

    @cached_property  # read once per row of the entry page
    def by_value(self) -> dict[int, IndicatorResult]:
        return {r.value.pk: r for m in self.mains for r in m.rows}

    @property
    def rows(self) -> list[IndicatorResult]:
        return [r for m in self.mains for r in m.rows]

    @property
    def self_points(self) -> Decimal:
        return scoring.sum_points([m.self_points for m in self.mains])

    @property
    def final_points(self) -> Decimal:
        return scoring.sum_points([m.final_points for m in self.mains])

    @property
    def lost_vs_max(self) -> Decimal:
        return scoring.sum_points([m.lost_vs_max for m in self.mains])

    @property
    def lost_vs_best(self) -> Decimal:
        return scoring.sum_points([m.lost_vs_best for m in self.mains])

    @property
    def adjusted(self) -> int:
        return sum(m.adjusted for m in self.mains)


def read_only_banner(submission: Submission) -> str:
    """What the read-only banner of the province's pages says about a sent submission."""
    if submission.status == SubmissionStatus.PUBLISHED:
        return _("Đã công bố; số liệu chỉ để xem.")
    if submission.is_final:
        return _("Đã ký duyệt; số liệu chỉ để xem.")
    return _("Hồ sơ đã gửi; số liệu chỉ để xem.")


def _clarifications_prefetch() -> Prefetch:
    # The review app's models, reached through the relation (this app may not import review).
    clarification = IndicatorValue._meta.get_field("clarifications").related_model
    message = clarification._meta.get_field("messages").related_model
    return Prefetch(
        "clarifications",
        queryset=clarification.objects.select_related("asked_by", "closed_by")
        .prefetch_related(Prefetch("messages", queryset=message.objects.select_related("author")))
        .order_by("round_number", "asked_at", "id"),
    )


def final_results(submissions: Iterable[Submission], *, main_index: MainIndex | None = None) -> dict[int, SubmissionResult]:
    """The results of the given submissions that are final, by submission id (others are
    left out: nothing of a review in progress reaches the province)."""
    final = [s for s in submissions if s.status in workflow.FINAL]
    if not final:
        return {}
    values = IndicatorValue.objects.filter(submission__in=final)
    if main_index is not None:
        values = values.filter(indicator__main_index=main_index)
    values = list(
        values.select_related("indicator", "indicator__main_index")
        .prefetch_related(_clarifications_prefetch())
        .order_by("submission_id", "indicator__main_index__order", "indicator__order")
    )
    # One GROUP BY for the whole round: served by the values' (submission, indicator) unique
    # index joined to the submissions of the round's final statuses.
    best = {
        (row["submission__round_id"], row["indicator_id"]): row["best"]
        for row in IndicatorValue.objects.filter(
            submission__round_id__in={s.round_id for s in final},
            submission__status__in=workflow.FINAL,
            indicator_id__in={v.indicator_id for v in values},
        )
        .values("submission__round_id", "indicator_id")
        .annotate(best=Max("final_points"))
    }
    by_submission = {s.pk: s for s in final}
    out: dict[int, SubmissionResult] = {}
    for v in values:
        sub = by_submission[v.submission_id]
        result = out.setdefault(sub.pk, SubmissionResult(submission=sub, mains=[]))
        mi = v.indicator.main_index
        if not result.mains or result.mains[-1].main_index.pk != mi.pk:
            result.mains.append(MainIndexResult(main_index=mi))
        result.mains[-1].rows.append(
            IndicatorResult(
                value=v,
                best_points=best.get((sub.round_id, v.indicator_id)),
                clarifications=list(v.clarifications.all()),
            )
        )
    return out


def final_result(submission: Submission, *, main_index: MainIndex | None = None) -> SubmissionResult | None:
    """One submission's result (of one main index if given); None before sign-off."""
    return final_results([submission], main_index=main_index).get(submission.pk)
