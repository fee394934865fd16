"""The account page where a person sees their API token and revokes it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from rest_framework.authtoken.models import Token

from . import authentication


def _context(user) -> dict:
    token = Token.objects.filter(user=user).first()
    if token is None:
        return {"token": None}
    return {"token": token, "expires_at": authentication.expires_at(token), "expired": authentication.is_expired(token)}


@login_required
@require_GET
def token_list(request):
    return render(request, "api/token_list.html", _context(request.user))


@login_required
@require_http_methods(["GET", "POST"])
def token_revoke(request):
    """GET asks for confirmation; POST revokes."""
    if request.method == "GET":
        context = _context(request.user)
        if context["token"] is None:
            return redirect("api_tokens:list")
        return render(request, "api/token_revoke_confirm.html", context)
    if authentication.revoke_own(user=request.user):
        messages.success(request, _("Đã thu hồi token API. Mọi hệ thống dùng token này không truy cập được nữa."))
    else:
        messages.info(request, _("Bạn không có token API nào."))
    return redirect("api_tokens:list")
