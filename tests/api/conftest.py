"""API fixtures: an open round over provinces A and B, a system account, token clients."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.models import Role
from assessments.models import IndicatorValue
from tests import factories


@pytest.fixture
def system_user(db):
    return factories.UserFactory(username="do-luong", full_name="Nền tảng đo lường DTI quốc gia", role=Role.SYSTEM)


@pytest.fixture
def api():
    """api(user) → an APIClient authenticated with the user's token; api(None) → anonymous."""

    def make(user=None):
        c = APIClient()
        if user is not None:
            token, _ = Token.objects.get_or_create(user=user)
            c.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return c

    return make


@pytest.fixture
def personas(officer_a, officer_b, reviewer, admin_user, system_user):
    return {
        "anonymous": None,
        "officer_a": officer_a,
        "officer_b": officer_b,
        "reviewer": reviewer,
        "admin": admin_user,
        "system": system_user,
    }


@pytest.fixture
def rnd(province_a, province_b):
    return factories.make_round(units=[province_a, province_b])


@pytest.fixture
def sub_a(rnd, province_a):
    return rnd.submissions.get(unit=province_a)


@pytest.fixture
def sub_b(rnd, province_b):
    return rnd.submissions.get(unit=province_b)


def value(sub, code) -> IndicatorValue:
    return IndicatorValue.objects.select_related("indicator").get(submission=sub, indicator__code=code)
