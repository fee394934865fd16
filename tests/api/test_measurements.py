"""The automatic-measure feed: system accounts post values for automatic indicators."""

from decimal import Decimal

import pytest

from accounts.models import AuditEntry, Interface
from assessments.models import SubmissionStatus
from tests.api.conftest import value

pytestmark = pytest.mark.django_db

URL = "/api/measurements/"
T1 = "2026-03-01T08:00:00+07:00"
T2 = "2026-03-02T08:00:00+07:00"


def batch(rnd, *rows):
    return {"round": rnd.pk, "measurements": list(rows)}


def m(unit="48", indicator="2.3", val="87,5", at=T1):
    return {"unit": unit, "indicator": indicator, "inputs": {"value": val}, "measured_at": at}


def test_system_account_posts_values_with_source_and_time(api, system_user, rnd, sub_a, sub_b):
    r = api(system_user).post(URL, batch(rnd, m(), m(unit="49", val="40")), format="json")
    assert r.status_code == 200, r.json()
    assert r.json() == {"changed": 2, "unchanged": 0}
    v = value(sub_a, "2.3")
    assert v.inputs == {"value": "87.5"} and v.self_points == Decimal("8.75")
    assert v.source == "Nền tảng đo lường DTI quốc gia"
    assert v.measured_at.isoformat() == "2026-03-01T01:00:00+00:00"
    entry = AuditEntry.objects.filter(action="value.measure").first()
    assert entry.interface == Interface.API and entry.actor == system_user


def test_the_same_measurement_again_changes_nothing(api, system_user, rnd, sub_a):
    c = api(system_user)
    c.post(URL, batch(rnd, m()), format="json")
    r = c.post(URL, batch(rnd, m()), format="json")
    assert r.json() == {"changed": 0, "unchanged": 1}
    assert AuditEntry.objects.filter(action="value.measure").count() == 1


def test_an_older_measurement_does_not_overwrite_a_newer_one(api, system_user, rnd, sub_a):
    c = api(system_user)
    c.post(URL, batch(rnd, m(val="90", at=T2)), format="json")
    r = c.post(URL, batch(rnd, m(val="10", at=T1)), format="json")
    assert r.status_code == 400
    assert "measured_at" in r.json()["errors"]["0"]
    assert value(sub_a, "2.3").inputs == {"value": "90"}


def test_the_refusal_of_an_older_measurement_names_the_newer_one_in_vietnam_time(api, system_user, rnd, sub_a):
    c = api(system_user)
    c.post(URL, batch(rnd, m(val="90", at="2026-03-02T01:30:00+00:00")), format="json")
    r = c.post(URL, batch(rnd, m(val="10", at=T1)), format="json")
    assert r.json()["errors"]["0"]["measured_at"] == "Đã có số liệu đo lúc 08:30 02/03/2026, mới hơn số liệu này."


def test_a_batch_with_one_bad_row_saves_nothing(api, system_user, rnd, sub_a, sub_b):
    r = api(system_user).post(URL, batch(rnd, m(), m(unit="49", val="150"), m(unit="XX"), m(indicator="1.1")), format="json")
    assert r.status_code == 400
    errors = r.json()["errors"]
    assert set(errors) == {"1", "2", "3"}
    assert "inputs.value" in errors["1"] and "unit" in errors["2"] and "không phải chỉ số đo tự động" in errors["3"]["indicator"]
    assert value(sub_a, "2.3").inputs == {}


def test_signed_off_submissions_take_no_more_measurements(api, system_user, rnd, sub_a):
    sub_a.status = SubmissionStatus.SIGNED_OFF
    sub_a.save()
    r = api(system_user).post(URL, batch(rnd, m()), format="json")
    assert r.status_code == 400 and "unit" in r.json()["errors"]["0"]


def test_bad_shapes_are_400(api, system_user, rnd):
    c = api(system_user)
    assert c.post(URL, {"round": rnd.pk, "measurements": []}, format="json").status_code == 400
    assert c.post(URL, {"round": "x"}, format="json").status_code == 400
    assert c.post(URL, batch(rnd, {**m(), "measured_at": "hôm qua"}), format="json").status_code == 400
    assert c.post(URL, batch(rnd, m(at="2999-01-01T00:00:00Z")), format="json").status_code == 400


def test_unknown_round_is_404(api, system_user, rnd):
    assert api(system_user).post(URL, {"round": 999999, "measurements": [m()]}, format="json").status_code == 404


@pytest.mark.parametrize("who,status", [("officer_a", 403), ("officer_b", 403), ("reviewer", 403), ("admin", 403), ("anonymous", 401)])
def test_only_system_accounts_post_measurements(api, personas, rnd, sub_a, who, status):
    assert api(personas[who]).post(URL, batch(rnd, m()), format="json").status_code == status
    assert value(sub_a, "2.3").inputs == {}


def test_get_is_405(api, system_user):
    assert api(system_user).get(URL).status_code == 405
