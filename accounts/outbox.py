"""The email outbox: emails are rows written with the change they tell about, sent by a task.

Why rows and not only a task: a task is a message in Redis, published after the commit; if the
broker is down at that moment the message never exists and the email is lost. A row commits
with the change (or not at all), so an outage only delays it: the task sent on commit, Celery
beat every OUTBOX_EMAIL_SWEEP_EVERY seconds and every worker that (re)connects to the broker
send whatever is still pending.

Exactly once between senders: a row is sent inside a transaction that holds its lock
(SELECT ... FOR UPDATE SKIP LOCKED on status = pending) and marks it sent before committing.
A second sender skips the locked row, and once the first commits the row is no longer pending
(PostgreSQL re-checks the condition on the locked row). A crash between the SMTP server's
acceptance and the commit leaves the row pending, so it is sent again: at least once towards
the mail server, never twice by two workers. The Message-ID is the row's, so a mail server or
client that sees the same message twice can tell.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone

from core.broker import BROKER_ERRORS

from .models import Notification, OutgoingEmail, OutgoingEmailStatus

logger = logging.getLogger(__name__)

Status = OutgoingEmailStatus

# A task sends at most this many rows; the rest wait for the next task or sweep (bounded work).
BATCH = 200


def max_attempts() -> int:
    return getattr(settings, "OUTBOX_EMAIL_MAX_ATTEMPTS", 8)


def backoff(attempts: int) -> dt.timedelta:
    """30 s, 1 min, 2 min, ... capped at 6 h: a mail server down for a day gets ~8 tries."""
    return dt.timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 6 * 3600))


def queue_notice_emails(notifications: Iterable[Notification], *, dispatch_on_commit: bool = True) -> list[OutgoingEmail]:
    """One email row per notice whose recipient has an address; dispatched once committed.

    Call inside the transaction that creates the notices (notify() does)."""
    rows = [
        OutgoingEmail(
            notification=n,
            to=n.recipient.email,
            subject=f"[DTI Portal] {n.message[:80]}",
            body=n.message + (f"\n\n{settings.SITE_URL}{n.url}" if n.url else ""),
        )
        for n in notifications
        if n.recipient.email
    ]
    if not rows:
        return []
    rows = OutgoingEmail.objects.bulk_create(rows)
    if dispatch_on_commit:
        ids = [r.pk for r in rows]
        transaction.on_commit(lambda: dispatch(ids))
    return rows


def dispatch(ids: list[int] | None = None) -> bool:
    """Send the sending task; False (logged) when the broker is unreachable: the rows stay
    pending for the sweep. Never raises for a dead broker (it runs after a commit that must
    not become an error page)."""
    from .tasks import send_outgoing_emails

    try:
        send_outgoing_emails.delay(ids)
    except BROKER_ERRORS:
        logger.warning("Broker unreachable: emails %s left pending for the sweep", ids or "all", exc_info=True)
        return False
    return True


def _due(ids: list[int] | None):
    qs = OutgoingEmail.objects.filter(status=Status.PENDING, next_attempt_at__lte=timezone.now())
    return qs.filter(pk__in=ids) if ids is not None else qs


def _message(row: OutgoingEmail) -> EmailMessage:
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip("> ") or "dti.local"
    # The row stays locked while the mail server answers: bound the wait (SMTP has none by default).
    connection = get_connection(timeout=settings.EMAIL_TIMEOUT or getattr(settings, "OUTBOX_EMAIL_TIMEOUT", 30))
    return EmailMessage(
        row.subject,
        row.body,
        None,
        [row.to],
        connection=connection,
        headers={"Message-ID": f"<outbox-{row.pk}@{domain}>", "X-DTI-Outbox-Id": str(row.pk)},
    )


def send_one(ids: list[int] | None = None) -> str | None:
    """Lock one due row nobody else holds, send it and record the outcome; None when no due
    row is free. Returns the row's new status."""
    with transaction.atomic():
        row = _due(ids).select_for_update(skip_locked=True).order_by("next_attempt_at", "pk").first()
        if row is None:
            return None
        now = timezone.now()
        row.attempts += 1
        try:
            _message(row).send()
        except Exception as exc:  # noqa: BLE001 — any failure of the mail server is recorded on the row
            row.last_error = f"{type(exc).__name__}: {exc}"[:500]
            if row.attempts >= max_attempts():
                row.status = Status.FAILED
                logger.error("Email %s given up after %s attempts: %s", row.pk, row.attempts, row.last_error)
            else:
                row.next_attempt_at = now + backoff(row.attempts)
                logger.warning("Email %s not sent (attempt %s): %s", row.pk, row.attempts, row.last_error)
        else:
            row.status, row.sent_at, row.last_error = Status.SENT, now, ""
            if row.notification_id:
                Notification.objects.filter(pk=row.notification_id).update(emailed_at=now)
        row.save(update_fields=["status", "attempts", "last_error", "next_attempt_at", "sent_at"])
        return row.status


def send_pending(ids: list[int] | None = None, *, limit: int = BATCH) -> int:
    """Send the due rows (those of `ids`, or all); return how many were sent.

    Stops at the first failure: when the mail server is down, one attempt per task is enough
    (the rest wait for the sweep instead of each waiting for a timeout)."""
    sent = 0
    for _ in range(limit):
        status = send_one(ids)
        if status != Status.SENT:
            break
        sent += 1
    return sent


def sweep() -> bool:
    """Dispatch one sending task if any row is due (beat, and a worker that connects)."""
    return _due(None).exists() and dispatch(None)
