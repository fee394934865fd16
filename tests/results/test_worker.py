"""The recompute through a real Celery worker on the Redis broker: nobody calls the task."""

from __future__ import annotations

import time
from decimal import Decimal

import pytest

from results.models import RankingSnapshot, SnapshotEntry
from tests import factories
from tests.results.conftest import sign_off

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.redis]


def wait_for(predicate, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_a_sign_off_changes_the_snapshot_through_the_worker(celery_worker, units, lead_reviewer, settings):
    settings.RESULTS_RECOMPUTE_DELAY = 0
    rnd = factories.make_round(units=units[:2])
    a, b = rnd.submissions.order_by("unit__code")
    sign_off(a, lead_reviewer, "0.5")
    assert wait_for(lambda: RankingSnapshot.objects.filter(round=rnd, is_current=True, unit_count=1).exists())
    sign_off(b, lead_reviewer, "0.8")
    assert wait_for(lambda: RankingSnapshot.objects.filter(round=rnd, is_current=True, unit_count=2).exists())
    top = SnapshotEntry.objects.get(snapshot__round=rnd, snapshot__is_current=True, dti_rank=1)
    assert top.unit_id == b.unit_id
    assert top.dti == Decimal("0.8000")


def test_ten_sign_offs_in_a_burst_yield_at_most_two_computations(celery_worker, lead_reviewer, settings):
    settings.RESULTS_RECOMPUTE_DELAY = 1
    units = [factories.UnitFactory() for _ in range(10)]
    rnd = factories.make_round(units=units)
    for sub in rnd.submissions.all():
        sign_off(sub, lead_reviewer, "0.5")
    assert wait_for(lambda: RankingSnapshot.objects.filter(round=rnd, is_current=True, unit_count=10).exists())
    time.sleep(2)  # let the rest of the burst's tasks run: they must find nothing to do
    computed = RankingSnapshot.objects.filter(round=rnd)
    assert computed.count() <= 2
    assert sum(s.requests.count() for s in computed) == 10
