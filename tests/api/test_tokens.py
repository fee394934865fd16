"""API tokens end: after API_TOKEN_TTL, at a password change, at deactivation, when revoked
by their owner or an admin. The token endpoint bounds what it is sent and answers a lockout
with 429. Everything through HTTP."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from accounts.models import AuditEntry

PASSWORD = "Mat-khau-2026"


def _obtain(client, username, password=PASSWORD):
    return client.post(reverse("api:token"), {"username": username, "password": password}, content_type="application/json")


def _read(key):
    return Client().get(reverse("api:submission_list"), HTTP_AUTHORIZATION=f"Token {key}")


# --- Issue and expiry ---------------------------------------------------------------------


def test_a_person_exchanges_their_password_for_a_token_that_says_when_it_ends(client, officer_a):
    with time_machine.travel("2026-03-01 08:00 +07:00", tick=False):
        response = _obtain(client, "officer_a")
        assert response.status_code == 200
        body = response.json()
        assert body["token"] == Token.objects.get(user=officer_a).key
        assert body["expires_at"] == "2026-03-31T08:00:00+07:00"  # 30 days by default
        assert _read(body["token"]).status_code == 200


def test_a_token_is_refused_once_its_lifetime_has_passed_and_then_deleted(client, officer_a):
    with time_machine.travel("2026-03-01 08:00 +07:00", tick=False):
        key = _obtain(client, "officer_a").json()["token"]
    with time_machine.travel("2026-03-31 07:59 +07:00", tick=False):
        assert _read(key).status_code == 200
    with time_machine.travel("2026-03-31 08:00 +07:00", tick=False):
        refused = _read(key)
    assert refused.status_code == 401
    assert refused.json()["detail"] == "Token đã hết hạn. Hãy lấy token mới."
    assert not Token.objects.filter(key=key).exists()


def test_asking_again_after_expiry_issues_a_new_token(client, officer_a):
    with time_machine.travel("2026-03-01 08:00 +07:00", tick=False):
        old = _obtain(client, "officer_a").json()["token"]
    with time_machine.travel("2026-04-02 08:00 +07:00", tick=False):
        renewed = _obtain(client, "officer_a").json()
        assert renewed["token"] != old
        assert renewed["expires_at"] == "2026-05-02T08:00:00+07:00"
        assert _read(renewed["token"]).status_code == 200


def test_asking_again_before_expiry_returns_the_same_token_and_end(client, officer_a):
    with time_machine.travel("2026-03-01 08:00 +07:00", tick=False):
        first = _obtain(client, "officer_a").json()
    with time_machine.travel("2026-03-10 08:00 +07:00", tick=False):
        assert _obtain(client, "officer_a").json() == first


def test_the_lifetime_is_the_api_token_ttl_setting(client, officer_a, settings):
    settings.API_TOKEN_TTL = timedelta(hours=1)
    key = _obtain(client, "officer_a").json()["token"]
    Token.objects.filter(key=key).update(created=timezone.now() - timedelta(minutes=61))
    assert _read(key).status_code == 401


# --- Revoked by a password change or deactivation -----------------------------------------


def test_changing_ones_password_revokes_ones_token(officer_a_client, officer_a):
    key = Token.objects.create(user=officer_a).key
    response = officer_a_client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "Mat-khau-moi-2027!", "new_password2": "Mat-khau-moi-2027!"},
    )
    assert response.status_code == 302
    assert _read(key).status_code == 401
    assert not Token.objects.filter(user=officer_a).exists()


def test_an_admin_setting_a_new_password_revokes_the_token(admin_client_, officer_a):
    key = Token.objects.create(user=officer_a).key
    response = admin_client_.post(
        reverse("admin:auth_user_password_change", args=[officer_a.pk]),
        {"password1": "Mat-khau-moi-2027!", "password2": "Mat-khau-moi-2027!"},
    )
    assert response.status_code == 302
    assert _read(key).status_code == 401


def test_a_save_that_does_not_touch_the_password_keeps_the_token(officer_a):
    key = Token.objects.create(user=officer_a).key
    Client().post(reverse("accounts:login"), {"username": "officer_a", "password": PASSWORD})  # saves last_login
    assert _read(key).status_code == 200


def test_deactivating_an_account_revokes_its_token(admin_client_, officer_a, officer_b):
    key_a = Token.objects.create(user=officer_a).key
    key_b = Token.objects.create(user=officer_b).key
    admin_client_.post(
        reverse("admin:accounts_user_changelist"), {"action": "deactivate_and_sign_out", "_selected_action": [officer_a.pk]}
    )
    assert not Token.objects.filter(key=key_a).exists()
    assert _read(key_b).status_code == 200


# --- The owner's page ---------------------------------------------------------------------


def test_the_owner_sees_their_token_without_its_secret(officer_a_client, officer_a):
    with time_machine.travel("2026-03-01 08:00 +07:00", tick=False):
        token = Token.objects.create(user=officer_a)
        page = officer_a_client.get(reverse("api_tokens:list")).content.decode()
    assert f"<code>{token.key[:6]}…</code>" in page
    assert token.key not in page
    assert "08:00 01/03/2026" in page and "08:00 31/03/2026" in page and "Còn hiệu lực" in page  # time first


def test_the_page_says_when_there_is_no_token(officer_a_client):
    assert "Bạn không có token API nào." in officer_a_client.get(reverse("api_tokens:list")).content.decode()


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, db):
    response = client.get(reverse("api_tokens:list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_revoking_asks_for_confirmation_first(officer_a_client, officer_a):
    token = Token.objects.create(user=officer_a)
    page = officer_a_client.get(reverse("api_tokens:revoke"))
    assert page.status_code == 200 and "Thu hồi token API?" in page.content.decode()
    assert Token.objects.filter(pk=token.pk).exists()


def test_the_owner_revokes_their_token_and_it_is_audited(officer_a_client, officer_a, officer_b):
    key = Token.objects.create(user=officer_a).key
    other = Token.objects.create(user=officer_b).key
    response = officer_a_client.post(reverse("api_tokens:revoke"), follow=True)
    assert "Đã thu hồi token API." in response.content.decode()
    assert _read(key).status_code == 401
    assert _read(other).status_code == 200
    entry = AuditEntry.objects.get(action="api.token_revoke")
    assert entry.actor == officer_a and entry.old == {"tokens": 1} and entry.new == {"tokens": 0}


def test_the_revoke_page_refuses_other_methods(officer_a_client):
    assert officer_a_client.put(reverse("api_tokens:revoke")).status_code == 405
    assert officer_a_client.post(reverse("api_tokens:list")).status_code == 405


# --- Admins -------------------------------------------------------------------------------


def test_an_admin_lists_tokens_with_their_expiry(admin_client_, officer_a):
    with time_machine.travel("2026-03-01 08:00 +07:00", tick=False):
        token = Token.objects.create(user=officer_a)
        page = admin_client_.get(reverse("admin:authtoken_tokenproxy_changelist")).content.decode()
    assert "officer_a" in page and f"{token.key[:6]}…" in page
    assert token.key not in page


def test_an_admin_revokes_a_token(admin_client_, officer_a):
    key = Token.objects.create(user=officer_a).key
    response = admin_client_.post(reverse("admin:authtoken_tokenproxy_delete", args=[officer_a.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert _read(key).status_code == 401


def test_a_reviewer_cannot_open_the_token_admin(reviewer_client):
    response = reviewer_client.get(reverse("admin:authtoken_tokenproxy_changelist"))
    assert response.status_code == 302 and "/login/" in response["Location"]


# --- The endpoint's bounds and the lockout ------------------------------------------------


@pytest.fixture
def throttled(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3


def test_a_locked_out_token_request_answers_429(throttled, officer_a):
    client = Client(REMOTE_ADDR="203.0.113.7")
    failures = [_obtain(client, "officer_a", "sai-mat-khau").status_code for _ in range(2)]
    assert failures == [400, 400]
    assert _obtain(client, "officer_a", "sai-mat-khau").status_code == 429  # the failure that reaches the limit
    locked = _obtain(client, "officer_a")  # even the right password
    assert locked.status_code == 429
    assert locked.json()["detail"].startswith("Tạm khóa đăng nhập")
    assert locked["Retry-After"] == "900"  # AXES_COOLOFF_HOURS = 0.25
    assert not Token.objects.filter(user=officer_a).exists()


def test_an_over_long_username_is_refused_before_the_throttle_stores_it(throttled, client, officer_a):
    response = _obtain(client, "x" * 300)
    assert response.status_code == 400
    assert list(response.json()) == ["username"]
    assert AccessAttempt.objects.count() == 0


def test_the_login_form_refuses_an_over_long_username_with_a_form_error(throttled, officer_a):
    response = Client().post(reverse("accounts:login"), {"username": "x" * 300, "password": "p"})
    assert response.status_code == 200
    assert "Giá trị này chỉ có tối đa 150 kí tự (hiện có 300)" in response.content.decode()
    assert AccessAttempt.objects.count() == 0


def test_the_login_form_refuses_an_over_long_password_without_hashing_it(throttled, officer_a):
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": "officer_a", "password": "p" * 5000})
    assert response.status_code == 200
    assert "Giá trị này chỉ có tối đa 4096 kí tự (hiện có 5000)" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.count() == 0


def test_a_nul_byte_in_the_username_is_refused_before_the_throttle_stores_it(throttled, client, officer_a):
    assert _obtain(client, "officer\x00a").status_code == 400
    browser = Client()
    login = browser.post(reverse("accounts:login"), {"username": "officer\x00a", "password": PASSWORD})
    assert login.status_code == 200 and "_auth_user_id" not in browser.session
    assert AccessAttempt.objects.count() == 0
