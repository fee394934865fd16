"""ORM glue between the database and the pure scoring engine.

Arithmetic lives in `assessments.scoring` and `assessments.ranking`; this module only reads
rows, turns them into the engine's inputs and the engine's outputs into plain dicts.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Sum
from django.db.models.functions import Coalesce

from accounts.models import PROVINCIAL_GROUPS, RankingGroup, Unit, UnitLineage
from assessments import ranking, scoring
from assessments.framework_loader import engine_structure
from assessments.models import Framework, IndicatorValue, Round
from assessments.scoring import FrameworkStructure, UnitResult, round4
from assessments.workflow import FINAL

# Only final results count: final points are fixed at sign-off.
COUNTED_STATUSES = FINAL


def structure_for(framework: Framework) -> FrameworkStructure:
    """The engine's view of a framework (main indices with max points and pillar tags)."""
    return engine_structure(framework)


def fmt4(value: Decimal | None) -> str | None:
    """A value as stored in snapshots and shown: 4 decimals, half-up."""
    value = round4(value)
    # str() of a value quantized to 4 places is its 4-decimal form ("0.5000", never an
    # exponent), at a third of the cost of format(): 13 values per unit.
    return None if value is None else str(value)


class UnitRef(NamedTuple):
    """What a snapshot needs of a unit: read as three columns, not as a model instance."""

    pk: int
    code: str
    ranking_group: str


@dataclass
class UnitPoints:
    """A unit's final (and self-assessed) points in a round, per main index and indicator."""

    unit: Unit | UnitRef
    by_main: dict[str, Decimal] = field(default_factory=dict)
    by_indicator: dict[str, Decimal] = field(default_factory=dict)
    final_total: Decimal = Decimal(0)
    self_total: Decimal = Decimal(0)


def round_points(rnd: Round, *, unit_ids=None) -> dict[int, UnitPoints]:
    """Final points of every signed-off (or published) submission of a round, in one query."""
    values = IndicatorValue.objects.filter(
        submission__round=rnd, submission__status__in=COUNTED_STATUSES
    ).select_related("submission__unit", "indicator__main_index")
    if unit_ids is not None:
        values = values.filter(submission__unit_id__in=unit_ids)
    out: dict[int, UnitPoints] = {}
    for v in values.order_by("submission__unit_id", "indicator__order"):
        unit = v.submission.unit
        up = out.setdefault(unit.pk, UnitPoints(unit=unit))
        points = v.final_points if v.final_points is not None else Decimal(0)
        code = v.indicator.main_index.code
        up.by_main[code] = up.by_main.get(code, Decimal(0)) + points
        up.by_indicator[v.indicator.code] = points
        up.final_total += points
        up.self_total += v.self_points or Decimal(0)
    return out


def round_main_points(rnd: Round) -> dict[int, UnitPoints]:
    """Σ final (and self-assessed) points per unit and main index of a round's counted
    submissions, summed by the database: two queries whatever the number of units and
    indicators, and only units × main indices rows cross the wire (not units × indicators).
    The same sums as `round_points` (SUM skips NULL, which counts as 0 there)."""
    sums = (
        IndicatorValue.objects.filter(submission__round=rnd, submission__status__in=COUNTED_STATUSES)
        .values_list("submission__unit_id", "indicator__main_index__code")
        .annotate(final=Sum("final_points"), own=Sum("self_points"))
        .order_by()
    )
    # A second query rather than two more GROUP BY columns: grouping on the unit's code and
    # group as well makes the aggregate slower than this query costs.
    counted = Unit.objects.filter(submissions__round=rnd, submissions__status__in=COUNTED_STATUSES).order_by()
    units = {pk: UnitRef(pk, code, group) for pk, code, group in counted.values_list("pk", "code", "ranking_group")}
    out: dict[int, UnitPoints] = {}
    for unit_id, code, final, own in sums:
        up = out.get(unit_id)
        if up is None:
            up = out[unit_id] = UnitPoints(unit=units[unit_id])
        final = final if final is not None else Decimal(0)
        up.by_main[code] = final
        up.final_total += final
        up.self_total += own or Decimal(0)
    return out


def _entry(result: UnitResult, ranks: ranking.UnitRanks, unit: Unit | UnitRef, group: str, **extra) -> dict:
    return {
        "unit_id": unit.pk,
        "unit_code": unit.code,
        "ranking_group": group,
        "dti": fmt4(result.dti),
        "dti_rank": ranks.dti,
        "pillar_values": {k: fmt4(v) for k, v in result.pillars.items()},
        "pillar_ranks": dict(ranks.pillars),
        "main_values": {k: fmt4(v) for k, v in result.main_indices.items() if v is not None},
        "main_ranks": {k: r for k, r in ranks.main_indices.items() if r is not None},
        **extra,
    }


def compute_round(rnd: Round) -> list[dict]:
    """Every entry of a round's snapshot, as plain dicts, deterministic in content and order.

    Units are ranked within their own ranking group; a round over the 63 old provinces is also
    re-expressed on the 34 merged units (merged main-index values = unweighted mean of the
    predecessors', then aggregated — `scoring.merged_unit_result`).
    """
    structure = structure_for(rnd.framework)
    points = round_main_points(rnd)
    by_group: dict[str, list[tuple[UnitRef, UnitResult, UnitPoints]]] = defaultdict(list)
    # A provincial authority's departments and communes have no group of their own (only
    # assessed provinces and ministries do): its round ranks them all in the round's group.
    own_group = rnd.ranking_group in PROVINCIAL_GROUPS
    for up in points.values():
        result = scoring.unit_result_from_points(structure, up.by_main, unit=up.unit.code)
        by_group[rnd.ranking_group if own_group else up.unit.ranking_group].append((up.unit, result, up))

    entries: list[dict] = []
    for group, rows in sorted(by_group.items()):
        ranks = ranking.rank_unit_results(r for _, r, _ in rows)
        for unit, result, up in rows:
            entries.append(
                _entry(
                    result, ranks[unit.code], unit, group,
                    self_points=str(up.self_total), final_points=str(up.final_total),
                )
            )

    old = {unit.pk: result for unit, result, _ in by_group.get(RankingGroup.PROVINCES_63, [])}
    if old:
        entries.extend(_merged_entries(structure, old))
    previous: dict[str, dict[int, int]] = {}
    for entry in entries:
        group = entry["ranking_group"]
        if group not in previous:
            previous[group] = previous_ranks(year=rnd.year - 1, ranking_group=group)
        entry["rank_change"] = ranking.rank_change(previous[group].get(entry["unit_id"]), entry["dti_rank"])
    entries.sort(key=lambda e: (e["ranking_group"], e["dti_rank"] is None, e["dti_rank"] or 0, e["unit_code"]))
    return entries


def previous_ranks(*, year: int, ranking_group: str) -> dict[int, int]:
    """Published DTI ranks of a year ({unit_id: rank}): the active publication of a portal
    round if there is one, else imported published history."""
    from .models import PublishedResult, SnapshotEntry

    # Ordered by rank only: the default ordering would join the units to sort by name. The
    # order matters only if two published rounds rank the same unit (a 63-round's merger
    # re-expression and a 34-round of one year): the worse rank wins, as before.
    entries = (
        SnapshotEntry.objects.filter(
            snapshot__publications__is_active=True,
            snapshot__round__year=year,
            ranking_group=ranking_group,
            dti_rank__isnull=False,
        )
        .values_list("unit_id", "dti_rank")
        .order_by("dti_rank")
    )
    ranks = dict(entries)
    if ranks or ranking_group in PROVINCIAL_GROUPS:  # imported history is national only
        return ranks
    # One row per unit (unique year, group and unit): no ordering needed.
    history = (
        PublishedResult.objects.filter(year=year, ranking_group=ranking_group)
        .annotate(best=Coalesce("rank", "computed_rank"))  # PublishedResult.best_rank
        .filter(best__isnull=False)
        .values_list("unit_id", "best")
        .order_by()
    )
    return dict(history)


def _merged_entries(structure: FrameworkStructure, old: dict[int, UnitResult]) -> list[dict]:
    # Every link of every merged unit that has a predecessor among the 63, in one query: the
    # lineage is a few dozen rows, where a filter on `old` would send thousands of unit ids.
    links = UnitLineage.objects.filter(
        successor__in=UnitLineage.objects.filter(predecessor__ranking_group=RankingGroup.PROVINCES_63).values(
            "successor"
        )
    ).values_list("successor_id", "successor__code", "successor__ranking_group", "predecessor_id")
    predecessors: dict[UnitRef, set[int]] = defaultdict(set)
    for successor_id, code, group, predecessor_id in links.order_by():
        predecessors[UnitRef(successor_id, code, group)].add(predecessor_id)
    rows = []
    for unit, preds in predecessors.items():
        # A merged unit is computed only when every predecessor has a final result: a mean
        # over some of them would be a different (misleading) number.
        if not preds <= old.keys():
            continue
        result = scoring.merged_unit_result(structure, [old[p].main_indices for p in sorted(preds)], unit=unit.code)
        rows.append((unit, result))
    ranks = ranking.rank_unit_results(r for _, r in rows)
    return [_entry(result, ranks[unit.code], unit, RankingGroup.PROVINCES_34) for unit, result in rows]


def entries_json(entries: list[dict]) -> str:
    """The entries as JSON with sorted keys: what the content hash is taken of, and what the
    snapshot's insert unpacks (one serialisation for both)."""
    return json.dumps(entries, sort_keys=True, separators=(",", ":"), default=str)


def content_hash(entries_json: str) -> str:
    """Same final scores → same hash: how a recompute knows it changed nothing."""
    return hashlib.sha256(entries_json.encode()).hexdigest()
