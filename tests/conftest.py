"""Personas and service guards shared by every test.

Personas: an officer of province A, an officer of province B, a reviewer, a lead reviewer,
an admin and an anonymous visitor (the plain `client`), each built from the `Role` choices;
and (issue 17) a contributor of one of province A's departments and province A's leader.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import translation

from accounts.models import Role
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


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in Vietnamese: a test client request in English leaves English active
    in the thread (LocaleMiddleware activates a language and never restores the previous one),
    and a later test that calls a service or command directly would read English."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def province_a(db):
    return factories.UnitFactory(code="48", gso_code="48", name="Đà Nẵng", kind="thanh_pho")


@pytest.fixture
def province_b(db):
    return factories.UnitFactory(code="49", gso_code="49", name="Quảng Nam")


@pytest.fixture
def officer_a(province_a):
    return factories.UserFactory(username="officer_a", role=Role.OFFICER, unit=province_a)


@pytest.fixture
def officer_b(province_b):
    return factories.UserFactory(username="officer_b", role=Role.OFFICER, unit=province_b)


@pytest.fixture
def department_a(province_a):
    return factories.SubUnitFactory(code="48-noivu", name="Sở Nội vụ thành phố Đà Nẵng", parent=province_a)


@pytest.fixture
def contributor_a(department_a):
    return factories.UserFactory(username="contributor_a", role=Role.CONTRIBUTOR, unit=department_a)


@pytest.fixture
def leader_a(province_a):
    return factories.UserFactory(username="leader_a", role=Role.PROVINCE_LEADER, unit=province_a)


@pytest.fixture
def reviewer(db):
    return factories.UserFactory(username="reviewer", role=Role.REVIEWER)


@pytest.fixture
def lead_reviewer(db):
    return factories.UserFactory(username="lead", role=Role.LEAD_REVIEWER)


@pytest.fixture
def admin_user(db):
    return factories.UserFactory(username="admin", role=Role.ADMIN, is_staff=True, is_superuser=True)


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


# --- Browser: Playwright driving Debian's Chromium (no downloaded browser) ---------------
# Locally these skip when Chromium is missing; in CI (DTI_REQUIRE_SERVICES=1) they fail.
# One session-wide browser for every test module that asks for `page`.

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "screenshots"

# Playwright's sync API runs an event loop; Django refuses ORM calls from such a thread
# unless told that this is deliberate (it is: the test thread drives the browser).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _chromium_path() -> str | None:
    candidate = os.environ.get("DTI_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    return candidate if candidate and os.path.exists(candidate) else None


@pytest.fixture(scope="session")
def browser():
    path = _chromium_path()
    if not path:
        if REQUIRE_SERVICES:
            pytest.fail("Chromium is required in CI but was not found (install Debian's chromium)")
        pytest.skip("Chromium not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=path,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="vi-VN", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def login(page):
    """Log a persona in through the real login form."""

    def do_login(username: str, password: str = "Mat-khau-2026"):
        page.goto("/tai-khoan/dang-nhap/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.wait_for_url("**/")

    return do_login


@pytest.fixture
def screenshot(page):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def shot(name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return shot
