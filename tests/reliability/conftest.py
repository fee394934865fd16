"""Private infrastructure for the fault tests: a Redis, a PostgreSQL cluster and Celery workers
that these tests start, break and clean up themselves. The shared services are never touched.

Everything listens on loopback only and every wait is bounded.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from django.db import connection

from assessments.models import IndicatorValue, Submission
from review import services as review_services
from tests import factories
from tests.review.conftest import fill, send

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, timeout: float = 30.0, every: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except Exception:  # noqa: BLE001 — the thing we wait for may error until it is up
            pass
        time.sleep(every)
    return False


def _port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def _kill(proc: subprocess.Popen | None, sig=signal.SIGTERM, timeout: float = 10) -> None:
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(sig)
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)


class PrivateRedis:
    """redis-server on a port of its own, no persistence; stop() and start() for real."""

    def __init__(self):
        if not shutil.which("redis-server"):
            from tests.conftest import _unavailable

            _unavailable("redis-server (to start a private Redis)")
        self.port = free_port()
        self.proc = None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        assert wait_for(lambda: _port_open(self.port), 15), "private Redis did not start"

    def stop(self):
        _kill(self.proc, signal.SIGKILL)
        assert wait_for(lambda: not _port_open(self.port), 10)


@pytest.fixture
def private_redis():
    r = PrivateRedis()
    r.start()
    yield r
    _kill(r.proc, signal.SIGKILL)


def _pg_bin(name: str) -> str:
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    if not found:
        from tests.conftest import _unavailable

        _unavailable(f"PostgreSQL server binaries ({name})")
    return str(found[-1])


class PrivatePostgres:
    """A throw-away PostgreSQL cluster in a temporary directory, on a port of its own."""

    def __init__(self):
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="dti-pg-"))
        self.data = self.dir / "data"
        self.as_postgres = os.geteuid() == 0  # initdb refuses to run as root
        if self.as_postgres:
            shutil.chown(self.dir, "postgres", "postgres")
        self._run([_pg_bin("initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"])
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, cmd, timeout=60):
        if self.as_postgres:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        subprocess.run(cmd, check=True, timeout=timeout, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def start(self):
        self._run([_pg_bin("pg_ctl"), "-D", str(self.data), "-w", "-t", "30", "-l", str(self.dir / "log"),
                   "-o", f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off", "start"])

    def stop(self, mode: str = "fast"):
        self._run([_pg_bin("pg_ctl"), "-D", str(self.data), "-w", "-t", "30", "-m", mode, "stop"])

    def cleanup(self):
        try:
            self.stop("immediate")
        except Exception:  # noqa: BLE001 — already stopped
            pass
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture
def private_postgres():
    if not (shutil.which("runuser") or os.geteuid() != 0):
        pytest.skip("runuser not available")
    pg = PrivatePostgres()
    try:
        pg.start()
        yield pg
    finally:
        pg.cleanup()


class Worker:
    """`celery -A dtiportal worker --pool=solo` as a real process, on our Redis and test database."""

    def __init__(self, broker_url: str, tmp: Path, extra_env: dict | None = None, *, name: str = "fault",
                 command: list[str] | None = None):
        self.broker_url, self.tmp, self.proc = broker_url, tmp, None
        self.extra_env = extra_env or {}
        self.name = name
        # A documented command (docs/scaling.md, the Procfile) instead of the test's own.
        self.command = command
        self.log = tmp / f"worker-{name}-{len(list(tmp.glob(f'worker-{name}-*.log')))}.log"

    def env(self) -> dict:
        db = connection.settings_dict
        url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        if db.get("PASSWORD"):
            url = url.replace("@", f":{db['PASSWORD']}@", 1)
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "dtiportal.settings",
            "DATABASE_URL": url,
            "REDIS_URL": self.broker_url,
            "CELERY_BROKER_URL": self.broker_url,
            "CELERY_TASK_ALWAYS_EAGER": "0",
            "RESULTS_RECOMPUTE_SWEEP_AGE": "0",
            "LOG_LEVEL": "INFO",
            **self.extra_env,
        }

    def argv(self) -> list[str]:
        node = ["-n", f"{self.name}-{os.getpid()}@%h"]  # as if each worker ran on a host of its own
        if self.command is not None:
            return [str(VENV_BIN / self.command[0]), *self.command[1:], *node]
        # Every queue (no -Q): CELERY_TASK_QUEUES.
        return [str(VENV_BIN / "celery"), "-A", "dtiportal", "worker", "--pool=solo", "--concurrency=1",
                "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "INFO", *node]

    def start(self):
        self.proc = subprocess.Popen(
            self.argv(), cwd=ROOT, env=self.env(), stdout=open(self.log, "ab"), stderr=subprocess.STDOUT,
        )
        assert wait_for(lambda: b"ready." in self.log.read_bytes(), 60), self.log.read_text(errors="replace")[-3000:]

    def kill(self):
        _kill(self.proc, signal.SIGKILL)

    def stop(self):
        _kill(self.proc, signal.SIGTERM, timeout=15)


@pytest.fixture
def worker_factory(tmp_path):
    started = []

    def make(broker_url, *, name: str = "fault", command: list[str] | None = None, **extra_env):
        w = Worker(broker_url, tmp_path, extra_env, name=name, command=command)
        started.append(w)
        return w

    yield make
    for w in started:
        w.kill()


@pytest.fixture
def broker(private_redis, settings):
    """Point this process's Celery app at the private Redis, with real (not eager) dispatch."""
    from dtiportal.celery import app

    old = {k: app.conf[k] for k in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=private_redis.url, task_always_eager=False)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.RESULTS_RECOMPUTE_DELAY = 0
    reset_pool(app)
    yield private_redis
    reset_pool(app)
    app.conf.update(old)


def reset_pool(app) -> None:
    """Forget the cached broker pools so the next publish connects to the configured URL.

    Never close them: kombu keeps one pool per URL for the whole process, and other tests
    (on the shared Redis) would find theirs closed."""
    app._pool = None
    app.amqp._producer_pool = None


def appraised(unit, officer, reviewer, rnd=None) -> Submission:
    """A submission under review with every indicator appraised: ready to be signed off."""
    rnd = rnd or factories.make_round(units=[unit])
    sub = rnd.submissions.get(unit=unit)
    fill(sub)
    sub = send(sub, officer)
    for v in IndicatorValue.objects.filter(submission=sub).select_related("indicator", "submission"):
        review_services.appraise(value=v, actor=reviewer, points=v.self_points)
    return Submission.objects.get(pk=sub.pk)
