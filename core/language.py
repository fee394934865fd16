"""The interface language comes from the person's own choice, never from the browser.

The brief: Vietnamese for everyone until a user picks English. Django's LocaleMiddleware also
reads Accept-Language, so an English browser got English pages and API answers on a shared
office computer nobody had set. Here the only input is the language switcher's cookie
(django.views.i18n.set_language); accounts keep no saved preference, so a signed-in user
follows the same cookie. Without a choice: settings.LANGUAGE_CODE (Vietnamese).
"""

from __future__ import annotations

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers


def chosen_language(request) -> str:
    """The language picked with the switcher, if it is one of settings.LANGUAGES; else the default."""
    try:
        return translation.get_supported_language_variant(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
    except LookupError:  # no cookie, or a value that is not one of ours
        return settings.LANGUAGE_CODE


class ChosenLanguageMiddleware(LocaleMiddleware):
    """LocaleMiddleware without Accept-Language (the project has no language prefix in URLs)."""

    def process_request(self, request):
        translation.activate(chosen_language(request))
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        # The page depends on the cookie only: caches must not key it on Accept-Language.
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
