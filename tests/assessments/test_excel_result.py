"""The officer's Excel carries the appraisal's result from sign-off on: self, reviewed and
final points and the reason per indicator (assessments/excel.py RESULT_COLUMNS)."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from assessments import excel
from review import services as review
from tests import factories
from tests.assessments.result_helpers import REASON, appraise_all, filled_and_sent, sign_off
from tests.review.conftest import value

pytestmark = pytest.mark.django_db
RESULT_HEADERS = ["Điểm tự đánh giá", "Điểm thẩm định", "Điểm đạt được", "Lý do điều chỉnh"]


@pytest.fixture
def sub_a(province_a, officer_a):
    return filled_and_sent(factories.make_round(units=[province_a]), province_a, officer_a)


def sheet(client, sub):
    response = client.get(f"/tu-danh-gia/ho-so/{sub.pk}/excel/mau/")
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))[excel.SHEET]


def headers(ws) -> list:
    return [c.value for c in ws[excel.HEADER_ROW]]


def rows_of(ws, code) -> list[list]:
    return [[c.value for c in row] for row in ws.iter_rows(min_row=excel.FIRST_ROW) if row[excel.COL["code"] - 1].value == code]


def result_cells(row) -> list:
    return row[len(excel.COLUMNS) : len(excel.COLUMNS) + len(excel.RESULT_COLUMNS)]


def test_after_sign_off_the_excel_has_the_result_columns(officer_a_client, sub_a, reviewer):
    appraise_all(sub_a, reviewer, {"1.3": ("10", REASON)})
    ws = sheet(officer_a_client, sign_off(sub_a))
    assert headers(ws)[len(excel.COLUMNS) :] == RESULT_HEADERS


def test_after_sign_off_an_adjusted_indicator_carries_its_points_and_reason(officer_a_client, sub_a, reviewer):
    appraise_all(sub_a, reviewer, {"1.3": ("10", REASON)})
    ws = sheet(officer_a_client, sign_off(sub_a))
    numerator, denominator = rows_of(ws, "1.3")
    assert result_cells(numerator) == [16, 10, 10, REASON]
    # The ratio's second input row leaves the result blank: each column sums to the unit's total.
    assert result_cells(denominator) == [None, None, None, None]


def test_the_final_column_sums_to_the_unit_s_final_total(officer_a_client, sub_a, reviewer):
    appraise_all(sub_a, reviewer, {"1.3": ("10", REASON)})
    ws = sheet(officer_a_client, sign_off(sub_a))
    finals = [row[excel.RESULT_COL["final"] - 1].value for row in ws.iter_rows(min_row=excel.FIRST_ROW)]
    assert sum(f for f in finals if f is not None) == 74


def test_before_sign_off_the_excel_has_no_result_columns_nor_the_reviewer_s_reason(officer_a_client, sub_a, reviewer):
    review.appraise(value=value(sub_a, "1.3"), actor=reviewer, points="10", reason=REASON)
    ws = sheet(officer_a_client, sub_a)
    assert len([h for h in headers(ws) if h is not None]) == len(excel.COLUMNS)
    assert all(REASON not in str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)
