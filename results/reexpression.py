"""Published 63-unit history re-expressed on the 34 units of the 2025 merger.

A merged unit's figure for a year before the merger is the unweighted mean of its
predecessors' published figures of that year: the rule the 2024 round applied (DTI and every
main-index and pillar value are linear in the main-index values, so the mean of the published
DTIs is the DTI of the mean main-index values). Nothing here is stored: it is read from the
imported 63-unit results each time, so a corrected import corrects the re-expression too, and
every figure is marked re-expressed wherever it is shown.

A unit is re-expressed for a year only when every predecessor has a published DTI that year
(the mean of a part would misstate the unit); ranks only when all 34 units are re-expressed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from accounts.models import RankingGroup, Unit, UnitLineage
from assessments import ranking, scoring

from .models import PublishedResult


@dataclass
class ReexpressedResult:
    unit: Unit
    year: int
    framework_decision: str
    predecessors: list[Unit]
    dti: Decimal | None
    pillar_values: dict[str, Decimal | None] = field(default_factory=dict)
    main_values: dict[str, Decimal | None] = field(default_factory=dict)
    rank: int | None = None
    pillar_ranks: dict[str, int | None] = field(default_factory=dict)
    sources: tuple[str, ...] = ()  # the predecessors' published sources


def _decimals(values: dict) -> dict[str, Decimal]:
    return {k: Decimal(str(v)) for k, v in values.items() if v not in (None, "")}


def _mean(values: list[Decimal]) -> Decimal:
    return scoring.round4(sum(values, Decimal(0)) / len(values))


def _merged(predecessors: list[PublishedResult], successor: Unit, year: int) -> ReexpressedResult:
    mains = scoring.merge_main_index_values([_decimals(r.main_values) for r in predecessors])
    pillars = scoring.merge_main_index_values(
        [_decimals({**r.computed_pillar_values, **r.pillar_values}) for r in predecessors]
    )
    return ReexpressedResult(
        unit=successor,
        year=year,
        framework_decision=predecessors[0].framework_decision,
        predecessors=[r.unit for r in predecessors],
        dti=_mean([r.best_dti for r in predecessors]),
        main_values={k: scoring.round4(v) for k, v in mains.items()},
        pillar_values={k: scoring.round4(v) for k, v in pillars.items()},
        sources=tuple(dict.fromkeys(r.source for r in predecessors if r.source)),
    )


def _rank(results: dict[int, ReexpressedResult], group_size: int) -> None:
    if len(results) != group_size:
        return
    for unit_id, rank in ranking.competition_ranks({u: r.dti for u, r in results.items()}).items():
        results[unit_id].rank = rank
    codes = {code for r in results.values() for code in r.pillar_values}
    for code in codes:
        values = {u: r.pillar_values.get(code) for u, r in results.items()}
        if all(v is not None for v in values.values()):
            for unit_id, rank in ranking.competition_ranks(values).items():
                results[unit_id].pillar_ranks[code] = rank


def reexpressed_results(*, years=None, unit: Unit | None = None) -> dict[int, dict[int, ReexpressedResult]]:
    """{year: {34-unit id: result}} for the years (all by default) whose 34-unit figures were
    not published. `unit` narrows the answer to one merged unit (ranks then need its whole
    year, so they are computed over all units all the same). Five queries, whatever the size."""
    links = UnitLineage.objects.filter(
        successor__ranking_group=RankingGroup.PROVINCES_34, predecessor__ranking_group=RankingGroup.PROVINCES_63
    ).values_list("successor_id", "predecessor_id")
    predecessors_of: dict[int, list[int]] = defaultdict(list)
    for successor_id, predecessor_id in links:
        predecessors_of[successor_id].append(predecessor_id)
    if not predecessors_of:
        return {}
    published = PublishedResult.objects.filter(ranking_group=RankingGroup.PROVINCES_63).select_related("unit")
    if years is not None:
        published = published.filter(year__in=list(years))
    old: dict[int, dict[int, PublishedResult]] = defaultdict(dict)
    for result in published:
        old[result.year][result.unit_id] = result
    if not old:
        return {}
    own_years = set(
        PublishedResult.objects.filter(ranking_group=RankingGroup.PROVINCES_34, year__in=list(old)).values_list(
            "year", flat=True
        )
    )
    successors = Unit.objects.in_bulk(list(predecessors_of))
    group_size = Unit.objects.filter(ranking_group=RankingGroup.PROVINCES_34).count()
    out: dict[int, dict[int, ReexpressedResult]] = {}
    for year, results in old.items():
        if year in own_years:
            continue  # the year's 34-unit figures were published: those are the ones shown
        merged = {}
        for successor_id, predecessor_ids in predecessors_of.items():
            rows = [results.get(p) for p in sorted(predecessor_ids)]
            if all(r is not None and r.best_dti is not None for r in rows):
                merged[successor_id] = _merged(rows, successors[successor_id], year)
        _rank(merged, group_size)
        if unit is not None:
            merged = {k: v for k, v in merged.items() if k == unit.pk}
        if merged:
            out[year] = merged
    return out
