"""Celery tasks of the accounts app: thin, they call accounts.outbox."""

from celery import shared_task

from . import outbox


@shared_task(ignore_result=True)
def send_outgoing_emails(email_ids: list[int] | None = None) -> int:
    """Send the due outbox rows (those given, or every one: what beat and the worker's
    connect sweep send). Failures are recorded on the rows and retried by the sweep with
    backoff, so the task itself does not retry."""
    return outbox.send_pending(email_ids)


@shared_task(ignore_result=True)
def send_notification_emails(notification_ids: list[int]) -> int:
    """The task of earlier releases (notice ids), kept so messages queued before the upgrade
    still run: their emails go through the outbox like the others."""
    from .models import Notification, OutgoingEmail

    notices = (
        Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True)
        .exclude(pk__in=OutgoingEmail.objects.filter(notification_id__in=notification_ids).values("notification_id"))
        .select_related("recipient")
    )
    rows = outbox.queue_notice_emails(list(notices), dispatch_on_commit=False)  # sent right here
    return outbox.send_pending([r.pk for r in rows]) if rows else 0
