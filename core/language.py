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


def is_english() -> bool:
    """Whether the active language is English (the only other language the project ships)."""
    return (translation.get_language() or "").startswith("en")


def localized(vi: str, en: str | None = "") -> str:
    """Framework content in the reader's language: the English text where the framework file
    gives one (`name_en`, `title_en`, `message_en`), else the Vietnamese. The one rule behind
    every page, export and report; the models' `name`/`title` call it."""
    return en if en and en.strip() and is_english() else vi


def localized_key(item, key: str):
    """`localized` of a framework text kept under two keys — a tier's "label_vi"/"label_en", a
    ratio's "numerator_vi"/"numerator_en" (the engine's `Wording.content`); None when the
    file gives neither."""
    return localized(item.get(f"{key}_vi"), item.get(f"{key}_en"))
