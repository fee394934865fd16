"""A merged unit's history in a real browser: the years before the merger re-expressed and
drawn differently on the rank chart (hollow points, dashed line)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from accounts.services import load_units
from assessments.framework_loader import load_framework_file
from tests.results.conftest import SEEDS

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def merged_history(tmp_path):
    """Seeded history, plus 2022 and 2023 DTIs for both predecessors of the merged Đà Nẵng."""
    data = SEEDS / "data"
    load_units(provinces_csv=data / "provinces-63.csv", merger_csv=data / "merger-2025.csv", ministries_csv=data / "ministries.csv")
    for name in ("922-tinh", "1726-tinh", "405-tinh"):
        load_framework_file(SEEDS / "frameworks" / f"{name}.yaml")
    call_command("import_results", str(SEEDS / "data" / "published-results.csv"), stdout=io.StringIO(), stderr=io.StringIO())
    extra = tmp_path / "extra.csv"
    extra.write_text(
        "year,framework,ranking_group,gso_code,unit,rank,dti,source\n"
        "2022,922/QĐ-BTTTT,63,49,Quảng Nam,31,0.5432,t\n"
        "2023,922/QĐ-BTTTT,63,48,Đà Nẵng,1,0.8340,t\n"
        "2023,922/QĐ-BTTTT,63,49,Quảng Nam,30,0.5500,t\n",
        encoding="utf-8",
    )
    call_command("import_results", str(extra), stdout=io.StringIO(), stderr=io.StringIO())


def test_the_merged_units_profile_marks_and_draws_the_reexpressed_years(page, merged_history, screenshot):
    page.goto("/ket-qua/2024/tinh-34/2025-48/")
    rows = page.locator("#profile-history tr[data-reexpressed]")
    assert rows.count() == 2
    assert "quy đổi theo đơn vị sau sáp nhập" in rows.first.inner_text()
    assert rows.first.locator("td").nth(1).inner_text() == "0,6717"  # (0,8002 + 0,5432) / 2
    page.wait_for_function("Chart.getChart('history-chart') !== undefined")
    chart = page.evaluate(
        "(() => { const c = Chart.getChart('history-chart'); const d = c.data.datasets[1];"
        " return {labels: c.data.labels, dti: d.data, fill: d.pointBackgroundColor}; })()"
    )
    assert chart["labels"][-3:] == ["2022", "2023", "2024"]
    assert chart["dti"][-3:] == [0.6717, 0.692, 0.7069]
    assert chart["fill"][-3:] == ["#ffffff", "#ffffff", "#198754"]  # re-expressed years hollow
    screenshot("merged_unit_profile")

    page.goto("/ket-qua/2022/tinh-34/2025-48/")
    assert "Đà Nẵng, Quảng Nam" in page.locator("#profile-reexpressed").inner_text()
    assert page.locator("#profile-dti").inner_text() == "0,6717"
    screenshot("merged_unit_profile_2022")
