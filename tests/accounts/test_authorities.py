"""Assessing authorities (issue 18): the one national Authority, provinces that run their own
index, and the roles people hold in each."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts import access
from accounts.models import Authority, AuthorityRole, RankingGroup, Role
from assessments.models import Round
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_national_authority_exists_after_migrating():
    national = Authority.national()
    assert (national.code, national.name, national.is_national, national.unit) == (
        "quoc-gia", "Cục Chuyển đổi số quốc gia", True, None
    )


def test_a_round_made_without_an_authority_is_the_national_one():
    rnd = factories.make_round()
    assert rnd.authority == Authority.national()
    assert rnd.framework.authority == Authority.national()


def test_there_is_only_one_national_authority():
    with pytest.raises(IntegrityError), transaction.atomic():
        Authority.objects.create(code="quoc-gia-2", name="Bản sao", is_national=True)


def test_a_provincial_authority_needs_its_province():
    with pytest.raises(IntegrityError), transaction.atomic():
        Authority.objects.create(code="tinh-khong-co", name="Không có tỉnh", is_national=False)


def test_two_authorities_may_each_run_a_round_of_the_same_year_and_group(province_a, province_b):
    a = factories.AuthorityFactory(unit=province_a)
    b = factories.AuthorityFactory(unit=province_b)
    factories.make_provincial_round(a, units=[factories.SubUnitFactory(parent=province_a)])
    factories.make_provincial_round(b, units=[factories.SubUnitFactory(parent=province_b)])
    assert Round.objects.filter(year=2025, ranking_group=RankingGroup.DEPARTMENTS).count() == 2


def test_an_authority_runs_one_round_per_year_and_group(province_a):
    a = factories.AuthorityFactory(unit=province_a)
    factories.make_provincial_round(a, units=[factories.SubUnitFactory(parent=province_a)])
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.make_provincial_round(a, units=[])


def test_a_role_is_held_once(province_a):
    role = factories.AuthorityRoleFactory(authority=factories.AuthorityFactory(unit=province_a))
    with pytest.raises(IntegrityError), transaction.atomic():
        AuthorityRole.objects.create(user=role.user, authority=role.authority, role=role.role)


def test_an_officer_s_role_names_a_unit_of_the_authority_s_province(province_a, province_b):
    a = factories.AuthorityFactory(unit=province_a)
    elsewhere = factories.SubUnitFactory(parent=province_b)
    role = AuthorityRole(user=factories.UserFactory(), authority=a, role=Role.OFFICER, unit=elsewhere)
    with pytest.raises(ValidationError) as error:
        role.full_clean()
    assert "unit" in error.value.message_dict


def test_a_national_role_is_not_an_authority_role_row(reviewer):
    role = AuthorityRole(user=reviewer, authority=Authority.national(), role=Role.REVIEWER)
    with pytest.raises(ValidationError) as error:
        role.full_clean()
    assert "authority" in error.value.message_dict


def test_a_national_contributor_may_review_for_their_province(province_a, department_a, contributor_a):
    a = factories.AuthorityFactory(unit=province_a)
    factories.AuthorityRoleFactory(user=contributor_a, authority=a, role=Role.REVIEWER)
    assert access.authority_roles(contributor_a) == {
        Authority.national().pk: frozenset({(Role.CONTRIBUTOR, department_a.pk)}),
        a.pk: frozenset({(Role.REVIEWER, None)}),
    }
