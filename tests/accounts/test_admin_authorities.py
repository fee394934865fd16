"""The Django admin kept per authority (issue 18): staff who are not superusers read only the
rounds, submissions, values and evidence of the authorities they administer; superusers, all.

The world: Đà Nẵng runs its own round over its two departments; the national round ranks Đà
Nẵng and Quảng Nam. Each round has one evidence file. `dn_staff` is Đà Nẵng's officer in the
national round, staff with the admin's view permissions, and the admin of Đà Nẵng's own index.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from accounts.access import forget_authority_roles
from accounts.models import Role
from assessments.models import Evidence, IndicatorValue
from tests import factories
from tests.results.conftest import departments_of, provincial_authority
from tests.security.test_admin_guard import admin_url

pytestmark = pytest.mark.django_db

VIEWED = ["round", "submission", "indicatorvalue", "evidence", "framework", "indicator"]


def _evidence(rnd, name):
    value = IndicatorValue.objects.filter(submission__round=rnd).order_by("pk").first()
    return Evidence.objects.create(
        value=value, file=f"evidence/{name}", original_name=name, content_type="application/pdf", sha256="0" * 64,
        doc_number="12/QĐ-UBND", doc_date=dt.date(2025, 3, 1), issuing_body="UBND", summary="Kế hoạch",
    )


@pytest.fixture
def da_nang(province_a):
    return provincial_authority(province_a, code="da-nang", name="Sở Khoa học và Công nghệ thành phố Đà Nẵng")


@pytest.fixture
def dn_round(da_nang, province_a):
    rnd = factories.make_provincial_round(da_nang, units=departments_of(province_a, ["Sở Tài chính", "Sở Y tế"], prefix="48"))
    _evidence(rnd, "ke-hoach-da-nang.pdf")
    return rnd


@pytest.fixture
def national_round(province_a, province_b):
    rnd = factories.make_round(year=2025, framework=factories.make_framework(code="quoc-gia-2025"), units=[province_a, province_b])
    _evidence(rnd, "ke-hoach-quoc-gia.pdf")
    return rnd


def _staff(client_class, username, authority=None):
    user = factories.UserFactory(username=username, role=Role.OFFICER, is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=[f"view_{m}" for m in VIEWED]))
    if authority is not None:
        factories.AuthorityRoleFactory(user=user, authority=authority, role=Role.ADMIN)
        forget_authority_roles(user)
    client = client_class()
    client.force_login(user)
    return client


@pytest.fixture
def dn_staff(client_class_, da_nang, province_a):
    return _staff(client_class_, "dn_admin", da_nang)


def changelist(client, model: str):
    response = client.get(reverse(f"admin:assessments_{model}_changelist"))
    assert response.status_code == 200, response.status_code
    return response


def test_staff_list_only_the_rounds_of_the_authority_they_administer(dn_round, national_round, dn_staff):
    page = changelist(dn_staff, "round").content.decode()
    assert admin_url(dn_round) in page
    assert admin_url(national_round) not in page


def test_another_authority_s_round_has_no_admin_page_for_them(dn_round, national_round, dn_staff):
    response = dn_staff.get(admin_url(national_round))
    assert (response.status_code, response["Location"]) == (302, reverse("admin:index"))


def test_staff_list_only_their_authority_s_submissions(dn_round, national_round, dn_staff):
    page = changelist(dn_staff, "submission").content.decode()
    assert all(admin_url(s) in page for s in dn_round.submissions.all())
    assert not [s for s in national_round.submissions.all() if admin_url(s) in page]


def test_the_submission_list_s_round_filter_names_only_their_rounds(dn_round, national_round, da_nang, dn_staff):
    # Two rounds of its own: the filter shows (one choice only, Django leaves it out).
    dn_2026 = factories.make_provincial_round(da_nang, year=2026, framework=dn_round.framework)
    page = changelist(dn_staff, "submission").content.decode()
    assert f"round__id__exact={dn_round.pk}" in page and f"round__id__exact={dn_2026.pk}" in page
    assert f"round__id__exact={national_round.pk}" not in page


def test_staff_list_only_their_authority_s_values(dn_round, national_round, dn_staff):
    shown = changelist(dn_staff, "indicatorvalue").context["cl"].queryset
    assert set(shown.values_list("submission__round_id", flat=True)) == {dn_round.pk}


def test_staff_list_only_their_authority_s_evidence(dn_round, national_round, dn_staff):
    page = changelist(dn_staff, "evidence").content.decode()
    assert "ke-hoach-da-nang.pdf" in page and "ke-hoach-quoc-gia.pdf" not in page


def test_another_authority_s_evidence_has_no_admin_page_for_them(dn_round, national_round, dn_staff):
    national = Evidence.objects.get(original_name="ke-hoach-quoc-gia.pdf")
    assert dn_staff.get(admin_url(national)).status_code == 302


def test_staff_list_only_their_authority_s_frameworks(dn_round, national_round, dn_staff):
    page = changelist(dn_staff, "framework").content.decode()
    assert admin_url(dn_round.framework) in page and admin_url(national_round.framework) not in page


def test_staff_who_administer_no_authority_list_no_rounds(dn_round, national_round, client_class_):
    page = changelist(_staff(client_class_, "staff_only"), "round")
    assert page.context["cl"].result_count == 0


def test_a_superuser_lists_every_authority_s_rounds(dn_round, national_round, admin_client_):
    page = changelist(admin_client_, "round").content.decode()
    assert admin_url(dn_round) in page and admin_url(national_round) in page


def test_a_superuser_lists_every_authority_s_evidence(dn_round, national_round, admin_client_):
    page = changelist(admin_client_, "evidence").content.decode()
    assert "ke-hoach-da-nang.pdf" in page and "ke-hoach-quoc-gia.pdf" in page
