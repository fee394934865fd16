"""Numbers as Vietnamese officers write them, through the API's documented string form.

A number is sent as a JSON number or as text written the officer's way, read by the field's kind
as the pages read it (1.3 a ratio of counts, 1.4 a count, 2.2 a percentage, the population
TT.1 a count; `decimal_ratio` declares 1.3's inputs decimal, `decimal_item` TT.1's kind decimal).
The framework says which kind each field is.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from assessments.models import GeneralInfoValue
from tests import factories
from tests.api.conftest import value

pytestmark = pytest.mark.django_db

NOT_WHOLE = "'{raw}' không phải số nguyên. Ô này là số đếm: nhập số nguyên, ví dụ 42.000 hoặc 4.952.238."


def save(api, officer, sub, code, inputs):
    return api(officer).patch(f"/api/submissions/{sub.pk}/values/", {"values": [{"indicator": code, "inputs": inputs}]}, format="json")


def save_population(api, officer, sub, typed):
    return api(officer).patch(f"/api/submissions/{sub.pk}/general-info/", {"items": [{"code": "TT.1", "value": typed}]}, format="json")


def population(sub):
    return GeneralInfoValue.objects.get(submission=sub, item__code="TT.1").value


@pytest.fixture
def decimal_ratio(sub_a):
    factories.declare_decimal(sub_a.round.framework, indicator="1.3")


@pytest.fixture
def decimal_item(sub_a):
    factories.declare_decimal(sub_a.round.framework, item="TT.1")


# --- the framework says each field's kind ----------------------------------------------------------


def test_the_framework_names_the_kind_of_each_input(api, rnd):
    indicators = {i["code"]: i["input_kinds"] for i in api().get("/api/frameworks/test-tinh/").json()["indicators"]}
    assert (indicators["1.3"], indicators["1.4"], indicators["2.2"], indicators["1.2"]) == (
        {"numerator": "integer", "denominator": "integer"}, {"count": "integer"}, {"value": "percent"}, {"answer": "boolean"}
    )


def test_a_ratio_declared_decimal_names_its_inputs_decimal(api, rnd, sub_a, decimal_ratio):
    indicators = {i["code"]: i["input_kinds"] for i in api().get("/api/frameworks/test-tinh/").json()["indicators"]}
    assert indicators["1.3"] == {"numerator": "number", "denominator": "number"}


def test_the_framework_names_the_kind_of_each_general_information_item(api, rnd):
    items = api().get("/api/frameworks/test-tinh/").json()["general_information"]
    assert [(i["code"], i["kind"]) for i in items] == [("TT.1", "integer")]


def test_the_documented_string_form_explains_counts_and_decimals(api, db):
    schema = api().get("/api/schema/?format=json").json()
    text = str(schema)
    assert "“42.000”, “4.952.238”" in text and "“1.234,5”" in text and "“1234” hoặc “1,2340”" in text


# --- counts ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("sent", ["42.000", "42,000", "42 000", "42000", 42000])
def test_a_count_takes_forty_two_thousand_as_text_or_as_a_json_number(api, officer_a, sub_a, sent):
    assert save(api, officer_a, sub_a, "1.4", {"count": sent}).status_code == 200
    assert value(sub_a, "1.4").inputs == {"count": 42000}


def test_a_ratio_of_counts_takes_thousands_grouped_by_dots(api, officer_a, sub_a):
    assert save(api, officer_a, sub_a, "1.3", {"numerator": "9.500", "denominator": "4.952.238"}).status_code == 200
    assert value(sub_a, "1.3").inputs == {"numerator": "9500", "denominator": "4952238"}


@pytest.mark.parametrize(("sent", "shown"), [("12,5", "12,5"), (12.5, "12.5"), ("1.234,5", "1.234,5")])
def test_a_fraction_in_a_count_is_400_on_that_field_saying_why(api, officer_a, sub_a, sent, shown):
    r = save(api, officer_a, sub_a, "1.4", {"count": sent})
    assert (r.status_code, r.json()["errors"]["1.4"]) == (400, {"count": NOT_WHOLE.format(raw=shown)})
    assert value(sub_a, "1.4").inputs == {}


# --- decimals --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sent", "stored"), [("1.234,5", "1234.5"), ("1,234.5", "1234.5"), ("0,85", "0.85"), ("0.85", "0.85"), (1234.5, "1234.5")]
)
def test_a_decimal_takes_a_decimal_comma_a_point_or_a_json_number(api, officer_a, sub_a, decimal_ratio, sent, stored):
    assert save(api, officer_a, sub_a, "1.3", {"numerator": sent, "denominator": "5.000,5"}).status_code == 200
    assert value(sub_a, "1.3").inputs == {"numerator": stored, "denominator": "5000.5"}


def test_an_ambiguous_decimal_is_400_asking_which_reading(api, officer_a, sub_a, decimal_ratio):
    r = save(api, officer_a, sub_a, "1.3", {"numerator": "1.234", "denominator": "5000"})
    assert (r.status_code, r.json()["errors"]["1.3"]) == (400, {
        "numerator": "'1.234' có hai cách hiểu: 1234 (một nghìn hai trăm ba mươi tư) hay 1,234 (một phẩy hai ba bốn)? "
        "Hãy nhập lại 1234 hoặc 1,2340 cho rõ."
    })


def test_a_json_number_in_a_decimal_field_is_never_ambiguous(api, officer_a, sub_a, decimal_ratio):
    assert save(api, officer_a, sub_a, "1.3", {"numerator": 1.234, "denominator": 5000}).status_code == 200
    assert value(sub_a, "1.3").inputs["numerator"] == "1.234"


# --- percentages ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("sent", "points"), [("85.000", "8.50"), ("85,5%", "8.55"), (85.5, "8.55")])
def test_a_percentage_reads_a_lone_separator_as_decimals(api, officer_a, sub_a, sent, points):
    assert save(api, officer_a, sub_a, "2.2", {"value": sent}).status_code == 200
    assert value(sub_a, "2.2").self_points == Decimal(points)


# --- general information --------------------------------------------------------------------------------------


@pytest.mark.parametrize("sent", ["4.952.238", "4,952,238", "4 952 238", "4952238"])
def test_a_population_takes_its_millions_grouped_or_not(api, officer_a, sub_a, sent):
    assert save_population(api, officer_a, sub_a, sent).status_code == 200
    assert population(sub_a) == 4952238


def test_a_general_information_count_takes_forty_two_thousand(api, officer_a, sub_a):
    save_population(api, officer_a, sub_a, "42.000")
    assert population(sub_a) == 42000


def test_a_population_with_a_fraction_is_400_saying_why(api, officer_a, sub_a):
    r = save_population(api, officer_a, sub_a, "42.000,5")
    assert (r.status_code, r.json()["errors"]["TT.1"]) == (400, {"value": NOT_WHOLE.format(raw="42.000,5")})


def test_a_decimal_general_information_item_takes_a_decimal_comma(api, officer_a, sub_a, decimal_item):
    assert save_population(api, officer_a, sub_a, "1.234,5").status_code == 200
    assert population(sub_a) == Decimal("1234.5")


def test_a_decimal_general_information_item_asks_about_an_ambiguous_number(api, officer_a, sub_a, decimal_item):
    r = save_population(api, officer_a, sub_a, "42.000")
    assert r.status_code == 400
    assert r.json()["errors"]["TT.1"]["value"].startswith("'42.000' có hai cách hiểu: 42000 (bốn mươi hai nghìn) hay 42")
