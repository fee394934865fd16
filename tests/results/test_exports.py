"""CSV and Excel exports of the public tables: headers people read, codes programs read,
and every figure the source did not publish marked as such."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import RankingGroup
from tests.results.conftest import SEEDS

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded_history(all_units, frameworks):
    call_command("import_results", str(SEEDS / "data" / "published-results.csv"), stdout=io.StringIO(), stderr=io.StringIO())


def csv_rows(client, year, group, **params):
    response = client.get(reverse("results:ranking_csv", args=[year, group]), params)
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def sheet(client, year, group, **params):
    response = client.get(reverse("results:ranking_xlsx", args=[year, group]), params)
    return load_workbook(io.BytesIO(response.content)).active


def test_the_csv_header_is_in_the_users_language(seeded_history, client):
    header = csv_rows(client, 2022, RankingGroup.PROVINCES_63)[0]
    assert header[:4] == ["Mã đơn vị", "Đơn vị", "DTI", "Hạng"]
    assert "Hạ tầng số" in header and "hts" not in header
    assert header[-3:] == ["Nguồn số liệu", "Giá trị do hệ thống tính", "Đơn vị trước sáp nhập"]


def test_header_machine_gives_the_stable_codes(seeded_history, client):
    header = csv_rows(client, 2022, RankingGroup.PROVINCES_63, header="machine")[0]
    assert header[:5] == ["unit_code", "unit_name", "dti", "rank", "rank_change"]
    assert "hts" in header and "rank_cqs" in header
    assert header[-3:] == ["basis", "inferred_fields", "predecessors"]


def test_pillar_values_the_engine_computed_are_marked_in_the_csv(seeded_history, client):
    # 2022: Đà Nẵng's main-index values and DTI were published, its pillar values were not;
    # the engine computes them from the main-index values.
    rows = csv_rows(client, 2022, RankingGroup.PROVINCES_63, header="machine")
    da_nang = dict(zip(rows[0], next(r for r in rows if r[0] == "48"), strict=True))
    assert da_nang["cqs"] != "" and da_nang["dti"] == "0.8002"
    assert da_nang["basis"] == "computed" and da_nang["inferred_fields"].split(";") == ["cqs", "kts", "xhs"]


def test_a_row_of_published_figures_only_is_not_marked(seeded_history, client):
    rows = csv_rows(client, 2024, RankingGroup.PROVINCES_34, header="machine")
    ha_noi = dict(zip(rows[0], next(r for r in rows if r[0] == "2025-01"), strict=True))
    assert (ha_noi["dti"], ha_noi["basis"], ha_noi["inferred_fields"]) == ("0.8241", "published", "")


def test_computed_fields_are_named_in_the_users_language(seeded_history, client):
    rows = csv_rows(client, 2022, RankingGroup.PROVINCES_63)
    da_nang = dict(zip(rows[0], next(r for r in rows if r[0] == "48"), strict=True))
    assert da_nang["Nguồn số liệu"] == "có giá trị do hệ thống tính từ số liệu công bố"
    assert da_nang["Giá trị do hệ thống tính"] == "Chính quyền số; Kinh tế số; Xã hội số"


def test_the_excel_header_is_in_the_users_language_or_codes(seeded_history, client):
    ws = sheet(client, 2022, RankingGroup.PROVINCES_63)
    assert [c.value for c in ws[2]][:4] == ["Mã đơn vị", "Đơn vị", "DTI", "Hạng"]
    ws = sheet(client, 2022, RankingGroup.PROVINCES_63, header="machine")
    assert [c.value for c in ws[2]][:4] == ["unit_code", "unit_name", "dti", "rank"]


def test_a_computed_figure_is_italic_with_a_comment_in_excel(seeded_history, client):
    ws = sheet(client, 2022, RankingGroup.PROVINCES_63)
    header = [c.value for c in ws[2]]
    da_nang = next(r for r in ws.iter_rows(min_row=3) if r[0].value == "48")
    cqs = da_nang[header.index("Chính quyền số")]
    assert isinstance(cqs.value, float) and cqs.font.italic and cqs.comment.text == "do hệ thống tính"
    dti = da_nang[header.index("DTI")]
    assert dti.value == 0.8002 and not dti.font.italic and dti.comment is None


def test_the_excel_of_an_illustrative_framework_says_so(seeded_history, client):
    ws = sheet(client, 2024, RankingGroup.PROVINCES_34)
    notes = [r[0].value for r in ws.iter_rows(min_row=3) if r[0].value and r[1].value is None]
    assert any("405/QĐ-BKHCN" in n and "minh họa" in n for n in notes)


def test_the_excel_ranking_names_its_sheet_with_diacritics(seeded_history, client):
    assert sheet(client, 2022, RankingGroup.PROVINCES_63).title == "Xếp hạng DTI 2022"
