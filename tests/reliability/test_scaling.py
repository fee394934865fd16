"""Past one machine (docs/scaling.md), with real worker processes on a private Redis.

There is no container engine in CI, so instead of `docker compose up` the test starts the
commands docker-compose and docs/scaling.md give, read from those files, each worker with a name
of its own (`-n`) as it would have on a host of its own. CELERY_CONCURRENCY=1 (the variable the
commands read) gives each worker one task at a time, so which worker is busy is known.
"""

from __future__ import annotations

import re
from email import message_from_bytes

import psycopg
import pytest
from django.db import connection

from accounts.models import OutgoingEmail, OutgoingEmailStatus
from accounts.notifications import notify
from assessments.models import Round
from results.models import RankingSnapshot
from results.services import request_recompute
from tests import factories
from tests.release import deployment_doc as doc
from tests.results.conftest import sign_off

from .conftest import wait_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.redis, pytest.mark.postgres]

ONE_TASK_AT_A_TIME = {"CELERY_CONCURRENCY": "1"}


def _start(worker_factory, broker, name: str, command: str, **extra_env):
    worker = worker_factory(
        broker.url, name=name, command=doc.expand(command, ONE_TASK_AT_A_TIME), **ONE_TASK_AT_A_TIME, **extra_env
    )
    worker.start()
    return worker


def _compose_workers(worker_factory, broker):
    """docker-compose's `worker` and `worker-2`, each with its own command from the file."""
    return [_start(worker_factory, broker, name, cmd) for name, cmd in doc.compose_worker_commands().items()]


def _signed_round(lead):
    """A one-unit round signed off without a recompute yet (nothing pending before the test asks)."""
    year = 2030 + Round.objects.count()  # one round per year and group
    rnd = factories.make_round(year=year, framework=factories.make_framework(years=(year,)), units=[factories.UnitFactory()])
    sign_off(rnd.submissions.get(), lead, "0.5", recompute=False)
    return rnd


def _current(rnd) -> RankingSnapshot | None:
    return RankingSnapshot.objects.filter(round=rnd, is_current=True).first()


def _ran(worker, task: str) -> list[str]:
    """The return values of `task` in a worker's log, one per run that succeeded."""
    pattern = rf"Task {re.escape(task)}\[[^\]]+\] succeeded in [\d.]+s: (\S+)"
    return re.findall(pattern, worker.log.read_text(errors="replace"))


def _computed_by(workers, rnd) -> list[str]:
    """The names of the workers that wrote the round's current snapshot."""
    pk = str(_current(rnd).pk)
    return [w.name for w in workers if pk in _ran(w, "results.tasks.recompute_round")]


def _logs(workers) -> str:
    return "\n".join(f"--- {w.name}\n{w.log.read_text(errors='replace')[-2000:]}" for w in workers)


def _lock_round(rnd):
    """Hold the round's row, as a long recompute would: a worker computing it waits here.
    NO KEY: a new RecomputeRequest (a foreign key to the round) may still be written."""
    db = connection.settings_dict
    lock = psycopg.connect(
        host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, user=db["USER"], password=db.get("PASSWORD") or None,
        dbname=db["NAME"], autocommit=False,
    )
    lock.execute(f"SELECT id FROM {rnd._meta.db_table} WHERE id = %s FOR NO KEY UPDATE", [rnd.pk])
    return lock


def _someone_waits_on_a_lock() -> bool:
    with connection.cursor() as cur:
        cur.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
        )
        return cur.fetchone()[0] > 0


def test_while_one_compose_worker_is_busy_with_a_recompute_the_other_takes_the_next(
    require_postgres, broker, worker_factory, lead_reviewer
):
    workers = _compose_workers(worker_factory, broker)
    busy, next_one = _signed_round(lead_reviewer), _signed_round(lead_reviewer)
    lock = _lock_round(busy)
    try:
        request_recompute(round_id=busy.pk, reason="busy")
        assert wait_for(_someone_waits_on_a_lock, 60), _logs(workers)  # one worker is inside it
        request_recompute(round_id=next_one.pk, reason="next")
        assert wait_for(lambda: _current(next_one) is not None, 60), _logs(workers)
    finally:
        lock.rollback()
        lock.close()
    assert wait_for(lambda: _current(busy) is not None, 60), _logs(workers)
    assert sorted(_computed_by(workers, busy) + _computed_by(workers, next_one)) == ["worker", "worker-2"]


def test_with_one_compose_worker_stopped_the_other_takes_every_recompute(
    require_postgres, broker, worker_factory, lead_reviewer
):
    stopped, running = _compose_workers(worker_factory, broker)
    stopped.stop()
    rounds = [_signed_round(lead_reviewer) for _ in range(3)]
    for rnd in rounds:
        request_recompute(round_id=rnd.pk, reason="sign-off")
    assert wait_for(lambda: all(_current(r) is not None for r in rounds), 90), _logs([stopped, running])
    assert [_computed_by([stopped, running], r) for r in rounds] == [[running.name]] * 3


@pytest.fixture
def hosts(broker, worker_factory, tmp_path):
    """docs/scaling.md's recompute host and mail host (the mail host's emails in a mailbox)."""
    commands = doc.worker_host_commands()
    assert sorted(commands) == ["mail", "recompute"]
    mailbox = tmp_path / "mailbox"
    mailbox.mkdir()
    mail_env = {"EMAIL_BACKEND": "tests.mailboxes.FileMailbox", "DTI_TEST_MAILBOX": str(mailbox)}
    return {
        "recompute": _start(worker_factory, broker, "recompute", commands["recompute"]),
        "mail": _start(worker_factory, broker, "mail", commands["mail"], **mail_env),
        "mailbox": mailbox,
    }


def test_the_recompute_host_of_scaling_md_runs_the_recomputes_and_no_email(
    require_postgres, hosts, lead_reviewer, officer_a
):
    rnd = _signed_round(lead_reviewer)
    request_recompute(round_id=rnd.pk, reason="sign-off")
    notify(recipients=[officer_a], kind="x", message="Hồ sơ đã được ký duyệt")
    workers = [hosts["recompute"], hosts["mail"]]
    assert wait_for(lambda: _current(rnd) is not None, 60), _logs(workers)
    assert wait_for(lambda: OutgoingEmail.objects.filter(status=OutgoingEmailStatus.SENT).exists(), 60), _logs(workers)
    assert _computed_by(workers, rnd) == ["recompute"]
    assert _ran(hosts["recompute"], "accounts.tasks.send_outgoing_emails") == []


def test_the_mail_host_of_scaling_md_sends_the_emails_and_no_recompute(require_postgres, hosts, lead_reviewer, officer_a):
    rnd = _signed_round(lead_reviewer)
    request_recompute(round_id=rnd.pk, reason="sign-off")
    notify(recipients=[officer_a], kind="x", message="Hồ sơ đã được ký duyệt")
    workers = [hosts["recompute"], hosts["mail"]]
    assert wait_for(lambda: _current(rnd) is not None, 60), _logs(workers)
    assert wait_for(lambda: list(hosts["mailbox"].glob("*.eml")), 60), _logs(workers)
    sent = [message_from_bytes(f.read_bytes())["X-DTI-Outbox-Id"] for f in hosts["mailbox"].glob("*.eml")]
    assert sent == [str(OutgoingEmail.objects.get().pk)]
    assert _ran(hosts["mail"], "accounts.tasks.send_outgoing_emails") == ["1"]
    assert _ran(hosts["mail"], "results.tasks.recompute_round") == []


def test_the_single_machine_worker_of_the_procfile_consumes_every_queue(
    require_postgres, broker, worker_factory, lead_reviewer, officer_a
):
    from assessments.tasks import send_deadline_reminders

    worker = _start(worker_factory, broker, "all", doc.procfile()["worker"])
    rnd = _signed_round(lead_reviewer)
    request_recompute(round_id=rnd.pk, reason="sign-off")  # queue recompute
    notify(recipients=[officer_a], kind="x", message="Hồ sơ đã được ký duyệt")  # queue email
    send_deadline_reminders.delay()  # queue reminders, as beat sends it
    assert wait_for(lambda: _current(rnd) is not None, 60), _logs([worker])
    assert wait_for(lambda: _ran(worker, "accounts.tasks.send_outgoing_emails") == ["1"], 60), _logs([worker])
    assert wait_for(lambda: _ran(worker, "assessments.tasks.send_deadline_reminders") == ["0"], 60), _logs([worker])


def test_each_kind_of_task_is_routed_to_its_queue():
    from dtiportal.celery import app

    queue = lambda task: app.amqp.router.route({}, task)["queue"].name  # noqa: E731
    assert {
        task: queue(task)
        for task in (
            "results.tasks.recompute_round", "results.tasks.sweep_recompute_requests",
            "accounts.tasks.send_outgoing_emails", "accounts.tasks.send_notification_emails",
            "assessments.tasks.send_deadline_reminders",
        )
    } == {
        "results.tasks.recompute_round": "recompute", "results.tasks.sweep_recompute_requests": "recompute",
        "accounts.tasks.send_outgoing_emails": "email", "accounts.tasks.send_notification_emails": "email",
        "assessments.tasks.send_deadline_reminders": "reminders",
    }
