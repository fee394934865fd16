"""The engine's reads: the same structure as the framework loader's, a constant number of
queries whatever the number of units."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.framework_loader import engine_structure
from results import engine, services
from results.models import RankingSnapshot, RecomputeRequest
from tests import factories
from tests.results.conftest import sign_off

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", ["922-tinh", "1726-tinh", "405-tinh"])
def test_the_structure_is_the_framework_loaders(frameworks, code):
    framework = frameworks[code]
    assert engine.structure_for(framework) == engine_structure(framework)


def _recompute_queries(rnd) -> int:
    RankingSnapshot.objects.filter(round=rnd, is_current=True).update(content_hash="")
    RecomputeRequest.objects.create(round=rnd, reason="test")
    with CaptureQueriesContext(connection) as ctx:
        snapshot = services.recompute_round(round_id=rnd.pk)
    assert snapshot.unit_count > 0
    return len(ctx.captured_queries)


def test_a_recompute_takes_as_many_queries_for_two_units_as_for_eight(lead_reviewer):
    counts = []
    for year, n in ((2025, 2), (2026, 8)):
        units = [factories.UnitFactory() for _ in range(n)]
        rnd = factories.make_round(year=year, units=units)
        for sub in rnd.submissions.all():
            sign_off(sub, lead_reviewer, "0.5", recompute=False)
        RecomputeRequest.objects.create(round=rnd, reason="first")
        services.recompute_round(round_id=rnd.pk)
        counts.append(_recompute_queries(rnd))
    assert counts[0] == counts[1]
    # Lock, requests, structure (2), units, sums, lineage, last year's ranks (2), current
    # snapshot, insert snapshot and entries, switch (2), requests done; and the savepoint
    # (BEGIN/COMMIT outside a test).
    assert counts[0] <= 15 + 2
