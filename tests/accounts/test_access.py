import pytest

from accounts import access
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "role, officer, reviewer, lead, admin",
    [
        ("officer", True, False, False, False),
        ("reviewer", False, True, False, False),
        ("lead_reviewer", False, True, True, False),
        ("admin", False, True, True, True),
        ("system", False, False, False, False),
    ],
)
def test_each_role_has_exactly_its_rights(role, officer, reviewer, lead, admin, province_a):
    user = UserFactory(role=role, unit=province_a if role == "officer" else None)
    assert (access.is_officer(user), access.is_reviewer(user), access.is_lead_reviewer(user), access.is_admin(user)) == (
        officer,
        reviewer,
        lead,
        admin,
    )


def test_an_officer_without_a_unit_is_not_an_officer():
    assert not access.is_officer(UserFactory(role="officer", unit=None))


def test_an_inactive_user_has_no_role(province_a):
    assert not access.is_officer(UserFactory(role="officer", unit=province_a, is_active=False))
