"""Numbers and texts a framework file may hold are bounded by what the database keeps, so a
file the checker accepts always loads (before, a 30-character code or 10 million points
passed the checker and failed in the database with a server error)."""

from __future__ import annotations

import pytest

from assessments.framework_files import FrameworkFileError, Problem, parse_framework
from assessments.framework_loader import load_framework_file
from assessments.models import Framework
from tests.assessments.test_framework_files import MINIMAL, line_of, problems_of


def test_points_above_what_the_database_keeps_are_refused_on_their_line():
    text = MINIMAL.replace('max_points: "10"', "max_points: 10000000", 1)
    found = [p for p in problems_of(text) if "quá lớn" in p.message]
    assert found == [Problem(line_of(text, "max_points: 10000000"), "chỉ số thành phần '1.1': trường 'max_points' quá lớn (tối đa 999999.99)")]


def test_a_thousand_digit_number_is_refused_without_overflowing():
    text = MINIMAL.replace("total_points: 50", "total_points: " + "9" * 1000, 1)
    assert problems_of(text) == [Problem(line_of(text, "total_points: 999"), "trường 'total_points': Số quá lớn: tối đa 15 chữ số ở phần nguyên.")]


def test_an_infinite_number_is_not_a_decimal():
    text = MINIMAL.replace("max_points: 7.5", "max_points: .inf", 1)
    messages = [p.message for p in problems_of(text) if p.line == line_of(text, "max_points: .inf")]
    assert messages == ["chỉ số thành phần '1.3': trường 'max_points' phải là số thập phân (dấu chấm thập phân, ví dụ \"12.5\"), không phải 'inf'"]


def test_a_main_index_number_is_bounded():
    text = MINIMAL.replace("number: 1\n", "number: 99999999999\n", 1)
    assert problems_of(text) == [Problem(line_of(text, "number: 99999999999"), "chỉ số chính 'NTS': số thứ tự 'number' phải từ 1 đến 10000")]


def test_a_year_is_bounded():
    text = MINIMAL.replace("years: [2022, 2023]", "years: [2022, 20230]", 1)
    assert problems_of(text) == [Problem(line_of(text, "years"), "năm 20230 phải trong khoảng 2000–2100")]


@pytest.mark.parametrize(
    "old,new,message",
    [
        ('code: "1.1"', 'code: "' + "1" * 21 + '"', "chỉ số thành phần: trường 'code' dài quá 20 ký tự"),
        ('name_vi: "Nhận thức số"', 'name_vi: "' + "N" * 256 + '"', "chỉ số chính 'NTS': trường 'name_vi' dài quá 255 ký tự"),
        ('decision: "922/QĐ-BTTTT"', 'decision: "' + "Q" * 61 + '"', "trường 'decision' dài quá 60 ký tự"),
        ('unit_vi: "người"', 'unit_vi: "' + "n" * 61 + '"', "thông tin chung 'TT.1': trường 'unit_vi' dài quá 60 ký tự"),
    ],
    ids=["code", "main-index-name", "decision", "unit"],
)
def test_text_longer_than_its_column_is_refused_on_its_line(old, new, message):
    text = MINIMAL.replace(old, new, 1)
    assert Problem(line_of(text, new[:20]), message) in problems_of(text)


def test_an_indicator_name_may_be_as_long_as_its_column():
    name = "T" * 500
    spec = parse_framework(MINIMAL.replace('name_vi: "Ban chỉ đạo"', f'name_vi: "{name}"', 1))
    assert next(i for _m, i in spec.indicators() if i.code == "1.1").name_vi == name


def test_a_framework_code_may_be_as_long_as_its_column():
    code = "a" * 40
    assert parse_framework(MINIMAL.replace('code: "thu-tinh"', f'code: "{code}"', 1)).code == code


@pytest.mark.django_db
def test_a_refused_file_loads_nothing():
    text = MINIMAL.replace('code: "1.1"', 'code: "' + "1" * 21 + '"', 1)
    with pytest.raises(FrameworkFileError):
        load_framework_file(text)
    assert not Framework.objects.exists()


@pytest.mark.django_db
def test_the_longest_accepted_texts_load_into_the_database():
    text = MINIMAL.replace('code: "1.1"', 'code: "' + "1" * 20 + '"', 1).replace('name_vi: "Ban chỉ đạo"', f'name_vi: "{"T" * 500}"', 1)
    framework, changed = load_framework_file(text)
    assert changed and framework.indicators.get(code="1" * 20).name_vi == "T" * 500
