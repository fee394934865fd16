"""Numbers read aloud: the words of the question an ambiguous decimal asks ("9.500": chín nghìn
năm trăm, or chín phẩy năm?). No database."""

from __future__ import annotations

import pytest

from assessments.scoring import spoken


@pytest.mark.parametrize(
    ("digits", "words"),
    [
        ("0", "không"),
        ("1", "một"),
        ("2", "hai"),
        ("3", "ba"),
        ("4", "bốn"),
        ("5", "năm"),
        ("6", "sáu"),
        ("7", "bảy"),
        ("8", "tám"),
        ("9", "chín"),
        ("10", "mười"),
        ("11", "mười một"),
        ("14", "mười bốn"),
        ("15", "mười lăm"),
        ("20", "hai mươi"),
        ("21", "hai mươi mốt"),
        ("24", "hai mươi tư"),
        ("25", "hai mươi lăm"),
        ("37", "ba mươi bảy"),
        ("100", "một trăm"),
        ("105", "một trăm linh năm"),
        ("110", "một trăm mười"),
        ("999", "chín trăm chín mươi chín"),
    ],
)
def test_vietnamese_reads_numbers_below_a_thousand(digits, words):
    assert spoken.vietnamese(digits) == words


@pytest.mark.parametrize(
    ("digits", "words"),
    [
        ("1000", "một nghìn"),
        ("1004", "một nghìn không trăm linh bốn"),
        ("1010", "một nghìn không trăm mười"),
        ("1234", "một nghìn hai trăm ba mươi tư"),
        ("2000", "hai nghìn"),
        ("9500", "chín nghìn năm trăm"),
        ("42000", "bốn mươi hai nghìn"),
        ("85000", "tám mươi lăm nghìn"),
        ("100250", "một trăm nghìn hai trăm năm mươi"),
        ("999999", "chín trăm chín mươi chín nghìn chín trăm chín mươi chín"),
    ],
)
def test_vietnamese_reads_thousands_saying_a_missing_hundred(digits, words):
    assert spoken.vietnamese(digits) == words


def test_vietnamese_reads_decimals_digit_by_digit_after_phay():
    assert (spoken.vietnamese("9", "5"), spoken.vietnamese("1", "234"), spoken.vietnamese("0", "05")) == (
        "chín phẩy năm", "một phẩy hai ba bốn", "không phẩy không năm"
    )


def test_vietnamese_reads_a_negative_number_with_am():
    assert spoken.vietnamese("100", "25", negative=True) == "âm một trăm phẩy hai năm"


@pytest.mark.parametrize(
    ("digits", "words"),
    [
        ("0", "zero"),
        ("7", "seven"),
        ("10", "ten"),
        ("13", "thirteen"),
        ("19", "nineteen"),
        ("20", "twenty"),
        ("34", "thirty-four"),
        ("99", "ninety-nine"),
        ("100", "one hundred"),
        ("105", "one hundred five"),
        ("1000", "one thousand"),
        ("1234", "one thousand two hundred thirty-four"),
        ("9500", "nine thousand five hundred"),
        ("85000", "eighty-five thousand"),
        ("999999", "nine hundred ninety-nine thousand nine hundred ninety-nine"),
    ],
)
def test_english_reads_numbers_below_a_million(digits, words):
    assert spoken.english(digits) == words


def test_english_reads_decimals_digit_by_digit_after_point():
    assert (spoken.english("9", "5"), spoken.english("12", "05")) == ("nine point five", "twelve point zero five")


def test_english_reads_a_negative_number_with_minus():
    assert spoken.english("9", "5", negative=True) == "minus nine point five"
