"""Query counts per page, in-process (Django's test client), on the smallest and the largest
main index (number of indicators), and for the ranking page cold and from the cache, at 63 and
at 1,000 units."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import IndicatorValue, Submission, SubmissionStatus
from results.services import PUBLIC_CACHE_VERSION_KEY

from .data import Dataset


def _count(client: Client, method: str, path: str, data=None, expect=(200,)) -> int:
    with CaptureQueriesContext(connection) as ctx:
        resp = client.get(path) if method == "GET" else client.post(path, data)
    if resp.status_code not in expect:
        raise RuntimeError(f"{method} {path}: HTTP {resp.status_code}")
    return len(ctx.captured_queries)


def _save_data(ds: Dataset, sub: Submission, main, variant: int) -> dict:
    data = {}
    for v in IndicatorValue.objects.filter(submission=sub, indicator__main_index=main, indicator__automatic=False):
        data[f"v{v.pk}-version"] = str(v.version)
        data.update({f"v{v.pk}-{k}": x for k, x in ds.variants[v.indicator_id][variant].raw.items()})
    return data


def run(ds: Dataset, *, log=print) -> dict:
    officer = ds.officers[-2]
    sub = Submission.objects.get(round=ds.open_round, unit=officer.unit)
    review_sub = Submission.objects.filter(round=ds.open_round, status=SubmissionStatus.UNDER_REVIEW).first()
    small, large = ds.smallest_main, ds.largest_main
    n_small = small.indicators.count()
    n_large = large.indicators.count()
    officer_client, reviewer_client, public = Client(), Client(), Client()
    officer_client.force_login(officer)
    reviewer_client.force_login(ds.reviewer)
    out = {}
    # Warm, as any worker is after its first save: the content type the audit rows point to.
    ContentType.objects.get_for_model(IndicatorValue)
    for label, main in (("small", small), ("large", large)):
        entry = reverse("assessments:entry", args=[sub.pk, main.pk])
        _count(officer_client, "GET", entry)  # warm (content types, translations)
        out[f"entry page/{label}"] = _count(officer_client, "GET", entry)
        out[f"save/{label}"] = _count(officer_client, "POST", entry, _save_data(ds, sub, main, 1), expect=(302,))
        # Back to variant A, where the load bench expects every officer's rows to start.
        _count(officer_client, "POST", entry, _save_data(ds, sub, main, 0), expect=(302,))
        appraisal = reverse("review:appraisal", args=[review_sub.pk, main.pk])
        _count(reviewer_client, "GET", appraisal)
        out[f"appraisal page/{label}"] = _count(reviewer_client, "GET", appraisal)
    ranking = reverse("results:ranking", args=[ds.published_round.year, ds.published_round.ranking_group])
    # Retire cached pages the way publishing does, to count a cold request.
    cache.set(PUBLIC_CACHE_VERSION_KEY, (cache.get(PUBLIC_CACHE_VERSION_KEY) or 0) + 1, None)
    out["ranking page/cold"] = _count(public, "GET", ranking)
    out["ranking page/cached"] = _count(public, "GET", ranking)
    # The same page for 1,000 units (the recompute round of that size, published here): the
    # number of queries must not grow with the units.
    big = ds.recompute_rounds.get(1000)
    if big is not None:
        from results import services as results_services

        results_services.publish_round(round_id=big.pk, actor=ds.admin)
        out["ranking page/cold 1000"] = _count(public, "GET", reverse("results:ranking", args=[big.year, big.ranking_group]))
    out["n_small"], out["n_large"] = n_small, n_large
    for page in ("entry page", "save", "appraisal page"):
        log(f"  queries {page:<15} {n_small:>3} indicators: {out[page + '/small']:>3}   "
            f"{n_large:>3} indicators: {out[page + '/large']:>3}")
    log(f"  queries ranking page    cold: {out['ranking page/cold']}   from cache: {out['ranking page/cached']}"
        + (f"   cold at 1,000 units: {out['ranking page/cold 1000']}" if "ranking page/cold 1000" in out else ""))
    return out
