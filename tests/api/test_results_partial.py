"""The published-results API on history covering 6 of 63 provinces (results.partial): the
coverage, the official ranks out of the group, possible ranks, the average with its base."""

from __future__ import annotations

import pytest

from tests.results.conftest import load_partial_history

pytestmark = pytest.mark.django_db
TABLE = "/api/results/2023/tinh-63/"


@pytest.fixture
def partial_history(db):
    load_partial_history()


def rows(api) -> dict[str, dict]:
    return {row["unit"]: row for row in api().get(TABLE).json()["rows"]}


def test_the_table_says_how_many_units_of_the_group_it_covers_and_from_where(api, partial_history):
    assert api().get(TABLE).json()["coverage"] == {
        "units": 6, "group_size": 63, "ranked": 5, "with_dti": 5,
        "sources": ["thông báo 06/2/2025", "báo địa phương"], "reexpressed": False,
    }


def test_ranks_are_the_published_ranks_out_of_the_whole_group(api, partial_history):
    table = api().get(TABLE).json()
    assert table["rank_of"] == 63
    assert [(row["unit"], row["rank"]) for row in table["rows"]] == [
        ("P01", 1), ("P02", 2), ("P03", 3), ("P04", 4), ("P05", None), ("P06", 20),
    ]


def test_a_dti_without_a_rank_comes_with_the_ranks_it_can_have(api, partial_history):
    row = rows(api)["P05"]
    assert (row["dti"], row["rank"], row["rank_from"], row["rank_to"], row["rank_of"]) == ("0.7000", None, 5, 19, 63)


def test_a_rank_without_a_dti_has_a_null_dti_and_no_range(api, partial_history):
    row = rows(api)["P03"]
    assert (row["rank"], row["dti"], row["rank_from"], row["rank_to"]) == (3, None, None, None)


def test_the_average_dti_names_its_base(api, partial_history):
    assert api().get(TABLE).json()["average_dti"] == {"value": "0.7320", "units": 5}


def test_each_row_names_its_source(api, partial_history):
    assert (rows(api)["P05"]["source"], rows(api)["P01"]["source"]) == ("báo địa phương", "thông báo 06/2/2025")


def test_the_unit_endpoint_gives_the_rank_out_of_the_group(api, partial_history):
    row = api().get(f"{TABLE}P06/").json()
    assert (row["rank"], row["rank_of"]) == (20, 63)


def test_a_portal_publication_has_no_coverage_and_ranks_out_of_its_ranked_units(api, rnd, admin_user):
    from decimal import Decimal

    from results.models import Publication, RankingSnapshot, SnapshotEntry

    snap = RankingSnapshot.objects.create(round=rnd, is_current=True, content_hash="x", unit_count=1)
    SnapshotEntry.objects.create(snapshot=snap, unit=rnd.submissions.first().unit, ranking_group=rnd.ranking_group, dti=Decimal("0.9"), dti_rank=1)
    Publication.objects.create(round=rnd, version=1, snapshot=snap, published_by=admin_user)
    table = api().get(f"/api/results/{rnd.year}/{rnd.ranking_group}/").json()
    assert (table["coverage"], table["rank_of"], table["rows"][0]["rank_of"]) == (None, 1, 1)
