"""Date-time filters of every Django template (TEMPLATES "builtins" in dtiportal/settings.py):
`{{ submission.deadline|moment }}` is "14:30 01/03/2026" in Vietnamese and "01/03/2026 14:30" in
English (core.formatting.moment), so no template writes a pattern of its own."""

from django import template

from core import formatting

register = template.Library()


@register.filter
def moment(value) -> str:
    return formatting.moment(value)


@register.filter
def moment_seconds(value) -> str:
    return formatting.moment(value, seconds=True)
