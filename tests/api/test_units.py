"""/api/units/: each unit's place in the tree and its lineage, by code (issue 17 item 1)."""

import datetime as dt

import pytest

from accounts.models import RankingGroup, UnitKind, UnitLineage
from tests.factories import SubUnitFactory, UnitFactory

pytestmark = pytest.mark.django_db
K = UnitKind


@pytest.fixture
def merged(province_a, province_b):
    """The 2025 Đà Nẵng, successor of Đà Nẵng and Quảng Nam, with a department and a commune."""
    new = UnitFactory(code="2025-48", name="Đà Nẵng", kind=K.CITY, ranking_group=RankingGroup.PROVINCES_34, valid_from=dt.date(2025, 7, 1))
    for old in (province_a, province_b):
        UnitLineage.objects.create(successor=new, predecessor=old, effective_date=dt.date(2025, 7, 1))
    SubUnitFactory(code="2025-48-noivu", name="Sở Nội vụ thành phố Đà Nẵng", parent=new, illustrative=True)
    SubUnitFactory(code="2025-48-haichau", name="Phường Hải Châu", kind=K.COMMUNE, parent=new)
    return new


def by_code(response) -> dict:
    assert response.status_code == 200
    return {u["code"]: u for u in response.json()}


def test_a_department_names_its_parent_and_kind(api, merged):
    unit = api().get("/api/units/2025-48-noivu/").json()

    assert unit == {
        "code": "2025-48-noivu", "gso_code": "", "name": "Sở Nội vụ thành phố Đà Nẵng",
        "label": "Sở Nội vụ thành phố Đà Nẵng (Sở, ban, ngành, từ 01/07/2025)", "kind": "so_nganh",
        "parent": "2025-48", "region": "Duyên hải Nam Trung Bộ", "ranking_group": "", "valid_from": "2025-07-01",
        "valid_to": None, "predecessors": [], "successors": [], "illustrative": True,
    }


def test_a_merged_province_lists_its_predecessors_and_they_their_successor(api, merged):
    units = by_code(api().get("/api/units/"))

    assert units["2025-48"]["predecessors"] == ["48", "49"]
    assert units["2025-48"]["parent"] is None
    assert units["48"]["successors"] == ["2025-48"] and units["49"]["successors"] == ["2025-48"]
    assert units["48"]["predecessors"] == []


def test_the_units_of_a_parent_are_filtered_by_its_code(api, merged):
    assert set(by_code(api().get("/api/units/", {"parent": "2025-48"}))) == {"2025-48-noivu", "2025-48-haichau"}
    assert by_code(api().get("/api/units/", {"parent": "khong-co"})) == {}


def test_the_units_are_filtered_by_kind(api, merged):
    assert set(by_code(api().get("/api/units/", {"kind": "xa"}))) == {"2025-48-haichau"}
    assert set(by_code(api().get("/api/units/", {"kind": "xa", "parent": "48"}))) == set()


def test_an_unknown_kind_is_refused_in_vietnamese(api, merged):
    response = api().get("/api/units/", {"kind": "lang"})

    assert response.status_code == 400
    assert response.json()["kind"] == ["Không có loại đơn vị “lang”."]


def test_the_ranking_group_filter_leaves_out_the_units_under_provinces(api, merged):
    assert set(by_code(api().get("/api/units/", {"ranking_group": "tinh-34"}))) == {"2025-48"}


@pytest.mark.parametrize("size", [5, 40])
def test_the_list_costs_three_queries_whatever_its_size(api, province_a, size, django_assert_max_num_queries):
    for i in range(size):
        new = UnitFactory(code=f"2025-{i}", kind=K.PROVINCE, ranking_group=RankingGroup.PROVINCES_34)
        UnitLineage.objects.create(successor=new, predecessor=province_a, effective_date=dt.date(2025, 7, 1))
        SubUnitFactory(code=f"2025-{i}-so", parent=new)
    client = api()

    with django_assert_max_num_queries(3):
        response = client.get("/api/units/")

    assert len(response.json()) == 2 * size + 1


def test_the_detail_costs_three_queries(api, merged, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        assert api().get("/api/units/2025-48/").status_code == 200


def test_the_schema_documents_the_tree_fields_and_filters(api, db):
    import yaml

    schema = yaml.safe_load(api().get("/api/schema/").content)
    unit = schema["components"]["schemas"]["Unit"]["properties"]
    params = {p["name"]: p for p in schema["paths"]["/api/units/"]["get"]["parameters"]}

    assert {"parent", "kind", "predecessors", "successors", "illustrative"} <= set(unit)
    assert unit["predecessors"]["type"] == "array" and unit["parent"]["nullable"] is True
    assert set(params["kind"]["schema"]["enum"]) == set(K.values)
    assert "parent" in params
