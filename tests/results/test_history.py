"""Published history through import_results / export_results, checked against published figures."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from accounts.models import AuditEntry
from results.models import PublishedResult
from tests.results.conftest import SEEDS

pytestmark = pytest.mark.django_db
PUBLISHED = SEEDS / "data" / "published-results.csv"


@pytest.fixture
def imported(all_units, frameworks):
    call_command("import_results", str(PUBLISHED), stdout=io.StringIO(), stderr=io.StringIO())


def export(year, group="63"):
    out = io.StringIO()
    call_command("export_results", "--year", str(year), "--group", group, stdout=out)
    return {row["unit_name"]: row for row in csv.DictReader(io.StringIO(out.getvalue()))}


def test_2022_top_five_dti_reproduce_from_main_index_values(imported):
    published = {"Đà Nẵng": "0.8002", "Hồ Chí Minh": "0.7163", "Quảng Ninh": "0.7024", "Thừa Thiên Huế": "0.6975", "Cần Thơ": "0.6924"}
    for name, dti in published.items():
        result = PublishedResult.objects.get(year=2022, unit__name=name, ranking_group="tinh-63")
        assert abs(result.computed_dti - Decimal(dti)) <= Decimal("0.0001"), name
    rows = export(2022)
    assert [rows[n]["rank"] for n in published] == ["1", "2", "3", "4", "5"]
    assert rows["Đà Nẵng"]["dti"] == "0.8002"
    assert rows["Đà Nẵng"]["hdcqs"] == "0.8575"


def test_2020_dti_reproduces_from_pillar_values(imported):
    for name, dti in {"Đà Nẵng": "0.4874", "Bắc Ninh": "0.4096"}.items():
        result = PublishedResult.objects.get(year=2020, unit__name=name)
        assert abs(result.computed_dti - Decimal(dti)) <= Decimal("0.0001"), name
    rows = export(2020)
    assert rows["Bắc Ninh"]["cqs"] == "0.4449"
    assert rows["Bắc Ninh"]["rank_cqs"] == "8"


def test_the_2022_tie_is_exported_as_published(imported):
    rows = export(2022)
    assert [rows[n]["rank"] for n in ("Thanh Hóa", "Yên Bái", "Hậu Giang")] == ["15", "15", "17"]


def test_the_merger_rule_gives_the_34_unit_da_nang(imported):
    result = PublishedResult.objects.get(year=2024, ranking_group="tinh-34", unit__code="2025-48")
    assert result.computed_dti == Decimal("0.7069")
    rows = export(2024, "34")
    assert rows["Đà Nẵng"]["dti"] == "0.7069"
    assert rows["Đà Nẵng"]["rank"] == "17"


def test_importing_twice_changes_nothing(imported):
    count = PublishedResult.objects.count()
    out = io.StringIO()
    call_command("import_results", str(PUBLISHED), stdout=out, stderr=io.StringIO())
    assert PublishedResult.objects.count() == count
    assert "0 mới" in out.getvalue()


def test_import_is_audited(imported):
    assert AuditEntry.objects.filter(action="results.import_history").count() == 1


def test_a_bad_file_changes_nothing_and_names_the_lines(all_units, frameworks, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "year,framework,ranking_group,gso_code,unit,rank,dti\n"
        "2022,922/QĐ-BTTTT,63,48,Đà Nẵng,1,0.8002\n"
        "2022,922/QĐ-BTTTT,63,,Atlantis,2,0.7\n"
        "2022,922/QĐ-BTTTT,63,79,Hồ Chí Minh,x,1.7\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as exc:
        call_command("import_results", str(bad), stdout=io.StringIO())
    message = str(exc.value)
    assert "dòng 3" in message and "Atlantis" in message
    assert "dòng 4" in message
    assert PublishedResult.objects.count() == 0


def test_a_figure_that_is_not_finite_is_named_not_a_crash(all_units, frameworks, tmp_path):
    bad = tmp_path / "nan.csv"
    bad.write_text(
        "year,framework,ranking_group,gso_code,unit,rank,dti\n2022,922/QĐ-BTTTT,63,48,Đà Nẵng,1,NaN\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as exc:
        call_command("import_results", str(bad), stdout=io.StringIO())
    assert "dòng 2: cột dti: “NaN” không phải là số" in str(exc.value)
    assert PublishedResult.objects.count() == 0


def test_a_missing_file_is_a_clear_error(db):
    with pytest.raises(CommandError, match="Không tìm thấy"):
        call_command("import_results", "/nonexistent.csv")


def test_export_without_results_is_a_clear_error(db):
    with pytest.raises(CommandError, match="Chưa có kết quả"):
        call_command("export_results", "--year", "1999")


def test_a_province_s_group_is_refused_on_import(tmp_path, province_a):
    # Imported history is national (issue 18): a province's departments are ranked only by its
    # own published rounds, so a "so-nganh" row is refused, nothing stored.
    from tests.factories import SubUnitFactory

    SubUnitFactory(code="48-1", name="Sở Tài chính thành phố Đà Nẵng", parent=province_a, ranking_group="so-nganh")
    bad = tmp_path / "so-nganh.csv"
    bad.write_text("year,framework,ranking_group,unit_code,rank\n2024,922/QĐ-BTTTT,so-nganh,48-1,1\n", encoding="utf-8")
    with pytest.raises(CommandError) as exc:
        call_command("import_results", str(bad), stdout=io.StringIO())
    assert "dòng 2: nhóm xếp hạng “so-nganh” không hợp lệ" in str(exc.value)
    assert PublishedResult.objects.count() == 0
