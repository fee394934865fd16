"""The Jinja2 environment for the row partials of the two largest pages.

Every page is a Django template; only the per-indicator rows of the officer's entry page and
the reviewer's appraisal page are Jinja2, included by `{% jinja %}` (accounts/templatetags/
jinja_tags.py). Those rows are most of what the pages render — 22 cards with their inputs,
rules, evidence and links — and Django's template engine spent about 1.4 ms a row on them
(bench/NOTES.md); Jinja2 compiles templates to Python and renders the same rows several
times faster.

The environment behaves like the Django templates around it: autoescaping, the active
language's gettext (`_("…")`, extracted by `make messages` like `{% translate %}`), dates and
numbers localised the same way, and the same formatting filters.
"""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal

from django.template import defaultfilters, engines
from django.urls import reverse
from django.utils import formats
from django.utils.timezone import template_localtime
from django.utils.translation import get_language, gettext, ngettext
from jinja2 import Environment

from assessments.templatetags import assessment_tags

from .links import by_id


def _localize(value):
    """What Django's template engine does to a bare `{{ value }}`: numbers and dates in the
    active language's format (decimal comma in Vietnamese)."""
    if isinstance(value, (Decimal, float, dt.date, dt.time)):
        return formats.localize(template_localtime(value))
    return value


def date(value, arg=None) -> str:
    """Django's `date` filter, in Vietnam's time as the Django templates show it."""
    return defaultfilters.date(template_localtime(value), arg)


@functools.lru_cache(maxsize=2048)
def _translated(language: str | None, message: str) -> str:
    return gettext(message)


def cached_gettext(message: str) -> str:
    """`_()`: the rows ask for the same dozen strings 22 times; the catalogues never change
    while the process runs, so each (language, message) is looked up once."""
    return _translated(get_language(), message)


def render(name: str, context: dict) -> str:
    """A partial rendered in the active language, looked up once for the whole render."""
    language = get_language()
    context["_"] = context["gettext"] = functools.partial(_translated, language)
    return engines["jinja2"].env.get_template(name).render(context)


def url(name: str, *args) -> str:
    return reverse(name, args=args)


def environment(**options) -> Environment:
    # Missing names render empty, as in the Django templates (Django passes Undefined).
    env = Environment(extensions=["jinja2.ext.i18n"], finalize=_localize, **options)
    env.install_gettext_callables(cached_gettext, ngettext, newstyle=False)
    env.globals.update(url=url, by_id=by_id, inputs_text=assessment_tags.inputs_text)
    env.filters.update(
        vn_points=assessment_tags.vn_points,
        vn_number=assessment_tags.vn_number,
        rule_text=assessment_tags.rule_text,
        evidence_text=assessment_tags.evidence_text,
        date=date,
        floatformat=defaultfilters.floatformat,
        filesizeformat=defaultfilters.filesizeformat,
        linebreaksbr=defaultfilters.linebreaksbr,
        truncatechars=defaultfilters.truncatechars,
    )
    return env
