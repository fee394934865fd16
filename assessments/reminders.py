"""Reminders before a deadline: beat asks every hour; each reminder is sent once.

A draft submission's officers are reminded DEADLINE_REMINDER_DAYS days before its deadline (its
own extended deadline, else the round's), counted in calendar days in Vietnam's time. Each run
sends, per submission, the stage it has reached — the smallest N of the setting not below the
days left — unless that stage was already sent for that deadline (a DeadlineReminder row, whose
unique constraint settles two concurrent runs). So a beat that was down for a week sends one
reminder, not the missed ones; an extension starts the stages again for the new deadline; a
submission sent in time is reminded no more.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import NotificationKind
from accounts.notifications import notify, unit_officers
from core import formatting

from .models import DeadlineReminder, Submission
from .workflow import DRAFT_OWNED


def days_setting(name: str, default: tuple[int, ...]) -> tuple[int, ...]:
    """A setting's reminder stages, in days before: sorted, each from 1 to 60, no repeats."""
    days = getattr(settings, name, default)
    return tuple(sorted({int(d) for d in days if 0 < int(d) <= 60}))


def reminder_days() -> tuple[int, ...]:
    return days_setting("DEADLINE_REMINDER_DAYS", (7, 3, 1))


def stage(days_left: int, days: tuple[int, ...]) -> int | None:
    """The reminder due with `days_left` calendar days to go (None: too early)."""
    return next((d for d in days if d >= days_left), None)


def due(now: dt.datetime | None = None) -> list[tuple[Submission, int, int]]:
    """(submission, stage, days left) for every draft whose deadline is near. One query."""
    now = now or timezone.now()
    days = reminder_days()
    if not days:
        return []
    today = timezone.localdate(now)
    drafts = (
        Submission.objects.filter(status__in=DRAFT_OWNED, round__opens_at__lte=now)
        .annotate(due_at=Coalesce(F("deadline_override"), F("round__closes_at")))
        .filter(due_at__gt=now, due_at__lte=now + dt.timedelta(days=max(days) + 1))
        .select_related("round", "unit")
        .order_by("due_at", "pk")
    )
    out = []
    for sub in drafts:
        days_left = (timezone.localdate(sub.due_at) - today).days
        reached = stage(days_left, days)
        if reached is not None:
            out.append((sub, reached, days_left))
    return out


def _message(sub: Submission, days_left: int) -> str:
    context = {"round": sub.round, "unit": sub.unit.name, "deadline": formatting.moment(sub.due_at), "n": days_left}
    if days_left <= 0:
        return _("%(round)s: hôm nay (%(deadline)s) là hạn nộp hồ sơ; hồ sơ của %(unit)s vẫn là bản nháp, chưa gửi.") % context
    return _("%(round)s: còn %(n)d ngày đến hạn nộp hồ sơ (%(deadline)s); hồ sơ của %(unit)s vẫn là bản nháp, chưa gửi.") % context


def send_deadline_reminders(now: dt.datetime | None = None) -> int:
    """Send the reminders due now; returns how many submissions' officers were reminded."""
    sent = 0
    for sub, reached, days_left in due(now):
        try:
            with transaction.atomic():
                DeadlineReminder.objects.create(submission=sub, deadline=sub.due_at, days_before=reached)
                notify(
                    recipients=unit_officers(sub.unit),
                    kind=NotificationKind.DEADLINE_REMINDER,
                    message=_message(sub, days_left),
                    url=reverse("assessments:overview", args=[sub.pk]),
                )
        except IntegrityError:
            continue  # already sent for this deadline and stage (by an earlier or a concurrent run)
        sent += 1
    return sent
