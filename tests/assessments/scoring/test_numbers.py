"""Reading reported numbers: separators, ambiguity, rounding. No database."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assessments import scoring
from assessments.scoring import (
    round4,
)
from tests.assessments.scoring.examples import (
    RATIO,
    errors_of,
)

D = Decimal


# -- numbers -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12.5", "12.5"),
        ("12,5", "12.5"),
        ("1.234,5", "1234.5"),
        ("1,234.5", "1234.5"),
        ("1.234.567", "1234567"),
        ("1.234.567,25", "1234567.25"),
        (" 7 ", "7"),
        (",5", "0.5"),
        ("-3", "-3"),
        (10, "10"),
        (0.4, "0.4"),
        (D("2.50"), "2.5"),
    ],
)
def test_parse_decimal_accepts_vietnamese_and_english_separators(raw, expected):
    assert scoring.parse_decimal(raw) == D(expected)


@pytest.mark.parametrize(
    ("raw", "whole", "decimal"),
    [("1.000", "1000", "1,0000"), ("12,345", "12345", "12,3450"), ("-100.250", "-100250", "-100,2500")],
)
def test_parse_decimal_refuses_to_guess_a_single_separator_before_three_digits(raw, whole, decimal):
    with pytest.raises(scoring.AmbiguousNumber) as excinfo:
        scoring.parse_decimal(raw)
    assert excinfo.value.message == (
        f"'{raw}' không rõ nghĩa: dấu '{raw.strip('-0123456789')}' có thể là dấu thập phân hoặc dấu "
        f"phân cách hàng nghìn. Hãy viết {whole} nếu là số nguyên, hoặc {decimal} nếu là số thập phân."
    )


@pytest.mark.parametrize(("raw", "expected"), [("0.125", "0.125"), ("1.2345", "1.2345"), ("1234.567", "1234.567")])
def test_parse_decimal_reads_unambiguous_three_decimals(raw, expected):
    assert scoring.parse_decimal(raw) == D(expected)


def test_ambiguous_inputs_ask_the_officer_to_retype():
    assert errors_of(RATIO, numerator="1.000", denominator="2000") == {
        "numerator": "'1.000' không rõ nghĩa: dấu '.' có thể là dấu thập phân hoặc dấu phân cách hàng nghìn. "
        "Hãy viết 1000 nếu là số nguyên, hoặc 1,0000 nếu là số thập phân."
    }


@pytest.mark.parametrize(
    "raw", ["abc", "1e5", "12,", "1,2,3", "1.234,5,6", "1 234", "NaN", "", True, None, float("inf")]
)
def test_parse_decimal_rejects_non_numbers(raw):
    with pytest.raises(ValueError):
        scoring.parse_decimal(raw)


def test_round4_rounds_half_up():
    assert round4(D("0.69245")) == D("0.6925")
    assert round4(D("0.692449")) == D("0.6924")
    assert round4(None) is None




# -- thousands grouping ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1,234,567", "1234567"), ("123.456.789", "123456789"), ("1.234.567,5", "1234567.5"), ("-1,234,567", "-1234567")],
)
def test_a_repeated_separator_groups_thousands(raw, expected):
    assert scoring.parse_decimal(raw) == D(expected)


@pytest.mark.parametrize("raw", ["1,23,456", "1.2345.678", "1234.567.890", ",123,456", "1,234,", "1.234.5678"])
def test_thousands_groups_after_the_first_have_three_digits(raw):
    with pytest.raises(ValueError):
        scoring.parse_decimal(raw)


def test_a_lone_grouping_separator_before_the_decimal_one_is_checked_too():
    with pytest.raises(ValueError):
        scoring.parse_decimal("12,34.5")


# -- bounds ----------------------------------------------------------------------------------


def test_fifteen_integer_digits_are_accepted():
    assert scoring.parse_decimal("999.999.999.999.999") == D("999999999999999")


def test_a_sixteenth_integer_digit_is_refused_with_the_limit_named():
    with pytest.raises(scoring.NumberOutOfBounds) as excinfo:
        scoring.parse_decimal("1000000000000000")
    assert excinfo.value.message == "Số quá lớn: tối đa 15 chữ số ở phần nguyên."


def test_four_decimals_are_accepted():
    assert scoring.parse_decimal("0,1234") == D("0.1234")


def test_a_fifth_decimal_is_refused_with_the_limit_named():
    with pytest.raises(scoring.NumberOutOfBounds) as excinfo:
        scoring.parse_decimal("0,12345")
    assert excinfo.value.message == "Tối đa 4 chữ số sau dấu thập phân."


def test_trailing_zeros_do_not_count_as_decimals():
    assert scoring.parse_decimal("1.50000") == D("1.5")


def test_forty_characters_are_accepted():
    assert scoring.parse_decimal(" " * 38 + "12") == D(12)


def test_a_forty_first_character_is_refused_before_anything_is_read():
    with pytest.raises(scoring.NumberOutOfBounds) as excinfo:
        scoring.parse_decimal(" " * 39 + "12")
    assert excinfo.value.message == "Số quá dài: tối đa 40 ký tự."


def test_a_number_of_thousands_of_digits_is_refused():
    with pytest.raises(scoring.NumberOutOfBounds):
        scoring.parse_decimal("9" * 5000)


def test_a_json_integer_at_the_bound_is_accepted():
    assert scoring.parse_decimal(10**15 - 1) == D(10**15 - 1)


def test_a_json_integer_past_the_bound_is_refused():
    with pytest.raises(scoring.NumberOutOfBounds):
        scoring.parse_decimal(10**15)


def test_a_negative_json_integer_past_the_bound_is_refused():
    with pytest.raises(scoring.NumberOutOfBounds):
        scoring.parse_decimal(-(10**15))


def test_a_huge_json_float_is_refused():
    with pytest.raises(scoring.NumberOutOfBounds):
        scoring.parse_decimal(1e300)


def test_a_tiny_json_float_is_refused_for_its_decimals():
    with pytest.raises(scoring.NumberOutOfBounds):
        scoring.parse_decimal(1e-10)


def test_a_json_float_is_read_by_its_shortest_text():
    assert scoring.parse_decimal(0.4) == D("0.4")


@pytest.mark.parametrize("raw", [float("nan"), float("inf"), D("NaN"), D("Infinity"), True, None, [1], {"a": 1}])
def test_non_finite_and_non_numbers_are_refused(raw):
    with pytest.raises(ValueError):
        scoring.parse_decimal(raw)


def test_a_decimal_past_the_bound_is_refused():
    with pytest.raises(scoring.NumberOutOfBounds):
        scoring.parse_decimal(D("1E+20"))


def test_zero_in_any_form_is_within_bounds():
    assert scoring.parse_decimal(D("0E-30")) == 0


def test_plain_decimals_have_the_same_bounds():
    with pytest.raises(scoring.NumberOutOfBounds):
        scoring.parse_plain_decimal("1" * 16)


def test_plain_decimals_refuse_long_text():
    with pytest.raises(scoring.NumberOutOfBounds):
        scoring.parse_plain_decimal("0." + "0" * 39)


def test_plain_decimals_take_a_point_and_no_grouping():
    assert scoring.parse_plain_decimal(" 12.5 ") == D("12.5")


@pytest.mark.parametrize("raw", ["1,000", "12,5", "1e3", ".5", "5."])
def test_plain_decimals_refuse_anything_but_digits_and_a_point(raw):
    with pytest.raises(ValueError):
        scoring.parse_plain_decimal(raw)


def test_plain_decimals_read_numbers_as_parse_decimal_does():
    assert scoring.parse_plain_decimal(7) == D(7)


# -- clean_number: the message for the person who typed it -----------------------------------


def test_an_unreadable_input_is_echoed_in_its_message():
    assert scoring.clean_number("abc") == (None, "'abc' không phải là số hợp lệ (ví dụ: 12,5 hoặc 1.234,5).")


def test_a_long_unreadable_input_is_echoed_shortened():
    value, message = scoring.clean_number(["x"] * 1000)
    assert (value, len(message)) == (None, len(scoring.MSG_NOT_NUMBER % {"raw": "x" * 40 + "…"}))


def test_an_input_of_forty_characters_is_echoed_whole():
    assert scoring.numbers._shown("x" * 40) == "x" * 40


def test_a_too_long_input_gets_the_bound_not_an_echo():
    assert scoring.clean_number("1" * 41) == (None, "Số quá dài: tối đa 40 ký tự.")


def test_an_ambiguous_input_gets_its_two_readings():
    _value, message = scoring.clean_number("1.000")
    assert message == (
        "'1.000' không rõ nghĩa: dấu '.' có thể là dấu thập phân hoặc dấu phân cách hàng nghìn. "
        "Hãy viết 1000 nếu là số nguyên, hoặc 1,0000 nếu là số thập phân."
    )


def test_a_negative_input_is_refused():
    assert scoring.clean_number("-1") == (None, scoring.MSG_NEGATIVE)


def test_zero_is_a_valid_input():
    assert scoring.clean_number("0") == (D(0), None)


@pytest.mark.parametrize("raw", [None, "", "   "])
def test_a_blank_input_is_missing(raw):
    assert scoring.clean_number(raw) == (None, scoring.MSG_MISSING)


def test_a_percent_sign_is_dropped_only_when_allowed():
    assert (scoring.clean_number(" 85% ", allow_percent_sign=True)[0], scoring.clean_number("85%")[0]) == (D(85), None)


def test_a_json_number_needs_no_percent_sign_handling():
    assert scoring.clean_number(85.5, allow_percent_sign=True) == (D("85.5"), None)


# -- stored numbers (compared, never refused) ---------------------------------------------


@pytest.mark.parametrize(("raw", "expected"), [("12.5", D("12.5")), (7, D(7)), ("0.123456", D("0.123456"))])
def test_stored_numbers_are_read_as_written(raw, expected):
    assert scoring.stored_decimal(raw) == expected


@pytest.mark.parametrize("raw", [None, True, False, "abc", "NaN", "Infinity", "1" * 41])
def test_unreadable_stored_numbers_are_none(raw):
    assert scoring.stored_decimal(raw) is None


def test_a_stored_number_of_forty_characters_is_read():
    assert scoring.stored_decimal("1" * 40) == D("1" * 40)


# -- rounding and plain formatting ----------------------------------------------------------


def test_round2_rounds_half_up():
    assert (scoring.round2(D("0.125")), scoring.round2(D("0.135"))) == (D("0.13"), D("0.14"))


def test_round4_of_nothing_is_nothing():
    assert scoring.round4(None) is None


def test_format_decimal_drops_trailing_zeros_and_exponents():
    assert [scoring.format_decimal(D(x)) for x in ("100", "12.50", "0.40", "1E+2")] == ["100", "12.5", "0.4", "100"]


# -- details that decide (each one a mutant that survived the first run) -----------------------


def test_a_leading_plus_sign_is_read():
    assert scoring.parse_decimal("+5") == D(5)


def test_a_number_without_separators_of_any_length_within_bounds_is_read():
    assert scoring.parse_decimal("1234567") == D(1234567)


def test_a_plain_decimal_of_forty_characters_is_accepted():
    assert scoring.parse_plain_decimal(" " * 38 + "12") == D(12)


def test_a_too_long_plain_decimal_names_the_bound():
    with pytest.raises(scoring.NumberOutOfBounds) as excinfo:
        scoring.parse_plain_decimal("1" * 41)
    assert excinfo.value.message == "Số quá dài: tối đa 40 ký tự."


def test_a_too_large_json_integer_names_the_bound():
    with pytest.raises(scoring.NumberOutOfBounds) as excinfo:
        scoring.parse_decimal(10**15)
    assert excinfo.value.message == "Số quá lớn: tối đa 15 chữ số ở phần nguyên."
