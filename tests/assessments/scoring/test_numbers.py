"""Reading reported numbers as officers write them, by the kind of field: separators, the one
question an ambiguous decimal asks, bounds, rounding. No database."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessments import scoring
from assessments.scoring import (
    round4,
)
from tests.assessments.scoring.examples import (
    RATIO_DECIMAL,
    errors_of,
)

D = Decimal
# Deterministic and untimed (no timed tests; mutmut re-runs these): every example every time.
EXAMPLES = settings(deadline=None, derandomize=True, database=None, max_examples=200)


# The field kinds, and a name for each in test ids.
COUNT, DECIMAL, PERCENT = scoring.FIELD_INTEGER, scoring.FIELD_NUMBER, scoring.FIELD_PERCENT
KINDS = (COUNT, DECIMAL, PERCENT)


def parse(raw, kind=DECIMAL):
    return scoring.parse_number(raw, kind)


# -- what every field reads alike ---------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("4952238", "4952238"),
        ("4.952.238", "4952238"),
        ("4,952,238", "4952238"),
        ("4 952 238", "4952238"),
        ("4\u00a0952\u00a0238", "4952238"),  # a no-break space, as word processors group
        ("4\u202f952\u202f238", "4952238"),  # a narrow no-break space, as some spreadsheets do
        ("123.456.789", "123456789"),
        (" 7 ", "7"),
        ("+5", "5"),
        ("-3", "-3"),
        ("12,0", "12"),
        ("4.952.238,00", "4952238"),
        (10, "10"),
        (D("2.00"), "2"),
        (4.0, "4"),
    ],
)
def test_every_field_reads_whole_numbers_grouped_by_dots_commas_or_spaces(kind, raw, expected):
    assert parse(raw, kind) == D(expected)


@pytest.mark.parametrize("kind", (DECIMAL, PERCENT))
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12.5", "12.5"),
        ("12,5", "12.5"),
        ("0,85", "0.85"),
        ("0.85", "0.85"),
        ("1.234,5", "1234.5"),
        ("1,234.5", "1234.5"),
        ("1.234.567,25", "1234567.25"),
        ("1 234,5", "1234.5"),
        ("1 234.5", "1234.5"),
        (",5", "0.5"),
        ("0,125", "0.125"),
        ("1.2345", "1.2345"),
        ("1234.567", "1234.567"),
        (0.4, "0.4"),
        (D("2.50"), "2.5"),
    ],
)
def test_decimal_and_percent_fields_read_a_decimal_comma_or_point(kind, raw, expected):
    assert parse(raw, kind) == D(expected)


# -- counts: "42.000" is forty-two thousand ------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("42.000", 42000), ("9.500", 9500), ("2.000", 2000), ("85.000", 85000), ("42,000", 42000), ("100.250", 100250)],
)
def test_a_count_reads_a_lone_separator_before_three_digits_as_thousands(raw, expected):
    assert parse(raw, COUNT) == expected


@pytest.mark.parametrize("raw", ["12,5", "12.5", "0,85", "1.234,5", "1,234.5", "4.952.238,5", "1 234,5", "0.500", 12.5, D("0.5")])
def test_a_count_with_a_fraction_is_refused(raw):
    with pytest.raises(scoring.NotWholeNumber):
        parse(raw, COUNT)


def test_a_refused_fraction_in_a_count_says_why_and_how_counts_are_written():
    assert scoring.clean_number("12,5", COUNT) == (
        None,
        "'12,5' không phải số nguyên. Ô này là số đếm: nhập số nguyên, ví dụ 42.000 hoặc 4.952.238.",
    )


def test_a_json_fraction_in_a_count_is_refused_with_its_figure():
    assert scoring.clean_number(12.5, COUNT)[1] == (
        "'12.5' không phải số nguyên. Ô này là số đếm: nhập số nguyên, ví dụ 42.000 hoặc 4.952.238."
    )


def test_a_count_that_is_not_a_number_gets_count_examples():
    assert scoring.clean_number("abc", COUNT) == (None, "'abc' không phải là số hợp lệ (ví dụ: 42 hoặc 4.952.238).")


def test_a_count_groups_after_a_zero_are_no_thousands():
    # "0.500" is no thousands grouping (no number is written with a leading zero group).
    with pytest.raises(scoring.NotWholeNumber):
        parse("0.500", COUNT)


# -- percentages: 0-100, so a lone separator is a decimal one -------------------------------------


@pytest.mark.parametrize(("raw", "expected"), [("85.000", "85"), ("85,000", "85"), ("1.000", "1"), ("100.000", "100"), ("12,345", "12.345")])
def test_a_percentage_reads_a_lone_separator_before_three_digits_as_decimals(raw, expected):
    assert parse(raw, PERCENT) == D(expected)


def test_a_percent_sign_is_dropped_in_a_percentage_field_only():
    assert (scoring.clean_number(" 85% ", PERCENT)[0], scoring.clean_number("85%")[0]) == (D(85), None)


def test_a_json_number_needs_no_percent_sign_handling():
    assert scoring.clean_number(85.5, PERCENT) == (D("85.5"), None)


# -- decimals: only a genuinely ambiguous number asks ----------------------------------------------


@pytest.mark.parametrize("raw", ["1.234", "9.500", "2.000", "12,345", "999,999", "-100.250", "+1.000"])
def test_a_decimal_field_asks_about_a_lone_separator_before_three_digits(raw):
    with pytest.raises(scoring.AmbiguousNumber):
        parse(raw, DECIMAL)


def test_the_default_field_is_a_decimal_one():
    with pytest.raises(scoring.AmbiguousNumber):
        scoring.parse_number("1.234")


def test_an_ambiguous_number_asks_which_reading_in_figures_and_words():
    assert scoring.clean_number("1.234") == (
        None,
        "'1.234' có hai cách hiểu: 1234 (một nghìn hai trăm ba mươi tư) hay 1,234 (một phẩy hai ba bốn)? "
        "Hãy nhập lại 1234 hoặc 1,2340 cho rõ.",
    )


def test_an_ambiguous_number_with_trailing_zeros_offers_its_short_decimal():
    assert scoring.clean_number("9.500")[1] == (
        "'9.500' có hai cách hiểu: 9500 (chín nghìn năm trăm) hay 9,5 (chín phẩy năm)? Hãy nhập lại 9500 hoặc 9,5 cho rõ."
    )


def test_an_ambiguous_round_thousand_offers_the_whole_number():
    assert scoring.clean_number("2.000")[1] == (
        "'2.000' có hai cách hiểu: 2000 (hai nghìn) hay 2 (hai)? Hãy nhập lại 2000 hoặc 2 cho rõ."
    )


def test_an_ambiguous_comma_gets_the_same_question():
    assert scoring.clean_number("12,345")[1] == (
        "'12,345' có hai cách hiểu: 12345 (mười hai nghìn ba trăm bốn mươi lăm) hay 12,345 (mười hai phẩy ba bốn năm)? "
        "Hãy nhập lại 12345 hoặc 12,3450 cho rõ."
    )


def test_an_ambiguous_negative_number_keeps_its_sign_in_every_reading():
    assert scoring.clean_number(" -100.250 ")[1] == (
        "'-100.250' có hai cách hiểu: -100250 (âm một trăm nghìn hai trăm năm mươi) hay -100,25 (âm một trăm phẩy hai năm)? "
        "Hãy nhập lại -100250 hoặc -100,25 cho rõ."
    )


def test_an_ambiguous_number_is_asked_in_english_with_english_readings():
    english = {scoring.MSG_AMBIGUOUS: "'%(raw)s' reads two ways: %(thousands)s (%(thousands_words)s) or %(decimal)s "
               "(%(decimal_words)s)? Type %(thousands)s or %(decimal_typed)s."}
    _value, message = scoring.clean_number("1.234")
    assert message.translated(lambda msgid: english.get(msgid, msgid)) == (
        "'1.234' reads two ways: 1234 (one thousand two hundred thirty-four) or 1.234 (one point two three four)? "
        "Type 1234 or 1.2340."
    )


def test_an_ambiguous_negative_number_is_read_in_english_with_minus():
    english = {scoring.MSG_AMBIGUOUS: "%(thousands_words)s or %(decimal_words)s?"}
    _value, message = scoring.clean_number("-9.500")
    assert message.translated(lambda msgid: english.get(msgid, msgid)) == (
        "minus nine thousand five hundred or minus nine point five?"
    )


@EXAMPLES
@given(whole=st.integers(1, 999), fraction=st.integers(0, 999), sep=st.sampled_from(".,"), english=st.booleans())
def test_both_suggested_retypings_read_back_as_the_two_readings_without_a_question(whole, fraction, sep, english):
    raw = f"{whole}{sep}{fraction:03d}"
    with pytest.raises(scoring.AmbiguousNumber) as asked:
        parse(raw, DECIMAL)
    params = asked.value.message.params
    typed = params["decimal_typed"].en if english else params["decimal_typed"].vi
    assert parse(params["thousands"], DECIMAL) == whole * 1000 + fraction
    assert parse(typed, DECIMAL) == D(f"{whole}.{fraction:03d}")


@pytest.mark.parametrize(("raw", "expected"), [("0.125", "0.125"), ("1.2345", "1.2345"), ("1234.567", "1234.567"), ("1.23", "1.23")])
def test_a_decimal_field_reads_unambiguous_decimals(raw, expected):
    assert parse(raw, DECIMAL) == D(expected)


def test_ambiguous_ratio_inputs_declared_decimal_ask_the_officer_to_retype():
    assert errors_of(RATIO_DECIMAL, numerator="1.000", denominator="2000") == {
        "numerator": "'1.000' có hai cách hiểu: 1000 (một nghìn) hay 1 (một)? Hãy nhập lại 1000 hoặc 1 cho rõ."
    }


# -- what no field reads ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    "raw",
    ["abc", "1e5", "12,", "1,2,3", "1.234,5,6", "", "+", "-", ",", ".", "NaN", "1  234", "1 23", "12 3456", "1 234 5",
     "1 234.567.890", "1\t234", " 1 2", "1 234,", "1_000", True, None, float("inf")],
)
def test_no_field_reads_what_is_not_a_number(kind, raw):
    with pytest.raises(ValueError):
        parse(raw, kind)


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
    assert parse(raw) == D(expected)


@pytest.mark.parametrize("raw", ["1,23,456", "1.2345.678", "1234.567.890", ",123,456", "1,234,", "1.234.5678", "1234 567"])
def test_thousands_groups_after_the_first_have_three_digits(raw):
    with pytest.raises(ValueError):
        parse(raw, COUNT)


def test_a_lone_grouping_separator_before_the_decimal_one_is_checked_too():
    with pytest.raises(ValueError):
        parse("12,34.5")


# -- bounds ----------------------------------------------------------------------------------


def test_fifteen_integer_digits_are_accepted():
    assert parse("999.999.999.999.999") == D("999999999999999")


def test_a_sixteenth_integer_digit_is_refused_with_the_limit_named():
    with pytest.raises(scoring.NumberOutOfBounds) as excinfo:
        parse("1000000000000000")
    assert excinfo.value.message == "Số quá lớn: tối đa 15 chữ số ở phần nguyên."


def test_four_decimals_are_accepted():
    assert parse("0,1234") == D("0.1234")


def test_a_fifth_decimal_is_refused_with_the_limit_named():
    with pytest.raises(scoring.NumberOutOfBounds) as excinfo:
        parse("0,12345")
    assert excinfo.value.message == "Tối đa 4 chữ số sau dấu thập phân."


def test_trailing_zeros_do_not_count_as_decimals():
    assert parse("1.50000") == D("1.5")


def test_forty_characters_are_accepted():
    assert parse(" " * 38 + "12") == D(12)


def test_a_forty_first_character_is_refused_before_anything_is_read():
    with pytest.raises(scoring.NumberOutOfBounds) as excinfo:
        parse(" " * 39 + "12")
    assert excinfo.value.message == "Số quá dài: tối đa 40 ký tự."


def test_a_number_of_thousands_of_digits_is_refused():
    with pytest.raises(scoring.NumberOutOfBounds):
        parse("9" * 5000)


def test_a_json_integer_at_the_bound_is_accepted():
    assert parse(10**15 - 1) == D(10**15 - 1)


def test_a_json_integer_past_the_bound_is_refused():
    with pytest.raises(scoring.NumberOutOfBounds):
        parse(10**15)


def test_a_negative_json_integer_past_the_bound_is_refused():
    with pytest.raises(scoring.NumberOutOfBounds):
        parse(-(10**15))


def test_a_huge_json_float_is_refused():
    with pytest.raises(scoring.NumberOutOfBounds):
        parse(1e300)


def test_a_tiny_json_float_is_refused_for_its_decimals():
    with pytest.raises(scoring.NumberOutOfBounds):
        parse(1e-10)


def test_a_json_float_is_read_by_its_shortest_text():
    assert parse(0.4) == D("0.4")


@pytest.mark.parametrize("raw", [float("nan"), float("inf"), D("NaN"), D("Infinity"), True, None, [1], {"a": 1}])
def test_non_finite_and_non_numbers_are_refused(raw):
    with pytest.raises(ValueError):
        parse(raw)


def test_a_decimal_past_the_bound_is_refused():
    with pytest.raises(scoring.NumberOutOfBounds):
        parse(D("1E+20"))


def test_zero_in_any_form_is_within_bounds():
    assert parse(D("0E-30")) == 0


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


def test_a_negative_input_is_refused():
    assert scoring.clean_number("-1") == (None, scoring.MSG_NEGATIVE)


def test_zero_is_a_valid_input():
    assert scoring.clean_number("0") == (D(0), None)


@pytest.mark.parametrize("raw", [None, "", "   "])
def test_a_blank_input_is_missing(raw):
    assert scoring.clean_number(raw) == (None, scoring.MSG_MISSING)


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
    assert parse("+5") == D(5)


def test_a_number_without_separators_of_any_length_within_bounds_is_read():
    assert parse("1234567") == D(1234567)


def test_a_plain_decimal_of_forty_characters_is_accepted():
    assert scoring.parse_plain_decimal(" " * 38 + "12") == D(12)


def test_a_too_long_plain_decimal_names_the_bound():
    with pytest.raises(scoring.NumberOutOfBounds) as excinfo:
        scoring.parse_plain_decimal("1" * 41)
    assert excinfo.value.message == "Số quá dài: tối đa 40 ký tự."


def test_a_too_large_json_integer_names_the_bound():
    with pytest.raises(scoring.NumberOutOfBounds) as excinfo:
        parse(10**15)
    assert excinfo.value.message == "Số quá lớn: tối đa 15 chữ số ở phần nguyên."
