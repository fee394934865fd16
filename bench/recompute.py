"""Recompute at 63, 1,000 and 10,000 units against a raw SQL aggregate over the same rows.

The full recompute is `results.services.recompute_round`: values → points → indices → ranks
→ snapshot written and switched. Before each timed run the current snapshot's hash is blanked
(outside the timing), so every run writes a new snapshot instead of finding nothing changed.
The floor is the query any implementation must run: SUM(final points) GROUP BY unit and main
index over the round's signed-off values.
"""

from __future__ import annotations

import statistics
import time

from django.db import connection

from results import services
from results.models import RankingSnapshot, RecomputeRequest

RAW_SQL = """
SELECT s.unit_id, i.main_index_id, SUM(v.final_points), SUM(v.self_points)
FROM assessments_indicatorvalue v
JOIN assessments_submission s ON s.id = v.submission_id
JOIN assessments_indicator i ON i.id = v.indicator_id
WHERE s.round_id = %s AND s.status IN ('signed_off', 'published')
GROUP BY s.unit_id, i.main_index_id
"""


def raw_aggregate(round_id: int) -> int:
    with connection.cursor() as cur:
        cur.execute(RAW_SQL, [round_id])
        return len(cur.fetchall())


def full_recompute(round_id: int):
    RankingSnapshot.objects.filter(round_id=round_id, is_current=True).update(content_hash="")
    # The request row only: request_recompute would also dispatch the task (eager here).
    RecomputeRequest.objects.create(round_id=round_id, reason="bench")
    t = time.perf_counter()
    snapshot = services.recompute_round(round_id=round_id)
    elapsed = time.perf_counter() - t
    assert snapshot is not None and snapshot.unit_count > 0
    return elapsed


def _timed(fn, *args):
    t = time.perf_counter()
    fn(*args)
    return time.perf_counter() - t


def run(rounds: dict, *, log=print) -> dict:
    """{units: {"recompute": median s, "raw": median s, ...}}; 5 runs (3 at 10,000) after a warm-up."""
    out = {}
    for n, rnd in sorted(rounds.items()):
        repeats = 3 if n >= 10000 else 5
        full_recompute(rnd.pk)  # warm-up: caches, first snapshot
        raw_aggregate(rnd.pk)
        rec, raw = [], []
        for _ in range(repeats):  # interleaved, so both see the same background load
            raw.append(_timed(raw_aggregate, rnd.pk))
            rec.append(full_recompute(rnd.pk))
        out[n] = {
            "recompute": statistics.median(rec),
            "recompute_min": min(rec),
            "raw": statistics.median(raw),
            "raw_min": min(raw),
            "runs": repeats,
        }
        log(
            f"  recompute {n:>6,} units: {out[n]['recompute'] * 1000:9.1f} ms (min {min(rec) * 1000:.1f})   "
            f"raw SUM…GROUP BY: {out[n]['raw'] * 1000:8.1f} ms (min {min(raw) * 1000:.1f})   "
            f"ratio {out[n]['recompute'] / out[n]['raw']:.1f}×"
        )
    return out
