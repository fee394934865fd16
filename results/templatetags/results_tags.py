"""Formatting of result values: 4 decimals as published, rank changes with a sign."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from core import formatting
from core.language import localized

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


@register.filter
def authority_name(authority) -> str:
    """An authority's name in the active language (its English name where it has one)."""
    return localized(authority.name, authority.name_en)


@register.filter
def authority_logo(authority) -> str:
    """The static URL of an authority's logo, or of the default emblem."""
    from results.authorities import logo_url

    return logo_url(authority)


@register.simple_tag
def public_url(table, page: str, code: str = "") -> str:
    """The URL of a public page of the table: the national one, or under its provincial
    authority (results.authorities): `{% public_url table 'profile' unit.code %}`."""
    return table.url(page, code)


@register.simple_tag
def rank_text(rank, rank_range=None):
    """A rank as published; where the source gave none, the ranks the unit can have ("5–16",
    results.partial), marked and explained; else a dash."""
    if rank is not None:
        return str(rank)
    if rank_range:
        return format_html(
            '<span class="rank-range" title="{}">{}</span>',
            _("Nguồn không công bố thứ hạng: các thứ hạng đơn vị có thể có, suy ra từ DTI và các thứ hạng chính thức"),
            str(rank_range),
        )
    return formatting.DASH


@register.simple_tag
def published_value(value, rank=None):
    """A published figure (4 decimals); a unit whose rank was published without the figure says
    “không công bố” rather than a dash in a ranked place."""
    if value is not None or rank is None:
        return formatting.index_value(value)
    return format_html(
        '<span class="not-published text-muted small" title="{}">{}</span>',
        _("Nguồn công bố thứ hạng của đơn vị nhưng không công bố giá trị này"),
        _("không công bố"),
    )


@register.filter
def rank_span(gap) -> str:
    """A run of ranks (start, end) as text: "6–16", or "6" alone."""
    start, end = gap
    return str(start) if start == end else f"{start}–{end}"


@register.filter
def any_ranged(history) -> bool:
    """Whether a unit's history has a year shown with its possible ranks (to explain them)."""
    return any(h.get("rank_range") for h in history or ())
