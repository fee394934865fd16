"""core.formatting: numbers and dates the way the reader's language writes them.

Vietnamese: decimal comma, thousands grouped with dots. English: decimal point, commas.
Half-up rounding, as the engine rounds and as published tables are read."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from assessments import scoring
from core import formatting


@pytest.fixture
def vi():
    with translation.override("vi"):
        yield


@pytest.fixture
def en():
    with translation.override("en"):
        yield


# --- points: two decimals -------------------------------------------------------------------


def test_points_have_two_decimals_and_a_decimal_comma_in_vietnamese(vi):
    assert formatting.points(Decimal("15")) == "15,00"


def test_points_have_a_decimal_point_in_english(en):
    assert formatting.points(Decimal("15")) == "15.00"


def test_points_round_half_up_at_the_third_decimal(vi):
    assert formatting.points(Decimal("12.345")) == "12,35"


def test_points_round_half_up_at_0_005(vi):
    assert formatting.points(Decimal("0.005")) == "0,01"


def test_points_just_under_the_half_round_down(vi):
    assert formatting.points(Decimal("0.004999")) == "0,00"


def test_negative_points_round_away_from_zero_at_the_half(vi):
    assert formatting.points(Decimal("-0.005")) == "-0,01"


def test_a_negative_that_rounds_to_zero_shows_no_sign(vi):
    assert formatting.points(Decimal("-0.001")) == "0,00"


def test_negative_points_keep_their_sign(en):
    assert formatting.points(Decimal("-2.5")) == "-2.50"


def test_missing_points_show_a_dash(vi):
    assert formatting.points(None) == "—"


def test_empty_text_shows_a_dash(vi):
    assert formatting.points("") == "—"


def test_text_that_is_not_a_number_shows_a_dash(vi):
    assert formatting.points("mười") == "—"


def test_points_accept_machine_text(vi):
    assert formatting.points("7.5") == "7,50"


def test_points_accept_an_integer(vi):
    assert formatting.points(10) == "10,00"


def test_points_read_a_float_by_its_shortest_form(vi):
    # Decimal(2.675) is 2.67499999…; the float's repr "2.675" is what was meant.
    assert formatting.points(2.675) == "2,68"


def test_a_thousand_points_group_their_thousands(vi):
    assert formatting.points(Decimal("1000")) == "1.000,00"


def test_points_may_be_shown_as_something_else_when_missing(vi):
    assert formatting.points(None, empty="") == ""


def test_points_round_as_the_engine_does():
    samples = [Decimal(s) for s in ("0.005", "0.015", "2.675", "-0.125", "99.995", "12.344999")]
    with translation.override("en"):
        assert [formatting.points(s) for s in samples] == [f"{scoring.round2(s):f}" for s in samples]


# --- index values: four decimals ------------------------------------------------------------


def test_index_values_have_four_decimals_in_vietnamese(vi):
    assert formatting.index_value(Decimal("0.8002")) == "0,8002"


def test_index_values_have_four_decimals_in_english(en):
    assert formatting.index_value(Decimal("0.8")) == "0.8000"


def test_index_values_round_half_up_at_the_fifth_decimal(vi):
    assert formatting.index_value(Decimal("0.69245")) == "0,6925"


def test_index_values_round_as_the_engine_does():
    samples = [Decimal(s) for s in ("0.69245", "0.00005", "0.12344999", "-0.00015", "1")]
    with translation.override("en"):
        assert [formatting.index_value(s) for s in samples] == [f"{scoring.round4(s):f}" for s in samples]


def test_a_missing_index_value_shows_a_dash(en):
    assert formatting.index_value(None) == "—"


# --- figures for reading ---------------------------------------------------------------------


def test_large_numbers_group_thousands_with_dots_in_vietnamese(vi):
    assert formatting.number(4952238) == "4.952.238"


def test_large_numbers_group_thousands_with_commas_in_english(en):
    assert formatting.number(4952238) == "4,952,238"


def test_grouped_numbers_keep_their_decimals_in_vietnamese(vi):
    assert formatting.number(Decimal("1234567.5")) == "1.234.567,5"


def test_grouped_numbers_keep_their_decimals_in_english(en):
    assert formatting.number(Decimal("1234567.5")) == "1,234,567.5"


def test_a_negative_large_number_groups_after_its_sign(vi):
    assert formatting.number(Decimal("-1234567")) == "-1.234.567"


def test_three_digits_are_not_grouped(vi):
    assert formatting.number(999) == "999"


def test_four_digits_are_grouped(vi):
    assert formatting.number(1000) == "1.000"


def test_a_figure_shows_as_few_decimals_as_it_needs(vi):
    assert formatting.number(Decimal("7.500")) == "7,5"


def test_a_whole_figure_shows_no_decimals_and_no_exponent(vi):
    assert formatting.number(Decimal("1E+2")) == "100"


def test_a_figure_to_a_number_of_places_rounds_half_up(en):
    assert formatting.number(Decimal("2.5"), 0) == "3"


def test_grouping_can_be_turned_off(vi):
    assert formatting.number(Decimal("4952238.25"), 2, grouping=False) == "4952238,25"


def test_infinity_is_not_a_figure(vi):
    assert formatting.number(Decimal("Infinity")) == "—"


def test_nan_is_not_a_figure(vi):
    assert formatting.number(float("nan")) == "—"


def test_a_bool_is_not_a_figure(vi):
    assert formatting.number(True) == "—"


# --- numbers as typed ------------------------------------------------------------------------


def test_a_stored_number_is_shown_as_the_province_types_it(vi):
    assert formatting.typed("1234567.5") == "1234567,5"


def test_a_typed_number_is_never_grouped_so_it_reads_back_the_same(vi):
    shown = formatting.typed(Decimal("1234"))
    assert scoring.parse_number(shown) == Decimal("1234")


def test_a_typed_number_in_english_has_a_point(en):
    assert formatting.typed(Decimal("12.50")) == "12.5"


def test_a_missing_typed_number_is_empty(vi):
    assert formatting.typed(None) == ""


def test_reported_text_that_is_not_a_number_stays_visible(vi):
    assert formatting.typed("khoảng 50") == "khoảng 50"


# --- plain machine text ----------------------------------------------------------------------


def test_plain_text_has_a_decimal_point_in_vietnamese_too(vi):
    assert formatting.plain(Decimal("0.8"), 4) == "0.8000"


def test_plain_text_is_never_grouped(vi):
    assert formatting.plain(Decimal("1234567.5")) == "1234567.5"


def test_plain_text_rounds_half_up(vi):
    assert formatting.plain(Decimal("0.00005"), 4) == "0.0001"


def test_plain_text_of_nothing_is_empty(vi):
    assert formatting.plain(None, 4) == ""


# --- dates -----------------------------------------------------------------------------------


def test_dates_are_day_first_in_vietnamese(vi):
    assert formatting.date(dt.date(2026, 3, 1)) == "01/03/2026"


def test_moments_are_shown_in_vietnam_time(vi):
    moment = dt.datetime(2026, 3, 1, 1, 30, tzinfo=dt.UTC)  # 08:30 in Hà Nội
    assert formatting.date(moment, "SHORT_DATETIME_FORMAT") == "08:30 01/03/2026"


def test_a_moment_near_midnight_utc_is_the_next_day_in_vietnam(vi):
    assert formatting.date(dt.datetime(2026, 3, 1, 20, 0, tzinfo=dt.UTC)) == "02/03/2026"


def test_english_dates_are_day_first_too(en):
    # dtiportal/formats/en: the portal's English readers are in Vietnam.
    assert formatting.date(dt.date(2026, 3, 1)) == "01/03/2026"


def test_english_moments_put_the_time_after_the_date(en):
    assert formatting.date(dt.datetime(2026, 3, 1, 1, 30, tzinfo=dt.UTC), "SHORT_DATETIME_FORMAT") == "01/03/2026 08:30"


def test_a_missing_date_is_empty(vi):
    assert formatting.date(None) == ""


# --- a bare value, as Django prints it --------------------------------------------------------


def test_a_bare_decimal_is_localised_like_django_does(vi):
    assert formatting.localize(Decimal("0.5")) == "0,5"


def test_a_bare_text_is_left_as_it_is(vi):
    assert formatting.localize("0.5") == "0.5"


# --- what is typed reads back as the same number -------------------------------------------------

ROUND_TRIP = [Decimal(s) for s in (
    "0", "1", "7", "12.5", "100", "999", "1000", "1234", "4952238", "1234567.5", "0.001", "0.123", "1.234",
    "12.345", "123.456", "1234.567", "1.2", "1.23", "1.2345", "999.999", "-1.234", "-12.5", "0.5", "2469",
)]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_number_shown_in_a_field_reads_back_as_itself(language):
    with translation.override(language):
        assert [scoring.parse_number(formatting.typed(v)) for v in ROUND_TRIP] == ROUND_TRIP


def test_three_decimals_after_a_short_whole_part_gain_a_zero_to_stay_unambiguous(vi):
    assert formatting.typed(Decimal("1.234")) == "1,2340"


def test_three_decimals_after_a_zero_need_no_padding(vi):
    assert formatting.typed(Decimal("0.123")) == "0,123"


def test_three_decimals_after_four_digits_need_no_padding(en):
    assert formatting.typed(Decimal("1234.567")) == "1234.567"


# --- reported figures for reading: thousands grouped ------------------------------------------


def test_a_reported_count_is_grouped_with_dots_in_vietnamese(vi):
    assert formatting.reported(Decimal("4952238")) == "4.952.238"


def test_a_reported_count_is_grouped_with_commas_in_english(en):
    assert formatting.reported(4952238) == "4,952,238"


def test_a_reported_decimal_keeps_its_decimals_and_groups_its_thousands(vi):
    assert formatting.reported("1234.5") == "1.234,5"


def test_a_reported_decimal_in_english(en):
    assert formatting.reported("1234.5") == "1,234.5"


def test_a_reported_figure_stored_with_two_places_shows_only_the_decimals_it_has(vi):
    assert formatting.reported(Decimal("4952238.00")) == "4.952.238"


def test_a_reported_text_that_is_not_a_number_stays_visible(vi):
    assert formatting.reported("khoảng 5") == "khoảng 5"


def test_nothing_reported_is_a_dash(vi):
    assert formatting.reported(None) == formatting.DASH


# --- a figure as its entry field shows it ---------------------------------------------------------


@pytest.mark.parametrize(("value", "shown"), [(4952238, "4.952.238"), (42000, "42.000"), (999, "999"), (0, "0")])
def test_a_count_field_shows_its_thousands_grouped(vi, value, shown):
    assert formatting.field_value(value, whole=True) == shown


def test_a_count_field_in_english_groups_with_commas(en):
    assert formatting.field_value("4952238", whole=True) == "4,952,238"


@pytest.mark.parametrize(
    ("value", "shown"),
    [("1234.5", "1.234,5"), ("0.85", "0,85"), ("1234567", "1.234.567"), ("1234", "1234"), ("123456", "123456"),
     ("1.234", "1,2340"), ("0.125", "0,125"), ("1234.567", "1.234,567"), ("-1234", "-1234")],
)
def test_a_decimal_field_groups_unless_grouping_would_be_ambiguous(vi, value, shown):
    assert formatting.field_value(value, whole=False) == shown


@pytest.mark.parametrize(("value", "shown"), [("1234.5", "1,234.5"), ("1234", "1234"), ("1.234", "1.2340"), ("0.85", "0.85")])
def test_a_decimal_field_in_english(en, value, shown):
    assert formatting.field_value(value, whole=False) == shown


def test_an_empty_field_stays_empty(vi):
    assert (formatting.field_value(None, whole=True), formatting.field_value("", whole=False)) == ("", "")


def test_a_field_keeps_text_that_is_not_a_number_as_reported(vi):
    assert formatting.field_value("khoảng 5", whole=True) == "khoảng 5"


# Any figure a field of each kind may hold (15 integer digits, 4 decimals; a percentage 0-100).
_COUNTS = st.integers(min_value=0, max_value=10**15 - 1).map(Decimal)
_DECIMALS = st.decimals(min_value=0, max_value=Decimal("999999999999999.9999"), places=4, allow_nan=False)
_PERCENTS = st.decimals(min_value=0, max_value=100, places=4, allow_nan=False)
FIGURES = {scoring.FIELD_INTEGER: _COUNTS, scoring.FIELD_NUMBER: _DECIMALS, scoring.FIELD_PERCENT: _PERCENTS}
ROUND_TRIPS = hsettings(deadline=None, derandomize=True, database=None, max_examples=300)


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("kind", sorted(FIGURES))
def test_every_figure_shown_in_its_field_reads_back_as_itself(language, kind):
    """What an entry field shows, typed back unchanged, is the same number, for every field
    kind and language (forms.field_value writes it; scoring.parse_number reads it)."""

    @ROUND_TRIPS
    @given(FIGURES[kind])
    def round_trip(value):
        shown = formatting.field_value(value, whole=kind == scoring.FIELD_INTEGER)
        assert scoring.parse_number(shown, kind) == value, shown

    with translation.override(language):
        round_trip()
