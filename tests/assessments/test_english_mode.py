"""The officer's pages in English (the user picked it with the switcher): the framework's own
English names (`name_en`, a tier's `label_en`) where the file gives them, the Vietnamese where
it gives none, and numbers written the English way. Vietnamese stays the default."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.assessments.conftest import FULL_NTS, entry_post, entry_url, value
from tests.reading import english, text_of

pytestmark = pytest.mark.django_db




def test_the_entry_page_in_english_names_the_main_index_in_english(officer_a_client, sub_a, nts):
    page = english(officer_a_client).get(entry_url(sub_a, nts)).content.decode()
    assert '<h2 class="h5 mb-0">1. Digital awareness</h2>' in page
    assert "Nhận thức số" not in page


def test_the_entry_tabs_in_english_name_each_main_index_in_english(officer_a_client, sub_a, nts):
    page = english(officer_a_client).get(entry_url(sub_a, nts)).content.decode()
    assert 'title="Digital infrastructure">2. Digital infrastructure</a>' in page


def test_a_main_index_without_an_english_name_keeps_its_vietnamese_in_english(officer_a_client, sub_a, nts):
    page = english(officer_a_client).get(entry_url(sub_a, nts)).content.decode()
    assert 'title="Đô thị thông minh">3. Đô thị thông minh</a>' in page


def test_the_entry_rows_in_english_name_indicators_in_english(officer_a_client, sub_a, nts):
    ratio = value(sub_a, "1.3")
    page = english(officer_a_client).get(entry_url(sub_a, nts)).content.decode()
    title = re.search(rf'id="title-{ratio.pk}">(.*?)</h3>', page, re.S).group(1)
    assert text_of(title).startswith("1.3 Share of applications handled fully online")


def test_an_indicator_without_an_english_name_keeps_its_vietnamese_in_english(officer_a_client, sub_a, nts):
    count = value(sub_a, "1.4")
    page = english(officer_a_client).get(entry_url(sub_a, nts)).content.decode()
    title = re.search(rf'id="title-{count.pk}">(.*?)</h3>', page, re.S).group(1)
    assert text_of(title).startswith("1.4 Số buổi tuyên truyền về chuyển đổi số")


def test_the_tiers_in_english_read_the_files_english_labels(officer_a_client, sub_a, nts):
    page = english(officer_a_client).get(entry_url(sub_a, nts)).content.decode()
    assert ">Chaired by a deputy</option>" in page
    assert "Phó Chủ tịch UBND tỉnh làm Trưởng ban" not in page


def test_the_entry_page_in_english_writes_points_with_a_decimal_point(officer_a_client, sub_a, nts):
    officer_a_client.post(entry_url(sub_a, nts), entry_post(sub_a, nts, FULL_NTS))
    page = english(officer_a_client).get(entry_url(sub_a, nts)).content.decode()
    yes_no = value(sub_a, "1.2")
    points = re.search(rf'id="points-{yes_no.pk}"[^>]*>(.*?)</div>', page, re.S).group(1)
    assert "10.00</span>" in points and "60.00" in text_of(page)
    assert not re.search(r"\d,\d\d\b", text_of(page))  # no decimal comma anywhere on the page


def test_the_entry_page_stays_vietnamese_by_default(officer_a_client, sub_a, nts):
    officer_a_client.post(entry_url(sub_a, nts), entry_post(sub_a, nts, FULL_NTS))
    page = officer_a_client.get(entry_url(sub_a, nts)).content.decode()
    assert '<h2 class="h5 mb-0">1. Nhận thức số</h2>' in page and ">Phó Chủ tịch UBND tỉnh làm Trưởng ban</option>" in page
    assert "Digital awareness" not in page and "10,00</span>" in page


def test_the_overview_in_english_names_main_indices_in_english_with_english_numbers(officer_a_client, sub_a, nts):
    officer_a_client.post(entry_url(sub_a, nts), entry_post(sub_a, nts, FULL_NTS))
    page = text_of(english(officer_a_client).get(reverse("assessments:overview", args=[sub_a.pk])).content.decode())
    assert "1. Digital awareness" in page and "2. Digital infrastructure" in page
    assert "/ 60.00" in page and "Nhận thức số" not in page


def test_the_general_information_page_in_english_names_items_in_english(officer_a_client, sub_a):
    page = english(officer_a_client).get(reverse("assessments:general_info", args=[sub_a.pk])).content.decode()
    assert "TT.1 · Population" in page and "Dân số" not in page


def test_what_is_missing_before_sending_is_named_in_english(officer_a_client, sub_a):
    page = text_of(english(officer_a_client).get(reverse("assessments:submit", args=[sub_a.pk])).content.decode())
    assert "1.3 Share of applications handled fully online" in page and "Population" in page


def test_a_reported_figure_in_the_history_is_grouped_the_english_way(officer_a_client, sub_a, nts):
    officer_a_client.post(entry_url(sub_a, nts), entry_post(sub_a, nts, {"1.3": {"numerator": "1234", "denominator": "2469"}}))
    ratio = value(sub_a, "1.3")
    page = text_of(english(officer_a_client).get(reverse("assessments:value_history", args=[ratio.pk])).content.decode())
    assert "1,234 / 2,469" in page
    assert "Share of applications handled fully online" in page


def test_a_reported_figure_in_the_history_is_grouped_the_vietnamese_way_by_default(officer_a_client, sub_a, nts):
    officer_a_client.post(entry_url(sub_a, nts), entry_post(sub_a, nts, {"1.3": {"numerator": "1234", "denominator": "2469"}}))
    ratio = value(sub_a, "1.3")
    page = text_of(officer_a_client.get(reverse("assessments:value_history", args=[ratio.pk])).content.decode())
    assert "1.234 / 2.469" in page


def test_the_excel_template_in_english_names_indicators_in_english(officer_a_client, sub_a):
    import io

    from openpyxl import load_workbook

    from assessments.excel import COL, FIRST_ROW, SHEET

    response = english(officer_a_client).get(reverse("assessments:excel_template", args=[sub_a.pk]))
    ws = load_workbook(io.BytesIO(response.content))[SHEET]
    rows = {ws.cell(row=r, column=COL["code"]).value: r for r in range(FIRST_ROW, ws.max_row + 1)}
    assert ws.cell(row=rows["1.3"], column=COL["name"]).value == "Share of applications handled fully online"
    assert ws.cell(row=rows["1.3"], column=COL["main"]).value == "Digital awareness"
    assert ws.cell(row=rows["1.4"], column=COL["name"]).value == "Số buổi tuyên truyền về chuyển đổi số"


def _row_points(page: str, value_pk: int) -> str:
    return " ".join(re.search(rf'id="points-{value_pk}"[^>]*>\s*(.*?)\s*</div>', page, re.S).group(1).split())


def test_the_points_fragment_draws_in_english_what_the_row_draws_in_english(officer_a_client, sub_a, nts):
    # The row's points are a Jinja macro, the htmx fragment a Django template: one look in English too.
    officer_a_client.post(entry_url(sub_a, nts), entry_post(sub_a, nts, FULL_NTS))
    ratio = value(sub_a, "1.3")
    row = _row_points(english(officer_a_client).get(entry_url(sub_a, nts)).content.decode(), ratio.pk)
    typed = {f"v{ratio.pk}-numerator": "1,234", f"v{ratio.pk}-denominator": "2,468"}
    fragment = officer_a_client.get(reverse("assessments:points", args=[ratio.pk]), typed).content.decode()
    assert " ".join(fragment.split()) == row and "10.00" in row
