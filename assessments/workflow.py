"""The submission workflow: one transition table and one `transition()`.

Every change of a submission's status goes through `transition`, which checks the actor's
role and the current state, moves the status with compare-and-set (so two people cannot
both move the same submission), and writes the audit row — all in the caller's transaction.
Preconditions that need more than the status (completeness, deadline, appraisal done) are
checked by the service that calls it; follow-up work is scheduled by that service with
`transaction.on_commit`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import access, audit
from accounts.models import Interface

from .models import Submission, SubmissionStatus

S = SubmissionStatus


class TransitionError(Exception):
    """The move is not allowed: wrong role or wrong state. The message is for the user."""


class TransitionConflict(TransitionError):
    """Someone else moved the submission first."""


def _own_unit(user, submission) -> bool:
    return access.is_officer(user) and user.unit_id == submission.unit_id


@dataclass(frozen=True)
class Move:
    sources: frozenset[str]
    target: str
    allowed: Callable[[object, Submission], bool]
    label: str


class Action:
    SUBMIT = "submit"
    START_REVIEW = "start_review"
    RETURN = "return"
    RESUBMIT = "resubmit"
    SIGN_OFF = "sign_off"
    REOPEN = "reopen"
    PUBLISH = "publish"
    UNPUBLISH = "unpublish"


TRANSITIONS: dict[str, Move] = {
    Action.SUBMIT: Move(frozenset({S.DRAFT}), S.SUBMITTED, _own_unit, _("gửi hồ sơ")),
    Action.START_REVIEW: Move(
        frozenset({S.SUBMITTED, S.RESUBMITTED}), S.UNDER_REVIEW, lambda u, s: access.is_reviewer(u), _("bắt đầu thẩm định")
    ),
    Action.RETURN: Move(frozenset({S.UNDER_REVIEW}), S.RETURNED, lambda u, s: access.is_reviewer(u), _("yêu cầu bổ sung")),
    Action.RESUBMIT: Move(frozenset({S.RETURNED}), S.RESUBMITTED, _own_unit, _("gửi bổ sung")),
    Action.SIGN_OFF: Move(
        frozenset({S.UNDER_REVIEW}), S.SIGNED_OFF, lambda u, s: access.is_lead_reviewer(u), _("ký duyệt kết quả thẩm định")
    ),
    Action.REOPEN: Move(frozenset({S.SIGNED_OFF}), S.UNDER_REVIEW, lambda u, s: access.is_admin(u), _("mở lại hồ sơ")),
    Action.PUBLISH: Move(frozenset({S.SIGNED_OFF}), S.PUBLISHED, lambda u, s: access.is_admin(u), _("công bố")),
    Action.UNPUBLISH: Move(frozenset({S.PUBLISHED}), S.SIGNED_OFF, lambda u, s: access.is_admin(u), _("hủy công bố")),
}

# Statuses in which the province may edit its values (RETURNED: only the returned items).
EDITABLE_BY_PROVINCE = frozenset({S.DRAFT, S.RETURNED})


def allowed_actions(user, submission: Submission) -> list[str]:
    return [
        name
        for name, move in TRANSITIONS.items()
        if submission.status in move.sources and move.allowed(user, submission)
    ]


def transition(
    submission: Submission,
    action: str,
    *,
    actor,
    reason: str = "",
    interface: str = Interface.WEB,
    extra_fields: dict | None = None,
) -> Submission:
    """Move `submission` by `action`; returns it refreshed. Raises TransitionError."""
    move = TRANSITIONS.get(action)
    if move is None:
        raise TransitionError(_("Thao tác không hợp lệ."))
    if not move.allowed(actor, submission):
        raise TransitionError(_("Bạn không có quyền %(label)s cho hồ sơ này.") % {"label": move.label})
    old_status = submission.status
    if old_status not in move.sources:
        raise TransitionError(
            _("Không thể %(label)s khi hồ sơ đang ở trạng thái “%(status)s”.")
            % {"label": move.label, "status": submission.get_status_display()}
        )
    now = timezone.now()
    fields = {"status": move.target, "status_changed_at": now, **(extra_fields or {})}
    with transaction.atomic():
        # Compare-and-set: only one of two concurrent movers finds the old status.
        moved = Submission.objects.filter(pk=submission.pk, status=old_status).update(**fields)
        if moved != 1:
            raise TransitionConflict(
                _("Hồ sơ vừa được người khác thay đổi trạng thái. Vui lòng tải lại trang để xem trạng thái mới.")
            )
        audit.record(
            action=f"submission.{action}",
            actor=actor,
            target=submission,
            unit=submission.unit,
            old={"status": old_status},
            new={"status": move.target},
            note=reason,
            interface=interface,
        )
    submission.refresh_from_db()
    return submission
