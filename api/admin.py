"""API tokens in the admin: who holds one, since when, until when; an admin revokes by deleting.

DRF's own TokenAdmin, with the expiry shown and the secret key hidden (an admin revokes a
token, they never need to read it).
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from rest_framework.authtoken.admin import TokenAdmin
from rest_framework.authtoken.models import TokenProxy

from core import formatting

from . import authentication as tokens

admin.site.unregister(TokenProxy)


@admin.register(TokenProxy)
class ExpiringTokenAdmin(TokenAdmin):
    list_display = ("user", "key_prefix", "created", "expires", "expired")
    list_select_related = ("user",)

    @admin.display(description=_("mã (đầu)"))
    def key_prefix(self, token):
        return f"{token.key[:6]}…"

    @admin.display(description=_("hết hạn lúc"))
    def expires(self, token):
        return formatting.moment(tokens.expires_at(token))

    @admin.display(description=_("đã hết hạn"), boolean=True)
    def expired(self, token):
        return tokens.is_expired(token)
