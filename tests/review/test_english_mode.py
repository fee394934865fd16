"""The reviewers' pages and export in English: the framework's English names where the file
gives them (the Vietnamese where it gives none), reported figures and points written the
English way. Vietnamese stays the default."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from assessments.models import IndicatorValue
from tests.reading import english, text_of
from tests.review.conftest import value

pytestmark = pytest.mark.django_db




def appraisal(client, sub, code="1.3") -> str:
    main = value(sub, code).indicator.main_index
    return client.get(reverse("review:appraisal", args=[sub.pk, main.pk])).content.decode()


@pytest.fixture
def big_ratio(sub_a):
    """Indicator 1.3 reported as 1234.5 of 2469, its numerator and denominator named in English."""
    ratio = value(sub_a, "1.3")
    ratio.indicator.rule_params = {**ratio.indicator.rule_params, "numerator_en": "Applications handled online",
                                   "denominator_en": "All applications"}
    ratio.indicator.save(update_fields=["rule_params"])
    IndicatorValue.objects.filter(pk=ratio.pk).update(inputs={"numerator": "1234.5", "denominator": "2469"})
    return ratio


def test_the_appraisal_page_in_english_names_the_main_index_in_english(reviewer_client, sub_a):
    page = english(reviewer_client).get(reverse("review:appraisal", args=[sub_a.pk, value(sub_a, "1.3").indicator.main_index_id]))
    body = page.content.decode()
    assert "<title>Digital awareness · Đà Nẵng" in body and "Nhận thức số" not in body


def test_an_appraisal_row_in_english_names_its_indicator_in_english(reviewer_client, sub_a):
    ratio = value(sub_a, "1.3")
    page = appraisal(english(reviewer_client), sub_a)
    title = re.search(rf'id="ind-title-{ratio.pk}">(.*?)</h2>', page, re.S).group(1)
    assert text_of(title).startswith("1.3 Share of applications handled fully online (max 20.00)")


def test_an_appraisal_row_without_an_english_name_keeps_its_vietnamese(reviewer_client, sub_a):
    count = value(sub_a, "1.4")
    page = appraisal(english(reviewer_client), sub_a)
    title = re.search(rf'id="ind-title-{count.pk}">(.*?)</h2>', page, re.S).group(1)
    assert text_of(title).startswith("1.4 Số buổi tuyên truyền về chuyển đổi số")


def test_reported_figures_in_english_are_grouped_with_their_english_labels(reviewer_client, sub_a, big_ratio):
    page = appraisal(english(reviewer_client), sub_a)
    card = re.search(rf'id="ind-{big_ratio.pk}".*?</section>', page, re.S).group(0)
    assert "<dt" in card and "Applications handled online" in card and "1,234.5" in card and "2,469" in card


def test_reported_figures_are_grouped_the_vietnamese_way_by_default(reviewer_client, sub_a, big_ratio):
    page = appraisal(reviewer_client, sub_a)
    card = re.search(rf'id="ind-{big_ratio.pk}".*?</section>', page, re.S).group(0)
    assert "Số hồ sơ xử lý trực tuyến toàn trình" in card and "1.234,5" in card and "2.469" in card
    assert "Applications handled online" not in card


def test_the_scores_table_in_english_writes_points_with_a_decimal_point(reviewer_client, sub_a):
    page = text_of(english(reviewer_client).get(reverse("review:submission", args=[sub_a.pk])).content.decode())
    assert "1. Digital awareness 60.00" in page and "Total points (DTI) 100.00" in page


def test_the_scores_table_writes_points_with_a_decimal_comma_by_default(reviewer_client, sub_a):
    page = text_of(reviewer_client.get(reverse("review:submission", args=[sub_a.pk])).content.decode())
    assert "1. Nhận thức số 60,00" in page and "Tổng điểm (DTI) 100,00" in page


def test_the_queue_in_english_writes_totals_with_a_decimal_point(reviewer_client, sub_a, rnd):
    page = text_of(english(reviewer_client).get(reverse("review:queue", args=[rnd.pk])).content.decode())
    assert "80.00" in page and "80,00" not in page


def test_the_reviewers_export_in_english_names_indicators_and_main_indices_in_english(reviewer_client, sub_a, big_ratio):
    response = english(reviewer_client).get(reverse("review:excel_export", args=[sub_a.pk]))
    wb = load_workbook(io.BytesIO(response.content))
    rows = {r[0]: r for r in wb.worksheets[0].iter_rows(min_row=4, values_only=True)}
    assert rows["1.3"][1:3] == ("Share of applications handled fully online", "Digital awareness")
    assert rows["1.3"][4] == "Applications handled online: 1,234.5\nAll applications: 2,469"
    assert rows["1.4"][1] == "Số buổi tuyên truyền về chuyển đổi số"
    assert wb.worksheets[1]["A2"].value == "Digital awareness"
