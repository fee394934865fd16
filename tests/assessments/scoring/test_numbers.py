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


