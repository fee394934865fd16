"""Numbers as Vietnamese officers write them, on the entry pages (HTTP).

The test framework's fields, by kind: 1.3 is a ratio of counts (its default), 1.4 a count, 2.2
a percentage, the population (TT.1) a count; `decimal_ratio` declares 1.3's inputs decimal
(amounts, "inputs: decimal" in a framework file) and `decimal_item` the population's kind decimal.
For each: what the officer types, what is stored, and what the page shows back (thousands
grouped in the active language, and typed back unchanged it saves the same number).
"""

from __future__ import annotations

import html
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from assessments.models import GeneralInfoValue
from tests import factories
from tests.assessments.conftest import entry_post, entry_url, send, value

pytestmark = pytest.mark.django_db

NOT_WHOLE = "'{raw}' không phải số nguyên. Ô này là số đếm: nhập số nguyên, ví dụ 42.000 hoặc 4.952.238."


def gi_url(sub):
    return f"/tu-danh-gia/ho-so/{sub.pk}/thong-tin-chung/"


def save(client, sub, mi, code, inputs):
    return client.post(entry_url(sub, mi), entry_post(sub, mi, {code: inputs}))


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def shown(page: str, name: str) -> str:
    """The initial value of the input named `name`."""
    return html.unescape(re.search(rf'name="{name}"[^>]*value="([^"]*)"', page).group(1))


def save_population(client, sub, typed):
    gv = GeneralInfoValue.objects.get(submission=sub, item__code="TT.1")
    return client.post(gi_url(sub), {f"g{gv.pk}-value": typed, f"g{gv.pk}-version": str(gv.version)})


def population(sub):
    return GeneralInfoValue.objects.get(submission=sub, item__code="TT.1").value


def english(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})


@pytest.fixture
def decimal_ratio(sub_a):
    factories.declare_decimal(sub_a.round.framework, indicator="1.3")


@pytest.fixture
def decimal_item(sub_a):
    factories.declare_decimal(sub_a.round.framework, item="TT.1")


# --- counts on the entry page -------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["42.000", "42,000", "42 000", "42000"])
def test_a_count_field_takes_forty_two_thousand_however_it_is_grouped(officer_a_client, sub_a, nts, typed):
    assert save(officer_a_client, sub_a, nts, "1.4", {"count": typed}).status_code == 302
    assert value(sub_a, "1.4").inputs == {"count": 42000}


def test_a_ratio_of_counts_takes_thousands_grouped_by_dots(officer_a_client, sub_a, nts):
    assert save(officer_a_client, sub_a, nts, "1.3", {"numerator": "9.500", "denominator": "4.952.238"}).status_code == 302
    assert value(sub_a, "1.3").inputs == {"numerator": "9500", "denominator": "4952238"}


@pytest.mark.parametrize("typed", ["12,5", "1.234,5", "0,85"])
def test_a_fraction_in_a_count_field_is_refused_on_that_field_saying_why(officer_a_client, sub_a, nts, typed):
    response = save(officer_a_client, sub_a, nts, "1.4", {"count": typed})
    assert response.status_code == 200
    assert NOT_WHOLE.format(raw=typed) in page_text(response)
    assert value(sub_a, "1.4").inputs == {}


def test_a_fraction_in_a_ratio_of_counts_is_refused(officer_a_client, sub_a, nts):
    response = save(officer_a_client, sub_a, nts, "1.3", {"numerator": "2,5", "denominator": "10"})
    assert NOT_WHOLE.format(raw="2,5") in page_text(response)


def test_a_saved_count_is_shown_back_with_its_thousands_grouped(officer_a_client, sub_a, nts):
    save(officer_a_client, sub_a, nts, "1.3", {"numerator": "4952", "denominator": "4952238"})
    v = value(sub_a, "1.3")
    page = officer_a_client.get(entry_url(sub_a, nts)).content.decode()
    assert (shown(page, f"v{v.pk}-numerator"), shown(page, f"v{v.pk}-denominator")) == ("4.952", "4.952.238")


def test_a_sent_count_reads_with_its_thousands_grouped_on_its_row(officer_a_client, sub_a, nts):
    save(officer_a_client, sub_a, nts, "1.3", {"numerator": "4952", "denominator": "4952238"})
    send(sub_a)
    assert "4.952 / 4.952.238" in page_text(officer_a_client.get(entry_url(sub_a, nts)))


def test_a_saved_count_shown_back_saves_as_the_same_number(officer_a_client, sub_a, nts):
    save(officer_a_client, sub_a, nts, "1.3", {"numerator": "4952", "denominator": "4952238"})
    v = value(sub_a, "1.3")
    page = officer_a_client.get(entry_url(sub_a, nts)).content.decode()
    again = {"numerator": shown(page, f"v{v.pk}-numerator"), "denominator": shown(page, f"v{v.pk}-denominator")}
    assert save(officer_a_client, sub_a, nts, "1.3", again).status_code == 302
    assert (value(sub_a, "1.3").inputs, value(sub_a, "1.3").version) == (v.inputs, v.version)  # unchanged, not re-saved


def test_a_saved_count_is_shown_with_commas_in_english(officer_a_client, sub_a, nts):
    save(officer_a_client, sub_a, nts, "1.3", {"numerator": "4952", "denominator": "4952238"})
    v = value(sub_a, "1.3")
    english(officer_a_client)
    page = officer_a_client.get(entry_url(sub_a, nts)).content.decode()
    assert shown(page, f"v{v.pk}-denominator") == "4,952,238"


def test_a_count_shown_in_english_saves_as_the_same_number(officer_a_client, sub_a, nts):
    save(officer_a_client, sub_a, nts, "1.3", {"numerator": "4952", "denominator": "4952238"})
    english(officer_a_client)
    assert save(officer_a_client, sub_a, nts, "1.3", {"numerator": "4,952", "denominator": "4,952,238"}).status_code == 302
    assert value(sub_a, "1.3").inputs == {"numerator": "4952", "denominator": "4952238"}


# --- decimals on the entry page ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("numerator", "stored"), [("1.234,5", "1234.5"), ("1,234.5", "1234.5"), ("0,85", "0.85"), ("0.85", "0.85"), ("1.234.567", "1234567")]
)
def test_a_decimal_field_takes_a_decimal_comma_or_point(officer_a_client, sub_a, nts, decimal_ratio, numerator, stored):
    assert save(officer_a_client, sub_a, nts, "1.3", {"numerator": numerator, "denominator": "2.469.000,5"}).status_code == 302
    assert value(sub_a, "1.3").inputs == {"numerator": stored, "denominator": "2469000.5"}


def test_an_ambiguous_decimal_asks_which_reading_on_its_field(officer_a_client, sub_a, nts, decimal_ratio):
    response = save(officer_a_client, sub_a, nts, "1.3", {"numerator": "1.234", "denominator": "5000"})
    assert response.status_code == 200
    assert (
        "'1.234' có hai cách hiểu: 1234 (một nghìn hai trăm ba mươi tư) hay 1,234 (một phẩy hai ba bốn)? "
        "Hãy nhập lại 1234 hoặc 1,2340 cho rõ."
    ) in page_text(response)
    assert value(sub_a, "1.3").inputs == {}


@pytest.mark.parametrize("retyped", ["1234", "1,2340"])
def test_either_suggested_retyping_of_an_ambiguous_decimal_saves(officer_a_client, sub_a, nts, decimal_ratio, retyped):
    assert save(officer_a_client, sub_a, nts, "1.3", {"numerator": retyped, "denominator": "5000"}).status_code == 302


def test_a_saved_decimal_is_shown_back_grouped_with_its_decimal_comma(officer_a_client, sub_a, nts, decimal_ratio):
    save(officer_a_client, sub_a, nts, "1.3", {"numerator": "1234,5", "denominator": "2469000"})
    v = value(sub_a, "1.3")
    page = officer_a_client.get(entry_url(sub_a, nts)).content.decode()
    assert (shown(page, f"v{v.pk}-numerator"), shown(page, f"v{v.pk}-denominator")) == ("1.234,5", "2.469.000")


def test_a_whole_decimal_that_grouping_would_make_ambiguous_is_shown_ungrouped(officer_a_client, sub_a, nts, decimal_ratio):
    save(officer_a_client, sub_a, nts, "1.3", {"numerator": "1234", "denominator": "5000"})
    v = value(sub_a, "1.3")
    page = officer_a_client.get(entry_url(sub_a, nts)).content.decode()
    assert (shown(page, f"v{v.pk}-numerator"), shown(page, f"v{v.pk}-denominator")) == ("1234", "5000")


def test_a_saved_decimal_is_shown_with_a_decimal_point_in_english(officer_a_client, sub_a, nts, decimal_ratio):
    save(officer_a_client, sub_a, nts, "1.3", {"numerator": "1234,5", "denominator": "2469000"})
    v = value(sub_a, "1.3")
    english(officer_a_client)
    page = officer_a_client.get(entry_url(sub_a, nts)).content.decode()
    assert shown(page, f"v{v.pk}-numerator") == "1,234.5"


# --- percentages -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "points"), [("85.000", "8.50"), ("85,5", "8.55"), ("85,5%", "8.55"), ("100.000", "10.00")])
def test_a_percentage_reads_a_lone_separator_as_decimals(officer_a_client, sub_a, hts, typed, points):
    assert save(officer_a_client, sub_a, hts, "2.2", {"value": typed}).status_code == 302
    assert value(sub_a, "2.2").self_points == Decimal(points)


# --- general information: counts unless the framework says decimal ------------------------------------


@pytest.mark.parametrize("typed", ["42.000", "42,000", "42 000", "42000"])
def test_a_general_information_count_takes_forty_two_thousand(officer_a_client, sub_a, typed):
    assert save_population(officer_a_client, sub_a, typed).status_code == 302
    assert population(sub_a) == 42000


@pytest.mark.parametrize("typed", ["4.952.238", "4,952,238", "4 952 238", "4\u00a0952\u00a0238", "4952238"])
def test_a_population_takes_its_millions_grouped_or_not(officer_a_client, sub_a, typed):
    save_population(officer_a_client, sub_a, typed)
    assert population(sub_a) == 4952238


def test_a_population_with_a_fraction_is_refused_saying_why(officer_a_client, sub_a):
    response = save_population(officer_a_client, sub_a, "4.952.238,5")
    assert NOT_WHOLE.format(raw="4.952.238,5") in page_text(response)
    assert population(sub_a) is None


def test_a_saved_population_is_shown_back_grouped(officer_a_client, sub_a):
    save_population(officer_a_client, sub_a, "4952238")
    gv = GeneralInfoValue.objects.get(submission=sub_a, item__code="TT.1")
    assert shown(officer_a_client.get(gi_url(sub_a)).content.decode(), f"g{gv.pk}-value") == "4.952.238"


def test_a_saved_population_shown_back_saves_as_the_same_number(officer_a_client, sub_a):
    save_population(officer_a_client, sub_a, "4952238")
    gv = GeneralInfoValue.objects.get(submission=sub_a, item__code="TT.1")
    again = shown(officer_a_client.get(gi_url(sub_a)).content.decode(), f"g{gv.pk}-value")
    assert save_population(officer_a_client, sub_a, again).status_code == 302
    gv_after = GeneralInfoValue.objects.get(pk=gv.pk)
    assert (gv_after.value, gv_after.version) == (4952238, gv.version)


def test_a_saved_population_is_shown_with_commas_in_english(officer_a_client, sub_a):
    save_population(officer_a_client, sub_a, "4952238")
    gv = GeneralInfoValue.objects.get(submission=sub_a, item__code="TT.1")
    english(officer_a_client)
    assert shown(officer_a_client.get(gi_url(sub_a)).content.decode(), f"g{gv.pk}-value") == "4,952,238"


@pytest.mark.parametrize(("typed", "stored"), [("1.234,5", "1234.5"), ("0,85", "0.85"), ("0.85", "0.85"), ("4.952.238", "4952238")])
def test_a_decimal_general_information_item_takes_decimals(officer_a_client, sub_a, decimal_item, typed, stored):
    assert save_population(officer_a_client, sub_a, typed).status_code == 302
    assert population(sub_a) == Decimal(stored)


def test_a_decimal_general_information_item_asks_about_an_ambiguous_number(officer_a_client, sub_a, decimal_item):
    response = save_population(officer_a_client, sub_a, "42.000")
    assert "'42.000' có hai cách hiểu: 42000 (bốn mươi hai nghìn) hay 42 (bốn mươi hai)?" in page_text(response)
    assert population(sub_a) is None


# --- the reviewer reads the same figures, grouped ------------------------------------------------------


def test_the_reviewer_reads_saved_counts_with_their_thousands_grouped(officer_a_client, reviewer_client, sub_a, nts):
    save(officer_a_client, sub_a, nts, "1.3", {"numerator": "4.952", "denominator": "4.952.238"})
    send(sub_a)
    page = page_text(reviewer_client.get(f"/tham-dinh/ho-so/{sub_a.pk}/chi-so-chinh/{nts.pk}/"))
    assert "4.952</dd>" in page and "4.952.238</dd>" in page
