"""Refuse control characters in the URL path and the query string, before any view sees them.

A NUL byte reaching a filter (`?ranking_group=%00`, `/api/units/%00/`, an admin search) makes
PostgreSQL refuse the query, which surfaced as a 500; no address or filter of the portal ever
needs a control character, so the whole request is answered 400 with a clear message. Form
fields and JSON bodies are checked by their forms and serializers (accounts/validators.py),
which answer with a form error instead.
"""

from __future__ import annotations

import re

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

# C0 controls (tab and newlines included: no path or filter value has them) and DEL.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


def has_control_characters(text: str) -> bool:
    return CONTROL_CHARACTERS.search(text) is not None


def _query_is_clean(request) -> bool:
    return not any(
        has_control_characters(key) or any(has_control_characters(v) for v in values)
        for key, values in request.GET.lists()
    )


class RefuseControlCharactersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_control_characters(request.path_info) or not _query_is_clean(request):
            return self.refuse(request)
        return self.get_response(request)

    @staticmethod
    def refuse(request):
        message = _("Địa chỉ hoặc bộ lọc chứa ký tự điều khiển không hợp lệ; hãy bỏ các ký tự đó rồi thử lại.")
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": message}, status=400)
        return render(request, "bad_input.html", {"message": message}, status=400)
