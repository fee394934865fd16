"""Personas and service guards shared by every test.

Personas: an officer of province A, an officer of province B, a reviewer, a lead reviewer,
an admin and an anonymous visitor (the plain `client`).
"""

from __future__ import annotations

import os

import pytest
from django.db import connection

from tests import factories

REQUIRE_SERVICES = os.environ.get("DTI_REQUIRE_SERVICES") == "1"


def _unavailable(what: str):
    # In CI a missing service is a failure, never a skip.
    if REQUIRE_SERVICES:
        pytest.fail(f"{what} is required in CI (DTI_REQUIRE_SERVICES=1) but is not available")
    pytest.skip(f"{what} not available")


@pytest.fixture
def require_postgres(db):
    if connection.vendor != "postgresql":
        _unavailable("PostgreSQL (set DATABASE_URL)")


@pytest.fixture
def require_redis(settings):
    import redis

    url = os.environ.get("REDIS_URL") or settings.REDIS_URL
    if not url:
        _unavailable("Redis (set REDIS_URL)")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError:
        _unavailable(f"Redis at {url}")
    return url


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    if settings.STORAGE_BACKEND != "s3":
        settings.MEDIA_ROOT = str(tmp_path / "media")
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {**settings.STORAGES["default"], "OPTIONS": {"location": settings.MEDIA_ROOT}},
        }


@pytest.fixture
def province_a(db):
    return factories.UnitFactory(code="48", gso_code="48", name="Đà Nẵng", kind="thanh_pho")


@pytest.fixture
def province_b(db):
    return factories.UnitFactory(code="49", gso_code="49", name="Quảng Nam")


@pytest.fixture
def officer_a(province_a):
    return factories.UserFactory(username="officer_a", role="officer", unit=province_a)


@pytest.fixture
def officer_b(province_b):
    return factories.UserFactory(username="officer_b", role="officer", unit=province_b)


@pytest.fixture
def reviewer(db):
    return factories.UserFactory(username="reviewer", role="reviewer")


@pytest.fixture
def lead_reviewer(db):
    return factories.UserFactory(username="lead", role="lead_reviewer")


@pytest.fixture
def admin_user(db):
    return factories.UserFactory(username="admin", role="admin", is_staff=True, is_superuser=True)


def _client_for(client_class, user):
    c = client_class()
    c.force_login(user)
    return c


@pytest.fixture
def officer_a_client(client_class_, officer_a):
    return _client_for(client_class_, officer_a)


@pytest.fixture
def officer_b_client(client_class_, officer_b):
    return _client_for(client_class_, officer_b)


@pytest.fixture
def reviewer_client(client_class_, reviewer):
    return _client_for(client_class_, reviewer)


@pytest.fixture
def lead_client(client_class_, lead_reviewer):
    return _client_for(client_class_, lead_reviewer)


@pytest.fixture
def admin_client_(client_class_, admin_user):
    return _client_for(client_class_, admin_user)


@pytest.fixture
def client_class_():
    from django.test import Client

    return Client
