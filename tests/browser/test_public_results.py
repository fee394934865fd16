"""The public ranking and a province profile in a real browser: charts drawn, what-if works."""

from __future__ import annotations

import pytest

from results import services
from tests import factories
from tests.results.conftest import sign_off

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def published_round(lead_reviewer, admin_user):
    names = ["Đà Nẵng", "Quảng Nam", "Quảng Ninh", "Hồ Chí Minh", "Cần Thơ", "Bắc Ninh"]
    units = [factories.UnitFactory(code=f"{10 + i}", gso_code=f"{10 + i}", name=n) for i, n in enumerate(names)]
    rnd = factories.make_round(year=2025, units=units)
    shares = {"Đà Nẵng": "0.6", "Quảng Nam": "0.5", "Quảng Ninh": "0.7", "Hồ Chí Minh": "0.8", "Cần Thơ": "0.9", "Bắc Ninh": "0.65"}
    for sub in rnd.submissions.select_related("unit"):
        sign_off(sub, lead_reviewer, shares[sub.unit.name], recompute=False)
    services.request_recompute(round_id=rnd.pk, reason="test")
    services.recompute_round(round_id=rnd.pk)
    services.publish_round(round_id=rnd.pk, actor=admin_user, note="Công bố tại phiên họp Ủy ban")
    return rnd


def test_public_ranking_and_profile_with_charts_and_what_if(page, published_round, screenshot):
    page.goto("/")
    page.get_by_role("link", name="Xem bảng xếp hạng DTI").click()
    page.wait_for_url("**/ket-qua/2025/tinh-63/")
    assert page.locator("#side-lists .card").count() == 4
    first = page.locator("#ranking-table tbody tr").first
    assert "Cần Thơ" in first.inner_text()
    # Sort by unit name: Bắc Ninh comes first.
    page.locator("#ranking-table thead .sort-btn", has_text="Đơn vị").click()
    assert "Bắc Ninh" in page.locator("#ranking-table tbody tr").first.inner_text()
    screenshot("public_ranking")

    page.locator("#ranking-table a", has_text="Đà Nẵng").click()
    page.wait_for_url("**/ket-qua/2025/tinh-63/10/")
    page.wait_for_function("document.getElementById('radar-chart') && Chart.getChart('radar-chart') !== undefined")
    assert page.evaluate("Chart.getChart('radar-chart').data.datasets.length") == 3
    assert page.locator("#profile-rank").inner_text().startswith("5")

    page.select_option("#what-if-target", "m:NTS")
    page.get_by_role("button", name="Tính DTI và thứ hạng mới").click()
    page.wait_for_selector("#what-if-rank")
    assert page.locator("#what-if-rank").inner_text() == "2"
    assert page.locator("#what-if-dti").inner_text() == "0,8400"  # Vietnamese decimal comma
    screenshot("public_profile")
