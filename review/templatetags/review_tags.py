from django import template

from accounts import access as account_access
from review import selectors

register = template.Library()


@register.simple_tag
def my_review_workload(user):
    """The signed-in reviewer's own counts, for the home page (one query)."""
    return selectors.my_workload(user)


@register.simple_tag
def sign_off_queue(user):
    """What waits for the signed-in lead reviewer's sign-off (one query; empty for others)."""
    return selectors.ready_to_sign_off(user) if account_access.is_any_lead_reviewer(user) else []


@register.simple_tag
def returned_items(submission):
    """What a returned submission asks of the province (one query; None unless returned),
    for the officer's overview, entry and answer pages."""
    return selectors.returned_items(submission)


@register.filter
def status_badge(status: str) -> str:
    """Bootstrap colour of a submission status badge."""
    return {
        "draft": "secondary",
        "submitted": "info",
        "under_review": "primary",
        "returned": "warning",
        "resubmitted": "info",
        "signed_off": "success",
        "published": "dark",
    }.get(status, "secondary")
