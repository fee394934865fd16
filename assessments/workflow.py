"""The submission workflow: one transition table and one `transition()`.

Every change of a submission's status goes through `transition`, which checks the actor's
role and the current state, moves the status with compare-and-set (so two people cannot
both move the same submission), and writes the audit row — all in the caller's transaction.
Preconditions that need more than the status (completeness, deadline, appraisal done) are
checked by the service that calls it; follow-up work is scheduled by that service with
`transaction.on_commit`.

Beside the table lives the workflow's vocabulary, the one home of each rule every app reads:
the status groups (LEADER_STAGE, DRAFT_OWNED, IN_REVIEW, FINAL, UNRANKED, SETTLED,
PROVINCE_EDITABLE, SENT), who reads what (`reviewer_may_read`), when reviewers work
(`may_appraise_now`), the province's edit rule (`province_edit_refusal`, `province_may_edit`),
how it sends (`send_action`) and whether its leader approves first (`needs_leader_approval`,
`approval_refusal`), when an admin closes out a unit that did not submit (`may_close_out`,
CLOSE_OUT_MOVES) and where a round stands (`round_phase`). Submission's properties (is_draft,
in_review, is_final …) read these groups for the templates.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import access, audit, notifications
from accounts.models import Interface
from core import formatting

from .models import Assignment, AssignmentStatus, CloseOut, RoundPhase, Submission, SubmissionStatus

S = SubmissionStatus

# --- The status vocabulary: every app reads these groups, none writes its own ----------------

# With the province's leader (issue 17): asked to approve, or approved and not yet sent.
# Nothing is editable there; the officer asks the leader to return it to change anything.
LEADER_STAGE = frozenset({S.AWAITING_APPROVAL, S.APPROVED})
# The province's own business: nobody but its officers (and its leader) reads it (reviewers 404).
DRAFT_OWNED = frozenset({S.DRAFT}) | LEADER_STAGE
# Sent and not yet taken under review: the first appraisal (or "start") takes it.
AWAITING_REVIEW = frozenset({S.SUBMITTED, S.RESUBMITTED})
# With the reviewers: they appraise, ask questions and return items.
IN_REVIEW = AWAITING_REVIEW | {S.UNDER_REVIEW}
# Reviewed and signed off: the final points are fixed and count in the ranking. A unit closed
# out "scored as is" is signed off too (Submission.closeout_kind says how).
FINAL = frozenset({S.SIGNED_OFF, S.PUBLISHED})
# Closed out without a result: a unit that never submitted, which an admin excluded. Nothing
# more happens to it; it is never ranked, and the public ranking lists it as excluded.
UNRANKED = frozenset({S.EXCLUDED})
# Nothing left to decide before publication: ranked with final points, or excluded.
SETTLED = FINAL | UNRANKED
# The province may change something (a draft: everything; returned: the returned items).
PROVINCE_EDITABLE = frozenset({S.DRAFT, S.RETURNED})
# Every status once sent. A RETURNED submission was sent before and is answered under the
# reviewers' eyes. An excluded unit never sent anything: it is not counted as sent.
SENT = frozenset(S.values) - DRAFT_OWNED - UNRANKED


def reviewer_may_read(submission) -> bool:
    """Reviewers, lead reviewers and admins see a submission from the moment it is sent, or
    once an admin closed it out (it is then the Authority's record, no longer a draft)."""
    return submission.status not in DRAFT_OWNED


def may_appraise_now(submission) -> bool:
    """The state in which reviewers appraise, ask and return (who may is review.access's call)."""
    return submission.status in IN_REVIEW


def deadline_passed(submission, now=None) -> bool:
    return (now or timezone.now()) >= submission.deadline


def may_close_out(submission, now=None) -> bool:
    """A unit that did not submit may be closed out (excluded, or scored as is) once its own
    deadline (the round's, or its extension) has passed and it is still a draft."""
    return submission.status in DRAFT_OWNED and deadline_passed(submission, now)


def round_phase(rnd, counts, now=None) -> str:
    """Where `rnd` stands (a RoundPhase), from its dates and `counts` ({status: submissions}).

    Published while any submission is published (publishing moves them all, withdrawing moves
    them back); before its opening it is not open; until its deadline it is open; after it,
    entry is closed while drafts remain (still to send under an extension, or to close out),
    and the round is under review once none does."""
    now = now or timezone.now()
    if counts.get(S.PUBLISHED):
        return RoundPhase.PUBLISHED
    if now < rnd.opens_at:
        return RoundPhase.NOT_OPEN
    if now < rnd.closes_at:
        return RoundPhase.OPEN
    if any(counts.get(status) for status in DRAFT_OWNED):
        return RoundPhase.ENTRY_CLOSED
    return RoundPhase.UNDER_REVIEW


def province_edit_refusal(submission, values=None, *, now=None) -> str | None:
    """Why the province may not edit now, for the user; None when it may. The edit rule:

    - DRAFT: everything, until the deadline (Submission.deadline: the unit's extension or the
      round's closing time);
    - RETURNED: only the values a reviewer marked `awaiting_clarification` (and their
      evidence). The deadline does not apply: a return happens during review, after the
      window closed, and the province must be able to answer it;
    - awaiting the leader's approval or approved: nothing (the leader returns it to change it);
    - any other status: nothing (the submission is with the reviewers).

    `values`: the values to change; None means the general information (draft only: the
    denominators of a returned submission are what the reviewers are checking).
    Who may edit (an officer of the unit) is checked by the caller with is_unit_officer.
    """
    if submission.status in LEADER_STAGE:
        return _(
            "Hồ sơ đang ở trạng thái “%(status)s”; không thể sửa. Muốn sửa, hãy đề nghị lãnh đạo tỉnh trả lại hồ sơ."
        ) % {"status": submission.get_status_display()}
    if submission.status in DRAFT_OWNED:
        if deadline_passed(submission, now):
            return _("Đã quá hạn nộp (%(deadline)s); hồ sơ không thể sửa.") % {
                "deadline": formatting.moment(submission.deadline)
            }
        return None
    if values is None:
        return _("Thông tin chung chỉ sửa được khi hồ sơ còn là bản nháp.")
    if submission.status == S.RETURNED:
        for value in values:
            if not value.awaiting_clarification:
                return _(
                    "Chỉ số %(code)s không nằm trong yêu cầu bổ sung; chỉ được sửa các chỉ số được yêu cầu."
                ) % {"code": value.indicator.code}
        return None
    return _("Hồ sơ đang ở trạng thái “%(status)s”; tỉnh không thể sửa.") % {"status": submission.get_status_display()}


def province_may_edit(submission, value=None, *, now=None) -> bool:
    """For pages: may the province change this value (None: the general information) now?
    Automatically measured values are never the province's. Services re-check under a lock."""
    if value is not None and value.indicator.automatic:
        return False
    return province_edit_refusal(submission, None if value is None else [value], now=now) is None


def send_action(submission) -> str | None:
    """The move by which the province sends this submission now: first sending or answering a
    return; None when there is nothing to send."""
    return next(
        (a for a in (Action.SUBMIT, Action.RESUBMIT) if submission.status in TRANSITIONS[a].sources), None
    )


def needs_leader_approval(submission) -> bool:
    """The province has an active leader account, so its leader approves before it is sent.
    Provinces without one send their draft themselves (as before issue 17)."""
    return bool(notifications.province_leaders(submission.unit_id))


def approval_refusal(submission) -> str | None:
    """Why this submission may not be sent yet for want of the leader's approval; None when it
    may. The SUBMIT move's role check reads it, and the pages show it."""
    if submission.status == S.DRAFT and needs_leader_approval(submission):
        return _("Tỉnh có tài khoản lãnh đạo tỉnh: hồ sơ phải được lãnh đạo tỉnh phê duyệt trước khi gửi.")
    return None


class TransitionError(Exception):
    """The move is not allowed: wrong role or wrong state. The message is for the user."""


class TransitionConflict(TransitionError):
    """Someone else moved the submission first."""


def _own_unit(user, submission) -> bool:
    return access.is_unit_officer(user, submission.unit_id)


def _own_unit_may_send(user, submission) -> bool:
    return _own_unit(user, submission) and approval_refusal(submission) is None


def _own_unit_asks_leader(user, submission) -> bool:
    return _own_unit(user, submission) and needs_leader_approval(submission)


def _own_leader(user, submission) -> bool:
    return access.is_province_leader(user, submission.unit_id)


# The reviewers' and admins' moves are the submission's round's authority's (issue 18): a
# province's reviewers move its rounds' submissions only, the national ones the national rounds'.
def _round_reviewer(user, submission) -> bool:
    return access.is_reviewer_of(user, submission.round.authority_id)


def _round_lead_reviewer(user, submission) -> bool:
    return access.is_lead_reviewer_of(user, submission.round.authority_id)


def _round_admin(user, submission) -> bool:
    return access.is_admin_of(user, submission.round.authority_id)


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
    EXCLUDE = "exclude"
    SCORE_AS_IS = "score_as_is"
    REQUEST_APPROVAL = "request_approval"
    APPROVE = "approve"
    RETURN_TO_OFFICER = "return_to_officer"


TRANSITIONS: dict[str, Move] = {
    Action.REQUEST_APPROVAL: Move(
        frozenset({S.DRAFT}), S.AWAITING_APPROVAL, _own_unit_asks_leader, _("xin lãnh đạo tỉnh phê duyệt")
    ),
    Action.APPROVE: Move(frozenset({S.AWAITING_APPROVAL}), S.APPROVED, _own_leader, _("phê duyệt hồ sơ")),
    Action.RETURN_TO_OFFICER: Move(LEADER_STAGE, S.DRAFT, _own_leader, _("trả lại hồ sơ cho cán bộ tỉnh")),
    Action.SUBMIT: Move(frozenset({S.DRAFT, S.APPROVED}), S.SUBMITTED, _own_unit_may_send, _("gửi hồ sơ")),
    Action.START_REVIEW: Move(
        AWAITING_REVIEW, S.UNDER_REVIEW, _round_reviewer, _("bắt đầu thẩm định")
    ),
    Action.RETURN: Move(frozenset({S.UNDER_REVIEW}), S.RETURNED, _round_reviewer, _("yêu cầu bổ sung")),
    Action.RESUBMIT: Move(frozenset({S.RETURNED}), S.RESUBMITTED, _own_unit, _("gửi bổ sung")),
    Action.SIGN_OFF: Move(
        frozenset({S.UNDER_REVIEW}), S.SIGNED_OFF, _round_lead_reviewer, _("ký duyệt kết quả thẩm định")
    ),
    Action.REOPEN: Move(frozenset({S.SIGNED_OFF}), S.UNDER_REVIEW, _round_admin, _("mở lại hồ sơ")),
    Action.PUBLISH: Move(frozenset({S.SIGNED_OFF}), S.PUBLISHED, _round_admin, _("công bố")),
    Action.UNPUBLISH: Move(frozenset({S.PUBLISHED}), S.SIGNED_OFF, _round_admin, _("hủy công bố")),
    # Closing out a unit that never submitted (after its deadline: may_close_out, checked by
    # the service): excluded from the ranking, or signed off on what it entered, unreviewed.
    Action.EXCLUDE: Move(DRAFT_OWNED, S.EXCLUDED, _round_admin, _("loại khỏi xếp hạng")),
    Action.SCORE_AS_IS: Move(
        DRAFT_OWNED, S.SIGNED_OFF, _round_admin, _("chấm theo số liệu đã nhập")
    ),
}

# The admin's choice for a unit that did not submit → its move.
CLOSE_OUT_MOVES: dict[str, str] = {CloseOut.EXCLUDED: Action.EXCLUDE, CloseOut.AS_IS: Action.SCORE_AS_IS}


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
    notice: str = "",
) -> Submission:
    """Move `submission` by `action`; returns it refreshed. Raises TransitionError.

    `notice`: a sentence added to the move's announcement (e.g. which indicators returned)."""
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
        # Every move is announced here, in its transaction (the table: assessments.announcements).
        # Imported when called: announcements reads this module's Action.
        from .announcements import announce

        submission.refresh_from_db()  # the audiences read the moved row (e.g. a new assignee)
        announce(submission, action, actor=actor, reason=reason, details=notice)
    return submission


# --- The contributions' moves (issue 17): a second table, the same Move shape -----------------
#
# The province's officer assigns indicators of its draft to a contributor of one of its
# departments or communes; the contributor hands in; the officer accepts or sends back (with a
# reason), and a sent-back assignment is handed in again. The moves exist only while the
# submission is the province's draft (CONTRIBUTION_OPEN, before the deadline).

C = AssignmentStatus
# The pseudo-state of an assignment not yet made: ASSIGN creates the row.
UNASSIGNED = ""
CONTRIBUTION_OPEN = DRAFT_OWNED
# The contributor may type and hand in.
CONTRIBUTOR_EDITABLE = frozenset({C.ASSIGNED, C.SENT_BACK})


def contribution_refusal(submission, *, now=None) -> str | None:
    """Why no contribution move may be made on this submission now; None when one may."""
    if submission.status not in CONTRIBUTION_OPEN:
        return _("Hồ sơ không còn là bản nháp; không thể giao, nộp hay duyệt số liệu đóng góp.")
    return province_edit_refusal(submission, now=now)


def _province_officer(user, assignment: Assignment) -> bool:
    return access.is_unit_officer(user, assignment.submission.unit_id)


def _assignee(user, assignment: Assignment) -> bool:
    return (
        getattr(user, "pk", None) == assignment.contributor_id
        and access.is_contributor_of(user, assignment.submission.unit_id)
    )


class ContributionAction:
    ASSIGN = "assign"
    HAND_IN = "hand_in"
    ACCEPT = "accept"
    SEND_BACK = "send_back"


CONTRIBUTION_TRANSITIONS: dict[str, Move] = {
    ContributionAction.ASSIGN: Move(frozenset({UNASSIGNED}), C.ASSIGNED, _province_officer, _("giao chỉ số")),
    ContributionAction.HAND_IN: Move(CONTRIBUTOR_EDITABLE, C.HANDED_IN, _assignee, _("nộp số liệu được giao")),
    ContributionAction.ACCEPT: Move(frozenset({C.HANDED_IN}), C.ACCEPTED, _province_officer, _("chấp nhận số liệu đóng góp")),
    ContributionAction.SEND_BACK: Move(frozenset({C.HANDED_IN}), C.SENT_BACK, _province_officer, _("trả lại số liệu đóng góp")),
}


def allowed_contribution_actions(user, assignment: Assignment) -> list[str]:
    if contribution_refusal(assignment.submission) is not None:
        return []
    return [
        name
        for name, move in CONTRIBUTION_TRANSITIONS.items()
        if assignment.status in move.sources and move.allowed(user, assignment)
    ]


def contribution_transition(
    assignment: Assignment, action: str, *, actor, reason: str = "", interface: str = Interface.WEB,
    extra_fields: dict | None = None,
) -> Assignment:
    """Move `assignment` by `action` (ASSIGN: the service saved the row UNASSIGNED, with its
    indicators, and this move makes it the contributor's); returns it refreshed. Raises TransitionError. Role, state, the submission's
    draft window, compare-and-set, the audit row and the announcement, as `transition`."""
    move = CONTRIBUTION_TRANSITIONS.get(action)
    if move is None:
        raise TransitionError(_("Thao tác không hợp lệ."))
    if not move.allowed(actor, assignment):
        raise TransitionError(_("Bạn không có quyền %(label)s cho việc này.") % {"label": move.label})
    old_status = assignment.status
    if old_status not in move.sources:
        raise TransitionError(
            _("Không thể %(label)s khi việc đang ở trạng thái “%(status)s”.")
            % {"label": move.label, "status": assignment.get_status_display()}
        )
    refusal = contribution_refusal(assignment.submission)
    if refusal is not None:
        raise TransitionError(refusal)
    now = timezone.now()
    fields = {"status": move.target, "status_changed_at": now, **(extra_fields or {})}
    with transaction.atomic():
        # Compare-and-set: only one of two concurrent movers finds the old status.
        moved = Assignment.objects.filter(pk=assignment.pk, status=old_status).update(**fields)
        if moved != 1:
            raise TransitionConflict(
                _("Việc này vừa được người khác thay đổi trạng thái. Vui lòng tải lại trang để xem trạng thái mới.")
            )
        audit.record(
            action=f"contribution.{action}",
            actor=actor,
            target=assignment,
            unit=assignment.submission.unit,
            old={"status": old_status},
            new={"status": move.target, "contributor": assignment.contributor_id},
            note=reason,
            interface=interface,
        )
        from .announcements import announce_contribution

        assignment.refresh_from_db()
        announce_contribution(assignment, action, actor=actor, reason=reason)
    return assignment
