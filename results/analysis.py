"""A unit's profile: charts data, gap analysis and what-if, all through the scoring engine."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F, Q

from assessments import ranking, scoring
from assessments.models import Indicator, IndicatorValue

from . import partial
from .engine import COUNTED_STATUSES, round_points, structure_for
from .selectors import RankingRow, RankingTable

ZERO = Decimal(0)


def best_row(table: RankingTable) -> RankingRow | None:
    ranked = [r for r in table.rows if r.rank is not None]
    return min(ranked, key=lambda r: (r.rank, r.unit.name)) if ranked else None


def radar_data(table: RankingTable, row: RankingRow) -> dict | None:
    """Main indices of the unit against the national average and the best unit (Chart.js)."""
    columns = [c for c in table.main_columns if row.main_values.get(c.code) is not None]
    if not columns:
        return None
    best = best_row(table)
    if best is not None and not any(best.main_values.get(c.code) is not None for c in columns):
        best = None  # the best-ranked unit published no main-index value: no line of zeros
    average = table.average_main()

    def series(values):
        return [float(values.get(c.code) or 0) for c in columns]

    return {
        "labels": [c.name for c in columns],
        "unit": series(row.main_values),
        "average": series(average),
        # The average's base: on partial history, the few units with main-index values.
        "average_label": table.average_label(table.average_main_base),
        "best": series(best.main_values) if best else [],
        "best_name": best.unit.name if best else "",
        "unit_name": row.unit.name,
    }


@dataclass
class Gap:
    code: str
    name: str
    max_points: Decimal
    points: Decimal
    best_points: Decimal | None

    @property
    def lost_vs_max(self) -> Decimal:
        return self.max_points - self.points

    @property
    def lost_vs_best(self) -> Decimal | None:
        return None if self.best_points is None else max(self.best_points - self.points, ZERO)


def main_index_gaps(table: RankingTable, row: RankingRow) -> list[Gap]:
    best = best_row(table)
    gaps = []
    for c in table.main_columns:
        value = row.main_values.get(c.code)
        if value is None or not c.max_points:
            continue
        best_value = best.main_values.get(c.code) if best else None
        gaps.append(
            Gap(
                code=c.code, name=c.name, max_points=c.max_points,
                points=scoring.round2(value * c.max_points),
                best_points=None if best_value is None else scoring.round2(best_value * c.max_points),
            )
        )
    return gaps


def indicator_gaps(table: RankingTable, row: RankingRow) -> list[Gap]:
    """Per component index, for units assessed in the portal (history has no components)."""
    if not table.ranks_round_units:
        return []
    best = best_row(table)
    unit_ids = [row.unit.pk] + ([best.unit.pk] if best else [])
    values = IndicatorValue.objects.filter(
        submission__round=table.round, submission__unit_id__in=unit_ids, submission__status__in=COUNTED_STATUSES
    ).select_related("indicator", "submission")
    mine, theirs = {}, {}
    for v in values:
        target = mine if v.submission.unit_id == row.unit.pk else theirs
        target[v.indicator.code] = v.final_points or ZERO
    indicators = Indicator.objects.filter(framework=table.round.framework, max_points__gt=0).order_by("order")
    gaps = [
        Gap(code=i.code, name=i.name, max_points=i.max_points, points=mine.get(i.code, ZERO),
            best_points=theirs.get(i.code) if best else None)
        for i in indicators
    ]
    return sorted((g for g in gaps if g.lost_vs_max > 0), key=lambda g: (-g.lost_vs_max, g.code))


@dataclass
class WhatIf:
    label: str
    dti_before: Decimal | None
    rank_before: int | None
    dti_after: Decimal | None
    rank_after: int | None
    # Partial history: the official ranks the new DTI can have, never a rank among the few.
    rank_before_range: partial.RankRange | None = None
    rank_after_range: partial.RankRange | None = None

    @property
    def gained_places(self):
        return ranking.rank_change(self.rank_before, self.rank_after)


def what_if(table: RankingTable, row: RankingRow, *, indicator_code: str = "", main_code: str = "") -> WhatIf | None:
    """Raise one component (or main) index to its maximum: the new DTI and rank.

    Computed with the same engine as the ranking; the other units keep their values.
    """
    if table.framework is None:
        return None
    structure = structure_for(table.framework)
    label = ""
    new_dti = None
    if indicator_code and table.ranks_round_units:
        indicator = Indicator.objects.filter(framework=table.framework, code=indicator_code).select_related("main_index").first()
        points = round_points(table.round, unit_ids=[row.unit.pk]).get(row.unit.pk)
        if indicator is None or points is None:
            return None
        by_main = dict(points.by_main)
        current = points.by_indicator.get(indicator.code, ZERO)
        by_main[indicator.main_index.code] = by_main.get(indicator.main_index.code, ZERO) + indicator.max_points - current
        new_dti = scoring.unit_result_from_points(structure, by_main, unit=row.unit.code).dti
        label = f"{indicator.code} {indicator.name}"
    elif main_code and row.main_values.get(main_code) is not None:
        column = next((c for c in table.main_columns if c.code == main_code), None)
        if column is None:
            return None
        values = {**row.main_values, main_code: Decimal(1)}
        new_dti = scoring.unit_result_from_main_values(structure, values, unit=row.unit.code).dti
        label = column.name
    if new_dti is None:
        return None
    new_dti = scoring.round4(new_dti)
    if table.partial:
        ranked = [(r.rank, r.dti) for r in table.rows if r.unit.pk != row.unit.pk and r.rank is not None and r.dti is not None]
        return WhatIf(
            label=label, dti_before=row.dti, rank_before=row.rank, dti_after=new_dti, rank_after=None,
            rank_before_range=row.rank_range,
            rank_after_range=partial.moved_range(new_dti, ranked, table.group_size, old_rank=row.rank, old_value=row.dti),
        )
    others = {r.unit.code: r.dti for r in table.rows if r.unit.pk != row.unit.pk}
    ranks = ranking.competition_ranks({**others, row.unit.code: new_dti})
    return WhatIf(
        label=label, dti_before=row.dti, rank_before=row.rank, dti_after=new_dti, rank_after=ranks[row.unit.code],
    )


def officer_results(unit) -> list[dict]:
    """An officer's own unit, per round: final scores once signed off, rank once published."""
    from assessments.models import Submission

    from .models import SnapshotEntry

    out = []
    submissions = Submission.objects.filter(unit=unit).select_related("round__framework").order_by("-round__year")
    # The rank in the unit's own group (a 63-unit round also ranks the merged units on the 34),
    # else in its round's group: a department or a commune has no group of its own, it is
    # ranked in its province's round (issue 18).
    published: dict = {}
    for e in SnapshotEntry.objects.filter(
        Q(ranking_group=unit.ranking_group) | Q(ranking_group=F("snapshot__round__ranking_group")),
        unit=unit, snapshot__publications__is_active=True,
    ).select_related("snapshot__round"):
        if e.ranking_group == unit.ranking_group or e.snapshot.round_id not in published:
            published[e.snapshot.round_id] = e
    for sub in submissions:
        item = {"submission": sub, "signed_off": sub.status in COUNTED_STATUSES, "entry": published.get(sub.round_id)}
        if item["signed_off"]:
            structure = structure_for(sub.round.framework)
            points = round_points(sub.round, unit_ids=[unit.pk]).get(unit.pk)
            by_main = points.by_main if points else {}
            result = scoring.unit_result_from_points(structure, by_main, unit=unit.code)
            names = {m.code: m.name for m in sub.round.framework.main_indices.only("code", "name_vi", "name_en")}
            item["dti"] = scoring.round4(result.dti)
            item["points"] = points.final_total if points else ZERO
            item["mains"] = [
                {"name": names.get(m.code, m.code), "max": m.max_points, "points": by_main.get(m.code, ZERO),
                 "value": scoring.round4(result.main_indices.get(m.code))}
                for m in structure.scored_main_indices
            ]
        out.append(item)
    return out
