"""Faults driven for real on private instances: Redis stopped at sign-off, a Celery worker
killed with SIGKILL in the middle of a recompute, PostgreSQL restarted under a running app."""

from __future__ import annotations

import subprocess
import sys
import urllib.error
import urllib.request

import psycopg
import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from assessments.models import Submission, SubmissionStatus
from results.models import RankingSnapshot, RecomputeRequest
from results.services import recompute_round, request_recompute

from .conftest import ROOT, VENV_BIN, _kill, appraised, free_port, wait_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.redis, pytest.mark.postgres]


def _current(rnd):
    return RankingSnapshot.objects.filter(round=rnd, is_current=True).first()


def test_redis_down_at_sign_off_keeps_it_and_the_recompute_runs_once_redis_is_back(
    require_postgres, broker, worker_factory, province_a, officer_a, reviewer, lead_reviewer
):
    sub = appraised(province_a, officer_a, reviewer)
    broker.stop()  # Redis is down from here

    client = Client()
    client.force_login(lead_reviewer)
    response = client.post(reverse("review:sign_off", args=[sub.pk]))

    assert response.status_code == 302  # not a 500: the sign-off is committed before dispatch
    assert Submission.objects.get(pk=sub.pk).status == SubmissionStatus.SIGNED_OFF
    pending = RecomputeRequest.objects.filter(round=sub.round, processed_at__isnull=True)
    assert pending.count() == 1 and _current(sub.round) is None

    broker.start()  # Redis is back (empty: the task was never queued)
    worker = worker_factory(broker.url)
    worker.start()  # its start-up sweep sends the pending recompute
    assert wait_for(lambda: _current(sub.round) is not None, 60), worker.log.read_text(errors="replace")[-3000:]
    assert not pending.exists()
    assert _current(sub.round).unit_count == 1
    worker.stop()


def test_the_beat_sweep_sends_requests_left_pending(require_postgres, broker, worker_factory, province_a, lead_reviewer):
    from results.tasks import sweep_recompute_requests
    from tests import factories
    from tests.results.conftest import sign_off

    rnd = factories.make_round(units=[province_a])
    broker.stop()
    sign_off(rnd.submissions.get(), lead_reviewer, "0.5")  # dispatch fails quietly: Redis is down
    assert RecomputeRequest.objects.filter(round=rnd, processed_at__isnull=True).count() == 1
    broker.start()
    worker = worker_factory(broker.url)
    worker.start()
    RankingSnapshot.objects.filter(round=rnd).delete()
    RecomputeRequest.objects.filter(round=rnd).update(processed_at=None, snapshot=None)
    sweep_recompute_requests.apply_async()  # what beat sends every RESULTS_RECOMPUTE_SWEEP_EVERY seconds
    assert wait_for(lambda: _current(rnd) is not None, 60), worker.log.read_text(errors="replace")[-3000:]
    worker.stop()


def _waiting_on_lock(dbname: str) -> bool:
    with connection.cursor() as cur:
        cur.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()",
            [dbname],
        )
        return cur.fetchone()[0] > 0


def test_a_worker_killed_mid_recompute_leaves_the_previous_snapshot_and_the_next_run_completes(
    require_postgres, broker, worker_factory, lead_reviewer
):
    from tests import factories
    from tests.results.conftest import sign_off

    units = [factories.UnitFactory() for _ in range(3)]
    rnd = factories.make_round(units=units)
    a, b, c = rnd.submissions.order_by("pk")
    sign_off(a, lead_reviewer, "0.5", recompute=False)
    request_recompute(round_id=rnd.pk, reason="first")  # eager here is off: dispatched to the broker...
    recompute_round(round_id=rnd.pk)  # ...and computed now, in-process: the previous snapshot
    previous = _current(rnd)
    assert previous.unit_count == 1
    app_snapshots = RankingSnapshot.objects.filter(round=rnd).count()

    # Hold the previous snapshot's row: the worker will write the new snapshot and its entries,
    # then block when it switches `is_current` — in the middle of its transaction.
    db = connection.settings_dict
    lock = psycopg.connect(
        host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, user=db["USER"], password=db.get("PASSWORD") or None,
        dbname=db["NAME"], autocommit=False,
    )
    try:
        lock.execute("SELECT id FROM results_rankingsnapshot WHERE id = %s FOR UPDATE", [previous.pk])
        sign_off(b, lead_reviewer, "0.9", recompute=False)
        sign_off(c, lead_reviewer, "0.7", recompute=False)
        RecomputeRequest.objects.create(round=rnd, reason="second")
        worker = worker_factory(broker.url)
        worker.start()  # the start-up sweep sends the recompute
        assert wait_for(lambda: _waiting_on_lock(db["NAME"]), 60), worker.log.read_text(errors="replace")[-3000:]
        worker.kill()  # SIGKILL, mid-transaction
        assert wait_for(lambda: worker.proc.poll() is not None, 10)
    finally:
        lock.rollback()
        lock.close()

    # PostgreSQL rolled the half-done recompute back: the previous snapshot is still served.
    assert wait_for(lambda: not _waiting_on_lock(db["NAME"]), 15)
    assert _current(rnd).pk == previous.pk and _current(rnd).unit_count == 1
    assert RankingSnapshot.objects.filter(round=rnd).count() == app_snapshots
    assert RecomputeRequest.objects.filter(round=rnd, processed_at__isnull=True).exists()
    response = Client().get(reverse("results:index"))
    assert response.status_code in (200, 302)

    # The next worker finishes the job.
    again = worker_factory(broker.url)
    again.start()
    assert wait_for(lambda: _current(rnd).unit_count == 3, 60), again.log.read_text(errors="replace")[-3000:]
    assert not RecomputeRequest.objects.filter(round=rnd, processed_at__isnull=True).exists()
    assert RankingSnapshot.objects.filter(round=rnd, is_current=True).count() == 1
    again.stop()


def _get(url: str, timeout: float = 20) -> int:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_postgres_restarted_under_the_app_fails_cleanly_and_recovers_without_a_restart(private_postgres, tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "dtiportal.settings",
        "DATABASE_URL": private_postgres.url,
        "DATABASE_CONN_MAX_AGE": "600",  # a persistent connection that the restart will kill
        "DJANGO_DEBUG": "0",
        "CELERY_TASK_ALWAYS_EAGER": "1",
        "HOME": str(tmp_path),
    }
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True, timeout=240)
    port = free_port()
    log = open(tmp_path / "gunicorn.log", "ab")
    server = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "dtiportal.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1", "--timeout", "30"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/api/units/"
    try:
        assert wait_for(lambda: _get(url) == 200, 60), (tmp_path / "gunicorn.log").read_text(errors="replace")[-3000:]
        private_postgres.stop()
        status = _get(url)
        assert status in (500, 503)  # fails cleanly and promptly: an error page, not a hang
        assert server.poll() is None  # the app is still up
        private_postgres.start()
        assert wait_for(lambda: _get(url) == 200, 30)  # recovered, same process
        assert _get(url) == 200
    finally:
        _kill(server)
        log.close()
