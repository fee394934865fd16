"""Formatting of result values: 4 decimals as published, rank changes with a sign."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from core import formatting

register = template.Library()


@register.filter
def dec4(value):
    """0,8002 in Vietnamese, 0.8002 in English; half-up like the ranking (core.formatting)."""
    return formatting.index_value(value)


@register.filter
def dec2(value):
    return formatting.points(value)


@register.filter
def rank_change(value):
    """+3 ▲ (moved up), −2 ▼ (moved down), 0, or nothing when unknown."""
    if value is None:
        return ""
    if value > 0:
        return format_html('<span class="text-success" title="{}">▲ {}</span>', _("tăng hạng"), value)
    if value < 0:
        return format_html('<span class="text-danger" title="{}">▼ {}</span>', _("giảm hạng"), -value)
    return format_html('<span class="text-muted" title="{}">= 0</span>', _("giữ nguyên"))


@register.filter
def any_marked(history) -> bool:
    """Whether a unit's history has a re-expressed year or a computed figure (to explain the marks)."""
    return any(h.get("reexpressed") or h.get("inferred") for h in history or ())
