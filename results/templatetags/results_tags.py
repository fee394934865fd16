"""Formatting of result values: 4 decimals as published, rank changes with a sign."""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from assessments.scoring import round2, round4

register = template.Library()


@register.filter
def dec4(value):
    if value in (None, ""):
        return "—"
    try:
        # Half-up at 4 decimals like the ranking (number_format alone rounds half-even),
        # then localised: 0,8002 in Vietnamese, 0.8002 in English (exports keep the point).
        return number_format(round4(Decimal(str(value))), 4)
    except InvalidOperation:
        return "—"


@register.filter
def dec2(value):
    if value in (None, ""):
        return "—"
    return number_format(round2(Decimal(str(value))), 2)


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
