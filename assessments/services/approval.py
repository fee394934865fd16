"""The province leader's approval before sending (issue 17): the officer asks, the leader
approves or returns the submission to the officer with a reason.

Whether approval is needed (the province has an active leader account) and who may make each
move are the transition table's (`workflow.needs_leader_approval`, TRANSITIONS); these services
add what needs more than the status: the deadline (asking and approving are allowed until it,
like editing), the mandatory reason of a return, and the approval's author and time.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import audit
from accounts.models import Interface

from ..models import Submission
from ..workflow import Action, TransitionError, deadline_passed, transition
from .checks import lock_submission
from .errors import AssessmentError

REASON_MAX_LENGTH = 2000


def _move(submission: Submission, action: str, *, actor, interface: str, reason: str = "", fields=None) -> Submission:
    with transaction.atomic():
        sub = lock_submission(submission)
        if action != Action.RETURN_TO_OFFICER and deadline_passed(sub):
            raise AssessmentError(_("Đã quá hạn nộp; không thể xin hoặc phê duyệt hồ sơ."))
        try:
            return transition(sub, action, actor=actor, reason=reason, interface=interface, extra_fields=fields)
        except TransitionError as exc:
            raise AssessmentError(str(exc)) from exc


def request_approval(*, actor, submission: Submission, interface: str = Interface.WEB) -> Submission:
    """The officer asks the province's leader to approve the draft (the leader is told)."""
    return _move(submission, Action.REQUEST_APPROVAL, actor=actor, interface=interface)


def approve(*, actor, submission: Submission, interface: str = Interface.WEB) -> Submission:
    """The leader approves: the officer may now send it. Who and when are kept on the row."""
    return _move(
        submission, Action.APPROVE, actor=actor, interface=interface,
        fields={"approved_by": actor, "approved_at": timezone.now()},
    )


def return_to_officer(*, actor, submission: Submission, reason: str, interface: str = Interface.WEB) -> Submission:
    """The leader returns it to the officer (a draft again) with a mandatory reason."""
    reason = (reason or "").strip()
    if not reason:
        raise AssessmentError(_("Hãy ghi lý do trả lại hồ sơ cho cán bộ tỉnh."))
    if len(reason) > REASON_MAX_LENGTH:
        raise AssessmentError(_("Lý do quá dài (tối đa %(n)d ký tự).") % {"n": REASON_MAX_LENGTH})
    return _move(
        submission, Action.RETURN_TO_OFFICER, actor=actor, interface=interface, reason=reason,
        fields={"approved_by": None, "approved_at": None},
    )


def contribution_statuses(submission: Submission) -> list:
    """Each contributor's status on this submission, for the leader's approval page: one row
    per contributor with the indicators assigned, handed in, accepted and overdue (the
    officer's progress board, assessments.contribution_board)."""
    # Imported when called: the board reads the contribution services of this package.
    from ..contribution_board import board

    return board(submission)


def last_return(submission: Submission):
    """The leader's latest return of this submission to the officer (its audit row), or None
    when the last move by the leader was not a return. For the officer's banner."""
    entry = audit.history_for(submission).filter(action__startswith="submission.").order_by("-created_at", "-pk").first()
    return entry if entry is not None and entry.action == f"submission.{Action.RETURN_TO_OFFICER}" else None
