"""Numbers as Vietnamese officers write them, in the Excel import and template.

openpyxl hands the import a number cell as a number and a text cell as a string: both are read
by the field's kind, as the pages read them (1.3 a ratio of counts, 1.4 a count, 2.2 a
percentage; `decimal_ratio` declares 1.3's inputs decimal).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from assessments import excel
from tests import factories
from tests.assessments.conftest import entry_post, entry_url, value
from tests.assessments.test_excel import fill, template, url

pytestmark = pytest.mark.django_db


def preview(client, sub, cells: dict):
    """The import's preview of a template filled with `cells` ({(code, field): cell value})."""
    response = client.post(url(sub, "upload"), {"file": fill(template(client, sub), cells)})
    assert response.status_code == 200
    return {row.code: row for row in response.context["preview"].rows}


@pytest.fixture
def decimal_ratio(sub_a):
    factories.declare_decimal(sub_a.round.framework, indicator="1.3")


# --- counts ------------------------------------------------------------------------------------


@pytest.mark.parametrize("cell", ["42.000", "42,000", "42 000", 42000, 42000.0])
def test_a_count_cell_reads_forty_two_thousand_as_text_or_as_a_number(officer_a_client, sub_a, cell):
    row = preview(officer_a_client, sub_a, {("1.4", "count"): cell})["1.4"]
    assert (row.errors, row.inputs) == ([], {"count": 42000})


def test_a_ratio_of_counts_reads_text_grouped_by_dots_beside_a_number_cell(officer_a_client, sub_a):
    row = preview(officer_a_client, sub_a, {("1.3", "numerator"): "9.500", ("1.3", "denominator"): 4952238})["1.3"]
    assert (row.errors, row.inputs) == ([], {"numerator": "9500", "denominator": "4952238"})


@pytest.mark.parametrize(("cell", "shown"), [("12,5", "12,5"), (12.5, "12.5"), ("1.234,5", "1.234,5")])
def test_a_fraction_in_a_count_cell_is_a_row_error_saying_why(officer_a_client, sub_a, cell, shown):
    row = preview(officer_a_client, sub_a, {("1.4", "count"): cell})["1.4"]
    assert row.errors == [
        f"Dòng 9: '{shown}' không phải số nguyên. Ô này là số đếm: nhập số nguyên, ví dụ 42.000 hoặc 4.952.238."
    ]


# --- decimals ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "stored"), [("1.234,5", "1234.5"), ("1,234.5", "1234.5"), (1234.5, "1234.5"), ("0,85", "0.85"), (0.85, "0.85")]
)
def test_a_decimal_cell_reads_a_decimal_comma_a_point_or_a_number(officer_a_client, sub_a, decimal_ratio, cell, stored):
    row = preview(officer_a_client, sub_a, {("1.3", "numerator"): cell, ("1.3", "denominator"): 5000})["1.3"]
    assert (row.errors, row.inputs) == ([], {"numerator": stored, "denominator": "5000"})


def test_an_ambiguous_decimal_text_cell_asks_which_reading(officer_a_client, sub_a, decimal_ratio):
    row = preview(officer_a_client, sub_a, {("1.3", "numerator"): "1.234", ("1.3", "denominator"): 5000})["1.3"]
    assert row.errors == [
        "Dòng 7, 8: '1.234' có hai cách hiểu: 1234 (một nghìn hai trăm ba mươi tư) hay 1,234 (một phẩy hai ba bốn)? "
        "Hãy nhập lại 1234 hoặc 1,2340 cho rõ."
    ]


def test_a_number_cell_is_never_ambiguous(officer_a_client, sub_a, decimal_ratio):
    # The spreadsheet already read it: 1.234 in a number cell is one point two three four.
    row = preview(officer_a_client, sub_a, {("1.3", "numerator"): 1.234, ("1.3", "denominator"): 5000})["1.3"]
    assert (row.errors, row.inputs["numerator"]) == ([], "1.234")


# --- percentages ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("cell", "points"), [("85.000", Decimal("8.50")), ("85,5%", Decimal("8.55")), (85.5, Decimal("8.55"))])
def test_a_percentage_cell_reads_a_lone_separator_as_decimals(officer_a_client, sub_a, cell, points):
    row = preview(officer_a_client, sub_a, {("2.2", "value"): cell})["2.2"]
    assert (row.errors, row.new_points) == ([], points)


# --- the template writes saved figures as numbers with their thousands grouped -----------------------------


def cells_of(client, sub, code, field):
    ws = template(client, sub)[excel.SHEET]
    row = next(
        r for r in ws.iter_rows(min_row=excel.FIRST_ROW)
        if (r[excel.COL["code"] - 1].value, r[excel.COL["field"] - 1].value) == (code, field)
    )
    return row[excel.COL["current"] - 1], row[excel.COL["new"] - 1]


def test_the_template_writes_a_saved_count_as_a_number_grouped_by_thousands(officer_a_client, sub_a, nts):
    officer_a_client.post(entry_url(sub_a, nts), entry_post(sub_a, nts, {"1.3": {"numerator": "4.952", "denominator": "4.952.238"}}))
    current, new = cells_of(officer_a_client, sub_a, "1.3", "denominator")
    assert (current.value, current.number_format, new.value, new.number_format) == (4952238, "#,##0", 4952238, "#,##0")


def test_the_template_writes_a_saved_decimal_with_its_decimals(officer_a_client, sub_a, nts, decimal_ratio):
    officer_a_client.post(entry_url(sub_a, nts), entry_post(sub_a, nts, {"1.3": {"numerator": "1.234,5", "denominator": "5000"}}))
    current, _new = cells_of(officer_a_client, sub_a, "1.3", "numerator")
    assert (current.value, current.number_format) == (1234.5, "#,##0.0###")


def test_a_template_filled_back_unchanged_changes_nothing(officer_a_client, sub_a, nts):
    officer_a_client.post(entry_url(sub_a, nts), entry_post(sub_a, nts, {"1.3": {"numerator": "4.952", "denominator": "4.952.238"}}))
    rows = preview(officer_a_client, sub_a, {})
    assert (rows["1.3"].errors, rows["1.3"].changed) == ([], False)
    assert value(sub_a, "1.3").inputs == {"numerator": "4952", "denominator": "4952238"}
