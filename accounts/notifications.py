"""Tell people what happened: an in-app notice each, and an email copy through the outbox."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from . import outbox
from .models import Notification, Role, User


def notify(*, recipients: Iterable[User], kind: str, message: str, url: str = "") -> list[Notification]:
    """Create the notices and their email rows in the caller's transaction (or one of their
    own): both are kept with the change or not at all, and the emails are sent once committed,
    whenever the broker is reachable (accounts.outbox)."""
    people = list({u.pk: u for u in recipients}.values())
    with transaction.atomic():
        rows = Notification.objects.bulk_create(
            [Notification(recipient=u, kind=kind, message=message[:500], url=url) for u in people]
        )
        outbox.queue_notice_emails(rows)
    return rows


def unit_officers(unit) -> list[User]:
    return list(User.objects.filter(unit=unit, role=Role.OFFICER, is_active=True))


def reviewers_of(submission) -> list[User]:
    """The assigned reviewer, or every reviewer and lead reviewer while none is assigned."""
    if submission.assigned_reviewer_id:
        return [submission.assigned_reviewer]
    return list(User.objects.filter(role__in=[Role.REVIEWER, Role.LEAD_REVIEWER], is_active=True))


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
