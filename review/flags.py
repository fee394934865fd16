"""Flags that help a reviewer: pure functions, no Django, no database.

The selectors read the rows and hand plain numbers and tuples in; the functions here decide.
An indicator is flagged when
- its value jumps against last year's beyond a threshold (`jump`);
- it is an outlier among all units of the round, outside the interquartile fences (`outliers`);
- required evidence is missing (`missing_evidence`);
- one of its evidence files is the same file (by content hash) as one cited by another unit or
  under another indicator (`shared_files`: a count, the places are listed on a page of their own).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from assessments import scoring


class FlagKind:
    JUMP = "jump"
    OUTLIER = "outlier"
    MISSING_EVIDENCE = "missing_evidence"
    SHARED_FILE = "shared_file"


@dataclass(frozen=True)
class Flag:
    kind: str
    message: str
    url: str = ""  # where the reviewer reads more (the shared file's list of places)


def measure(
    rule_type: str,
    inputs: Mapping[str, Any] | None,
    points: Decimal | None = None,
    *,
    params: Mapping[str, Any] | None = None,
    general_information: Mapping[str, Any] | None = None,
) -> Decimal | None:
    """The number to compare across years and units for one reported value: the rule type
    decides (ratios their ratio, not the counts that scale with the province; percentages
    and counts their value; yes/no and tiered answers, which have no scale, their points).
    A ratio over a general-information figure (population…) needs the rule's `params` and
    the unit's `general_information`: without them it has no measure."""
    return scoring.entry(rule_type).measure(inputs or {}, points, params=params or {}, general_information=general_information)


def mean(values: Iterable[Decimal | None]) -> Decimal | None:
    """The mean of the present values, None if there are none: a merged unit's previous
    year is the mean of its predecessors' (as the 2024 rule re-expresses results)."""
    present = [v for v in values if v is not None]
    if not present:
        return None
    return sum(present, Decimal(0)) / len(present)


def jump(current: Decimal | None, previous: Decimal | None, threshold: Decimal | float) -> bool:
    """True when |current − previous| / |previous| exceeds the threshold.

    From zero to anything else is always a jump (no finite ratio); missing values never are.
    """
    if current is None or previous is None:
        return False
    if previous == 0:
        return current != 0
    return abs(current - previous) / abs(previous) > Decimal(str(threshold))


def quartiles(values: Sequence[Decimal]) -> tuple[Decimal, Decimal]:
    """Q1 and Q3 by linear interpolation between closest ranks (the usual "inclusive" method,
    as spreadsheets' QUARTILE.INC), so small rounds give stable fences."""
    ordered = sorted(values)
    n = len(ordered)
    if n == 0:
        raise ValueError("no values")

    def at(p: Decimal) -> Decimal:
        pos = p * (n - 1)
        lo = int(pos)
        frac = pos - lo
        if lo + 1 >= n:
            return ordered[lo]
        return ordered[lo] + (ordered[lo + 1] - ordered[lo]) * frac

    return at(Decimal("0.25")), at(Decimal("0.75"))


def fences(values: Sequence[Decimal], k: Decimal | float = 1.5) -> tuple[Decimal, Decimal] | None:
    """Tukey's fences Q1 − k·IQR and Q3 + k·IQR; None below 4 values (too few to judge)."""
    if len(values) < 4:
        return None
    q1, q3 = quartiles(values)
    spread = (q3 - q1) * Decimal(str(k))
    return q1 - spread, q3 + spread


def outliers(values: Mapping[Hashable, Decimal | None], k: Decimal | float = 1.5) -> set[Hashable]:
    """Keys whose value lies outside the fences of all present values."""
    present = {key: v for key, v in values.items() if v is not None}
    bounds = fences(list(present.values()), k)
    if bounds is None:
        return set()
    low, high = bounds
    return {key for key, v in present.items() if v < low or v > high}


def missing_evidence(requirement: str, evidence_count: int) -> bool:
    return requirement == scoring.EVIDENCE_REQUIRED and evidence_count == 0


def shared_files(page_files: Iterable[tuple[int, str]], places: Mapping[str, int]) -> dict[int, dict[str, int]]:
    """For each value on a page, how many other places cite each of its files:
    {value_id: {sha256: n}}, files cited nowhere else left out.

    A place is a reported value (one unit, one indicator). `page_files` are the (value, content
    hash) pairs of the page's current evidence; `places[sha256]` is how many values of the
    round cite that file, counted by the database (a file cited twice under one value is one
    place, and not suspicious). Linear in the page's files, whatever the number of places:
    the places are counted, never listed here.
    """
    out: dict[int, dict[str, int]] = {}
    for value_id, sha256 in set(page_files):
        elsewhere = places.get(sha256, 0) - 1  # the value's own citation is not elsewhere
        if sha256 and elsewhere > 0:
            out.setdefault(value_id, {})[sha256] = elsewhere
    return out
