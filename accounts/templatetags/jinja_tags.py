"""`{% jinja "name" %}`: render a Jinja2 partial (templates/jinja2/) inside a Django template
with the same context, for the rows that Django's engine renders too slowly (see
dtiportal/jinja_env.py)."""

from django import template
from django.middleware.csrf import get_token
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from dtiportal import jinja_env

register = template.Library()


@register.simple_tag(takes_context=True)
def jinja(context, name: str, **extra):
    request = context.get("request")
    values = context.flatten()
    if request is not None:
        values["csrf_input"] = format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request))
    values.update(extra)
    # The environment's own template: the context processors already ran for the page.
    return mark_safe(jinja_env.render(name, values))

