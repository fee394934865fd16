"""The Jinja2 environment: the one module behind the fast partials (templates/jinja2/).

Every page is a Django template. A few partials are Jinja2, included in the Django pages by
`{% jinja "name" %}` (core/templatetags/jinja_tags.py) with the page's context:

| Jinja2 partial (templates/jinja2/)  | used by | Django ÷ Jinja2 render time |
|---|---|---|
| assessments/entry_rows.html (+ entry_row.html, _macros.html) | the officer's entry page, 22 rows; one row: the answer to its own save | ≈ 4× (1.4 ms a row in Django) |
| review/appraisal_rows.html, appraisal_row.html | the appraisal page and its htmx row | ≈ 4× (the same per-row cost) |
| review/scores_table.html | appraisal and submission pages | 2.4–3.6× (1.2–2.3 ms vs 0.5–0.6 ms) |
| assessments/tabs.html | every submission page | 1.9–2.3× (0.6–0.9 ms vs 0.3–0.4 ms) |
| review/thread.html | inside each appraisal row; the clarification list | 1.8× inside a row; 1.1–1.2× alone |

Not Jinja2: the points of a row as the htmx fragment (assessments/_points.html) is a Django
template, compiled once per process by Django's cached template loader: alone, the `{% jinja %}` call costs more than the partial (Django 45–60 µs, through
the tag 67–140 µs: 0.4–0.7×); the entry rows draw the same markup with the Jinja macro, and
tests/assessments/test_jinja_rows.py checks that both agree. The thread stays Jinja2 although
it gains nothing on the clarification list: the appraisal row includes it, and one copy of it
is better than two.

How measured (December 2026, in-process on the shared 2-core machine, `timeit`, best of 5 ×
2,000 renders, Vietnamese active): the Django version of each partial compiled once and
`{% include %}`d in a page context of ~30 names, against `{% jinja %}` of the Jinja2 version in
the same context, the outputs equal after whitespace (but the CSRF token). The rows' figure is
the one bench/NOTES.md recorded when they moved to Jinja2. A partial stays Jinja2 only where it
pays more than 1.5×.

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
        vn_number=formatting.reported,
        date=formatting.date,
        moment=formatting.moment,
        floatformat=defaultfilters.floatformat,
        filesizeformat=defaultfilters.filesizeformat,
        linebreaksbr=defaultfilters.linebreaksbr,
        truncatechars=defaultfilters.truncatechars,
        **_filters,
    )
    return env
