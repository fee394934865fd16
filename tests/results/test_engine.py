"""The recompute's fast paths: the structure the framework file declares, the same rows
from the one-statement insert as from the ORM's, a constant number of queries whatever the
number of units."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from accounts.models import RankingGroup, UnitLineage
from assessments.framework_files import parse_framework
from assessments.models import IndicatorValue
from results import engine, services
from results.models import RankingSnapshot, RecomputeRequest, SnapshotEntry
from tests import factories
from tests.assessments.scoring.examples import declared_structure
from tests.results.conftest import SEEDS, sign_off

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", ["922-tinh", "1726-tinh", "405-tinh"])
def test_the_structure_read_from_the_rows_is_the_files(frameworks, code):
    framework = frameworks[code]
    declared = declared_structure(parse_framework(SEEDS / "frameworks" / f"{code}.yaml"))
    assert engine.structure_for(framework) == declared


@pytest.mark.usefixtures("require_postgres")
def test_the_json_insert_writes_the_rows_the_orm_writes(units, lead_reviewer, monkeypatch):
    merged = factories.UnitFactory(code="2025-48", ranking_group=RankingGroup.PROVINCES_34)
    for old in units[:2]:
        UnitLineage.objects.create(successor=merged, predecessor=old, effective_date="2025-07-01")
    rnd = factories.make_round(units=units)
    for sub, share in zip(rnd.submissions.order_by("unit__code"), ["0.8", "0.6", "0.55", "1", "0.3"], strict=True):
        sign_off(sub, lead_reviewer, share, recompute=False)
    IndicatorValue.objects.filter(submission__round=rnd).update(self_points=F("final_points") / 2)
    entries = engine.compute_round(rnd)
    assert {e["ranking_group"] for e in entries} == {RankingGroup.PROVINCES_63, RankingGroup.PROVINCES_34}

    def written(snapshot):
        columns = [f.attname for f in SnapshotEntry._meta.concrete_fields if f.attname not in ("id", "snapshot_id")]
        return sorted(SnapshotEntry.objects.filter(snapshot=snapshot).values_list(*columns))

    by_json = RankingSnapshot.objects.create(round=rnd, content_hash="json")
    services._insert_entries(by_json, entries, engine.entries_json(entries))
    by_orm = RankingSnapshot.objects.create(round=rnd, content_hash="orm")
    monkeypatch.setattr(connection, "vendor", "sqlite")  # the demo's path: bulk_create
    services._insert_entries(by_orm, entries, engine.entries_json(entries))
    monkeypatch.undo()
    assert written(by_json) == written(by_orm)
    assert len(written(by_json)) == len(entries)


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
