"""Published history that covers only part of a group: what can honestly be said about it.

A source often publishes a few units of a group: the top five, a unit's own press release,
a rank without its DTI. Such a table is not a ranking of the units it holds:

- a rank shown is the official rank in the whole group (never one recomputed over the few),
  so ranks have holes (1–5, then 17) and "rank X/N" counts the whole group;
- a unit with a DTI but no published rank gets the ranks it can have, bounded by the official
  ranks of the units with a DTI: with the group's tie rule (standard competition ranking on
  4-decimal values), a unit above it on DTI is ranked better, one below worse, one equal the
  same. It is placed in the list at the best rank it can have, shown as a range ("5–16");
- an average is over the units that have the figure, and says so.

Functions over plain values (ranks, Decimals), no database: the selectors apply them to the rows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from assessments.scoring import round4


@dataclass(frozen=True)
class RankRange:
    """The ranks a unit can have in the whole group: `low` the best (smallest), `high` the worst."""

    low: int
    high: int

    @property
    def exact(self) -> bool:
        return self.low == self.high

    def __str__(self) -> str:
        return str(self.low) if self.exact else f"{self.low}–{self.high}"


@dataclass(frozen=True)
class Coverage:
    """How much of a group a table of published figures holds, and where they come from."""

    units: int
    group_size: int
    ranked: int
    valued: int
    sources: tuple[str, ...] = ()
    rank_only: int = 0  # units with an official rank and no DTI
    ranged: int = 0  # units with a DTI and no official rank (shown with their possible ranks)
    gaps: int = 0  # runs of official ranks that no unit of the table holds
    reexpressed: bool = False

    @property
    def official_ranks(self) -> bool:
        return self.ranked > 0

    @property
    def sources_text(self) -> str:
        return "; ".join(self.sources)


@dataclass
class Placement:
    """Where each unit of a partial list stands: its range (if unranked) and the holes before it."""

    ranges: dict = field(default_factory=dict)
    gaps_before: dict = field(default_factory=dict)
    trailing_gap: tuple[int, int] | None = None
    order: list = field(default_factory=list)


def insertion_range(value: Decimal, others: Iterable[tuple[int, Decimal]], group_size: int) -> RankRange | None:
    """The official ranks a unit with `value` can have, from the `(rank, value)` of other units
    whose rank and value were both published, their ranks as they stand without this unit;
    None when those figures contradict each other (a unit above on value ranked worse than
    one below)."""
    mine = round4(value)
    low, high = 1, group_size
    for rank, other in others:
        other = round4(other)
        if other > mine:  # it and every unit above it are ahead
            low = max(low, rank + 1)
        elif other < mine:  # every unit ahead of this one is ahead of it too
            high = min(high, rank)
        else:  # a tie on 4 decimals shares the rank
            low, high = max(low, rank), min(high, rank)
    return RankRange(low, high) if low <= high else None


def rank_range(value: Decimal, ranked: Iterable[tuple[int, Decimal]], group_size: int) -> RankRange | None:
    """The official ranks a unit of the group, published with `value` and no rank, can have.
    Its own place counts in the ranks of the units below it: without it they are one better."""
    mine = round4(value)
    return insertion_range(value, [(r - 1 if round4(v) < mine else r, v) for r, v in ranked], group_size)


def moved_range(
    value: Decimal, ranked: Iterable[tuple[int, Decimal]], group_size: int, *,
    old_rank: int | None = None, old_value: Decimal | None = None,
) -> RankRange | None:
    """The official ranks a unit can have if its DTI became `value` (what-if): the others'
    ranks without it (one better for those it stood above: by its old rank, else its old
    value), then the unit placed again; a better DTI never loses its old rank, a worse one
    never gains."""

    def was_above(rank: int, other: Decimal) -> bool:
        return rank > old_rank if old_rank is not None else old_value is not None and round4(other) < round4(old_value)

    found = insertion_range(value, [(r - 1 if was_above(r, v) else r, v) for r, v in ranked], group_size)
    if found is None or old_rank is None or old_value is None:
        return found
    low, high = found.low, found.high
    if round4(value) >= round4(old_value):
        high = min(high, old_rank)
    if round4(value) <= round4(old_value):
        low = max(low, old_rank)
    return RankRange(low, high) if low <= high else None


def rank_gaps(ranks: Iterable[int], group_size: int) -> list[tuple[int, int]]:
    """The runs of official ranks no unit holds, e.g. [(6, 16), (18, 34)] for 1–5 and 17 of 34.
    A tie takes the ranks it skips: two units at 15 leave no hole before 17."""
    gaps = []
    expected = 1
    for rank, count in sorted(Counter(ranks).items()):
        if rank > expected:
            gaps.append((expected, rank - 1))
        expected = max(expected, rank + count)
    if expected <= group_size:
        gaps.append((expected, group_size))
    return gaps


def place(items: list[tuple[object, int | None, Decimal | None, str]], group_size: int) -> Placement:
    """Order `(key, official rank, value, name)` items as an honest list of part of a group.

    Ranked items by rank; items with a value and no rank at the best rank they can have
    (after the ranked items of that rank); items with neither last. Holes between official
    ranks are reported before the item that follows them, the last one as `trailing_gap`.
    Without any official rank there is nothing to place against: the items keep name order."""
    out = Placement()
    if all(rank is None for _k, rank, _v, _n in items):
        out.order = [key for key, *_rest in sorted(items, key=lambda item: item[3])]
        return out
    ranked_pairs = [(rank, value) for _k, rank, value, _n in items if rank is not None and value is not None]
    sort_keys = {}
    for key, rank, value, name in items:
        if rank is not None:
            sort_keys[key] = (rank, 0, Decimal(0), name)
            continue
        found = rank_range(value, ranked_pairs, group_size) if value is not None else None
        if found is None:
            sort_keys[key] = (group_size + 1, 2, -(value or Decimal(0)), name)
        else:
            out.ranges[key] = found
            sort_keys[key] = (found.low, 1, -value, name)
    out.order = sorted(sort_keys, key=sort_keys.__getitem__)
    gaps = rank_gaps([rank for _k, rank, _v, _n in items if rank is not None], group_size)
    position = {key: sort_keys[key][0] for key in out.order}
    for start, end in gaps:
        # Before the first item placed at or after the hole's start (ranges inside it follow).
        following = next((k for k in out.order if position[k] >= start), None)
        if following is None or position[following] > group_size:
            out.trailing_gap = (start, end)
        else:
            out.gaps_before[following] = (start, end)
    return out
