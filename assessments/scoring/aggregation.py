"""Aggregation: main-index values, pillars, the DTI, merged units, published results.

Main-index, pillar and DTI values are kept unrounded (full ``Decimal`` precision) and only
rounded with :func:`~.numbers.round4` for display and ranking, so that rounding never
compounds through the aggregation. See ``/work/shared/dti/README.md`` for the arithmetic.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from .numbers import ZERO

AGGREGATION_TOTAL_POINTS = "total_points"
AGGREGATION_WEIGHTED_PILLARS = "weighted_pillars"
AGGREGATIONS: tuple[str, ...] = (AGGREGATION_TOTAL_POINTS, AGGREGATION_WEIGHTED_PILLARS)


@dataclass(frozen=True)
class MainIndexDef:
    """A main index as the engine sees it. ``max_points == 0`` means reported
    but not scored (smart city under 922): it never has a value."""

    code: str
    max_points: Decimal
    pillars: tuple[str, ...] = ()

    @property
    def scored(self) -> bool:
        return self.max_points > 0


@dataclass(frozen=True)
class PillarDef:
    code: str
    weight: Decimal | None = None  # only used by weighted_pillars


@dataclass(frozen=True)
class FrameworkStructure:
    """What aggregation needs from a framework (built by :func:`build_structure`)."""

    aggregation: str
    total_points: Decimal
    main_indices: tuple[MainIndexDef, ...]
    pillars: tuple[PillarDef, ...] = ()

    @property
    def scored_main_indices(self) -> tuple[MainIndexDef, ...]:
        return tuple(m for m in self.main_indices if m.scored)

    def members(self, pillar_code: str) -> tuple[MainIndexDef, ...]:
        """Scored main indices tagged with the pillar."""
        return tuple(m for m in self.scored_main_indices if pillar_code in m.pillars)


def build_structure(
    *,
    aggregation: str,
    total_points: Decimal,
    main_indices: Iterable[tuple[str, Decimal, Iterable[str]]],
    pillars: Iterable[tuple[str, Decimal | None]] = (),
) -> FrameworkStructure:
    """THE structure builder: from main indices as (code, max points, pillar codes) in the
    framework's order and pillars as (code, weight). The database rows
    (``framework_loader.engine_structure``) and a parsed file both go through it, so the
    reviewer's page, the entry overview and the ranking aggregate the same framework alike."""
    return FrameworkStructure(
        aggregation=aggregation,
        total_points=total_points,
        main_indices=tuple(
            MainIndexDef(code=code, max_points=max_points, pillars=tuple(tags)) for code, max_points, tags in main_indices
        ),
        pillars=tuple(PillarDef(code=code, weight=weight) for code, weight in pillars),
    )


Values = Mapping[str, Decimal | None]


@dataclass(frozen=True)
class UnitResult:
    """One unit's result: unrounded values (round with :func:`round4`).

    ``unit`` is the caller's key (GSO code, primary key…), used by ranking.
    ``points`` is the total points when computed from points, else None.
    """

    unit: str
    dti: Decimal | None
    pillars: Mapping[str, Decimal | None] = field(default_factory=dict)
    main_indices: Mapping[str, Decimal | None] = field(default_factory=dict)
    points: Decimal | None = None


def sum_points(points: Iterable[Decimal]) -> Decimal:
    return sum(points, ZERO)


def main_index_values(
    structure: FrameworkStructure, points_by_main_index: Mapping[str, Decimal]
) -> dict[str, Decimal | None]:
    """Main-index value = Σ component points / max. A main index absent from
    the mapping scored nothing (0 points); unscored (max 0) ones get None."""
    return {
        m.code: (points_by_main_index.get(m.code, ZERO) / m.max_points if m.scored else None)
        for m in structure.main_indices
    }


def pillar_values_from_points(
    structure: FrameworkStructure, points_by_main_index: Mapping[str, Decimal]
) -> dict[str, Decimal | None]:
    """Pillar value = Σ points of the tagged main indices / Σ their max."""
    out: dict[str, Decimal | None] = {}
    for pillar in structure.pillars:
        members = structure.members(pillar.code)
        total_max = sum_points(m.max_points for m in members)
        out[pillar.code] = (
            sum_points(points_by_main_index.get(m.code, ZERO) for m in members) / total_max if total_max else None
        )
    return out


def pillar_values(structure: FrameworkStructure, main_values: Values) -> dict[str, Decimal | None]:
    """Pillar values derived from main-index values: Σ value×max / Σ max over
    the tagged main indices (the same number as from points). None when a
    tagged main index has no value: a partial pillar would mislead."""
    out: dict[str, Decimal | None] = {}
    for pillar in structure.pillars:
        members = structure.members(pillar.code)
        values = [main_values.get(m.code) for m in members]
        if not members or any(v is None for v in values):
            out[pillar.code] = None
            continue
        total_max = sum_points(m.max_points for m in members)
        out[pillar.code] = sum_points(v * m.max_points for v, m in zip(values, members, strict=True)) / total_max
    return out


def dti_from_pillar_values(structure: FrameworkStructure, pillar_vals: Values) -> Decimal | None:
    """weighted_pillars: DTI = Σ weight × pillar value. Under total_points the
    pillars overlap (foundation indices count in every pillar), so pillar
    values alone cannot give the DTI: None."""
    if structure.aggregation != AGGREGATION_WEIGHTED_PILLARS or not structure.pillars:
        return None
    values = [pillar_vals.get(p.code) for p in structure.pillars]
    if any(v is None for v in values) or any(p.weight is None for p in structure.pillars):
        return None
    return sum_points(p.weight * v for p, v in zip(structure.pillars, values, strict=True))


def dti_from_main_values(structure: FrameworkStructure, main_values: Values) -> Decimal | None:
    """DTI from main-index values by the framework's aggregation method; None
    when a scored main index has no value."""
    scored = structure.scored_main_indices
    if any(main_values.get(m.code) is None for m in scored):
        return None
    if structure.aggregation == AGGREGATION_TOTAL_POINTS:
        return sum_points(main_values[m.code] * m.max_points for m in scored) / structure.total_points
    if structure.aggregation == AGGREGATION_WEIGHTED_PILLARS:
        return dti_from_pillar_values(structure, pillar_values(structure, main_values))
    raise ValueError(f"unknown aggregation {structure.aggregation!r}")


def unit_result_from_points(
    structure: FrameworkStructure, points_by_main_index: Mapping[str, Decimal], *, unit: str = ""
) -> UnitResult:
    """Full computation from Σ component points per main index."""
    main_values = main_index_values(structure, points_by_main_index)
    return UnitResult(
        unit=unit,
        dti=dti_from_main_values(structure, main_values),
        pillars=pillar_values_from_points(structure, points_by_main_index),
        main_indices=main_values,
        points=sum_points(points_by_main_index.get(m.code, ZERO) for m in structure.scored_main_indices),
    )


def unit_result_from_main_values(structure: FrameworkStructure, main_values: Values, *, unit: str = "") -> UnitResult:
    """Computation from main-index values (published tables, mergers)."""
    main = {m.code: main_values.get(m.code) if m.scored else None for m in structure.main_indices}
    return UnitResult(
        unit=unit,
        dti=dti_from_main_values(structure, main),
        pillars=pillar_values(structure, main),
        main_indices=main,
    )


def unit_result_from_published(
    structure: FrameworkStructure,
    *,
    unit: str = "",
    dti: Decimal | None = None,
    pillar_values: Values | None = None,
    main_index_values: Values | None = None,
) -> UnitResult:
    """A result from PUBLISHED partial data: the most detailed level given is
    aggregated upwards; published figures always win over derived ones,
    because they are the official result (e.g. Hồ Chí Minh 2022 main indices
    give 0.7164, the published DTI is 0.7163) and because the pillar method
    after 2020 is not published.

    - main-index values → pillars and DTI derived where not published;
    - pillar values only (1726) → DTI by weights;
    - DTI only → nothing more.
    """
    derived = unit_result_from_main_values(structure, main_index_values, unit=unit) if main_index_values else None
    pillars: dict[str, Decimal | None] = dict(derived.pillars) if derived else {}
    for code, value in (pillar_values or {}).items():
        if value is not None:
            pillars[code] = value
    computed = derived.dti if derived else None
    if computed is None and pillars:
        computed = dti_from_pillar_values(structure, pillars)
    return UnitResult(
        unit=unit,
        dti=dti if dti is not None else computed,
        pillars=pillars,
        main_indices=dict(derived.main_indices) if derived else {},
    )


def merge_main_index_values(predecessors: Sequence[Values]) -> dict[str, Decimal | None]:
    """A merged unit's main-index values: the unweighted mean of its
    predecessors' values, per main index, over the predecessors that have a
    value (2024 round, checked: Đà Nẵng 0.8335 + Quảng Nam 0.5803 → 0.7069).
    Unweighted on purpose: that is the published method, regardless of
    population or size."""
    codes: list[str] = []
    for values in predecessors:
        codes.extend(code for code in values if code not in codes)
    merged: dict[str, Decimal | None] = {}
    for code in codes:
        present = [v[code] for v in predecessors if v.get(code) is not None]
        merged[code] = sum_points(present) / len(present) if present else None
    return merged


def merged_unit_result(structure: FrameworkStructure, predecessors: Sequence[Values], *, unit: str = "") -> UnitResult:
    """Merge predecessors' main-index values, then aggregate as usual."""
    return unit_result_from_main_values(structure, merge_main_index_values(predecessors), unit=unit)
