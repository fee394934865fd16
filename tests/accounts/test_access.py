import pytest

from accounts import access
from accounts.models import Role, UnitKind
from tests.factories import SubUnitFactory, UserFactory

pytestmark = pytest.mark.django_db

CHECKS = (access.is_officer, access.is_reviewer, access.is_lead_reviewer, access.is_admin, access.is_system,
          access.is_contributor, access.is_leader)


@pytest.mark.parametrize(
    "role, rights",
    [
        # officer, reviewer, lead, admin, system, contributor, leader
        (Role.OFFICER, (True, False, False, False, False, False, False)),
        (Role.REVIEWER, (False, True, False, False, False, False, False)),
        (Role.LEAD_REVIEWER, (False, True, True, False, False, False, False)),
        (Role.ADMIN, (False, True, True, True, False, False, False)),
        (Role.SYSTEM, (False, False, False, False, True, False, False)),
        (Role.CONTRIBUTOR, (False, False, False, False, False, True, False)),
        (Role.PROVINCE_LEADER, (False, False, False, False, False, False, True)),
    ],
)
def test_each_role_has_exactly_its_rights(role, rights, department_a):
    # Everyone with a unit (the department for a contributor): no right comes from the unit.
    unit = department_a if role == Role.CONTRIBUTOR else department_a.parent
    user = UserFactory(role=role, unit=unit)
    assert tuple(check(user) for check in CHECKS) == rights


def test_an_officer_without_a_unit_is_not_an_officer():
    assert not access.is_officer(UserFactory(role=Role.OFFICER, unit=None))


def test_an_inactive_user_has_no_role(province_a):
    assert not access.is_officer(UserFactory(role=Role.OFFICER, unit=province_a, is_active=False))


def test_every_role_is_in_the_table():
    assert {
        Role.OFFICER, Role.REVIEWER, Role.LEAD_REVIEWER, Role.ADMIN, Role.SYSTEM, Role.CONTRIBUTOR, Role.PROVINCE_LEADER
    } == set(Role)


def test_an_officer_is_an_officer_of_their_own_unit_only(province_a, province_b):
    officer = UserFactory(role=Role.OFFICER, unit=province_a)
    assert access.is_unit_officer(officer, province_a)
    assert access.is_unit_officer(officer, province_a.pk)
    assert not access.is_unit_officer(officer, province_b)
    assert not access.is_unit_officer(officer, None)


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.LEAD_REVIEWER, Role.ADMIN, Role.SYSTEM, Role.PROVINCE_LEADER])
def test_no_other_role_is_a_unit_officer_even_with_a_unit(role, province_a):
    assert not access.is_unit_officer(UserFactory(role=role, unit=province_a), province_a)


def test_an_inactive_or_anonymous_user_is_no_unit_officer(province_a):
    from django.contrib.auth.models import AnonymousUser

    assert not access.is_unit_officer(UserFactory(role=Role.OFFICER, unit=province_a, is_active=False), province_a)
    assert not access.is_unit_officer(AnonymousUser(), province_a)
    assert access.officer_unit_id(AnonymousUser()) is None


def test_a_contributor_is_no_unit_officer_of_their_department_or_its_province(contributor_a, department_a):
    assert not access.is_unit_officer(contributor_a, department_a)
    assert not access.is_unit_officer(contributor_a, department_a.parent)


# --- Contributors and leaders (issue 17) ------------------------------------------------------


def test_a_contributor_contributes_to_the_province_their_unit_sits_under(contributor_a, province_a, province_b):
    assert access.is_contributor_of(contributor_a, province_a)
    assert access.is_contributor_of(contributor_a, province_a.pk)
    assert not access.is_contributor_of(contributor_a, province_b)


def test_a_contributor_of_a_commune_under_a_district_contributes_to_the_province(province_a):
    district = SubUnitFactory(kind=UnitKind.DISTRICT, parent=province_a)
    commune = SubUnitFactory(kind=UnitKind.COMMUNE, parent=district)
    user = UserFactory(role=Role.CONTRIBUTOR, unit=commune)

    assert access.is_contributor_of(user, province_a)
    assert access.is_contributor_of(user, district)


def test_a_contributor_does_not_contribute_to_their_own_unit_or_a_sibling(contributor_a, department_a):
    sibling = SubUnitFactory(parent=department_a.parent)

    assert not access.is_contributor_of(contributor_a, department_a)
    assert not access.is_contributor_of(contributor_a, sibling)


@pytest.mark.parametrize("role", [Role.OFFICER, Role.REVIEWER, Role.ADMIN, Role.PROVINCE_LEADER])
def test_only_a_contributor_contributes_even_from_a_department(role, department_a):
    assert not access.is_contributor_of(UserFactory(role=role, unit=department_a), department_a.parent)


def test_an_inactive_contributor_contributes_to_nothing(department_a):
    user = UserFactory(role=Role.CONTRIBUTOR, unit=department_a, is_active=False)
    assert not access.is_contributor_of(user, department_a.parent)


def test_a_leader_leads_their_own_province_only(leader_a, province_a, province_b):
    assert access.is_province_leader(leader_a, province_a)
    assert access.is_province_leader(leader_a, province_a.pk)
    assert not access.is_province_leader(leader_a, province_b)
    assert not access.is_province_leader(leader_a, None)


@pytest.mark.parametrize("role", [Role.OFFICER, Role.CONTRIBUTOR, Role.ADMIN])
def test_no_other_role_leads_a_province(role, province_a):
    assert not access.is_province_leader(UserFactory(role=role, unit=province_a), province_a)


def test_an_anonymous_visitor_neither_contributes_nor_leads(province_a):
    from django.contrib.auth.models import AnonymousUser

    assert not access.is_contributor_of(AnonymousUser(), province_a)
    assert not access.is_province_leader(AnonymousUser(), province_a)
