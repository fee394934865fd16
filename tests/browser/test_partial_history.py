"""The public ranking on history covering 6 of 63 provinces, in a real browser: the coverage
notice, official ranks with their holes, possible ranks, and a sort that drops the holes."""

from __future__ import annotations

import pytest

from tests.results.conftest import load_partial_history

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
URL = "/ket-qua/2023/tinh-63/"


@pytest.fixture
def partial_history():
    load_partial_history()


def first_cells(page) -> list[str]:
    return [t.strip() for t in page.locator("#ranking-table tbody tr:visible td:first-child").all_inner_texts()]


def test_the_partial_ranking_reads_in_official_rank_order_with_its_holes(page, partial_history, screenshot):
    page.goto(URL)
    assert page.locator("#coverage-notice").is_visible()
    assert "Số liệu công bố của 6/63 tỉnh, thành phố" in page.locator("#coverage-notice").inner_text()
    assert first_cells(page) == [
        "1", "2", "3", "4", "⋯ hạng 5–19: chưa công bố", "5–19", "20", "⋯ hạng 21–63: chưa công bố",
    ]
    assert page.locator("#ranking-table tbody tr", has_text="Tỉnh 03").locator(".not-published").inner_text() == "không công bố"
    screenshot("partial_history_ranking")


def names(page) -> list[str]:
    return [t.strip() for t in page.locator("#ranking-table tbody tr:visible td:nth-child(2)").all_inner_texts()]


def test_sorting_the_partial_ranking_drops_the_hole_lines(page, partial_history):
    page.goto(URL)
    page.locator("#ranking-table thead .sort-btn", has_text="Đơn vị").click()
    assert page.locator("#ranking-table tbody tr[data-gap]:visible").count() == 0
    assert names(page) == ["Tỉnh 01", "Tỉnh 02", "Tỉnh 03", "Tỉnh 04", "Tỉnh 05", "Tỉnh 06"]


def test_a_rank_without_a_dti_sorts_last_by_dti_either_way(page, partial_history):
    page.goto(URL)
    sort = page.locator("#ranking-table thead .sort-btn", has_text="DTI")
    sort.click()
    assert names(page)[0] == "Tỉnh 06" and names(page)[-1] == "Tỉnh 03"
    sort.click()
    assert names(page)[0] == "Tỉnh 01" and names(page)[-1] == "Tỉnh 03"


def test_the_partial_ranking_and_profile_have_no_serious_accessibility_violation(page, partial_history):
    from tests.browser.test_accessibility import audit, describe

    for url in (URL, f"{URL}P05/"):
        page.goto(url)
        violations = audit(page)
        assert not violations, f"{url}\n{describe(violations)}"
