"""Writes of the review: appraisal, clarification threads, assignment, sign-off, reopening.

Every function takes keyword-only arguments, checks the actor's permission and the
submission's state, writes an audit row with old → new, and commits atomically. Status
changes go through `assessments.workflow.transition` (compare-and-set + audit); follow-ups
(emails, the ranking recompute) are dispatched on commit by the helpers they call. Every
status move is announced by `transition` (assessments.announcements); only the assignment,
which is no move, notifies here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import F, Max, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access as account_access
from accounts import audit
from accounts.models import Interface, User
from accounts.notifications import notify
from assessments import announcements, workflow
from assessments.models import IndicatorValue, MainIndex, Round, Submission, SubmissionStatus
from assessments.scoring import parse_number
from assessments.workflow import Action, TransitionConflict, TransitionError
from core import formatting
from results.services import request_recompute

from . import access
from .models import Clarification, ClarificationMessage, ClarificationStatus

S = SubmissionStatus
MAX_TEXT = 5000


class ReviewError(Exception):
    """The request is refused; the message is for the user. Nothing was changed."""


# --- helpers ------------------------------------------------------------------------------


def parse_points(raw, *, max_points: Decimal) -> Decimal:
    """A reviewed score typed by a person: Vietnamese or English decimals, 0 … max, 2 places."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        raise ReviewError(_("Hãy nhập điểm thẩm định."))
    try:
        value = parse_number(raw)
    except ValueError:
        raise ReviewError(_("“%(raw)s” không phải là số hợp lệ (ví dụ: 7,5).") % {"raw": raw}) from None
    if value < 0 or value > max_points:
        raise ReviewError(
            _("Điểm thẩm định phải nằm trong khoảng 0 – %(max)s.") % {"max": _fmt(max_points)}
        )
    if value != value.quantize(Decimal("0.01")):
        raise ReviewError(_("Điểm thẩm định có tối đa 2 chữ số thập phân."))
    return value.quantize(Decimal("0.01"))


def _fmt(value: Decimal | None) -> str:
    return formatting.number(value)  # "7,5", "10": as few decimals as the value needs


def _clean_text(raw: str | None, *, required_message: str) -> str:
    text = (raw or "").strip()
    if not text:
        raise ReviewError(required_message)
    if len(text) > MAX_TEXT:
        raise ReviewError(_("Nội dung quá dài (tối đa %(n)d ký tự).") % {"n": MAX_TEXT})
    return text


def _require_appraiser(actor, submission: Submission) -> None:
    if not access.can_appraise(actor, submission):
        if account_access.is_reviewer_of(actor, submission.round.authority_id):
            raise ReviewError(
                _("Hồ sơ này đã được phân công cho %(name)s.") % {"name": submission.assigned_reviewer}
            )
        raise ReviewError(_("Bạn không có quyền thẩm định hồ sơ này."))


def _ensure_under_review(submission: Submission, *, actor, interface: str) -> Submission:
    """A submission that arrived or came back is taken under review by the first appraisal."""
    if submission.status in workflow.AWAITING_REVIEW:
        try:
            submission = workflow.transition(submission, Action.START_REVIEW, actor=actor, interface=interface)
            if submission.assigned_reviewer_id is None:
                _take(submission, actor=actor, interface=interface)  # as the "start" button does
            return submission
        except TransitionConflict:
            # Another reviewer's first appraisal started it a moment ago: that is no conflict.
            submission.refresh_from_db(fields=["status", "status_changed_at", "signed_off_at"])
    if submission.status != S.UNDER_REVIEW:
        raise ReviewError(
            _("Không thể thẩm định khi hồ sơ đang ở trạng thái “%(status)s”.")
            % {"status": submission.get_status_display()}
        )
    return submission


def _officer_url(submission: Submission) -> str:
    return reverse("review:clarifications", args=[submission.pk])


def _reviewer_url(submission: Submission) -> str:
    return reverse("review:submission", args=[submission.pk])


# --- starting ------------------------------------------------------------------------------


def start_review(*, submission: Submission, actor, interface: str = Interface.WEB) -> Submission:
    """Take a submitted (or resubmitted) submission under review.

    Nobody assigned: the reviewer who starts it takes it (audited like the lead's
    assignment), so the queue, the workload table and their home count it as theirs and
    another reviewer does not appraise it in parallel. Assigned to someone else: only the
    lead may start it (`_require_appraiser` says who holds it), and the assignment stays.
    """
    _require_appraiser(actor, submission)
    with transaction.atomic():
        submission = workflow.transition(submission, Action.START_REVIEW, actor=actor, interface=interface)
        if submission.assigned_reviewer_id is None:
            _take(submission, actor=actor, interface=interface)
    return submission


def _take(submission: Submission, *, actor, interface: str) -> None:
    # Compare-and-set: a lead's assignment made a moment ago wins over taking it.
    if Submission.objects.filter(pk=submission.pk, assigned_reviewer__isnull=True).update(assigned_reviewer=actor):
        submission.assigned_reviewer = actor
        audit.record(
            action="review.assign",
            actor=actor,
            target=submission,
            unit=submission.unit,
            old={"assigned_reviewer": None},
            new={"assigned_reviewer": actor.username},
            note=_("Nhận hồ sơ khi bắt đầu thẩm định"),
            interface=interface,
        )
    else:
        submission.refresh_from_db(fields=["assigned_reviewer"])


# --- appraisal -----------------------------------------------------------------------------


def appraise(
    *,
    value: IndicatorValue,
    actor,
    points,
    reason: str = "",
    version: int | None = None,
    interface: str = Interface.WEB,
) -> IndicatorValue:
    """Record the reviewed score of one indicator (accepting the self-score or adjusting it).

    A reason is mandatory whenever the reviewed score differs from the self-score. `version`
    is the value's version the reviewer's form was based on: a stale one is refused, so two
    reviewers cannot silently overwrite each other. Appraising closes the value's open
    clarification threads (the reviewer has read the answer and decided).
    """
    submission = value.submission
    _require_appraiser(actor, submission)
    if not workflow.may_appraise_now(submission):
        raise ReviewError(
            _("Không thể thẩm định khi hồ sơ đang ở trạng thái “%(status)s”.")
            % {"status": submission.get_status_display()}
        )
    indicator = value.indicator
    new_points = parse_points(points, max_points=indicator.max_points)
    reason = (reason or "").strip()
    if len(reason) > MAX_TEXT:
        raise ReviewError(_("Nội dung quá dài (tối đa %(n)d ký tự).") % {"n": MAX_TEXT})
    if new_points != value.self_points and not reason:
        raise ReviewError(
            _("Điểm thẩm định (%(new)s) khác điểm tự đánh giá (%(old)s): hãy nêu lý do điều chỉnh.")
            % {"new": _fmt(new_points), "old": _fmt(value.self_points)}
        )
    now = timezone.now()
    old = {"reviewed_points": value.reviewed_points, "review_reason": value.review_reason}
    with transaction.atomic():
        value.submission = _ensure_under_review(submission, actor=actor, interface=interface)
        base = IndicatorValue.objects.filter(pk=value.pk)
        if version is not None:
            base = base.filter(version=version)
        updated = base.update(
            reviewed_points=new_points,
            review_reason=reason,
            reviewed_by=actor,
            reviewed_at=now,
            version=F("version") + 1,
        )
        if updated != 1:
            raise ReviewError(
                _("Chỉ số %(code)s vừa được người khác thay đổi. Vui lòng tải lại trang rồi thẩm định lại.")
                % {"code": indicator.code}
            )
        closed = Clarification.objects.filter(value=value).exclude(status=ClarificationStatus.CLOSED).update(
            status=ClarificationStatus.CLOSED, closed_by=actor, closed_at=now
        )
        # The first appraisal after a return restores or replaces the one it set aside.
        Clarification.objects.filter(value=value, reappraised_at__isnull=True).update(
            reappraised_points=new_points, reappraised_reason=reason, reappraised_at=now
        )
        audit.record(
            action="review.appraise",
            actor=actor,
            target=value,
            unit=submission.unit,
            old=old,
            new={"reviewed_points": new_points, "review_reason": reason, "self_points": value.self_points},
            note=_("Đóng %(n)d yêu cầu giải trình") % {"n": closed} if closed else "",
            interface=interface,
        )
    value.refresh_from_db()
    return value


@dataclass(frozen=True)
class Accepted:
    """What "accept the self-scores" did: the codes accepted, and those left for one by one."""

    accepted: list[str]
    not_entered: list[str]  # no self-score to accept
    questioned: list[str]  # an unanswered or unclosed question: the reviewer decides alone


def accept_self_scores(
    *, submission: Submission, main_index: MainIndex, actor, interface: str = Interface.WEB
) -> Accepted:
    """Accept the self-score of every indicator of `main_index` not yet appraised.

    Already appraised values are left as they are (an adjustment is never overwritten), so
    are values without a self-score and values with an open question. Each accepted value
    gets its own `review.appraise` audit row, the same as a single appraisal: a value's
    history is read per value, and one summarising row on the submission would leave each
    indicator's history silent about who accepted its score. The rows are locked, so an
    appraisal saved meanwhile by someone else is not overwritten either.
    """
    _require_appraiser(actor, submission)
    if not workflow.may_appraise_now(submission):
        raise ReviewError(
            _("Không thể thẩm định khi hồ sơ đang ở trạng thái “%(status)s”.")
            % {"status": submission.get_status_display()}
        )
    now = timezone.now()
    note = _("Chấp nhận điểm tự đánh giá cho các chỉ số còn lại của chỉ số chính %(code)s") % {
        "code": main_index.code
    }
    with transaction.atomic():
        submission = _ensure_under_review(submission, actor=actor, interface=interface)
        remaining = list(
            IndicatorValue.objects.select_for_update(of=("self",))
            .filter(submission=submission, indicator__main_index=main_index, reviewed_at__isnull=True)
            .select_related("indicator")
            .order_by("indicator__order")
        )
        questioned_ids = set(
            Clarification.objects.filter(value__in=remaining)
            .exclude(status=ClarificationStatus.CLOSED)
            .values_list("value_id", flat=True)
        )
        not_entered = [v for v in remaining if v.self_points is None]
        questioned = [v for v in remaining if v.pk in questioned_ids or v.awaiting_clarification]
        chosen = [v for v in remaining if v.self_points is not None and v not in questioned]
        if chosen:
            IndicatorValue.objects.filter(pk__in=[v.pk for v in chosen]).update(
                reviewed_points=F("self_points"), review_reason="", reviewed_by=actor, reviewed_at=now,
                version=F("version") + 1,
            )
            for v in chosen:
                Clarification.objects.filter(value=v, reappraised_at__isnull=True).update(
                    reappraised_points=v.self_points, reappraised_reason="", reappraised_at=now
                )
            audit.record_many(
                dict(
                    action="review.appraise", actor=actor, target=v, unit=submission.unit,
                    old={"reviewed_points": None, "review_reason": ""},
                    new={"reviewed_points": v.self_points, "review_reason": "", "self_points": v.self_points},
                    note=note, interface=interface,
                )
                for v in chosen
            )
    return Accepted(
        accepted=[v.indicator.code for v in chosen],
        not_entered=[v.indicator.code for v in not_entered],
        questioned=[v.indicator.code for v in questioned if v.self_points is not None],
    )


# --- clarification loop --------------------------------------------------------------------


def return_for_clarification(
    *,
    submission: Submission,
    actor,
    questions: Mapping[int, str],
    note: str = "",
    interface: str = Interface.WEB,
) -> list[Clarification]:
    """Return chosen indicators to the province, each with a question.

    The submission becomes RETURNED; the returned values are marked awaiting clarification
    (the only ones the province may change) and their live appraisal is cleared, because the
    province may correct them: the reviewer appraises them again after the answer. The
    earlier appraisal (points, reason, who, when) is kept on the question, shown as set aside
    until the re-appraisal restores or replaces it; the general `note` travels with the
    questions to the officer.
    """
    _require_appraiser(actor, submission)
    asked = {int(pk): (q or "").strip() for pk, q in questions.items() if (q or "").strip()}
    if not asked:
        raise ReviewError(_("Hãy chọn ít nhất một chỉ số và nhập câu hỏi cho chỉ số đó."))
    for text in asked.values():
        _clean_text(text, required_message="")
    if len((note or "").strip()) > MAX_TEXT:
        raise ReviewError(_("Nội dung quá dài (tối đa %(n)d ký tự).") % {"n": MAX_TEXT})
    values = list(
        IndicatorValue.objects.filter(submission=submission, pk__in=asked).select_related("indicator")
    )
    if len(values) != len(asked):
        raise ReviewError(_("Có chỉ số không thuộc hồ sơ này."))
    if not workflow.may_appraise_now(submission):
        raise ReviewError(
            _("Không thể yêu cầu bổ sung khi hồ sơ đang ở trạng thái “%(status)s”.")
            % {"status": submission.get_status_display()}
        )
    now = timezone.now()
    with transaction.atomic():
        submission = _ensure_under_review(submission, actor=actor, interface=interface)
        codes = [v.indicator.code for v in sorted(values, key=lambda v: v.indicator.order)]
        submission = workflow.transition(
            submission, Action.RETURN, actor=actor, reason=(note or "").strip()[:MAX_TEXT], interface=interface,
            notice=announcements.returned_details(codes),
        )
        last = Clarification.objects.filter(submission=submission).aggregate(n=Max("round_number"))["n"] or 0
        note = (note or "").strip()
        created = Clarification.objects.bulk_create(
            [
                Clarification(
                    value=v, submission=submission, round_number=last + 1, question=asked[v.pk],
                    asked_by=actor, asked_at=now, return_note=note,
                    # The appraisal set aside by this return, kept for both sides to read.
                    previous_points=v.reviewed_points, previous_reason=v.review_reason,
                    previous_reviewed_by_id=v.reviewed_by_id, previous_reviewed_at=v.reviewed_at,
                )
                for v in values
            ]
        )
        IndicatorValue.objects.filter(pk__in=[v.pk for v in values]).update(
            awaiting_clarification=True,
            reviewed_points=None,
            review_reason="",
            reviewed_by=None,
            reviewed_at=None,
            version=F("version") + 1,
        )
        for v in values:
            audit.record(
                action="review.request_clarification",
                actor=actor,
                target=v,
                unit=submission.unit,
                old={
                    "reviewed_points": v.reviewed_points, "review_reason": v.review_reason,
                    "awaiting_clarification": v.awaiting_clarification,
                },
                new={"reviewed_points": None, "awaiting_clarification": True, "question": asked[v.pk]},
                interface=interface,
            )
    return created


def answer_clarification(
    *, clarification: Clarification, actor, body: str, interface: str = Interface.WEB
) -> ClarificationMessage:
    """The province answers a question (text); corrected values and new evidence go through
    the officer's own entry pages."""
    submission = clarification.submission
    if not account_access.is_unit_officer(actor, submission.unit_id):
        raise ReviewError(_("Chỉ cán bộ của đơn vị được trả lời yêu cầu giải trình."))
    if submission.status != S.RETURNED:
        raise ReviewError(_("Hồ sơ không còn ở trạng thái chờ bổ sung, giải trình."))
    if clarification.status == ClarificationStatus.CLOSED:
        raise ReviewError(_("Yêu cầu giải trình này đã được đóng."))
    text = _clean_text(body, required_message=_("Hãy nhập nội dung giải trình."))
    with transaction.atomic():
        message = ClarificationMessage.objects.create(clarification=clarification, author=actor, body=text)
        old_status = clarification.status
        Clarification.objects.filter(pk=clarification.pk).update(status=ClarificationStatus.ANSWERED)
        clarification.status = ClarificationStatus.ANSWERED
        audit.record(
            action="review.answer_clarification",
            actor=actor,
            target=clarification.value,
            unit=submission.unit,
            old={"status": old_status},
            new={"status": ClarificationStatus.ANSWERED, "answer": text},
            interface=interface,
        )
    return message


def close_clarification(
    *, clarification: Clarification, actor, note: str = "", interface: str = Interface.WEB
) -> Clarification:
    """The reviewer accepts the province's explanation without changing the appraisal flow."""
    submission = clarification.submission
    _require_appraiser(actor, submission)
    if not workflow.may_appraise_now(submission):
        raise ReviewError(
            _("Không thể đóng yêu cầu khi hồ sơ đang ở trạng thái “%(status)s”.")
            % {"status": submission.get_status_display()}
        )
    if clarification.status == ClarificationStatus.CLOSED:
        raise ReviewError(_("Yêu cầu giải trình này đã được đóng."))
    text = (note or "").strip()
    if len(text) > MAX_TEXT:
        raise ReviewError(_("Nội dung quá dài (tối đa %(n)d ký tự).") % {"n": MAX_TEXT})
    now = timezone.now()
    with transaction.atomic():
        if text:
            ClarificationMessage.objects.create(clarification=clarification, author=actor, body=text)
        old_status = clarification.status
        Clarification.objects.filter(pk=clarification.pk).update(
            status=ClarificationStatus.CLOSED, closed_by=actor, closed_at=now
        )
        audit.record(
            action="review.close_clarification",
            actor=actor,
            target=clarification.value,
            unit=submission.unit,
            old={"status": old_status},
            new={"status": ClarificationStatus.CLOSED},
            note=text,
            interface=interface,
        )
    clarification.refresh_from_db()
    return clarification


# --- assignment ----------------------------------------------------------------------------


def assign_reviewer(
    *, submissions: Sequence[Submission], reviewer: User | None, actor, interface: str = Interface.WEB
) -> int:
    """The lead reviewer assigns submissions to a reviewer (None: unassign). Returns the count."""
    if not account_access.is_any_lead_reviewer(actor):
        raise ReviewError(_("Chỉ trưởng nhóm thẩm định được phân công hồ sơ."))
    if reviewer is not None and not account_access.is_any_reviewer(reviewer):
        raise ReviewError(_("Người được phân công phải là chuyên viên thẩm định."))
    if not submissions:
        raise ReviewError(_("Hãy chọn ít nhất một hồ sơ."))
    # The submissions' rounds' authorities (one query): the actor leads, the reviewer reviews, in each.
    authorities = set(Round.objects.filter(pk__in={s.round_id for s in submissions}).values_list("authority_id", flat=True))
    if not all(account_access.is_lead_reviewer_of(actor, a) for a in authorities):
        raise ReviewError(_("Chỉ trưởng nhóm thẩm định được phân công hồ sơ."))
    if reviewer is not None and not all(account_access.is_reviewer_of(reviewer, a) for a in authorities):
        raise ReviewError(_("Người được phân công phải là chuyên viên thẩm định."))
    changed = []
    with transaction.atomic():
        for sub in submissions:
            if sub.assigned_reviewer_id == (reviewer.pk if reviewer else None):
                continue
            old = sub.assigned_reviewer
            Submission.objects.filter(pk=sub.pk).update(assigned_reviewer=reviewer)
            sub.assigned_reviewer = reviewer
            audit.record(
                action="review.assign",
                actor=actor,
                target=sub,
                unit=sub.unit,
                old={"assigned_reviewer": old.username if old else None},
                new={"assigned_reviewer": reviewer.username if reviewer else None},
                interface=interface,
            )
            changed.append(sub)
        if reviewer is not None and changed and reviewer.pk != getattr(actor, "pk", None):
            notify(
                recipients=[reviewer],
                kind="review.assigned",
                message=_("Bạn được phân công thẩm định %(n)d hồ sơ: %(units)s.")
                % {"n": len(changed), "units": ", ".join(s.unit.name for s in changed)},
                url=reverse("review:queue", args=[changed[0].round_id]) + "?reviewer=me",
            )
    return len(changed)


# --- sign-off and reopening ----------------------------------------------------------------


def sign_off(*, submission: Submission, actor, interface: str = Interface.WEB) -> Submission:
    """Fix the final scores and lock the submission. Every indicator must be appraised and
    every clarification closed; the move itself is a compare-and-set, so of two concurrent
    sign-offs exactly one succeeds."""
    if not access.can_sign_off(actor, submission):
        raise ReviewError(_("Chỉ trưởng nhóm thẩm định được ký duyệt hồ sơ."))
    if submission.status != S.UNDER_REVIEW:
        raise ReviewError(
            _("Không thể ký duyệt khi hồ sơ đang ở trạng thái “%(status)s”.")
            % {"status": submission.get_status_display()}
        )
    pending = list(
        IndicatorValue.objects.filter(submission=submission, reviewed_at__isnull=True)
        .order_by("indicator__order")
        .values_list("indicator__code", flat=True)
    )
    if pending:
        raise ReviewError(
            _("Chưa thể ký duyệt: còn %(n)d chỉ số chưa thẩm định (%(codes)s).")
            % {"n": len(pending), "codes": ", ".join(pending[:10]) + ("…" if len(pending) > 10 else "")}
        )
    if Clarification.objects.filter(submission=submission).exclude(status=ClarificationStatus.CLOSED).exists():
        raise ReviewError(_("Chưa thể ký duyệt: còn yêu cầu giải trình chưa đóng."))
    now = timezone.now()
    with transaction.atomic():
        # The compare-and-set comes first: the loser of a race stops here, before any write.
        submission = workflow.transition(
            submission, Action.SIGN_OFF, actor=actor, interface=interface, extra_fields={"signed_off_at": now}
        )
        values = IndicatorValue.objects.filter(submission=submission)
        values.update(final_points=Coalesce(F("reviewed_points"), F("self_points")))
        totals = values.aggregate(
            self_total=Sum("self_points"), reviewed_total=Sum("reviewed_points"), final_total=Sum("final_points")
        )
        audit.record(
            action="review.fix_final_points",
            actor=actor,
            target=submission,
            unit=submission.unit,
            old=None,
            new={k: v for k, v in totals.items()},
            interface=interface,
        )
        request_recompute(
            round_id=submission.round_id, reason=f"sign-off {submission.unit.code}", submission_id=submission.pk
        )
    return submission


def reopen(*, submission: Submission, actor, reason: str, interface: str = Interface.WEB) -> Submission:
    """An admin reopens a signed-off submission: final scores are withdrawn until the next
    sign-off, and the rankings are recomputed without them."""
    if not access.can_reopen(actor, submission):
        raise ReviewError(_("Chỉ quản trị viên được mở lại hồ sơ đã ký duyệt."))
    text = _clean_text(reason, required_message=_("Hãy nêu lý do mở lại hồ sơ."))
    with transaction.atomic():
        # A unit closed out "scored as is" is reviewed from now on like any other: its mark on
        # the ranking (unreviewed self-assessment) would no longer be true. The trail keeps it.
        submission = workflow.transition(
            submission, Action.REOPEN, actor=actor, reason=text, interface=interface,
            extra_fields={"signed_off_at": None, "closeout_kind": "", "closeout_reason": "", "closed_out_at": None},
        )
        IndicatorValue.objects.filter(submission=submission).update(final_points=None)
        request_recompute(
            round_id=submission.round_id, reason=f"reopen {submission.unit.code}", submission_id=submission.pk
        )
    return submission


__all__ = [
    "Accepted",
    "ReviewError",
    "TransitionError",
    "accept_self_scores",
    "answer_clarification",
    "appraise",
    "assign_reviewer",
    "close_clarification",
    "parse_points",
    "reopen",
    "return_for_clarification",
    "sign_off",
    "start_review",
]
