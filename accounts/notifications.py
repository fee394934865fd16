"""Tell people what happened: an in-app notice each, and an email sent by a task on commit."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import transaction

from .models import Notification, Role, User


def notify(*, recipients: Iterable[User], kind: str, message: str, url: str = "") -> list[Notification]:
    rows = Notification.objects.bulk_create(
        [Notification(recipient=u, kind=kind, message=message[:500], url=url) for u in {u.pk: u for u in recipients}.values()]
    )
    ids = [n.pk for n in rows if n.pk]
    if ids:

        def dispatch():
            from kombu.exceptions import OperationalError

            from .tasks import send_notification_emails

            # After the commit: the change and the in-app notices are kept even if the broker
            # is down; only the email copy is skipped then (logged), never an error page.
            try:
                send_notification_emails.delay(ids)
            except (OperationalError, ConnectionError, TimeoutError):
                logging.getLogger(__name__).warning("Broker unreachable: emails for notices %s not sent", ids, exc_info=True)

        transaction.on_commit(dispatch)
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
