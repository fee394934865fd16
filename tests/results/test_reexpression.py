"""Merger-aware history through the public pages: the 63-unit years re-expressed on the 34.

The seeded history publishes a DTI for few units a year, so the tests add the missing
predecessor's figure with the same import a person would use (import_results).
"""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import RankingGroup, Unit
from results.models import PublishedResult
from tests.results.conftest import SEEDS

pytestmark = pytest.mark.django_db
HEADER = "year,framework,ranking_group,gso_code,unit,rank,dti,cqs,kts,xhs,source\n"
QUANG_NAM_2022 = "2022,922/QĐ-BTTTT,63,49,Quảng Nam,31,0.5432,,,,test figure\n"


def import_text(tmp_path, text: str, name: str = "extra.csv") -> None:
    path = tmp_path / name
    path.write_text(HEADER + text, encoding="utf-8")
    call_command("import_results", str(path), stdout=io.StringIO(), stderr=io.StringIO())


@pytest.fixture
def seeded_history(all_units, frameworks):
    call_command("import_results", str(SEEDS / "data" / "published-results.csv"), stdout=io.StringIO(), stderr=io.StringIO())


@pytest.fixture
def da_nang_2022_complete(seeded_history, tmp_path):
    """Both predecessors of the merged Đà Nẵng (Đà Nẵng 48 and Quảng Nam 49) have a 2022 DTI."""
    import_text(tmp_path, QUANG_NAM_2022)


def mean_of_predecessors(year: int, successor_code: str) -> Decimal:
    successor = Unit.objects.get(code=successor_code)
    dtis = [r.best_dti for r in PublishedResult.objects.filter(year=year, unit__in=successor.predecessors.all())]
    return (sum(dtis) / len(dtis)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def vi(value: Decimal) -> str:
    return str(value).replace(".", ",")


def machine_csv(year: int, group: str, client) -> dict[str, dict]:
    response = client.get(reverse("results:ranking_csv", args=[year, group]), {"header": "machine"})
    assert response.status_code == 200
    return {row["unit_code"]: row for row in csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))}


def test_a_merged_units_2022_profile_shows_its_predecessors_mean_marked_reexpressed(da_nang_2022_complete, client):
    body = client.get(reverse("results:profile", args=[2022, RankingGroup.PROVINCES_34, "2025-48"])).content.decode()
    expected = mean_of_predecessors(2022, "2025-48")
    assert expected == Decimal("0.6717")  # (0.8002 + 0.5432) / 2
    assert re.search(r'id="profile-dti">\s*' + re.escape(vi(expected)), body)
    banner = body[body.index('id="profile-reexpressed"'):]
    assert "quy đổi theo đơn vị sau sáp nhập" in banner[:600] and "Đà Nẵng, Quảng Nam" in banner[:600]


def test_the_merged_units_later_profile_lists_2022_as_reexpressed(da_nang_2022_complete, client):
    body = client.get(reverse("results:profile", args=[2024, RankingGroup.PROVINCES_34, "2025-48"])).content.decode()
    rows = re.findall(r"<tr([^>]*)><td>(\d{4})(.*?)</tr>", body[body.index('id="profile-history"'):], re.S)
    by_year = {int(year): (attrs, cells) for attrs, year, cells in rows}
    assert 'data-reexpressed="1"' in by_year[2022][0]
    assert vi(mean_of_predecessors(2022, "2025-48")) in by_year[2022][1]
    assert "data-reexpressed" not in by_year[2024][0]  # 2024 was published on the 34 units


def test_the_rank_chart_data_flags_the_reexpressed_years(da_nang_2022_complete, client):
    body = client.get(reverse("results:profile", args=[2024, RankingGroup.PROVINCES_34, "2025-48"])).content.decode()
    data = json.loads(re.search(r'<script id="history-data" type="application/json">(.*?)</script>', body, re.S).group(1))
    assert {h["year"]: h["reexpressed"] for h in data} == {2022: True, 2024: False}


def test_the_csv_of_a_reexpressed_year_has_a_marker_column(da_nang_2022_complete, client):
    row = machine_csv(2022, RankingGroup.PROVINCES_34, client)["2025-48"]
    assert row["dti"] == str(mean_of_predecessors(2022, "2025-48"))
    assert row["basis"] == "reexpressed"
    assert row["predecessors"] == "Đà Nẵng; Quảng Nam"


def test_the_reexpressed_year_is_offered_in_the_year_selector(da_nang_2022_complete, client):
    body = client.get(reverse("results:ranking", args=[2022, RankingGroup.PROVINCES_34])).content.decode()
    assert 'id="ranking-reexpressed"' in body
    assert reverse("results:profile", args=[2022, RankingGroup.PROVINCES_34, "2025-48"]) in body


def test_a_unit_is_not_reexpressed_from_part_of_its_predecessors(seeded_history, client):
    # Seeded 2022: Đà Nẵng has a DTI, Quảng Nam only a rank. Half a merger is not the merged unit.
    url = reverse("results:profile", args=[2022, RankingGroup.PROVINCES_34, "2025-48"])
    assert client.get(url).status_code == 404
    body = client.get(reverse("results:profile", args=[2024, RankingGroup.PROVINCES_34, "2025-48"])).content.decode()
    history = body[body.index('id="profile-history"'):body.index("</tbody>", body.index('id="profile-history"'))]
    assert "<td>2022" not in history


def test_a_unit_with_one_predecessor_carries_its_figures_over(seeded_history, client):
    # Huế (2025-46) continues Thừa Thiên Huế alone: its 2022 DTI is Thừa Thiên Huế's.
    row = machine_csv(2022, RankingGroup.PROVINCES_34, client)["2025-46"]
    assert row["dti"] == str(PublishedResult.objects.get(year=2022, unit__code="46").dti)
    assert row["basis"] == "reexpressed" and row["predecessors"] == "Thừa Thiên Huế"


def test_ranks_are_reexpressed_only_when_all_34_units_are(da_nang_2022_complete, client):
    rows = machine_csv(2022, RankingGroup.PROVINCES_34, client)
    assert len(rows) < 34
    assert all(r["rank"] == "" for r in rows.values())


def test_with_every_province_published_the_34_are_ranked_by_their_mean(all_units, frameworks, tmp_path, client):
    provinces = Unit.objects.filter(ranking_group=RankingGroup.PROVINCES_63).order_by("code")
    lines = "".join(
        f"2021,922/QĐ-BTTTT,63,{u.gso_code},{u.name},,{Decimal('0.3') + Decimal(i) / 200:.4f},,,,test\n"
        for i, u in enumerate(provinces)
    )
    import_text(tmp_path, lines)
    rows = sorted(machine_csv(2021, RankingGroup.PROVINCES_34, client).values(), key=lambda r: int(r["rank"]))
    assert len(rows) == 34 and rows[0]["rank"] == "1"
    dtis = [Decimal(r["dti"]) for r in rows]
    assert dtis == sorted(dtis, reverse=True)
    for r in rows:
        assert Decimal(r["dti"]) == mean_of_predecessors(2021, r["unit_code"])


def predecessor_rows(body: str) -> list[list[str]]:
    table = body[body.index('id="predecessor-history"'):body.index("</table>", body.index('id="predecessor-history"'))]
    cells = [re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S) for tr in re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]]
    return [[re.sub(r"<[^>]+>", "", c) for c in row] for row in cells]  # text only: "không công bố" is a span


def test_years_that_cannot_be_reexpressed_show_the_predecessors_own_results(seeded_history, client):
    body = client.get(reverse("results:profile", args=[2024, RankingGroup.PROVINCES_34, "2025-48"])).content.decode()
    rows_2022 = [r for r in predecessor_rows(body) if r[0] == "2022"]
    # In Vietnamese order: Đ follows D, so Đà Nẵng comes before Quảng Nam (core.collation).
    assert [(r[1], r[2], r[3]) for r in rows_2022] == [("Đà Nẵng", "0,8002", "1"), ("Quảng Nam", "không công bố", "31")]


def test_a_reexpressed_year_is_not_repeated_as_predecessor_results(da_nang_2022_complete, client):
    body = client.get(reverse("results:profile", args=[2024, RankingGroup.PROVINCES_34, "2025-48"])).content.decode()
    years = {r[0] for r in predecessor_rows(body)}
    assert years and "2022" not in years  # the other years still show the predecessors


def test_the_api_marks_a_reexpressed_row_and_names_its_predecessors(da_nang_2022_complete, client):
    response = client.get(reverse("api:result_unit", args=[2022, RankingGroup.PROVINCES_34, "2025-48"]))
    assert response.status_code == 200
    body = response.json()
    assert body["reexpressed"] is True and body["predecessors"] == ["48", "49"]
    assert body["dti"] == str(mean_of_predecessors(2022, "2025-48"))


def test_the_api_marks_figures_the_engine_computed(seeded_history, client):
    body = client.get(reverse("api:result_unit", args=[2022, RankingGroup.PROVINCES_63, "48"])).json()
    assert body["reexpressed"] is False and body["inferred"] == ["CQS", "KTS", "XHS"]
