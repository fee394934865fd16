"""A province that runs its own index publishes its rankings on its own public pages (issue 18),
served like the national ones under /ket-qua/tinh/<authority>/, and the two levels link up.

The world: Đà Nẵng (province A) ranks three of its departments, Quảng Nam (province B) two of
its own, both for 2025; the national 2025 round ranks both provinces (and a third), and Đà
Nẵng's national submission holds figures of indicator 1.1 that its Sở Nội vụ's contributor
entered and the city accepted.
"""

from __future__ import annotations

import csv
import io
import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import RankingGroup
from assessments.models import IndicatorValue
from results import services
from tests import factories
from tests.results.conftest import departments_of, provincial_authority, publish_provincial_round, sign_off

pytestmark = pytest.mark.django_db

DN = "da-nang"
QN = "quang-nam"
SO_NGANH = RankingGroup.DEPARTMENTS


def page_url(name, *args, authority=DN):
    return reverse(f"results:authority_{name}", args=[authority, *args])


@pytest.fixture
def da_nang(province_a):
    return provincial_authority(
        province_a, code=DN, name="Sở Khoa học và Công nghệ thành phố Đà Nẵng",
        name_en="Da Nang Department of Science and Technology",
    )


@pytest.fixture
def quang_nam(province_b):
    return provincial_authority(province_b, code=QN, name="Sở Khoa học và Công nghệ tỉnh Quảng Nam")


@pytest.fixture
def dn_departments(province_a, department_a):
    # department_a (48-noivu, Sở Nội vụ) is the contributor's. Shares go by code: 48-1 0.8,
    # 48-2 0.6, 48-noivu 0.5.
    return [*departments_of(province_a, ["Sở Tài chính thành phố Đà Nẵng", "Sở Y tế thành phố Đà Nẵng"], prefix="48"), department_a]


@pytest.fixture
def dn_round(da_nang, dn_departments, lead_reviewer, admin_user):
    return publish_provincial_round(da_nang, dn_departments, lead=lead_reviewer, admin=admin_user)


@pytest.fixture
def qn_round(quang_nam, province_b, lead_reviewer, admin_user):
    units = departments_of(province_b, ["Sở Giáo dục và Đào tạo tỉnh Quảng Nam", "Sở Công Thương tỉnh Quảng Nam"], prefix="49")
    return publish_provincial_round(quang_nam, units, lead=lead_reviewer, admin=admin_user)


def _accept_contribution(rnd, province, contributor, code):
    # What assessments.services.contributions.accept leaves on the value (its own tests cover
    # the assignment's moves): the contributor whose figures the province took.
    IndicatorValue.objects.filter(submission__round=rnd, submission__unit=province, indicator__code=code).update(
        contributed_by=contributor
    )


@pytest.fixture
def national_2025(province_a, province_b, contributor_a, lead_reviewer, admin_user):
    """The national 2025 round of three provinces, with Sở Nội vụ's figures of 1.1 in Đà Nẵng's."""
    third = factories.UnitFactory(code="22", gso_code="22", name="Quảng Ninh")
    rnd = factories.make_round(year=2025, framework=factories.make_framework(code="quoc-gia-2025"), units=[province_a, province_b, third])
    _accept_contribution(rnd, province_a, contributor_a, "1.1")
    for sub, share in zip(rnd.submissions.order_by("unit__code"), ("0.7", "0.6", "0.5"), strict=True):
        sign_off(sub, lead_reviewer, share, recompute=False)
    services.request_recompute(round_id=rnd.pk, reason="test")
    services.recompute_round(round_id=rnd.pk)
    services.publish_round(round_id=rnd.pk, actor=admin_user, note="")
    return rnd


def body(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# --- An authority's pages ---------------------------------------------------------------------


def test_an_authority_s_published_ranking_is_public_under_its_code(dn_round, client):
    page = body(client.get(page_url("ranking", 2025, SO_NGANH)))
    assert "Sở Tài chính thành phố Đà Nẵng" in page and "Sở Nội vụ thành phố Đà Nẵng" in page
    assert "0.8000" in page  # Sở Tài chính (48-1) scored 0.8 of every max


def test_the_authority_s_pages_carry_its_name_and_logo(dn_round, client):
    page = body(client.get(page_url("ranking", 2025, SO_NGANH)))
    masthead = page.split('id="authority-masthead"')[1].split("</header>")[0]
    assert "Sở Khoa học và Công nghệ thành phố Đà Nẵng" in masthead
    assert 'src="/static/img/authority-emblem.svg"' in masthead  # no logo of its own: the default emblem


def test_the_authority_s_logo_is_its_own_when_it_has_one(dn_round, da_nang, client):
    da_nang.logo = "favicon.svg"
    da_nang.save(update_fields=["logo"])
    page = body(client.get(page_url("profile", 2025, SO_NGANH, "48-1")))
    assert 'src="/static/favicon.svg"' in page.split('id="authority-masthead"')[1].split("</header>")[0]


def test_the_authority_index_goes_to_its_latest_ranking(dn_round, client):
    response = client.get(reverse("results:authority_index", args=[DN]))
    assert response.status_code == 302
    assert response["Location"] == page_url("ranking", 2025, SO_NGANH)


def test_the_authority_index_without_results_says_so(da_nang, client):
    assert "Chưa có kết quả nào được công bố." in body(client.get(reverse("results:authority_index", args=[DN])))


def test_an_unknown_authority_is_404(dn_round, client):
    assert client.get(page_url("ranking", 2025, SO_NGANH, authority="khong-co")).status_code == 404


def test_the_national_authority_has_no_prefixed_pages(dn_round, client):
    assert client.get(reverse("results:authority_index", args=["quoc-gia"])).status_code == 404


def test_a_withdrawn_provincial_round_is_not_public(da_nang, dn_departments, lead_reviewer, admin_user, client):
    rnd = publish_provincial_round(da_nang, dn_departments, lead=lead_reviewer, admin=admin_user)
    services.unpublish_round(round_id=rnd.pk, actor=admin_user, reason="Sửa số liệu")
    assert client.get(page_url("ranking", 2025, SO_NGANH)).status_code == 404


def test_the_profile_shows_gaps_and_what_if_under_the_authority(dn_round, client):
    page = body(client.get(page_url("profile", 2025, SO_NGANH, "48-2")))
    assert "Sở Y tế thành phố Đà Nẵng" in page and 'id="gap-indicators"' in page
    assert f'action="{page_url("what_if", 2025, SO_NGANH, "48-2")}"' in page
    what_if = body(client.get(page_url("what_if", 2025, SO_NGANH, "48-2"), {"target": "m:NTS"}))
    assert 'id="what-if-rank"' in what_if


def test_ranking_links_stay_under_the_authority(dn_round, client):
    page = body(client.get(page_url("ranking", 2025, SO_NGANH)))
    assert f'href="{page_url("profile", 2025, SO_NGANH, "48-1")}"' in page
    assert f'href="{page_url("ranking_csv", 2025, SO_NGANH)}"' in page
    assert f'href="{reverse("results:profile", args=[2025, SO_NGANH, "48-1"])}"' not in page


def test_the_authority_s_ranking_exports_as_csv_and_excel(dn_round, client):
    response = client.get(page_url("ranking_csv", 2025, SO_NGANH), {"header": "machine"})
    assert response["Content-Disposition"] == 'attachment; filename="dti-da-nang-2025-so-nganh.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(r["unit_code"], r["rank"]) for r in rows] == [("48-1", "1"), ("48-2", "2"), ("48-noivu", "3")]
    ws = load_workbook(io.BytesIO(client.get(page_url("ranking_xlsx", 2025, SO_NGANH)).content)).active
    assert ws["B3"].value == "Sở Tài chính thành phố Đà Nẵng" and ws["C3"].value == 0.8


def test_the_authority_s_pdf_report_carries_its_name(dn_round, client, tmp_path):
    response = client.get(page_url("profile_pdf", 2025, SO_NGANH, "48-1"))
    assert response["Content-Disposition"] == 'attachment; filename="dti-da-nang-2025-48-1.pdf"'
    path = tmp_path / "report.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True).stdout
    first_lines = " ".join(text.splitlines()[:3]).upper()
    assert "SỞ KHOA HỌC VÀ CÔNG NGHỆ THÀNH PHỐ ĐÀ NẴNG" in first_lines  # the masthead (upper case)
    assert "Sở Tài chính thành phố Đà Nẵng" in text


def test_the_national_pdf_report_keeps_the_portal_s_masthead(national_2025, client, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(client.get(reverse("results:profile_pdf", args=[2025, "tinh-63", "48"])).content)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True).stdout
    assert "HỆ THỐNG ĐÁNH GIÁ CHỈ SỐ CHUYỂN ĐỔI SỐ (DTI)" in text.splitlines()[0]


# --- The national pages and the authorities kept apart ------------------------------------------


def test_the_national_pages_never_list_a_provincial_round(dn_round, national_2025, client):
    page = body(client.get(reverse("results:ranking", args=[2025, "tinh-63"])))
    selector = page.split('id="year-selector"')[1].split("</form>")[0]
    assert "tinh-63" in selector and SO_NGANH not in selector
    assert client.get(reverse("results:ranking", args=[2025, SO_NGANH])).status_code == 404


def test_an_authority_s_pages_show_only_its_own_rounds(dn_round, qn_round, national_2025, client):
    page = body(client.get(page_url("ranking", 2025, SO_NGANH, authority=QN)))
    assert "Sở Giáo dục và Đào tạo tỉnh Quảng Nam" in page
    assert "Đà Nẵng" not in page.split('id="side-lists"')[1]
    assert client.get(page_url("ranking", 2025, "tinh-63")).status_code == 404  # the national round is not Đà Nẵng's
    assert client.get(page_url("profile", 2025, SO_NGANH, "48-1", authority=QN)).status_code == 404


def _table_part(response) -> str:
    return body(response).split('id="side-lists"')[1].split("</main>")[0]


def test_one_authority_s_cached_page_never_serves_another_s(dn_round, qn_round, client):
    dn = _table_part(client.get(page_url("ranking", 2025, SO_NGANH)))
    with CaptureQueriesContext(connection) as warm:
        assert _table_part(client.get(page_url("ranking", 2025, SO_NGANH))) == dn
    assert not [q for q in warm.captured_queries if "results_snapshotentry" in q["sql"]]  # served from the cache
    qn = _table_part(client.get(page_url("ranking", 2025, SO_NGANH, authority=QN)))
    assert "Sở Công Thương tỉnh Quảng Nam" in qn and "Sở Tài chính thành phố Đà Nẵng" not in qn


def test_the_cache_key_names_the_authority(dn_round, da_nang):
    from results.selectors import public_cache_key

    key = public_cache_key("ranking", year=2025, ranking_group=SO_NGANH, language="vi", authority=da_nang)
    assert f":{DN}:2025:{SO_NGANH}:vi" in key
    assert public_cache_key("ranking", year=2025, ranking_group=SO_NGANH, language="vi") is None  # not national


# --- The two levels linked ----------------------------------------------------------------------


def _ranking_row(page: str, unit_name: str) -> str:
    table = page.split('id="ranking-table"')[1]
    return next(tr for tr in table.split("<tr>") if unit_name in tr)


def test_a_department_s_row_names_the_national_indicators_its_figures_went_into(dn_round, national_2025, client):
    page = body(client.get(page_url("ranking", 2025, SO_NGANH)))
    row = _ranking_row(page, "Sở Nội vụ thành phố Đà Nẵng")
    assert '<abbr title="Ban Chỉ đạo chuyển đổi số">1.1</abbr>' in row
    assert f'href="{reverse("results:profile", args=[2025, "tinh-63", "48"])}"' in row


def test_a_department_that_contributed_nothing_shows_a_dash(dn_round, national_2025, client):
    row = _ranking_row(body(client.get(page_url("ranking", 2025, SO_NGANH))), "Sở Y tế thành phố Đà Nẵng")
    assert '<td class="small contribution"><span class="text-muted">—</span></td>' in row


def test_contributions_show_only_once_the_national_round_is_published(dn_round, national_2025, admin_user, client):
    services.unpublish_round(round_id=national_2025.pk, actor=admin_user, reason="Sửa số liệu")
    row = _ranking_row(body(client.get(page_url("ranking", 2025, SO_NGANH))), "Sở Nội vụ thành phố Đà Nẵng")
    assert "1.1" not in row


def test_the_department_s_profile_names_its_contribution(dn_round, national_2025, client):
    page = body(client.get(page_url("profile", 2025, SO_NGANH, "48-noivu")))
    assert '<abbr title="Ban Chỉ đạo chuyển đổi số">1.1</abbr>' in page.split('id="profile-contribution"')[1].split("</p>")[0]


def test_a_province_s_national_profile_links_to_its_own_ranking(dn_round, national_2025, client):
    page = body(client.get(reverse("results:profile", args=[2025, "tinh-63", "48"])))
    card = page.split('id="provincial-rankings"')[1].split("</ul>")[0]
    assert f'href="{page_url("ranking", 2025, SO_NGANH)}"' in card and "Sở, ban, ngành" in card


def test_a_province_without_its_own_ranking_has_no_such_link(dn_round, national_2025, client):
    assert 'id="provincial-rankings"' not in body(client.get(reverse("results:profile", args=[2025, "tinh-63", "22"])))


# --- Query counts constant in the number of authorities -----------------------------------------


def _more_authorities(n, lead, admin):
    for i in range(n):
        province = factories.UnitFactory(code=f"9{i}", gso_code=f"9{i}", name=f"Tỉnh thêm {i}")
        authority = provincial_authority(province, code=f"tinh-them-{i}", name=f"Sở KH&CN tỉnh thêm {i}")
        publish_provincial_round(authority, departments_of(province, ["Sở A", "Sở B"], prefix=f"9{i}"), lead=lead, admin=admin)


@pytest.mark.parametrize("url", [
    lambda: reverse("results:ranking", args=[2025, "tinh-63"]),
    lambda: reverse("results:profile", args=[2025, "tinh-63", "48"]),
    lambda: page_url("ranking", 2025, SO_NGANH),
    lambda: page_url("profile", 2025, SO_NGANH, "48-noivu"),
])
def test_public_pages_keep_their_query_count_as_authorities_are_added(
    url, dn_round, national_2025, lead_reviewer, admin_user, client, django_assert_max_num_queries, settings
):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}  # every request reads
    with CaptureQueriesContext(connection) as one:
        body(client.get(url()))
    _more_authorities(3, lead_reviewer, admin_user)
    with django_assert_max_num_queries(len(one.captured_queries)):
        body(client.get(url()))
