"""One file shared by 504 evidence rows (issue 14.9): a national decision that all 63 provinces
attach under 8 indicators each. The reviewer's appraisal page and the appraisal save (the
htmx row) of such a submission, against the same pages of an ordinary one.

- query counts, in-process: the shared-file round against the same round with a file of its
  own in each place (no more queries: the places are counted by one grouped query);
- in-process time (median of 5, one request at a time): the figure the issue measured
  (15–33 s for the page, ~25 s for a save before the fix);
- under load (gunicorn, 20 reviewers), against the reviewer floor, like the other pages.

`python -m bench shared` runs this part alone (its data plus the ordinary data it compares with).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import statistics
import time
import urllib.parse
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.crypto import get_random_string

from accounts.models import RankingGroup
from assessments.models import Evidence, IndicatorValue, Round, Submission, SubmissionStatus

from . import client
from .data import Dataset, _entered_values, _round, _units, session_cookie

SHARED_YEAR = 2097
UNSHARED_YEAR = 2098  # the same submissions with a file of their own in each place: the comparison
UNITS = 63
INDICATORS = 8  # of the largest main index: 63 × 8 = 504 citations of one file
DECISION = b"%PDF-1.4 Quyet dinh 749/QD-TTg: Chuong trinh Chuyen doi so quoc gia (bench)"


@dataclass
class Shared:
    round: Round
    submissions: list[int]
    indicator_id: int  # the indicator whose value the save scenario appraises
    values: dict[int, int]  # submission → its value of that indicator
    places: int


def build(ds: Dataset, *, shared: bool = True, log=print) -> Shared:
    t = time.perf_counter()
    with transaction.atomic():
        units = _units(UNITS, "F", RankingGroup.PROVINCES_63)
        rnd = _round(ds.framework, SHARED_YEAR if shared else UNSHARED_YEAR, RankingGroup.PROVINCES_63, units,
                     lambda i: SubmissionStatus.UNDER_REVIEW, open_now=True)
        _entered_values(rnd, ds.indicators, ds.variants)
        cited = [i.pk for i in ds.indicators if i.main_index_id == ds.largest_main.pk][:INDICATORS]
        name = default_storage.save("evidence/bench-qd-749.pdf", ContentFile(DECISION))
        digest = hashlib.sha256(DECISION).hexdigest()
        values = IndicatorValue.objects.filter(submission__round=rnd, indicator_id__in=cited)
        Evidence.objects.bulk_create(
            [
                Evidence(value_id=pk, file=name, original_name="qd-749-ttg.pdf", content_type="application/pdf",
                         size=len(DECISION), sha256=digest if shared else hashlib.sha256(b"%d" % pk).hexdigest(),
                         doc_number="749/QĐ-TTg", doc_date=dt.date(2020, 6, 3),
                         issuing_body="Thủ tướng Chính phủ", summary="Chương trình Chuyển đổi số quốc gia")
                for pk in values.values_list("pk", flat=True)
            ],
            batch_size=1000,
        )
    subs = list(Submission.objects.filter(round=rnd).order_by("unit__code").values_list("pk", flat=True))
    first = cited[0]
    by_sub = dict(values.filter(indicator_id=first).values_list("submission_id", "pk"))
    with connection.cursor() as cur:
        cur.execute("ANALYZE assessments_evidence")
    places = Evidence.objects.filter(sha256=digest).count() if shared else 1
    what = f"one file in {places} places" if shared else "a file of its own in each place"
    log(f"  data: {what} ({UNITS} units × {INDICATORS} indicators) in {time.perf_counter() - t:.1f} s")
    return Shared(round=rnd, submissions=subs, indicator_id=first, values={s: by_sub[s] for s in subs}, places=places)


def _appraisal_path(ds: Dataset, sub_pk: int) -> str:
    return reverse("review:appraisal", args=[sub_pk, ds.largest_main.pk])


def _save_path(sub_pk: int, value_pk: int) -> str:
    return reverse("review:appraise", args=[sub_pk, value_pk])


def _measure(call) -> tuple[int, float]:
    with CaptureQueriesContext(connection) as ctx:
        started = time.perf_counter()
        resp = call()
        elapsed = time.perf_counter() - started
    if resp.status_code != 200:
        raise RuntimeError(f"HTTP {resp.status_code}")
    return len(ctx.captured_queries), elapsed


def in_process(ds: Dataset, sh: Shared, own: Shared, *, log=print, runs: int = 9) -> dict:
    """Median of `runs` single requests, the two rounds interleaved (the shared machine's load
    drifts: measured one after the other, the second would pay for it)."""
    reviewer = Client()
    reviewer.force_login(ds.reviewer)
    ContentType.objects.get_for_model(IndicatorValue)  # warm, as any worker is after its first save
    calls = {}
    for label, data in (("own files", own), ("shared", sh)):
        sub = data.submissions[0]
        value = data.values[sub]
        calls[f"page/{label}"] = lambda sub=sub: reviewer.get(_appraisal_path(ds, sub))
        calls[f"save/{label}"] = lambda sub=sub, value=value: reviewer.post(
            _save_path(sub, value), {"points": "0", "reason": "bench"}, HTTP_HX_REQUEST="true"
        )
    for call in calls.values():
        call()  # warm (and the first save takes the submission under review)
    samples: dict[str, list[tuple[int, float]]] = {k: [] for k in calls}
    for _ in range(runs):
        for key, call in calls.items():
            samples[key].append(_measure(call))
    out = {k: (v[0][0], statistics.median(t for _, t in v)) for k, v in samples.items()}
    for label in ("own files", "shared"):
        (qp, tp), (qs, ts) = out[f"page/{label}"], out[f"save/{label}"]
        log(f"  in-process {label:<9} appraisal page {qp:>3} queries {tp * 1000:7.1f} ms   save {qs:>3} queries {ts * 1000:7.1f} ms")
    out["places"] = sh.places
    return out


def under_load(ds: Dataset, sh: Shared, *, log=print, concurrency: int = 20, seconds: float = 10.0) -> dict:
    from .load import PORT, Server, _cookie_header, _get

    cookie = session_cookie(ds.reviewer)
    is_200 = lambda r: r.status == 200  # noqa: E731
    subs = sh.submissions

    def save(u, i):
        sub = subs[u % len(subs)]
        csrf = get_random_string(32)
        body = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": csrf, "points": "0" if i % 2 else "1", "reason": "bench"}
        ).encode()
        return client.request(PORT, "POST", _save_path(sub, sh.values[sub]), body=body, headers={
            "Cookie": _cookie_header(cookie, csrf), "Content-Type": "application/x-www-form-urlencoded",
            "HX-Request": "true",
        })

    out = {}

    def scenario(name, make):
        client.run(f"{name} (warm-up)", 5, make, is_200, max_requests=20, max_seconds=5)
        stats = client.run(name, concurrency, make, is_200, max_requests=1500, max_seconds=seconds)
        out[name] = stats
        log("  " + stats.line() + (f"  first error: {stats.errors[0]}" if stats.errors else ""))

    with Server(PORT):
        scenario("floor (reviewer, shared)", lambda u, i: _get("/bench/floor/", _cookie_header(cookie)))
        scenario("appraisal page, one file in 504 places",
                 lambda u, i: _get(_appraisal_path(ds, subs[u % len(subs)]), _cookie_header(cookie)))
        scenario("appraisal save, one file in 504 places", save)
    return out


def run(ds: Dataset, *, log=print) -> dict:
    sh = build(ds, log=log)
    own = build(ds, shared=False, log=log)
    return {"in_process": in_process(ds, sh, own, log=log), "load": under_load(ds, sh, log=log)}


def rows(res: dict) -> list[tuple[str, str, str, bool, str]]:
    ip, load = res["in_process"], res["load"]
    n = ip["places"]
    out = []
    for what in ("page", "save"):
        (q_ord, t_ord), (q_sh, t_sh) = ip[f"{what}/own files"], ip[f"{what}/shared"]
        label = "appraisal page" if what == "page" else "appraisal save"
        # Bounded work: the shared file costs no query more than files of their own (it may cost
        # fewer: one grouped query counts every place of the page's files).
        out.append((f"Queries: {label}, one file in {n} places", f"{q_sh} vs {q_ord} with files of their own",
                    "no more than own files", q_sh <= q_ord, ""))
        out.append((f"{label}, one file in {n} places (1 request)",
                    f"{t_sh * 1000:.0f} ms vs {t_ord * 1000:.0f} ms with files of their own",
                    "≤ 1.5× own files", t_sh <= 1.5 * t_ord, ""))
    floor = load["floor (reviewer, shared)"].p95
    for name in ("appraisal page, one file in 504 places", "appraisal save, one file in 504 places"):
        s = load[name]
        out.append((f"{name} p95 at 20 users", f"{s.p95 * 1000:.0f} ms ({s.p95 / floor:.1f}× reviewer floor "
                    f"{floor * 1000:.0f} ms), {len(s.errors)} errors", "≤ 3× reviewer floor",
                    s.p95 <= 3 * floor and not s.errors, ""))
    return out
