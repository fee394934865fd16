"""Filters of the round dashboard (core.formatting underneath)."""

from django import template

from core import formatting

register = template.Library()


@register.filter
def share(value) -> str:
    """A share in percent with one decimal, in the active language: "86,7 %"; none: a dash."""
    if value is None:
        return formatting.DASH
    return f"{formatting.number(value, 1)} %"


@register.filter
def days(value) -> str:
    """A number of days with one decimal at most ("12,5"); none: a dash."""
    return formatting.number(value, None)
