"""Who hears of each move of a submission, and what they read: one table keyed by the workflow.

`workflow.transition` calls `announce` for every move it makes, inside the move's transaction,
so the notices and their email rows (accounts.outbox) commit with the change or not at all,
and a move added to `workflow.TRANSITIONS` without a line here fails the test that walks the
table. Events that are no status move (a deadline extension) are announced by their service
with the same `announce`, keyed by an EVENT name.

A round's changes (opened, its deadline moved, entry closed) concern many units at once:
`announce_round` tells each affected unit's officers through its submission's line here (their
own deadline, their own link) and the reviewers once, for the round (ROUND_ANNOUNCEMENTS), not
once per unit.

Audiences: the officers of the unit; the province's leaders (approval before sending); the reviewers (the assigned one, or every reviewer and
lead while none is assigned: accounts.notifications.reviewers_of); the assigned reviewer only.
The person who made the move is never told of it. Each audience has its own link: officers
their overview (the clarification page for a return), reviewers the review page.

Messages are built when the move is made, in the language then active (as every notice is).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import NotificationKind as Kind
from accounts.notifications import notify, province_leaders, reviewers, reviewers_of, unit_officers
from core import formatting

from .models import IndicatorValue, Round, Submission
from .workflow import Action, ContributionAction

OFFICERS = "officers"
REVIEWERS = "reviewers"
ASSIGNED = "assigned"
LEADERS = "leaders"


class Event:
    """Announced changes that are not a move of the status."""

    DEADLINE_EXTENDED = "extend_deadline"
    ROUND_OPENED = "round_open"
    ROUND_DEADLINE_MOVED = "round_move_deadline"
    ENTRY_CLOSED = "round_close_entry"


def _officer_url(submission: Submission) -> str:
    return reverse("assessments:overview", args=[submission.pk])


def _officer_questions_url(submission: Submission) -> str:
    # The officers' page of the review app, named (not imported): assessments is below review.
    return reverse("review:clarifications", args=[submission.pk])


def _reviewer_url(submission: Submission) -> str:
    return reverse("review:submission", args=[submission.pk])


def _leader_url(submission: Submission) -> str:
    return reverse("assessments:approval", args=[submission.pk])


def _officer_submit_url(submission: Submission) -> str:
    return reverse("assessments:submit", args=[submission.pk])


def _final_total(submission: Submission) -> dict:
    # The total the sign-off fixes (reviewed points, else self points), read before or after
    # final_points are written: the same figure either way.
    total = IndicatorValue.objects.filter(submission=submission).aggregate(
        t=Sum(Coalesce("reviewed_points", "self_points"))
    )["t"]
    return {"total": formatting.number(total)}


def _deadline(submission: Submission) -> dict:
    return {"deadline": formatting.moment(submission.deadline)}


@dataclass(frozen=True)
class Announcement:
    kind: str
    message: str  # lazy; placeholders: round, unit, and what `context` adds
    audiences: Mapping[str, Callable[[Submission], str]]  # audience → its link
    # Appended when the move carries a reason (a note, the reason for reopening…).
    reason_label: str = gettext_lazy("Lý do: %(reason)s")
    context: Callable[[Submission], dict] | None = None


ANNOUNCEMENTS: dict[str, Announcement] = {
    Action.REQUEST_APPROVAL: Announcement(
        Kind.APPROVAL_REQUESTED,
        gettext_lazy("%(round)s: cán bộ của %(unit)s xin lãnh đạo tỉnh phê duyệt hồ sơ tự đánh giá trước khi gửi."),
        {LEADERS: _leader_url},
    ),
    Action.APPROVE: Announcement(
        Kind.APPROVED,
        gettext_lazy("%(round)s: lãnh đạo tỉnh đã phê duyệt hồ sơ của %(unit)s; cán bộ tỉnh có thể gửi hồ sơ."),
        {OFFICERS: _officer_submit_url},
    ),
    Action.RETURN_TO_OFFICER: Announcement(
        Kind.APPROVAL_RETURNED,
        gettext_lazy("%(round)s: lãnh đạo tỉnh trả lại hồ sơ của %(unit)s cho cán bộ tỉnh."),
        {OFFICERS: _officer_submit_url},
        reason_label=gettext_lazy("Lý do của lãnh đạo tỉnh: %(reason)s"),
    ),
    Action.SUBMIT: Announcement(
        Kind.SUBMITTED,
        gettext_lazy("%(unit)s đã gửi hồ sơ tự đánh giá %(round)s."),
        {REVIEWERS: _reviewer_url},
    ),
    Action.START_REVIEW: Announcement(
        Kind.REVIEW_STARTED,
        gettext_lazy("%(round)s: hồ sơ của %(unit)s đã được tiếp nhận và bắt đầu thẩm định."),
        {OFFICERS: _officer_url},
    ),
    Action.RETURN: Announcement(
        Kind.RETURNED,
        gettext_lazy("%(round)s: Cục yêu cầu %(unit)s bổ sung, giải trình hồ sơ."),
        {OFFICERS: _officer_questions_url},
        reason_label=gettext_lazy("Ghi chú của người thẩm định: %(reason)s"),
    ),
    Action.RESUBMIT: Announcement(
        Kind.RESUBMITTED,
        gettext_lazy("%(unit)s đã gửi bổ sung, giải trình hồ sơ %(round)s."),
        {REVIEWERS: _reviewer_url},
    ),
    Action.SIGN_OFF: Announcement(
        Kind.SIGNED_OFF,
        gettext_lazy("%(round)s: hồ sơ của %(unit)s đã được ký duyệt kết quả thẩm định (tổng điểm đạt được %(total)s)."),
        {OFFICERS: _officer_url, ASSIGNED: _reviewer_url},
        context=_final_total,
    ),
    Action.REOPEN: Announcement(
        Kind.REOPENED,
        gettext_lazy("%(round)s: hồ sơ của %(unit)s được mở lại để thẩm định."),
        {OFFICERS: _officer_url, REVIEWERS: _reviewer_url},
    ),
    Action.PUBLISH: Announcement(
        Kind.PUBLISHED,
        gettext_lazy("%(round)s: kết quả đánh giá của %(unit)s đã được công bố."),
        {OFFICERS: _officer_url},
        reason_label=gettext_lazy("Ghi chú: %(reason)s"),
    ),
    Action.UNPUBLISH: Announcement(
        Kind.UNPUBLISHED,
        gettext_lazy("%(round)s: kết quả đánh giá của %(unit)s đã bị hủy công bố."),
        {OFFICERS: _officer_url},
    ),
    Action.EXCLUDE: Announcement(
        Kind.CLOSED_OUT,
        gettext_lazy("%(round)s: %(unit)s không nộp hồ sơ và được loại khỏi xếp hạng."),
        {OFFICERS: _officer_url, REVIEWERS: _reviewer_url},
    ),
    Action.SCORE_AS_IS: Announcement(
        Kind.CLOSED_OUT,
        gettext_lazy(
            "%(round)s: %(unit)s không nộp hồ sơ; hồ sơ được chấm theo số liệu đã nhập, không qua thẩm định "
            "(tổng điểm đạt được %(total)s), và được xếp hạng."
        ),
        {OFFICERS: _officer_url, REVIEWERS: _reviewer_url},
        context=_final_total,
    ),
    Event.DEADLINE_EXTENDED: Announcement(
        Kind.DEADLINE_EXTENDED,
        gettext_lazy("%(round)s: hạn nộp hồ sơ của %(unit)s được gia hạn đến %(deadline)s."),
        {OFFICERS: _officer_url},
        context=_deadline,
    ),
    # A round's changes, for each affected unit's officers (announce_round tells the reviewers).
    Event.ROUND_OPENED: Announcement(
        Kind.ROUND_OPENED,
        gettext_lazy("%(round)s đã mở nhận hồ sơ; hạn nộp của %(unit)s: %(deadline)s."),
        {OFFICERS: _officer_url},
        context=_deadline,
    ),
    Event.ROUND_DEADLINE_MOVED: Announcement(
        Kind.ROUND_DEADLINE,
        gettext_lazy("%(round)s: hạn nộp hồ sơ của %(unit)s được dời đến %(deadline)s."),
        {OFFICERS: _officer_url},
        context=_deadline,
    ),
    Event.ENTRY_CLOSED: Announcement(
        Kind.ROUND_DEADLINE,
        gettext_lazy("%(round)s đã đóng nhận hồ sơ lúc %(deadline)s; bản nháp của %(unit)s không sửa được nữa."),
        {OFFICERS: _officer_url},
        context=_deadline,
    ),
}


@dataclass(frozen=True)
class RoundAnnouncement:
    """What the reviewers read of a round's change: once for the round, with its dashboard."""

    kind: str
    message: str  # lazy; placeholders: round, deadline (the round's), n (units concerned)


ROUND_ANNOUNCEMENTS: dict[str, RoundAnnouncement] = {
    Event.ROUND_OPENED: RoundAnnouncement(
        Kind.ROUND_OPENED, gettext_lazy("%(round)s đã mở nhận hồ sơ của %(n)d đơn vị; hạn nộp %(deadline)s.")
    ),
    Event.ROUND_DEADLINE_MOVED: RoundAnnouncement(
        Kind.ROUND_DEADLINE, gettext_lazy("%(round)s: hạn nộp hồ sơ được dời đến %(deadline)s (%(n)d đơn vị chưa nộp).")
    ),
    Event.ENTRY_CLOSED: RoundAnnouncement(
        Kind.ROUND_DEADLINE, gettext_lazy("%(round)s đã đóng nhận hồ sơ lúc %(deadline)s; %(n)d đơn vị chưa nộp.")
    ),
}


def _audience(name: str, submission: Submission) -> list:
    if name == OFFICERS:
        return unit_officers(submission.unit)
    if name == REVIEWERS:
        return reviewers_of(submission)
    if name == LEADERS:
        return province_leaders(submission.unit_id)
    return [submission.assigned_reviewer] if submission.assigned_reviewer_id else []


def message_for(submission: Submission, key: str, *, reason: str = "", details: str = "") -> str:
    announcement = ANNOUNCEMENTS[key]
    context = {"round": submission.round, "unit": submission.unit.name}
    if announcement.context:
        context |= announcement.context(submission)
    parts = [str(announcement.message) % context]
    if details:
        parts.append(details)
    if reason:
        parts.append(str(announcement.reason_label) % {"reason": reason})
    return " ".join(parts)


def announce(submission: Submission, key: str, *, actor=None, reason: str = "", details: str = "") -> int:
    """Tell every audience of `key` (a workflow Action or an Event) about this submission;
    returns how many people were told. Call inside the change's transaction.

    `details`: a sentence the caller adds (e.g. which indicators were returned)."""
    announcement = ANNOUNCEMENTS[key]
    message = message_for(submission, key, reason=reason, details=details)
    actor_pk = getattr(actor, "pk", None)
    told: set[int] = set()
    for audience, url in announcement.audiences.items():
        people = [u for u in _audience(audience, submission) if u.pk != actor_pk and u.pk not in told]
        if people:
            notify(recipients=people, kind=announcement.kind, message=message, url=url(submission))
            told |= {u.pk for u in people}
    return len(told)


def announce_round(rnd: Round, key: str, *, submissions, actor=None, reason: str = "") -> int:
    """Tell a round's change (an Event of ROUND_ANNOUNCEMENTS): the officers of each of
    `submissions` (the units it concerns) in their unit's words, and every reviewer and lead
    reviewer once. Returns how many people were told. Call inside the change's transaction."""
    told = 0
    submissions = list(submissions)
    for submission in submissions:
        submission.round = rnd  # the message reads the round's new deadline, not a stale copy
        told += announce(submission, key, actor=actor, reason=reason)
    announcement = ROUND_ANNOUNCEMENTS[key]
    message = str(announcement.message) % {
        "round": rnd, "deadline": formatting.moment(rnd.closes_at), "n": len(submissions)
    }
    if reason:
        message += " " + str(ANNOUNCEMENTS[key].reason_label) % {"reason": reason}
    people = [u for u in reviewers(rnd.authority_id) if u.pk != getattr(actor, "pk", None)]
    notify(recipients=people, kind=announcement.kind, message=message, url=reverse("review:dashboard", args=[rnd.pk]))
    return told + len(people)


def returned_details(codes: list[str]) -> str:
    """The sentence a return adds: which indicators the province must answer."""
    return _("Các chỉ số cần bổ sung, giải trình (%(n)d): %(codes)s.") % {"n": len(codes), "codes": ", ".join(codes)}


# --- The contributions' moves (workflow.CONTRIBUTION_TRANSITIONS) -----------------------------
# Audiences: the assigned contributor (their assignment's page) or the province's officers
# (the review of the hand-in). The mover is never told.

CONTRIBUTOR = "contributor"


def _contributor_url(assignment) -> str:
    return reverse("assessments:contribution", args=[assignment.pk])


def _review_url(assignment) -> str:
    return reverse("assessments:contribution_review", args=[assignment.pk])


def _due(assignment) -> dict:
    return {"due": formatting.moment(assignment.due_at)}


CONTRIBUTION_ANNOUNCEMENTS: dict[str, Announcement] = {
    ContributionAction.ASSIGN: Announcement(
        Kind.CONTRIBUTION_ASSIGNED,
        gettext_lazy("%(round)s: %(unit)s giao cho bạn nhập số liệu của %(n)d chỉ số, hạn %(due)s."),
        {CONTRIBUTOR: _contributor_url},
        reason_label=gettext_lazy("Ghi chú: %(reason)s"),
        context=lambda a: _due(a) | {"n": a.indicators.count()},
    ),
    ContributionAction.HAND_IN: Announcement(
        Kind.CONTRIBUTION_HANDED_IN,
        gettext_lazy("%(round)s: %(contributor)s đã nộp số liệu được giao; cần tỉnh duyệt."),
        {OFFICERS: _review_url},
    ),
    ContributionAction.ACCEPT: Announcement(
        Kind.CONTRIBUTION_ACCEPTED,
        gettext_lazy("%(round)s: %(unit)s đã chấp nhận số liệu bạn nộp."),
        {CONTRIBUTOR: _contributor_url},
    ),
    ContributionAction.SEND_BACK: Announcement(
        Kind.CONTRIBUTION_SENT_BACK,
        gettext_lazy("%(round)s: %(unit)s trả lại số liệu bạn nộp, hạn %(due)s."),
        {CONTRIBUTOR: _contributor_url},
        context=_due,
    ),
}


def announce_contribution(assignment, key: str, *, actor=None, reason: str = "") -> int:
    """Tell the move's audience (inside the move's transaction); returns how many were told."""
    announcement = CONTRIBUTION_ANNOUNCEMENTS[key]
    submission = assignment.submission
    context = {"round": submission.round, "unit": submission.unit.name, "contributor": assignment.contributor.display_name}
    if announcement.context:
        context |= announcement.context(assignment)
    message = str(announcement.message) % context
    if reason:
        message += " " + str(announcement.reason_label) % {"reason": reason}
    actor_pk = getattr(actor, "pk", None)
    told = 0
    for audience, url in announcement.audiences.items():
        people = [assignment.contributor] if audience == CONTRIBUTOR else unit_officers(submission.unit)
        people = [u for u in people if u.pk != actor_pk]
        if people:
            notify(recipients=people, kind=announcement.kind, message=message, url=url(assignment))
            told += len(people)
    return told
