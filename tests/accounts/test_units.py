from pathlib import Path

import pytest
from django.core.management import call_command

from accounts.models import RankingGroup, Unit
from accounts.services import find_unit, load_units

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parents[2] / "seeds" / "data"


def load():
    return load_units(
        provinces_csv=DATA / "provinces-63.csv", merger_csv=DATA / "merger-2025.csv", ministries_csv=DATA / "ministries.csv"
    )


def test_it_loads_63_old_and_34_merged_provinces():
    assert load()["provinces_63"] == 63
    assert Unit.objects.filter(ranking_group=RankingGroup.PROVINCES_63).count() == 63
    assert Unit.objects.filter(ranking_group=RankingGroup.PROVINCES_34).count() == 34


def test_the_new_da_nang_descends_from_old_da_nang_and_quang_nam():
    load()
    new_da_nang = Unit.objects.get(code="2025-48")
    assert sorted(u.name for u in new_da_nang.predecessors.all()) == ["Quảng Nam", "Đà Nẵng"]


def test_every_old_province_has_exactly_one_successor():
    load()
    for unit in Unit.objects.filter(ranking_group=RankingGroup.PROVINCES_63):
        assert unit.successors.count() == 1, unit.name


def test_old_units_end_and_new_units_start_on_the_merger_date():
    load()
    assert str(Unit.objects.get(code="48").valid_to) == "2025-06-30"
    assert str(Unit.objects.get(code="2025-48").valid_from) == "2025-07-01"


def test_ministries_are_split_by_public_services():
    load()
    assert Unit.objects.filter(ranking_group=RankingGroup.MINISTRIES_SERVICE).exists()
    assert Unit.objects.filter(ranking_group=RankingGroup.MINISTRIES_OTHER).exists()


def test_loading_twice_changes_nothing():
    load()
    before = list(Unit.objects.order_by("code").values_list("code", "name", "ranking_group"))
    call_command("load_units", verbosity=0)
    assert list(Unit.objects.order_by("code").values_list("code", "name", "ranking_group")) == before


def test_find_unit_by_name_within_a_ranking_group():
    load()
    assert find_unit(code_or_name="Đà Nẵng", ranking_group=RankingGroup.PROVINCES_34).code == "2025-48"
    assert find_unit(code_or_name="48").name == "Đà Nẵng"
    assert find_unit(code_or_name="Không có") is None
