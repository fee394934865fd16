"""Tell people what happened: an in-app notice each, and an email copy through the outbox
unless the person turned email off for that kind of notice (their notification settings)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db import transaction
from django.db.models import Q

from . import access, outbox
from .models import (
    AuthorityRole,
    Notification,
    NotificationKind,
    NotificationPreference,
    Role,
    User,
    national_authority_id,
)


def notify(*, recipients: Iterable[User], kind: str, message: str, url: str = "") -> list[Notification]:
    """Create the notices and their email rows in the caller's transaction (or one of their
    own): both are kept with the change or not at all, and the emails are sent once committed,
    whenever the broker is reachable (accounts.outbox). People who turned email off for `kind`
    get the in-app notice only."""
    people = list({u.pk: u for u in recipients}.values())
    if not people:
        return []
    with transaction.atomic():
        rows = Notification.objects.bulk_create(
            [Notification(recipient=u, kind=kind, message=message[:500], url=url) for u in people]
        )
        silenced = set(
            NotificationPreference.objects.filter(user__in=people, kind=kind, email=False).values_list("user_id", flat=True)
        )
        outbox.queue_notice_emails([n for n in rows if n.recipient_id not in silenced])
    return rows


def email_settings(user) -> dict[str, bool]:
    """Every kind of notice → whether this person gets it by email (True unless turned off)."""
    off = set(NotificationPreference.objects.filter(user=user, email=False).values_list("kind", flat=True))
    return {kind: kind not in off for kind in NotificationKind.values}


K = NotificationKind
# The kinds each role receives (assessments.announcements sends them), so the settings page
# offers only what the person can get; admins may be officers' or reviewers' stand-ins: all.
KINDS_BY_ROLE = {
    Role.OFFICER: [
        K.REVIEW_STARTED, K.RETURNED, K.SIGNED_OFF, K.REOPENED, K.PUBLISHED, K.UNPUBLISHED,
        K.DEADLINE_EXTENDED, K.DEADLINE_REMINDER, K.ROUND_OPENED, K.ROUND_DEADLINE, K.CLOSED_OUT,
        K.CONTRIBUTION_HANDED_IN, K.APPROVED, K.APPROVAL_RETURNED,
    ],
    Role.REVIEWER: [
        K.SUBMITTED, K.RESUBMITTED, K.ASSIGNED, K.SIGNED_OFF, K.REOPENED, K.ROUND_OPENED, K.ROUND_DEADLINE,
        K.CLOSED_OUT,
    ],
    Role.LEAD_REVIEWER: [
        K.SUBMITTED, K.RESUBMITTED, K.ASSIGNED, K.SIGNED_OFF, K.REOPENED, K.ROUND_OPENED, K.ROUND_DEADLINE,
        K.CLOSED_OUT,
    ],
    Role.SYSTEM: [],
    # The contribution moves and the leader's approval (issue 17).
    Role.CONTRIBUTOR: [K.CONTRIBUTION_ASSIGNED, K.CONTRIBUTION_ACCEPTED, K.CONTRIBUTION_SENT_BACK],
    Role.PROVINCE_LEADER: [K.APPROVAL_REQUESTED],
}


def kinds_for(user) -> list[str]:
    return [str(k) for k in KINDS_BY_ROLE.get(user.role, NotificationKind.values)]


def save_email_settings(*, user, email: Mapping[str, bool]) -> None:
    """Store the person's choice for each kind given (kinds of notice unknown are ignored)."""
    with transaction.atomic():
        for kind, on in email.items():
            if kind in NotificationKind.values:
                NotificationPreference.objects.update_or_create(user=user, kind=kind, defaults={"email": bool(on)})


def unit_officers(unit) -> list[User]:
    """The unit's active officers: a province's (User.role), and a provincial round's unit's
    (AuthorityRole OFFICER, issue 18)."""
    by_role = AuthorityRole.objects.filter(unit=unit, role=Role.OFFICER, active=True).values("user_id")
    return list(User.objects.filter(Q(unit=unit, role=Role.OFFICER) | Q(pk__in=by_role), is_active=True))


def reviewers(authority_id: int | None = None) -> list[User]:
    """Every active reviewer and lead reviewer of the authority (the national one by
    default): who hears of its rounds' changes. Another authority's never do (issue 18)."""
    return list(access.reviewers_of(authority_id or national_authority_id()))


def province_leaders(unit_or_id) -> list[User]:
    """The active leader accounts of a province (lãnh đạo tỉnh): who approves before sending."""
    unit_id = getattr(unit_or_id, "pk", unit_or_id)
    return list(User.objects.filter(unit_id=unit_id, role=Role.PROVINCE_LEADER, is_active=True))


def reviewers_of(submission) -> list[User]:
    """The assigned reviewer, or every reviewer and lead reviewer while none is assigned."""
    if submission.assigned_reviewer_id:
        return [submission.assigned_reviewer]
    return reviewers(submission.round.authority_id)


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
