"""API tokens that end: their lifetime, and DRF's token authentication refusing old ones.

A token (DRF's, one per account) ends:
- API_TOKEN_TTL after it was issued (settings; `API_TOKEN_TTL_DAYS`, 30 by default): the next
  request with it is refused and the row deleted, and asking again issues a new one;
- when its owner's password changes or the account is deactivated (api/signals.py and
  accounts.services.deactivate_user);
- when its owner revokes it on their account page (api/token_views.py) or an admin deletes it
  (Django admin, "Token").
Apart from api/tokens.py (the views): DRF imports the authentication classes while it loads
its views, so this module must not import them.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token


def expires_at(token: Token) -> datetime:
    return token.created + settings.API_TOKEN_TTL


def is_expired(token: Token, *, now: datetime | None = None) -> bool:
    return (now or timezone.now()) >= expires_at(token)


def issue(*, user) -> Token:
    """The user's live token, or a new one if they have none or theirs has expired."""
    token = Token.objects.filter(user=user).first()
    if token is not None and is_expired(token):
        token.delete()
        token = None
    return token or Token.objects.create(user=user)


def revoke(*, user) -> int:
    """End every token of `user`; return how many ended."""
    deleted, _by_model = Token.objects.filter(user=user).delete()
    return deleted


def revoke_own(*, user) -> int:
    """The owner ends their token (their account page), with the audit row."""
    from accounts import audit

    with transaction.atomic():
        ended = revoke(user=user)
        if ended:
            audit.record(
                action="api.token_revoke", actor=user, target=user, unit=user.unit, old={"tokens": ended}, new={"tokens": 0}
            )
    return ended


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's token authentication, refusing (and deleting) a token older than API_TOKEN_TTL."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if is_expired(token):
            token.delete()
            raise exceptions.AuthenticationFailed(_("Token đã hết hạn. Hãy lấy token mới."))
        return user, token
