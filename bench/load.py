"""Pages under load: gunicorn + PostgreSQL + Redis on loopback, the asyncio client.

Scenarios, each bounded by a request count and a time limit:
- the floor (bench-only view rendering base.html), before and after the pages, for each kind
  of visitor: anonymous, an officer, a reviewer;
- the officer's entry page of the largest main index (20 officers, each their own unit);
- the save of that page (the same 20 officers; every save changes every editable row);
- the reviewer's appraisal page of the largest main index (submissions under review);
- the public ranking page (published round of 63 units, served from the cache);
- 300 officers saving at once (one save each, then a second wave): no error allowed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from django.urls import reverse
from django.utils.crypto import get_random_string

from assessments.models import IndicatorValue, Submission, SubmissionStatus

from . import client
from .data import Dataset, session_cookie

ROOT = Path(__file__).resolve().parent.parent
PORT = int(os.environ.get("BENCH_PORT", "8200"))


class Server:
    """gunicorn with the bench settings; stopped by its own pid (never by name)."""

    def __init__(self, port: int, workers: int | None = None):
        self.port = port
        self.workers = workers
        self.proc: subprocess.Popen | None = None

    def __enter__(self):
        env = dict(os.environ, DJANGO_SETTINGS_MODULE="bench.settings", BENCH_BIND=f"127.0.0.1:{self.port}")
        if self.workers:
            env["BENCH_WORKERS"] = str(self.workers)
        gunicorn = str(Path(sys.executable).with_name("gunicorn"))
        self.proc = subprocess.Popen(
            [gunicorn, "-c", str(ROOT / "bench" / "gunicorn.conf.py"), "dtiportal.wsgi:application"],
            cwd=ROOT, env=env,
        )
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                resp = client.asyncio.run(client.request(self.port, "GET", "/bench/floor/"))
                if resp.status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.3)
        self.__exit__(None, None, None)
        raise RuntimeError(f"gunicorn did not answer on 127.0.0.1:{self.port}")

    def __exit__(self, *exc):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def worker_pids(self) -> list[int]:
        path = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
        return [int(p) for p in path.read_text().split()] if path.exists() else []


@dataclass
class Officer:
    cookie: str
    submission_id: int
    entry_path: str
    rows: list[tuple[int, int, bool]]  # (value id, version, automatic) in page order
    iteration: int = 0


def _cookie_header(session: str, csrf: str | None = None) -> str:
    return f"sessionid={session}" + (f"; csrftoken={csrf}" if csrf else "")


def _officers(ds: Dataset) -> list[Officer]:
    out = []
    subs = {s.unit_id: s.pk for s in Submission.objects.filter(round=ds.open_round, status=SubmissionStatus.DRAFT)}
    main = ds.largest_main
    values = IndicatorValue.objects.filter(
        submission__round=ds.open_round, indicator__main_index=main, submission__status=SubmissionStatus.DRAFT
    ).values_list("submission_id", "pk", "version", "indicator__automatic", "indicator_id").order_by("indicator__order")
    by_sub: dict[int, list] = {}
    indicator_of = {}
    for sub_id, pk, version, automatic, ind_id in values:
        by_sub.setdefault(sub_id, []).append((pk, version, automatic))
        indicator_of[pk] = ind_id
    for user in ds.officers:
        sub_id = subs[user.unit_id]
        out.append(
            Officer(
                cookie=session_cookie(user),
                submission_id=sub_id,
                entry_path=reverse("assessments:entry", args=[sub_id, main.pk]),
                rows=by_sub[sub_id],
            )
        )
    _officers.indicator_of = indicator_of
    return out


def _save_body(ds: Dataset, officer: Officer, csrf: str) -> bytes:
    """Every editable row, alternating variant A/B so that each save changes every row."""
    variant = (officer.iteration + 1) % 2  # the data starts on variant A
    fields = [("csrfmiddlewaretoken", csrf)]
    for pk, version, automatic in officer.rows:
        if automatic:
            continue
        fields.append((f"v{pk}-version", str(version)))
        raw = ds.variants[_officers.indicator_of[pk]][variant].raw
        fields.extend((f"v{pk}-{k}", v) for k, v in raw.items())
    return urllib.parse.urlencode(fields).encode()


def _after_save(officer: Officer) -> None:
    officer.iteration += 1
    officer.rows = [(pk, version if automatic else version + 1, automatic) for pk, version, automatic in officer.rows]


def save_request(ds: Dataset, officer: Officer):
    csrf = get_random_string(32)
    body = _save_body(ds, officer, csrf)

    async def go():
        resp = await client.request(
            PORT, "POST", officer.entry_path, body=body,
            headers={"Cookie": _cookie_header(officer.cookie, csrf), "Content-Type": "application/x-www-form-urlencoded"},
        )
        if resp.status == 302:
            _after_save(officer)
        return resp

    return go()


def _get(path: str, cookie: str | None = None):
    return client.request(PORT, "GET", path, headers={"Cookie": cookie} if cookie else None)


def run(ds: Dataset, *, log=print, concurrency: int = 20, seconds: float = 10.0, max_requests: int = 1500) -> dict:
    officers = _officers(ds)
    reviewer_cookie = _cookie_header(session_cookie(ds.reviewer))
    review_subs = list(
        Submission.objects.filter(round=ds.open_round, status=SubmissionStatus.UNDER_REVIEW).values_list("pk", flat=True)
    )
    appraisal_paths = [reverse("review:appraisal", args=[pk, ds.largest_main.pk]) for pk in review_subs]
    ranking_path = reverse("results:ranking", args=[ds.published_round.year, ds.published_round.ranking_group])
    is_200 = lambda r: r.status == 200  # noqa: E731
    out: dict[str, client.Stats] = {}

    def scenario(name, make, ok=is_200, c=concurrency, **kw):
        client.run(f"{name} (warm-up)", min(c, 5), make, ok, max_requests=20, max_seconds=5)
        stats = client.run(name, c, make, ok, max_requests=kw.pop("max_requests", max_requests),
                           max_seconds=kw.pop("max_seconds", seconds), **kw)
        out[name] = stats
        log("  " + stats.line() + (f"  first error: {stats.errors[0]}" if stats.errors else ""))
        return stats

    def floors(when):
        # The floor for each kind of visitor: the same bare view, as the public, as an officer
        # and as a reviewer (a signed-in request also reads its session, its user and the
        # navigation's notification count before any page's own work).
        scenario(f"floor (anonymous, {when})", lambda u, i: _get("/bench/floor/"))
        scenario(f"floor (officer, {when})", lambda u, i: _get("/bench/floor/", _cookie_header(officers[u].cookie)))
        scenario(f"floor (reviewer, {when})", lambda u, i: _get("/bench/floor/", reviewer_cookie))

    with Server(PORT) as server:
        out["workers"] = len(server.worker_pids())
        floors("before")
        scenario("entry page", lambda u, i: _get(officers[u].entry_path, _cookie_header(officers[u].cookie)))
        scenario("save", lambda u, i: save_request(ds, officers[u]), ok=lambda r: r.status == 302)
        scenario("appraisal page", lambda u, i: _get(appraisal_paths[u % len(appraisal_paths)], reviewer_cookie))
        scenario("public ranking page", lambda u, i: _get(ranking_path))
        floors("after")
        # The deadline: 300 officers press Save at the same moment, twice.
        n = len(officers)
        scenario("300 officers saving", lambda u, i: save_request(ds, officers[u]), ok=lambda r: r.status == 302,
                 c=n, per_user=2, max_requests=2 * n, max_seconds=240)
    return out
