"""With a read replica (DATABASE_REPLICA_URL), the public pages read from it; nothing else does.

The test settings name a second alias, `replica`, on the test database itself (a mirror, as a
streaming replica is a copy): a query is on the replica when it went through that connection.
The data is committed (transactional tests), so the second connection sees it.
"""

from __future__ import annotations

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.results.conftest import departments_of, provincial_authority, publish_provincial_round
from tests.results.test_views import _published_round_of, profile_url, ranking_url

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])

RANKING_TABLES = ("results_snapshotentry", "results_publication", "assessments_round")


def _ranking_queries(ctx) -> list[str]:
    return [q["sql"] for q in ctx.captured_queries if any(t in q["sql"] for t in RANKING_TABLES)]


def _get(client, url):
    with CaptureQueriesContext(connections["replica"]) as replica, CaptureQueriesContext(connections["default"]) as primary:
        response = client.get(url)
    assert response.status_code == 200
    return replica, primary


@pytest.fixture
def published_round(lead_reviewer, admin_user):
    return _published_round_of(3, lead_reviewer, admin_user, 2024)


@pytest.fixture
def with_replica(settings):
    settings.PUBLIC_READS_DATABASE = "replica"


@pytest.mark.parametrize("page", ["ranking", "profile", "csv"])
def test_with_a_replica_a_public_page_reads_the_ranking_from_the_replica(with_replica, published_round, client, page):
    code = published_round.submissions.order_by("unit__code").first().unit.code
    url = {
        "ranking": ranking_url(published_round),
        "profile": profile_url(published_round, code),
        "csv": reverse("results:ranking_csv", args=[published_round.year, published_round.ranking_group]),
    }[page]
    replica, primary = _get(client, url)
    assert _ranking_queries(replica)
    assert _ranking_queries(primary) == []


def test_with_a_replica_a_provincial_authoritys_ranking_reads_from_the_replica(
    with_replica, province_a, lead_reviewer, admin_user, client
):
    authority = provincial_authority(province_a, code="da-nang", name="UBND thành phố Đà Nẵng")
    rnd = publish_provincial_round(
        authority, departments_of(province_a, ["Sở Nội vụ", "Sở Tài chính"], prefix="DN"), lead=lead_reviewer, admin=admin_user
    )
    url = reverse("results:authority_ranking", kwargs={"authority": authority.code, "year": rnd.year, "group": rnd.ranking_group})
    replica, primary = _get(client, url)
    assert _ranking_queries(replica)
    assert _ranking_queries(primary) == []


def test_without_a_replica_the_public_ranking_reads_the_primary(published_round, client):
    replica, primary = _get(client, ranking_url(published_round))
    assert replica.captured_queries == []
    assert _ranking_queries(primary)


def test_with_a_replica_a_staff_page_reads_the_primary(with_replica, published_round, reviewer_client):
    replica, primary = _get(reviewer_client, reverse("results:round", args=[published_round.pk]))
    assert replica.captured_queries == []
    assert _ranking_queries(primary)


def test_with_a_replica_a_signed_in_visitors_session_and_user_are_read_from_the_primary(
    with_replica, published_round, reviewer_client
):
    replica, primary = _get(reviewer_client, ranking_url(published_round))
    assert _ranking_queries(replica)
    assert not [q for q in replica.captured_queries if "django_session" in q["sql"] or "accounts_user" in q["sql"]]
    assert [q for q in primary.captured_queries if "django_session" in q["sql"]]
