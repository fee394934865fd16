"""A unit's submission through the API: the same access and workflow rules as the pages."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import AuditEntry, Interface
from assessments.models import GeneralInfoValue, SubmissionStatus
from tests.api.conftest import value
from tests.assessments.conftest import send

pytestmark = pytest.mark.django_db

FULL_NTS = [
    {"indicator": "1.1", "inputs": {"choice": "pho_chu_tich"}},
    {"indicator": "1.2", "inputs": {"answer": True}},
    {"indicator": "1.3", "inputs": {"numerator": "1.234", "denominator": 2468}},  # counts: a string, a JSON number
    {"indicator": "1.4", "inputs": {"count": "6"}},
]


def values_url(sub):
    return f"/api/submissions/{sub.pk}/values/"


# --- reading --------------------------------------------------------------------------------


def test_officer_lists_only_their_units_submissions(api, officer_a, sub_a):
    r = api(officer_a).get("/api/submissions/")
    assert r.status_code == 200
    assert [s["id"] for s in r.json()] == [sub_a.pk]


@pytest.mark.parametrize("who", ["reviewer", "admin"])
def test_reviewers_list_every_sent_submission_of_a_round(api, personas, sub_a, sub_b, rnd, who):
    send(sub_a)
    send(sub_b, SubmissionStatus.RETURNED)
    r = api(personas[who]).get("/api/submissions/", {"round": rnd.pk})
    assert {s["unit"] for s in r.json()} == {"48", "49"}


@pytest.mark.parametrize("who", ["reviewer", "admin"])
def test_reviewers_do_not_list_drafts(api, personas, sub_a, sub_b, rnd, who):
    send(sub_b)
    r = api(personas[who]).get("/api/submissions/", {"round": rnd.pk})
    assert [s["unit"] for s in r.json()] == ["49"]


def test_a_bad_round_filter_is_400(api, reviewer, rnd):
    r = api(reviewer).get("/api/submissions/", {"round": "abc"})
    assert r.status_code == 400
    assert "round" in r.json()


@pytest.mark.parametrize("who,status", [("anonymous", 401), ("system", 403)])
def test_others_cannot_list_submissions(api, personas, rnd, who, status):
    assert api(personas[who]).get("/api/submissions/").status_code == status


@pytest.mark.parametrize("who,status", [("officer_a", 200), ("reviewer", 404), ("admin", 404),
                                        ("officer_b", 404), ("system", 404), ("anonymous", 401)])
def test_a_draft_s_detail_by_persona(api, personas, sub_a, who, status):
    r = api(personas[who]).get(f"/api/submissions/{sub_a.pk}/")
    assert r.status_code == status
    if status == 200:
        body = r.json()
        assert body["unit"] == "48" and body["status"] == "draft"
        assert [v["indicator"] for v in body["values"]][:2] == ["1.1", "1.2"]
        assert body["general_information"][0]["code"] == "TT.1"


def test_missing_submission_is_404(api, officer_a, rnd):
    assert api(officer_a).get("/api/submissions/987654/").status_code == 404


@pytest.mark.parametrize("who", ["reviewer", "admin"])
def test_reviewers_read_a_sent_submission_s_detail(api, personas, sub_a, who):
    send(sub_a)
    r = api(personas[who]).get(f"/api/submissions/{sub_a.pk}/")
    assert (r.status_code, r.json()["unit"], r.json()["status"]) == (200, "48", "submitted")


def test_officers_see_reviewed_points_only_after_sign_off(api, officer_a, reviewer, sub_a):
    send(sub_a, SubmissionStatus.UNDER_REVIEW)
    v = value(sub_a, "1.2")
    v.reviewed_points = Decimal("5")
    v.save()
    def reviewed(user):
        body = api(user).get(f"/api/submissions/{sub_a.pk}/").json()
        return next(x for x in body["values"] if x["indicator"] == "1.2")["reviewed_points"]
    assert reviewed(officer_a) is None
    assert Decimal(reviewed(reviewer)) == 5
    sub_a.status = SubmissionStatus.SIGNED_OFF
    sub_a.save()
    assert Decimal(reviewed(officer_a)) == 5


def test_detail_query_count_does_not_grow_with_rows(api, officer_a, sub_a, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        assert api(officer_a).get(f"/api/submissions/{sub_a.pk}/").status_code == 200


# --- writing values -------------------------------------------------------------------------


def test_officer_saves_values_across_main_indices_audited_as_api(api, officer_a, sub_a):
    rows = [*FULL_NTS, {"indicator": "2.2", "inputs": {"value": "85%"}}]
    r = api(officer_a).patch(values_url(sub_a), {"values": rows}, format="json")
    assert r.status_code == 200, r.json()
    assert r.json() == {"changed": 5, "unchanged": 0}
    v = value(sub_a, "1.3")
    assert v.inputs == {"numerator": "1234", "denominator": "2468"} and v.self_points == Decimal("10.00")
    assert value(sub_a, "2.2").self_points == Decimal("8.50")
    entries = AuditEntry.objects.filter(action="value.update", unit=sub_a.unit)
    assert entries.count() == 5
    assert set(entries.values_list("interface", flat=True)) == {Interface.API}


@pytest.mark.parametrize("who,status", [("officer_b", 404), ("reviewer", 404), ("admin", 404), ("system", 404), ("anonymous", 401)])
def test_only_the_units_officers_write(api, personas, sub_a, who, status):
    r = api(personas[who]).patch(values_url(sub_a), {"values": FULL_NTS}, format="json")
    assert r.status_code == status
    assert value(sub_a, "1.1").self_points is None


@pytest.mark.parametrize("who", ["reviewer", "admin"])
def test_reviewers_never_write_a_sent_submission_s_values(api, personas, sub_a, who):
    send(sub_a, SubmissionStatus.RETURNED)
    assert api(personas[who]).patch(values_url(sub_a), {"values": FULL_NTS}, format="json").status_code == 403
    assert value(sub_a, "1.1").self_points is None


def test_bad_rows_are_400_by_indicator_and_nothing_is_saved(api, officer_a, sub_a):
    rows = [{"indicator": "1.2", "inputs": {"answer": "có"}}, {"indicator": "2.1", "inputs": {"numerator": "9", "denominator": "3"}}]
    r = api(officer_a).patch(values_url(sub_a), {"values": rows}, format="json")
    assert r.status_code == 400
    assert "numerator" in r.json()["errors"]["2.1"]
    assert value(sub_a, "1.2").self_points is None  # the good row in another main index too


def test_unknown_indicator_and_bad_shape_are_400(api, officer_a, sub_a):
    c = api(officer_a)
    r = c.patch(values_url(sub_a), {"values": [{"indicator": "9.9", "inputs": {}}]}, format="json")
    assert r.status_code == 400 and "9.9" in r.json()["errors"]
    assert c.patch(values_url(sub_a), {"values": "x"}, format="json").status_code == 400
    assert c.patch(values_url(sub_a), {"values": [{"indicator": "1.2", "inputs": {"answer": [1]}}]}, format="json").status_code == 400
    assert c.patch(values_url(sub_a), "{not json", content_type="application/json").status_code == 400


def test_officers_cannot_change_automatic_values_through_the_api(api, officer_a, sub_a):
    r = api(officer_a).patch(values_url(sub_a), {"values": [{"indicator": "2.3", "inputs": {"value": "100"}}]}, format="json")
    assert r.status_code == 400
    assert "tự động" in r.json()["errors"]["2.3"]["indicator"]
    assert value(sub_a, "2.3").inputs == {}


def test_a_stale_version_is_409_and_nothing_is_saved(api, officer_a, sub_a):
    c = api(officer_a)
    c.patch(values_url(sub_a), {"values": [{"indicator": "1.2", "inputs": {"answer": True}}]}, format="json")
    r = c.patch(values_url(sub_a), {"values": [{"indicator": "1.2", "inputs": {"answer": False}, "version": 0}]}, format="json")
    assert r.status_code == 409
    assert r.json()["conflicts"] == {"1.2": {"version": 1}}
    assert value(sub_a, "1.2").inputs == {"answer": True}


def test_after_the_deadline_writes_are_409(api, officer_a, sub_a):
    rnd = sub_a.round
    rnd.closes_at = timezone.now() - dt.timedelta(minutes=1)
    rnd.save()
    r = api(officer_a).patch(values_url(sub_a), {"values": FULL_NTS}, format="json")
    assert r.status_code == 409
    assert "quá hạn" in r.json()["detail"]


def test_officer_saves_general_information(api, officer_a, sub_a):
    r = api(officer_a).patch(f"/api/submissions/{sub_a.pk}/general-info/", {"items": [{"code": "TT.1", "value": "1.234.567"}]}, format="json")
    assert r.status_code == 200, r.json()
    assert GeneralInfoValue.objects.get(submission=sub_a).value == Decimal("1234567")
    assert AuditEntry.objects.get(action="general_info.update").interface == Interface.API


def test_bad_general_information_is_400(api, officer_a, sub_a):
    c = api(officer_a)
    r = c.patch(f"/api/submissions/{sub_a.pk}/general-info/", {"items": [{"code": "TT.1", "value": "abc"}]}, format="json")
    assert r.status_code == 400 and "TT.1" in r.json()["errors"]
    r = c.patch(f"/api/submissions/{sub_a.pk}/general-info/", {"items": [{"code": "X", "value": "1"}]}, format="json")
    assert r.status_code == 400 and "X" in r.json()["errors"]


@pytest.mark.parametrize("who,status", [("officer_b", 404), ("reviewer", 404), ("anonymous", 401), ("system", 404)])
def test_general_information_is_written_by_the_unit_only(api, personas, sub_a, who, status):
    r = api(personas[who]).patch(f"/api/submissions/{sub_a.pk}/general-info/", {"items": [{"code": "TT.1", "value": "1"}]}, format="json")
    assert r.status_code == status


# --- submitting -----------------------------------------------------------------------------


def test_an_incomplete_submission_is_409_with_what_is_missing(api, officer_a, sub_a):
    r = api(officer_a).post(f"/api/submissions/{sub_a.pk}/submit/")
    assert r.status_code == 409
    assert r.json()["missing"]
    sub_a.refresh_from_db()
    assert sub_a.status == SubmissionStatus.DRAFT


@pytest.mark.parametrize("who,status", [("officer_b", 404), ("reviewer", 404), ("anonymous", 401), ("system", 404)])
def test_only_the_units_officers_submit(api, personas, sub_a, who, status):
    assert api(personas[who]).post(f"/api/submissions/{sub_a.pk}/submit/").status_code == status


def test_a_complete_submission_is_sent_audited_as_api(api, officer_a, sub_a, monkeypatch):
    from assessments import services

    monkeypatch.setattr(services.submission, "missing_items", lambda sub: [])
    r = api(officer_a).post(f"/api/submissions/{sub_a.pk}/submit/")
    assert r.status_code == 200, r.json()
    assert r.json()["status"] == "submitted"
    assert AuditEntry.objects.get(action="submission.submit").interface == Interface.API
    # …and then it is with the reviewers: no more writes.
    r = api(officer_a).patch(values_url(sub_a), {"values": FULL_NTS}, format="json")
    assert r.status_code == 409


def test_wrong_methods_are_405(api, officer_a, sub_a):
    c = api(officer_a)
    assert c.get(values_url(sub_a)).status_code == 405
    assert c.get(f"/api/submissions/{sub_a.pk}/submit/").status_code == 405
    assert c.delete(f"/api/submissions/{sub_a.pk}/").status_code == 405


def test_general_information_carries_its_english_name_beside_the_vietnamese(api, officer_a, sub_a):
    item = api(officer_a).get(f"/api/submissions/{sub_a.pk}/").json()["general_information"][0]
    assert (item["name_vi"], item["name_en"]) == ("Dân số", "Population")
