"""Published results of a province that runs its own index, through the API (issue 18):
`?authority=<code>` names whose results; without it, the national Authority's only."""

import pytest

from tests.results.conftest import departments_of, provincial_authority, publish_provincial_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def dn_round(province_a, lead_reviewer, admin_user):
    authority = provincial_authority(province_a, code="da-nang", name="Sở Khoa học và Công nghệ thành phố Đà Nẵng")
    units = departments_of(province_a, ["Sở Tài chính thành phố Đà Nẵng", "Sở Y tế thành phố Đà Nẵng"], prefix="48")
    return publish_provincial_round(authority, units, lead=lead_reviewer, admin=admin_user)


def test_the_result_list_of_an_authority_is_its_own(api, dn_round):
    assert api().get("/api/results/", {"authority": "da-nang"}).json() == [
        {"year": 2025, "ranking_group": "so-nganh", "url": "/api/results/2025/so-nganh/?authority=da-nang"}
    ]


def test_the_result_list_without_an_authority_is_national(api, dn_round):
    assert api().get("/api/results/").json() == []
    assert api().get("/api/results/", {"authority": "quoc-gia"}).json() == []


def test_an_unknown_authority_is_a_clear_error(api, dn_round):
    response = api().get("/api/results/", {"authority": "khong-co"})
    assert response.status_code == 400
    assert response.json()["authority"] == ["Không có cơ quan đánh giá “khong-co”."]


def test_an_over_long_authority_code_is_refused_and_cut_in_the_message(api, dn_round):
    response = api().get("/api/results/2025/so-nganh/", {"authority": "x" * 500})
    assert response.status_code == 400
    assert response.json()["authority"] == [f"Không có cơ quan đánh giá “{'x' * 40}”."]


def test_an_authority_s_table_names_it_and_ranks_its_units(api, dn_round):
    table = api().get("/api/results/2025/so-nganh/", {"authority": "da-nang"}).json()
    assert table["authority"] == "da-nang"
    assert [(r["unit"], r["rank"], r["dti"]) for r in table["rows"]] == [("48-1", 1, "0.8000"), ("48-2", 2, "0.6000")]
    assert api().get("/api/results/2025/so-nganh/48-2/", {"authority": "da-nang"}).json()["rank"] == 2


def test_an_authority_s_table_is_not_national(api, dn_round):
    assert api().get("/api/results/2025/so-nganh/").status_code == 404
    assert api().get("/api/results/2025/so-nganh/48-1/").status_code == 404
