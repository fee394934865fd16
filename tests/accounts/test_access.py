import pytest

from accounts import access
from accounts.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "role, officer, reviewer, lead, admin",
    [
        (Role.OFFICER, True, False, False, False),
        (Role.REVIEWER, False, True, False, False),
        (Role.LEAD_REVIEWER, False, True, True, False),
        (Role.ADMIN, False, True, True, True),
        (Role.SYSTEM, False, False, False, False),
    ],
)
def test_each_role_has_exactly_its_rights(role, officer, reviewer, lead, admin, province_a):
    user = UserFactory(role=role, unit=province_a if role == Role.OFFICER else None)
    assert (access.is_officer(user), access.is_reviewer(user), access.is_lead_reviewer(user), access.is_admin(user)) == (
        officer,
        reviewer,
        lead,
        admin,
    )


def test_an_officer_without_a_unit_is_not_an_officer():
    assert not access.is_officer(UserFactory(role=Role.OFFICER, unit=None))


def test_an_inactive_user_has_no_role(province_a):
    assert not access.is_officer(UserFactory(role=Role.OFFICER, unit=province_a, is_active=False))


def test_every_role_is_in_the_table():
    assert {Role.OFFICER, Role.REVIEWER, Role.LEAD_REVIEWER, Role.ADMIN, Role.SYSTEM} == set(Role)


def test_an_officer_is_an_officer_of_their_own_unit_only(province_a, province_b):
    officer = UserFactory(role=Role.OFFICER, unit=province_a)
    assert access.is_unit_officer(officer, province_a)
    assert access.is_unit_officer(officer, province_a.pk)
    assert not access.is_unit_officer(officer, province_b)
    assert not access.is_unit_officer(officer, None)


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.LEAD_REVIEWER, Role.ADMIN, Role.SYSTEM])
def test_no_other_role_is_a_unit_officer_even_with_a_unit(role, province_a):
    assert not access.is_unit_officer(UserFactory(role=role, unit=province_a), province_a)


def test_an_inactive_or_anonymous_user_is_no_unit_officer(province_a):
    from django.contrib.auth.models import AnonymousUser

    assert not access.is_unit_officer(UserFactory(role=Role.OFFICER, unit=province_a, is_active=False), province_a)
    assert not access.is_unit_officer(AnonymousUser(), province_a)
    assert access.officer_unit_id(AnonymousUser()) is None
