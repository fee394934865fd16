"""The Jinja2 environment: the one module behind the fast partials (templates/jinja2/).

Every page is a Django template. A few partials are Jinja2, included in the Django pages by
`{% jinja "name" %}` (core/templatetags/jinja_tags.py) with the page's context:

MEASUREMENTS

The environment behaves like the Django templates around it: autoescaping, the active
language's gettext (`_("…")`, extracted by `make messages` like `{% translate %}`), numbers
and dates localised by core.formatting (a bare `{{ value }}` as Django prints it), the same
filter names as the Django templates.

It imports no app (core is the ground floor, pyproject.toml [tool.importlinter]): filters
that need an app's models — the rule in words, the evidence requirement, the inputs in
words — are registered by that app when Django starts (`register(...)` in its
AppConfig.ready), before the environment is first built.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.template import defaultfilters, engines
from django.urls import reverse
from django.utils.translation import get_language, gettext, ngettext
from jinja2 import Environment

from . import formatting
from .links import by_id

_filters: dict[str, Callable] = {}
_globals: dict[str, Callable] = {}


def register(*, filters: dict[str, Callable] | None = None, globals: dict[str, Callable] | None = None) -> None:
    """An app's filters and global functions for the partials (called from AppConfig.ready)."""
    _filters.update(filters or {})
    _globals.update(globals or {})


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
    env = Environment(extensions=["jinja2.ext.i18n"], finalize=formatting.localize, **options)
    env.install_gettext_callables(cached_gettext, ngettext, newstyle=False)
    env.globals.update(url=url, by_id=by_id, **_globals)
    env.filters.update(
        vn_points=formatting.points,
        vn_value=formatting.index_value,
        vn_number=lambda value: formatting.typed(value, empty=formatting.DASH),
        date=formatting.date,
        floatformat=defaultfilters.floatformat,
        filesizeformat=defaultfilters.filesizeformat,
        linebreaksbr=defaultfilters.linebreaksbr,
        truncatechars=defaultfilters.truncatechars,
        **_filters,
    )
    return env
