"""Reminders about contributions (issue 17): beat asks every hour; each reminder is sent once.

- A contributor whose assignment is still theirs to do (ASSIGNED or SENT_BACK) is reminded
  CONTRIBUTION_DUE_REMINDER_DAYS days before its due date, and told once when the due date
  has passed (the province's officers too: their board shows it overdue).
- Before the submission's deadline (its extension, else the round's closing time), at
  CONTRIBUTION_ROUND_REMINDER_DAYS days: the contributor of each open assignment whose own
  due date does not come first (it passed, or falls after the deadline — an assignment due
  before the deadline is reminded of its due date, which is the sooner), and the officers of
  a province whose contributions are not all handed in and accepted, with how many are left.

Days are calendar days in Vietnam's time and stages follow assessments.reminders.stage: a
run sends the stage reached, so a beat that was down sends one reminder, not the missed ones.
Only while contributions can still move (the submission is the province's draft, its round
open, its deadline ahead: workflow.contribution_refusal); after that a reminder would ask for
what can no longer be done. Each reminder is a ContributionReminder row written in the
notices' transaction; its unique constraint settles two concurrent runs or a retried task,
and a new due date or deadline starts the stages again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access
from accounts.models import NotificationKind
from accounts.notifications import notify, unit_officers
from core import formatting

from .models import Assignment, AssignmentStatus, ContributionReminder, Submission
from .models import ContributionReminderKind as RK
from .reminders import days_setting, stage
from .workflow import CONTRIBUTION_OPEN, CONTRIBUTOR_EDITABLE

DEFAULT_DAYS = (3, 1)


@dataclass(frozen=True)
class Due:
    """One reminder to send: its kind and stage, for an assignment (None: the officers')."""

    kind: str
    submission: Submission
    assignment: Assignment | None
    deadline: dt.datetime
    days_before: int
    days_left: int

    @property
    def key(self) -> tuple:
        return (self.submission.pk, getattr(self.assignment, "pk", None), self.kind, self.deadline, self.days_before)


def _deadline():
    return Coalesce(F("submission__deadline_override"), F("submission__round__closes_at"))


def _open_assignments(now: dt.datetime):
    """Assignments still with their contributor, of drafts whose contributions may move. One query."""
    return (
        Assignment.objects.filter(
            status__in=CONTRIBUTOR_EDITABLE, submission__status__in=CONTRIBUTION_OPEN, submission__round__opens_at__lte=now
        )
        .annotate(submission_deadline=_deadline(), n_indicators=Count("indicators"))
        .filter(submission_deadline__gt=now)
        .select_related("submission", "submission__round", "submission__unit", "contributor")
        .order_by("due_at", "pk")
    )


def _pending_provinces(now: dt.datetime, days: tuple[int, ...]):
    """Drafts near their deadline with contributions not handed in or not accepted. One query:
    both counts are of indicators, as the officer's board counts them."""
    return (
        Submission.objects.filter(status__in=CONTRIBUTION_OPEN, round__opens_at__lte=now)
        .annotate(
            due_at=Coalesce(F("deadline_override"), F("round__closes_at")),
            to_hand_in=Count("assignments__indicators", filter=Q(assignments__status__in=CONTRIBUTOR_EDITABLE)),
            waiting=Count("assignments__indicators", filter=Q(assignments__status=AssignmentStatus.HANDED_IN)),
        )
        .filter(due_at__gt=now, due_at__lte=now + dt.timedelta(days=max(days) + 1))
        .filter(Q(to_hand_in__gt=0) | Q(waiting__gt=0))
        .select_related("round", "unit")
        .order_by("due_at", "pk")
    )


def due(now: dt.datetime | None = None) -> list[Due]:
    """Every reminder due now and not yet sent. Three queries, however many assignments."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    due_days = days_setting("CONTRIBUTION_DUE_REMINDER_DAYS", DEFAULT_DAYS)
    round_days = days_setting("CONTRIBUTION_ROUND_REMINDER_DAYS", DEFAULT_DAYS)

    def left(moment) -> int:
        return (timezone.localdate(moment) - today).days

    out: list[Due] = []
    for a in _open_assignments(now):
        sub = a.submission
        if a.due_at <= now:
            out.append(Due(RK.OVERDUE, sub, a, a.due_at, 0, left(a.due_at)))
        elif (reached := stage(left(a.due_at), due_days)) is not None:
            out.append(Due(RK.DUE, sub, a, a.due_at, reached, left(a.due_at)))
        due_first = now < a.due_at <= a.submission_deadline
        if round_days and not due_first and (reached := stage(left(a.submission_deadline), round_days)) is not None:
            out.append(Due(RK.ROUND, sub, a, a.submission_deadline, reached, left(a.submission_deadline)))
    if round_days:
        for sub in _pending_provinces(now, round_days):
            if (reached := stage(left(sub.due_at), round_days)) is not None:
                out.append(Due(RK.PROVINCE, sub, None, sub.due_at, reached, left(sub.due_at)))
    if not out:
        return []
    sent = set(
        ContributionReminder.objects.filter(submission__in={d.submission.pk for d in out}).values_list(
            "submission_id", "assignment_id", "kind", "deadline", "days_before"
        )
    )
    return [d for d in out if d.key not in sent]


def _context(d: Due) -> dict:
    sub = d.submission
    context = {"round": sub.round, "unit": sub.unit.name, "n": d.days_left, "deadline": formatting.moment(d.deadline)}
    if d.assignment is not None:
        context |= {
            # The row's deadline is the due date for DUE and OVERDUE; messages name both.
            "deadline": formatting.moment(d.assignment.submission_deadline),
            "due": formatting.moment(d.assignment.due_at),
            "count": d.assignment.n_indicators,
            "contributor": d.assignment.contributor.display_name,
        }
    else:
        context |= {"to_hand_in": sub.to_hand_in, "waiting": sub.waiting}
    return context


def _contributor_message(d: Due) -> str:
    c = _context(d)
    if d.kind == RK.OVERDUE:
        return _(
            "%(round)s: đã quá hạn nộp số liệu được giao (%(due)s); %(count)d chỉ số bạn nhập cho %(unit)s chưa nộp. "
            "Hạn nộp hồ sơ của tỉnh: %(deadline)s."
        ) % c
    if d.kind == RK.DUE:
        if d.days_left <= 0:
            return _("%(round)s: hôm nay (%(due)s) là hạn nộp số liệu được giao; %(count)d chỉ số bạn nhập cho %(unit)s chưa nộp.") % c
        return _("%(round)s: còn %(n)d ngày đến hạn nộp số liệu được giao (%(due)s); %(count)d chỉ số bạn nhập cho %(unit)s chưa nộp.") % c
    if d.days_left <= 0:
        return _("%(round)s: hôm nay (%(deadline)s) là hạn nộp hồ sơ của %(unit)s; %(count)d chỉ số giao cho bạn chưa nộp.") % c
    return _("%(round)s: còn %(n)d ngày đến hạn nộp hồ sơ của %(unit)s (%(deadline)s); %(count)d chỉ số giao cho bạn chưa nộp.") % c


def _officers_message(d: Due) -> str:
    c = _context(d)
    if d.kind == RK.OVERDUE:
        return _("%(round)s: %(contributor)s quá hạn nộp số liệu của %(count)d chỉ số được giao (hạn %(due)s).") % c
    if d.days_left <= 0:
        return _(
            "%(round)s: hôm nay (%(deadline)s) là hạn nộp hồ sơ; số liệu giao cho đơn vị: %(to_hand_in)d chỉ số chưa nộp, "
            "%(waiting)d chỉ số chờ tỉnh duyệt."
        ) % c
    return _(
        "%(round)s: còn %(n)d ngày đến hạn nộp hồ sơ (%(deadline)s); số liệu giao cho đơn vị: %(to_hand_in)d chỉ số "
        "chưa nộp, %(waiting)d chỉ số chờ tỉnh duyệt."
    ) % c


def _send(d: Due) -> int:
    """The notices of one reminder (inside its row's transaction); how many people were told."""
    sub = d.submission
    board = reverse("assessments:contributions", args=[sub.pk])
    told = 0
    if d.assignment is not None:
        contributor = d.assignment.contributor
        if access.is_contributor_of(contributor, sub.unit_id):
            kind = NotificationKind.CONTRIBUTION_OVERDUE if d.kind == RK.OVERDUE else NotificationKind.CONTRIBUTION_DUE_REMINDER
            url = reverse("assessments:contribution", args=[d.assignment.pk])
            told += len(notify(recipients=[contributor], kind=kind, message=_contributor_message(d), url=url))
    if d.kind in (RK.OVERDUE, RK.PROVINCE):
        kind = NotificationKind.CONTRIBUTION_OVERDUE if d.kind == RK.OVERDUE else NotificationKind.CONTRIBUTION_PENDING_REMINDER
        told += len(notify(recipients=unit_officers(sub.unit), kind=kind, message=_officers_message(d), url=board))
    return told


def send_contribution_reminders(now: dt.datetime | None = None) -> int:
    """Send the reminders due now; returns how many were sent (each to its contributor and/or
    the province's officers). A reminder nobody can receive (the contributor left the province,
    no officer) is not recorded, so it goes out once someone can."""
    sent = 0
    for d in due(now):
        try:
            with transaction.atomic():
                ContributionReminder.objects.create(
                    submission=d.submission, assignment=d.assignment, kind=d.kind, deadline=d.deadline,
                    days_before=d.days_before,
                )
                if not _send(d):
                    transaction.set_rollback(True)
                    continue
        except IntegrityError:
            continue  # already sent for this deadline and stage (by an earlier or a concurrent run)
        sent += 1
    return sent
