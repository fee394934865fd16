"""Standard competition ranking for DTI, pillar and main-index values.

Pure functions, no Django. One tie rule for every published list:

- values are first rounded half-up to 4 decimals (:func:`scoring.round4`),
  because that is the precision published; two units whose values differ
  only beyond the 4th decimal are TIED (2022: Thanh Hóa and Yên Bái both
  15th, then Hậu Giang 17th);
- higher value = better rank; tied units share the best rank and the next
  rank skips accordingly (1, 2, 2, 4: "standard competition ranking");
- among tied units, the output order is by key (stable, so a list page does
  not reshuffle between requests); the key never changes a rank;
- units without a value (None) are unranked (rank None) and come last.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeVar

from assessments.scoring import UnitResult, round4

K = TypeVar("K", bound=Hashable)


def competition_ranks(values: Mapping[K, Decimal | None]) -> dict[K, int | None]:
    """Rank ``{key: value}`` by standard competition ranking on 4-decimal values.

    Returns ``{key: rank}`` in ranking order (rank, then key); keys with a
    None value map to None and come last (in key order). Keys must be
    mutually orderable (str or int) for the tie order.
    """
    rounded = {key: round4(value) for key, value in values.items() if value is not None}
    # Two sorts instead of one on (-value, key) tuples, a third faster: by key, then by value
    # descending; a reversed sort is still stable, so tied units stay in key order.
    ranked = sorted(rounded)
    ranked.sort(key=rounded.__getitem__, reverse=True)
    ranks: dict[K, int | None] = {}
    previous: Decimal | None = None
    rank = 0
    for position, key in enumerate(ranked, start=1):
        if rounded[key] != previous:
            # A new value starts at its position: this is what skips ranks
            # after a tie (1, 2, 2, 4).
            rank, previous = position, rounded[key]
        ranks[key] = rank
    for key in sorted(key for key, value in values.items() if value is None):
        ranks[key] = None
    return ranks


@dataclass(frozen=True)
class UnitRanks:
    """A unit's ranks in one ranking group: DTI, each pillar, each main index."""

    unit: str
    dti: int | None
    pillars: Mapping[str, int | None] = field(default_factory=dict)
    main_indices: Mapping[str, int | None] = field(default_factory=dict)


def rank_unit_results(results: Iterable[UnitResult]) -> dict[str, UnitRanks]:
    """Rank a whole set of unit results (one ranking group, e.g. the 63 old
    provinces or the 34 merged ones) on the DTI, each pillar and each main
    index, each with :func:`competition_ranks`. Returned in DTI rank order."""
    results = list(results)
    dti_ranks = competition_ranks({r.unit: r.dti for r in results})
    pillar_codes = _codes(r.pillars for r in results)
    main_codes = _codes(r.main_indices for r in results)
    pillar_ranks = {code: competition_ranks({r.unit: r.pillars.get(code) for r in results}) for code in pillar_codes}
    main_ranks = {code: competition_ranks({r.unit: r.main_indices.get(code) for r in results}) for code in main_codes}
    return {
        unit: UnitRanks(
            unit=unit,
            dti=dti_rank,
            pillars={code: pillar_ranks[code][unit] for code in pillar_codes},
            main_indices={code: main_ranks[code][unit] for code in main_codes},
        )
        for unit, dti_rank in dti_ranks.items()
    }


def _codes(mappings: Iterable[Mapping[str, object]]) -> list[str]:
    # First-seen order, so pillars and main indices keep the framework order.
    return list(dict.fromkeys(code for mapping in mappings for code in mapping))


def rank_change(previous_rank: int | None, current_rank: int | None) -> int | None:
    """Places gained since the previous year: positive = moved up (Sóc Trăng
    56th in 2021 → 36th in 2022 is +20), negative = moved down, None when
    either year is unranked."""
    if previous_rank is None or current_rank is None:
        return None
    return previous_rank - current_rank
