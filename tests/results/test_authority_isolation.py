"""Two provinces that both publish their departments' ("so-nganh") round of 2025 never mix
(issue 18): each authority's ranking page, exports, profile, PDF and API hold its own units only,
and a department's officer reads its own unit's rank in its province's round.

The world: Đà Nẵng ranks its Sở Tài chính (1st, 0.8) and Sở Y tế (2nd, 0.6); Quảng Nam ranks its
Sở Giáo dục (1st, 0.8) and Sở Công Thương (2nd, 0.6). Same year, same group, same ranks.
"""

from __future__ import annotations

import csv
import io
import subprocess

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.access import forget_authority_roles
from accounts.models import RankingGroup, Role
from results.models import PublishedResult
from tests import factories
from tests.results.conftest import departments_of, provincial_authority, publish_provincial_round

pytestmark = pytest.mark.django_db

DN, QN = "da-nang", "quang-nam"
SO_NGANH = RankingGroup.DEPARTMENTS
DN_NAMES = ["Sở Tài chính thành phố Đà Nẵng", "Sở Y tế thành phố Đà Nẵng"]
QN_NAMES = ["Sở Giáo dục và Đào tạo tỉnh Quảng Nam", "Sở Công Thương tỉnh Quảng Nam"]


@pytest.fixture
def da_nang(province_a):
    return provincial_authority(province_a, code=DN, name="Sở Khoa học và Công nghệ thành phố Đà Nẵng")


@pytest.fixture
def quang_nam(province_b):
    return provincial_authority(province_b, code=QN, name="Sở Khoa học và Công nghệ tỉnh Quảng Nam")


@pytest.fixture
def two_provinces(da_nang, quang_nam, province_a, province_b, lead_reviewer, admin_user):
    dn = publish_provincial_round(da_nang, departments_of(province_a, DN_NAMES, prefix="48"), lead=lead_reviewer, admin=admin_user)
    qn = publish_provincial_round(quang_nam, departments_of(province_b, QN_NAMES, prefix="49"), lead=lead_reviewer, admin=admin_user)
    return dn, qn


def url(name, *args, authority=DN):
    return reverse(f"results:authority_{name}", args=[authority, *args])


def body(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True).stdout


# --- Public pages -----------------------------------------------------------------------------


@pytest.mark.parametrize(("authority", "own", "other"), [(DN, DN_NAMES, QN_NAMES), (QN, QN_NAMES, DN_NAMES)])
def test_each_authority_s_ranking_page_lists_only_its_own_departments(two_provinces, client, authority, own, other):
    page = body(client.get(url("ranking", 2025, SO_NGANH, authority=authority)))
    assert all(name in page for name in own)
    assert not [name for name in other if name in page]


def test_the_ranking_csv_holds_only_the_authority_s_departments(two_provinces, client):
    response = client.get(url("ranking_csv", 2025, SO_NGANH, authority=QN), {"header": "machine"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(r["unit_code"], r["rank"]) for r in rows] == [("49-1", "1"), ("49-2", "2")]


def test_the_ranking_excel_holds_only_the_authority_s_departments(two_provinces, client):
    ws = load_workbook(io.BytesIO(client.get(url("ranking_xlsx", 2025, SO_NGANH)).content)).active
    names = [c.value for c in ws["B"][2:] if c.value]
    assert names == DN_NAMES


def test_a_profile_ranks_the_department_among_its_own_province_s_only(two_provinces, client):
    page = body(client.get(url("profile", 2025, SO_NGANH, "48-2")))
    assert 'id="profile-rank">2<span class="fs-6 text-muted">/2</span>' in page
    assert not [name for name in QN_NAMES if name in page]


def test_another_province_s_department_has_no_profile_under_the_authority(two_provinces, client):
    assert client.get(url("profile", 2025, SO_NGANH, "49-1", authority=DN)).status_code == 404
    assert client.get(url("profile_pdf", 2025, SO_NGANH, "49-1", authority=DN)).status_code == 404


def test_the_pdf_report_names_only_the_authority_s_departments(two_provinces, client, tmp_path):
    text = _pdf_text(client.get(url("profile_pdf", 2025, SO_NGANH, "49-1", authority=QN)).content, tmp_path)
    assert "Sở Giáo dục và Đào tạo tỉnh Quảng Nam" in text
    assert not [name for name in DN_NAMES if name in text]


# --- API -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("authority", "codes"), [(DN, ["48-1", "48-2"]), (QN, ["49-1", "49-2"])])
def test_the_api_table_of_an_authority_holds_only_its_departments(two_provinces, client, authority, codes):
    data = client.get(reverse("api:result_table", args=[2025, SO_NGANH]), {"authority": authority}).json()
    assert (data["authority"], [r["unit"] for r in data["rows"]], data["rank_of"]) == (authority, codes, 2)


def test_the_api_gives_no_row_of_another_province_s_department(two_provinces, client):
    response = client.get(reverse("api:result_unit", args=[2025, SO_NGANH, "49-1"]), {"authority": DN})
    assert response.status_code == 404


def test_the_national_api_has_no_departments_table(two_provinces, client):
    assert client.get(reverse("api:result_table", args=[2025, SO_NGANH])).status_code == 404


# --- A department's officer -------------------------------------------------------------------


def test_a_department_s_officer_sees_its_published_rank_in_its_province_s_round(two_provinces, da_nang, client):
    department = two_provinces[0].submissions.get(unit__code="48-2").unit
    officer = factories.UserFactory(username="officer_so_yte", role=Role.OFFICER, unit=None)
    factories.AuthorityRoleFactory(user=officer, authority=da_nang, role=Role.OFFICER, unit=department)
    forget_authority_roles(officer)
    client.force_login(officer)
    page = body(client.get(reverse("results:my_unit")))
    assert "công bố sau" not in page
    assert "<strong>2</strong>" in page


# --- Imported history is national: never a province's group -----------------------------------


def test_the_national_pages_never_read_a_province_s_group_from_imported_history(province_a, client):
    # A department mislabelled with the group (the admin can set it): imported history is the
    # national Authority's and holds no province's departments.
    department = departments_of(province_a, ["Sở Tài chính thành phố Đà Nẵng"], prefix="48")[0]
    PublishedResult.objects.create(year=2024, framework_decision="922/QĐ-BTTTT", ranking_group=SO_NGANH, unit=department, rank=1)
    assert client.get(reverse("results:ranking", args=[2024, SO_NGANH])).status_code == 404
    assert client.get(reverse("api:result_list")).json() == []
