"""Published results are public; provisional rankings never leave through the API."""

from decimal import Decimal

import pytest

from accounts.models import RankingGroup
from results.models import Publication, PublishedResult, RankingSnapshot, SnapshotEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(province_a, province_b):
    for unit, rank, dti in [(province_a, 1, "0.8002"), (province_b, 2, "0.5803")]:
        PublishedResult.objects.create(
            year=2022, framework_decision="922/QĐ-BTTTT", ranking_group=RankingGroup.PROVINCES_63, unit=unit,
            rank=rank, dti=Decimal(dti), main_values={"NTS": "1.0000"},
        )


@pytest.fixture
def provisional(rnd, province_a):
    snap = RankingSnapshot.objects.create(round=rnd, is_current=True, content_hash="x", unit_count=1)
    SnapshotEntry.objects.create(snapshot=snap, unit=province_a, ranking_group=rnd.ranking_group, dti=Decimal("0.9"), dti_rank=1)
    return snap


@pytest.mark.parametrize("who", ["anonymous", "officer_a", "officer_b", "reviewer", "admin", "system"])
def test_everyone_reads_published_results(api, personas, history, who):
    c = api(personas[who])
    assert c.get("/api/results/").json() == [{"year": 2022, "ranking_group": "tinh-63", "url": "/api/results/2022/tinh-63/"}]
    table = c.get("/api/results/2022/tinh-63/").json()
    assert table["source"] == "history"
    assert [(row["unit"], row["rank"], row["dti"]) for row in table["rows"]] == [("48", 1, "0.8002"), ("49", 2, "0.5803")]
    assert c.get("/api/results/2022/tinh-63/49/").json()["dti"] == "0.5803"


def test_provisional_rankings_are_not_published(api, reviewer, provisional, rnd):
    assert api(reviewer).get("/api/results/").json() == []
    assert api(reviewer).get(f"/api/results/{rnd.year}/{rnd.ranking_group}/").status_code == 404


def test_a_publication_is_served_from_its_snapshot(api, provisional, rnd, admin_user):
    Publication.objects.create(round=rnd, version=1, snapshot=provisional, published_by=admin_user)
    table = api().get(f"/api/results/{rnd.year}/{rnd.ranking_group}/").json()
    assert table["source"] == "publication" and table["rows"][0]["dti"] == "0.9000"


def test_unknown_year_group_or_unit_is_404(api, history):
    assert api().get("/api/results/2019/tinh-63/").status_code == 404
    assert api().get("/api/results/2022/khong-co/").status_code == 404
    assert api().get("/api/results/2022/tinh-63/00/").status_code == 404
    assert api().get("/api/results/20222/tinh-63/").status_code == 404


def test_results_are_read_only(api, officer_a, history):
    assert api(officer_a).post("/api/results/2022/tinh-63/", {}, format="json").status_code == 405
