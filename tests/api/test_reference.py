"""Frameworks and units are public; rounds need a login."""

import pytest

pytestmark = pytest.mark.django_db

EVERYONE = ["anonymous", "officer_a", "officer_b", "reviewer", "admin", "system"]
SIGNED_IN = EVERYONE[1:]


@pytest.mark.parametrize("who", EVERYONE)
def test_everyone_lists_frameworks(api, personas, rnd, who):
    r = api(personas[who]).get("/api/frameworks/")
    assert r.status_code == 200
    assert [f["code"] for f in r.json()] == ["test-tinh"]


@pytest.mark.parametrize("who", EVERYONE)
def test_framework_detail_has_rules_and_structure(api, personas, rnd, who):
    r = api(personas[who]).get("/api/frameworks/test-tinh/")
    assert r.status_code == 200
    body = r.json()
    assert [m["code"] for m in body["main_indices"]] == ["NTS", "HTS", "DTTM"]
    ratio = next(i for i in body["indicators"] if i["code"] == "1.3")
    assert ratio["rule_type"] == "ratio" and ratio["main_index"] == "NTS"
    assert next(i for i in body["indicators"] if i["code"] == "2.3")["automatic"] is True
    assert body["general_information"][0]["code"] == "TT.1"


def test_unknown_framework_is_404(api, db):
    assert api().get("/api/frameworks/khong-co/").status_code == 404


def test_framework_detail_query_count_does_not_grow(api, rnd, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        assert api().get("/api/frameworks/test-tinh/").status_code == 200


@pytest.mark.parametrize("who", EVERYONE)
def test_everyone_lists_units_filtered_by_group(api, personas, who):
    r = api(personas[who]).get("/api/units/", {"ranking_group": "tinh-63"})
    assert r.status_code == 200
    assert {u["code"] for u in r.json()} == {"48", "49"}


def test_unit_detail_and_404(api, province_a):
    assert api().get("/api/units/48/").json()["name"] == "Đà Nẵng"
    assert api().get("/api/units/999/").status_code == 404


@pytest.mark.parametrize("who", SIGNED_IN)
def test_signed_in_people_and_systems_list_rounds(api, personas, rnd, who):
    r = api(personas[who]).get("/api/rounds/")
    assert r.status_code == 200
    assert r.json()[0] == {**r.json()[0], "id": rnd.pk, "year": 2025, "framework": "test-tinh", "is_open": True}


def test_anonymous_cannot_list_rounds(api, rnd):
    r = api().get("/api/rounds/")
    assert r.status_code == 401
    assert api().get(f"/api/rounds/{rnd.pk}/").status_code == 401


def test_round_detail_and_404(api, officer_a, rnd):
    assert api(officer_a).get(f"/api/rounds/{rnd.pk}/").json()["ranking_group"] == "tinh-63"
    assert api(officer_a).get("/api/rounds/999999/").status_code == 404
    # An id longer than a bigint is a 404 too, never a database error.
    assert api(officer_a).get("/api/rounds/99999999999999999999999/").status_code == 404


def test_a_bad_token_is_401(api, rnd):
    c = api()
    c.credentials(HTTP_AUTHORIZATION="Token khong-hop-le")
    assert c.get("/api/rounds/").status_code == 401


def test_people_exchange_their_password_for_a_token(api, officer_a):
    r = api().post("/api/token/", {"username": "officer_a", "password": "Mat-khau-2026"}, format="json")
    assert r.status_code == 200
    token = r.json()["token"]
    c = api()
    c.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert c.get("/api/rounds/").status_code == 200


def test_a_wrong_password_gets_no_token(api, officer_a):
    r = api().post("/api/token/", {"username": "officer_a", "password": "sai"}, format="json")
    assert r.status_code == 400
    assert "token" not in r.json()


def test_wrong_method_is_405(api, officer_a, rnd):
    assert api(officer_a).post("/api/frameworks/", {}, format="json").status_code == 405
    assert api(officer_a).delete(f"/api/rounds/{rnd.pk}/").status_code == 405
