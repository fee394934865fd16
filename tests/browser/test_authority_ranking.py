"""A province's own public ranking in a real browser (issue 18): its masthead, its departments,
the national indicators beside each, and the way to a department's profile under its code."""

from __future__ import annotations

import pytest

from accounts.models import Role
from results import services
from tests import factories
from tests.results.conftest import departments_of, provincial_authority, publish_provincial_round, sign_off

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def da_nang_ranking(lead_reviewer, admin_user):
    province = factories.UnitFactory(code="48", gso_code="48", name="Đà Nẵng", kind="thanh_pho")
    authority = provincial_authority(province, code="da-nang", name="Sở Khoa học và Công nghệ thành phố Đà Nẵng")
    departments = departments_of(province, [
        "Sở Tài chính thành phố Đà Nẵng", "Sở Nội vụ thành phố Đà Nẵng", "Sở Y tế thành phố Đà Nẵng",
        "Sở Giáo dục và Đào tạo thành phố Đà Nẵng",
    ], prefix="48")
    # The national round: Đà Nẵng's 1.1 and 1.2 hold figures its Sở Nội vụ entered and it accepted.
    contributor = factories.UserFactory(username="noivu", role=Role.CONTRIBUTOR, unit=departments[1])
    national = factories.make_round(year=2025, framework=factories.make_framework(code="quoc-gia-2025"), units=[province])
    national.submissions.get().values.filter(indicator__code__in=["1.1", "1.2"]).update(contributed_by=contributor)
    sign_off(national.submissions.get(), lead_reviewer, "0.7", recompute=False)
    services.request_recompute(round_id=national.pk, reason="test")
    services.recompute_round(round_id=national.pk)
    services.publish_round(round_id=national.pk, actor=admin_user, note="")
    return publish_provincial_round(authority, departments, lead=lead_reviewer, admin=admin_user)


def test_a_province_s_own_ranking_page(page, da_nang_ranking, screenshot):
    page.goto("/ket-qua/tinh/da-nang/")
    page.wait_for_url("**/ket-qua/tinh/da-nang/2025/so-nganh/")
    masthead = page.locator("#authority-masthead")
    assert "Sở Khoa học và Công nghệ thành phố Đà Nẵng" in masthead.inner_text()
    assert page.evaluate("document.querySelector('#authority-masthead img').naturalWidth") > 0  # the emblem loaded
    rows = page.locator("#ranking-table tbody tr")
    assert rows.count() == 4
    assert "Sở Tài chính thành phố Đà Nẵng" in rows.first.inner_text()
    noivu = page.locator("#ranking-table tbody tr", has_text="Sở Nội vụ")
    assert noivu.locator("td.contribution").inner_text() == "1.1, 1.2"
    screenshot("authority_ranking")

    noivu.get_by_role("link", name="Sở Nội vụ thành phố Đà Nẵng").click()
    page.wait_for_url("**/ket-qua/tinh/da-nang/2025/so-nganh/48-2/")
    assert "Sở Khoa học và Công nghệ thành phố Đà Nẵng" in page.locator("#authority-masthead").inner_text()
    page.locator("#profile-contribution a").click()
    page.wait_for_url("**/ket-qua/2025/tinh-63/48/")
    assert page.locator("#provincial-rankings a").inner_text() == "DTI 2025 — Sở, ban, ngành"
