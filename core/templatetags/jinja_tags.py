"""`{% jinja "name" %}`: render a Jinja2 partial (templates/jinja2/) inside a Django template
with the same context, for the partials that Django's engine renders too slowly (which ones
and why: core/jinja.py)."""

from django import template
from django.template.backends.utils import csrf_input
from django.utils.safestring import mark_safe

from core import jinja as jinja_env

register = template.Library()


@register.simple_tag(takes_context=True)
def jinja(context, name: str, **extra):
    request = context.get("request")
    values = context.flatten()
    if request is not None:
        values["csrf_input"] = csrf_input(request)  # what Django's Jinja2 backend would pass
    values.update(extra)
    # The environment's own template: the context processors already ran for the page.
    return mark_safe(jinja_env.render(name, values))
