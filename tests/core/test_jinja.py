"""core.jinja: the Jinja2 partials' environment behaves like the Django templates around it."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace as NS

from django.template import engines
from django.utils import translation

from core import jinja


def _render(source: str, **context) -> str:
    return engines["jinja2"].env.from_string(source).render(context)


def test_a_bare_decimal_has_a_decimal_comma_in_vietnamese():
    with translation.override("vi"):
        assert _render("{{ v }}", v=Decimal("0.5")) == "0,5"


def test_points_follow_the_active_language():
    with translation.override("en"):
        assert _render("{{ v|vn_points }}", v=Decimal("15")) == "15.00"


def test_a_missing_name_renders_empty_as_in_django():
    assert _render("[{{ nothing }}]") == "[]"


def test_text_is_escaped():
    assert _render("{{ t }}", t="<b>") == "&lt;b&gt;"


def test_the_assessments_app_registers_its_rule_filters():
    env = engines["jinja2"].env
    assert {"rule_text", "evidence_text"} <= set(env.filters) and "inputs_text" in env.globals


def test_a_registered_filter_reaches_an_environment_built_afterwards():
    jinja.register(filters={"shout_for_test": str.upper})
    try:
        assert jinja.environment().from_string("{{ 'a'|shout_for_test }}").render() == "A"
    finally:
        del jinja._filters["shout_for_test"]


def test_a_partial_renders_in_the_active_language():
    with translation.override("en"):
        html = jinja.render("assessments/tabs.html", {
            "submission": NS(pk=1, unit_id=2), "main_indices": [], "active": "overview", "request": NS(user=NS(unit_id=3))})
    assert "Overview" in html
