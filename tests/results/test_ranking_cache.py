"""The public ranking page is served from the cache after publication (issue 8)."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from results import services
from tests.results.test_views import _published_round_of, ranking_url

# The publication lookup (the cache key) is allowed; reading the table is not.
RANKING_TABLES = ("results_snapshotentry", "assessments_mainindex", "assessments_pillar",
                  "results_publishedresult")


def _ranking_queries(ctx) -> list[str]:
    return [q["sql"] for q in ctx.captured_queries if any(t in q["sql"] for t in RANKING_TABLES)]


def test_the_second_request_does_no_ranking_queries(db, lead_reviewer, admin_user, client):
    rnd = _published_round_of(4, lead_reviewer, admin_user, 2023)
    with CaptureQueriesContext(connection) as first:
        cold = client.get(ranking_url(rnd))
    with CaptureQueriesContext(connection) as second:
        warm = client.get(ranking_url(rnd))
    assert cold.status_code == warm.status_code == 200
    assert _ranking_queries(first)
    assert _ranking_queries(second) == []
    assert len(second.captured_queries) < len(first.captured_queries)
    table = lambda r: r.content.split(b'id="side-lists"')[1].split(b"</main>")[0]  # noqa: E731
    assert table(warm) == table(cold)


def test_it_serves_the_new_version_after_a_republication(db, lead_reviewer, admin_user, client):
    rnd = _published_round_of(4, lead_reviewer, admin_user, 2023)
    assert "phiên bản 1" in client.get(ranking_url(rnd)).content.decode()
    services.unpublish_round(round_id=rnd.pk, actor=admin_user, reason="Sửa số liệu")
    services.request_recompute(round_id=rnd.pk, reason="t")
    services.recompute_round(round_id=rnd.pk)
    services.publish_round(round_id=rnd.pk, actor=admin_user, note="Đính chính")
    assert "phiên bản 2" in client.get(ranking_url(rnd)).content.decode()


def test_it_does_not_cache_a_withdrawn_publication(db, lead_reviewer, admin_user, client):
    rnd = _published_round_of(4, lead_reviewer, admin_user, 2023)
    assert client.get(ranking_url(rnd)).status_code == 200
    services.unpublish_round(round_id=rnd.pk, actor=admin_user, reason="Sửa số liệu")
    assert client.get(ranking_url(rnd)).status_code == 404
