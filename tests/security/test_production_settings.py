"""Production settings, the Content-Security-Policy, login throttling and deactivation."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from accounts import services
from accounts.models import AuditEntry

ROOT = Path(__file__).resolve().parents[2]
SECRET = "k" * 20 + "Zq8-vL2_xR9pT4mW7nB3cF6hJ1sD5gA0eY8uI2oP"
PROD_ENV = {
    "DJANGO_SETTINGS_MODULE": "dtiportal.settings_production",
    "DJANGO_SECRET_KEY": SECRET,
    "DJANGO_ALLOWED_HOSTS": "dti.example.gov.vn",
    "DATABASE_URL": "postgres://dti@127.0.0.1:5432/dti",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def manage(*args, env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_", "CELERY_"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_passes_with_no_warning_under_the_production_settings(tmp_path):
    # collectstatic's manifest, which check --deploy requires (tests/release runs the real step).
    (tmp_path / "staticfiles.json").write_text('{"paths": {}, "version": "1.1"}')
    result = manage("check", "--deploy", "--fail-level", "WARNING", env={**PROD_ENV, "STATIC_ROOT": str(tmp_path)})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"])
def test_production_refuses_to_start_without_its_secrets_in_the_environment(missing):
    result = manage("check", env={k: v for k, v in PROD_ENV.items() if k != missing})
    assert result.returncode != 0
    assert missing in result.stderr


def test_production_refuses_the_development_key():
    result = manage("check", env={**PROD_ENV, "DJANGO_SECRET_KEY": "dev-only-insecure-key-change-me"})
    assert result.returncode != 0 and "DJANGO_SECRET_KEY" in result.stderr


def test_production_settings_are_hardened():
    code = (
        "from django.conf import settings as s;"
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS >= 31536000,"
        " s.SECURE_SSL_REDIRECT, s.AXES_ENABLED, s.SESSION_EXPIRE_AT_BROWSER_CLOSE, s.SESSION_COOKIE_AGE <= 8*3600,"
        " len(s.AUTH_PASSWORD_VALIDATORS), s.CELERY_TASK_ALWAYS_EAGER, 'csp.middleware.CSPMiddleware' in s.MIDDLEWARE)"
    )
    result = manage("shell", "-c", code, env=PROD_ENV)
    assert result.stdout.split()[-11:] == "False True True True True True True True 4 False True".split(), result.stderr


# --- Content-Security-Policy --------------------------------------------------------------


def test_every_page_carries_a_script_policy_without_unsafe_inline(client, db):
    response = client.get(reverse("accounts:login"))
    policy = response["Content-Security-Policy"]
    script = next(d for d in policy.split(";") if d.strip().startswith("script-src"))
    assert "'self'" in script and "unsafe-inline" not in script and "unsafe-eval" not in script
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy


def test_templates_have_no_inline_scripts_or_handlers():
    import re

    offenders = []
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for m in re.finditer(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", text):
            offenders.append(f"{path.relative_to(ROOT)}: {m.group(0)}")
        for m in re.finditer(r"\son[a-z]+=\"", text):
            offenders.append(f"{path.relative_to(ROOT)}: inline handler {m.group(0).strip()}")
    assert not offenders, "\n".join(offenders)


def test_evidence_downloads_keep_their_own_stricter_policy(officer_a_client, officer_a, province_a, db):
    from assessments.models import IndicatorValue
    from tests import factories
    from tests.security.conftest import _evidence

    rnd = factories.make_round(units=[province_a])
    ev = _evidence(IndicatorValue.objects.filter(submission__round=rnd).first(), "48", officer_a)
    response = officer_a_client.get(reverse("assessments:evidence_download", args=[ev.pk]))
    assert response["Content-Security-Policy"].startswith("default-src 'none'")


# --- Login throttling ---------------------------------------------------------------------


def test_repeated_failed_logins_lock_the_account_out_from_that_address(settings, officer_a):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    client = Client(REMOTE_ADDR="203.0.113.7")
    url = reverse("accounts:login")
    for _ in range(3):
        response = client.post(url, {"username": "officer_a", "password": "sai-mat-khau"})
    locked = client.post(url, {"username": "officer_a", "password": "Mat-khau-2026"})  # even the right password
    assert locked.status_code == 429
    assert "Tạm khóa đăng nhập" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # Another address is not locked out by this one's failures.
    other = Client(REMOTE_ADDR="198.51.100.9")
    assert other.post(url, {"username": "officer_a", "password": "Mat-khau-2026"}).status_code == 302
    assert response.status_code == 429  # the failure that reaches the limit already shows the lockout


def test_a_successful_login_resets_the_failure_count(settings, officer_a):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    client = Client(REMOTE_ADDR="203.0.113.8")
    url = reverse("accounts:login")
    for _ in range(2):
        client.post(url, {"username": "officer_a", "password": "sai"})
    assert client.post(url, {"username": "officer_a", "password": "Mat-khau-2026"}).status_code == 302
    client.logout()
    for _ in range(2):
        client.post(url, {"username": "officer_a", "password": "sai"})
    assert client.post(url, {"username": "officer_a", "password": "Mat-khau-2026"}).status_code == 302


# --- Deactivation -------------------------------------------------------------------------


def test_the_admin_action_deactivates_a_user_and_ends_their_sessions(admin_client_, officer_a, officer_b):
    a1, a2, b = Client(), Client(), Client()
    a1.force_login(officer_a)
    a2.force_login(officer_a)
    b.force_login(officer_b)
    assert Session.objects.count() == 4  # three clients and the admin
    response = admin_client_.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "deactivate_and_sign_out", "_selected_action": [officer_a.pk]},
        follow=True,
    )
    assert "kết thúc 2 phiên" in response.content.decode()
    officer_a.refresh_from_db()
    assert not officer_a.is_active
    assert a1.get(reverse("assessments:my_submissions")).status_code == 302  # back to the login page
    assert b.get(reverse("assessments:my_submissions")).status_code == 200  # others untouched
    entry = AuditEntry.objects.get(action="accounts.deactivate")
    assert entry.new == {"is_active": False, "sessions_ended": 2} and entry.interface == "admin"


def test_only_an_admin_may_deactivate(reviewer, officer_a):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.deactivate_user(user=officer_a, actor=reviewer)
    officer_a.refresh_from_db()
    assert officer_a.is_active


def test_an_admin_cannot_deactivate_themselves(admin_user):
    with pytest.raises(services.AccountError):
        services.deactivate_user(user=admin_user, actor=admin_user)
