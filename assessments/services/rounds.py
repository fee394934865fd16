"""Rounds (admins): opening a round for a group of units, its life up to publication (opening
entry, moving its deadline, closing entry, closing out the units that did not submit), and one
unit's own deadline.

A round's state is read once (`round_state`), from its dates and its submissions' statuses
(workflow.round_phase); the page offers what it allows and each service checks it again under
the round's lock. Every change writes its audit row old → new and is announced to the units
concerned and to the reviewers (announcements.announce_round); a close-out is a move of the
transition table (workflow.CLOSE_OUT_MOVES), audited and announced by `transition`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access, audit
from accounts.models import PROVINCIAL_GROUPS, Authority, Interface, Unit
from accounts.validators import text_problem
from core import formatting
from core.collation import by_name

from ..announcements import Event, announce, announce_round
from ..models import (
    GeneralInfoItem,
    GeneralInfoValue,
    IndicatorValue,
    Level,
    Round,
    RoundPhase,
    Submission,
    SubmissionStatus,
)
from ..workflow import CLOSE_OUT_MOVES, DRAFT_OWNED, SETTLED, Action, may_close_out, round_phase, transition
from . import rankings
from .checks import lock_submission
from .errors import AssessmentError, ValidationFailed

MINISTRY_GROUPS = frozenset({"bo-dvc", "bo-khac"})


def units_for_round(*, ranking_group: str, opens_at, closes_at, authority: Authority | None = None):
    """Units of the group that exist during the round's window (mergers end or start units).
    A provincial authority's groups are its province's departments or communes (issue 18)."""
    if authority is not None and not authority.is_national:
        units = Unit.objects.filter(parent_id=authority.unit_id, kind=PROVINCIAL_GROUPS.get(ranking_group, ""))
    else:
        units = Unit.objects.filter(ranking_group=ranking_group).exclude(ranking_group__in=PROVINCIAL_GROUPS)
    return (
        units
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=timezone.localdate(closes_at)))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=timezone.localdate(opens_at)))
        .order_by(by_name("name"))
    )


@transaction.atomic
def open_round(
    *, actor, year: int, framework, ranking_group: str, opens_at, closes_at, authority: Authority | None = None,
    interface: str = Interface.WEB,
) -> Round:
    """Open a round of `authority` (the national one by default): one submission per valid
    unit, one empty value per indicator and item."""
    authority = authority or Authority.national()
    if not access.is_admin_of(actor, authority):
        raise AssessmentError(_("Chỉ quản trị viên được mở đợt đánh giá."))
    errors = {}
    if (ranking_group in PROVINCIAL_GROUPS) == authority.is_national:
        errors["ranking_group"] = (
            _("Nhóm sở, ban, ngành và nhóm xã, phường chỉ dùng cho đợt đánh giá do một tỉnh tự tổ chức.")
            if authority.is_national else _("Một tỉnh chỉ đánh giá các sở, ban, ngành hoặc các xã, phường của mình.")
        )
    if framework.authority_id != authority.pk:
        errors["framework"] = _("Bộ chỉ số %(fw)s không thuộc %(authority)s.") % {"fw": framework, "authority": authority}
    if closes_at <= opens_at:
        errors["closes_at"] = _("Hạn nộp phải sau thời điểm mở.")
    wants_ministry = ranking_group in MINISTRY_GROUPS
    if (framework.level == Level.MINISTRY) != wants_ministry:
        errors["framework"] = _("Bộ chỉ số %(fw)s không dùng cho nhóm đơn vị này.") % {"fw": framework}
    if Round.objects.filter(authority=authority, year=year, ranking_group=ranking_group).exists():
        errors["year"] = _("Đã có đợt đánh giá năm %(year)s cho nhóm đơn vị này.") % {"year": year}
    units = list(units_for_round(ranking_group=ranking_group, opens_at=opens_at, closes_at=closes_at, authority=authority))
    if not units and not errors:
        errors["ranking_group"] = _("Nhóm này không có đơn vị nào còn hiệu lực trong thời gian của đợt.")
    if errors:
        raise ValidationFailed({"form": errors}, _("Chưa mở được đợt đánh giá; hãy sửa các ô được đánh dấu."))
    rnd = Round.objects.create(
        authority=authority, year=year, framework=framework, ranking_group=ranking_group, opens_at=opens_at,
        closes_at=closes_at, created_by=actor,
    )
    Submission.objects.bulk_create([Submission(round=rnd, unit=u) for u in units])
    submissions = list(Submission.objects.filter(round=rnd))
    indicators = list(framework.indicators.all())
    items = list(GeneralInfoItem.objects.filter(framework=framework))
    IndicatorValue.objects.bulk_create(
        [
            IndicatorValue(submission=s, indicator=i, source=i.source_vi if i.automatic else "")
            for s in submissions
            for i in indicators
        ],
        batch_size=2000,
    )
    GeneralInfoValue.objects.bulk_create([GeneralInfoValue(submission=s, item=it) for s in submissions for it in items])
    audit.record(
        action="round.open",
        actor=actor,
        target=rnd,
        new={
            "authority": authority.code,
            "year": year,
            "framework": framework.code,
            "ranking_group": ranking_group,
            "opens_at": opens_at,
            "closes_at": closes_at,
            "units": len(submissions),
        },
        interface=interface,
    )
    return rnd


@transaction.atomic
def extend_deadline(*, actor, submission: Submission, deadline, reason: str, interface: str = Interface.WEB) -> Submission:
    """Give one unit its own deadline, with a reason (audited)."""
    if not access.is_admin_of(actor, submission.round.authority_id):
        raise AssessmentError(_("Chỉ quản trị viên được gia hạn."))
    sub = lock_submission(submission)
    errors = {}
    if not (reason or "").strip():
        errors["reason"] = _("Hãy nêu lý do gia hạn.")
    if deadline <= timezone.now():
        errors["deadline"] = _("Hạn mới phải ở tương lai.")
    elif deadline <= sub.round.closes_at:
        errors["deadline"] = _("Hạn mới phải sau hạn chung của đợt.")
    if errors:
        raise ValidationFailed({"form": errors}, _("Chưa gia hạn; hãy sửa các ô được đánh dấu."))
    old = {"deadline": sub.deadline, "reason": sub.deadline_override_reason}
    Submission.objects.filter(pk=sub.pk).update(deadline_override=deadline, deadline_override_reason=reason.strip())
    audit.record(
        action="submission.extend_deadline",
        actor=actor,
        target=sub,
        unit=sub.unit,
        old=old,
        new={"deadline": deadline, "reason": reason.strip()},
        note=reason.strip(),
        interface=interface,
    )
    sub.refresh_from_db()
    announce(sub, Event.DEADLINE_EXTENDED, actor=actor, reason=reason.strip())
    return sub


@transaction.atomic
def set_review_deadline(*, actor, round: Round, review_closes_at, interface: str = Interface.WEB) -> Round:
    """When every submission of the round should be signed off (None: no review deadline).
    Admins and lead reviewers; audited."""
    if not access.is_lead_reviewer_of(actor, round.authority_id):
        raise AssessmentError(_("Chỉ quản trị viên và trưởng nhóm thẩm định được đặt hạn thẩm định."))
    rnd = Round.objects.select_for_update().get(pk=round.pk)
    if review_closes_at is not None and review_closes_at <= rnd.closes_at:
        raise ValidationFailed(
            {"form": {"review_closes_at": _("Hạn thẩm định phải sau hạn nộp của đợt.")}},
            _("Chưa đặt hạn thẩm định; hãy sửa ô được đánh dấu."),
        )
    old = rnd.review_closes_at
    Round.objects.filter(pk=rnd.pk).update(review_closes_at=review_closes_at)
    audit.record(
        action="round.set_review_deadline",
        actor=actor,
        target=rnd,
        old={"review_closes_at": old},
        new={"review_closes_at": review_closes_at},
        interface=interface,
    )
    rnd.refresh_from_db()
    return rnd


# --- A round's life: its state, and the admins' actions on it ---------------------------------


@dataclass(frozen=True)
class RoundState:
    """What a round's page shows and which of its actions are possible now."""

    phase: str  # RoundPhase
    counts: dict[str, int]  # submissions by status
    drafts_entering: int  # drafts whose own deadline has not passed (the round's, or an extension)
    drafts_to_close_out: int  # drafts whose deadline passed: to close out before publication

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def get_phase_display(self) -> str:
        return str(RoundPhase(self.phase).label)

    @property
    def count_lines(self) -> list[tuple[str, str, int]]:
        """(status, label, units) for every status some unit is in, in the workflow's order."""
        return [(status, str(label), self.counts[status]) for status, label in SubmissionStatus.choices if self.counts.get(status)]

    @property
    def settled(self) -> int:
        return sum(n for status, n in self.counts.items() if status in SETTLED)

    @property
    def created_closed(self) -> bool:
        """The deadline passed while every submission was a draft: nobody could send (a round
        opened with past dates). Opening it takes a new deadline."""
        return self.phase == RoundPhase.ENTRY_CLOSED and all(s in DRAFT_OWNED for s, n in self.counts.items() if n)

    @property
    def may_start(self) -> bool:
        return self.phase == RoundPhase.NOT_OPEN or self.created_closed

    @property
    def may_move_deadline(self) -> bool:
        return self.phase != RoundPhase.PUBLISHED

    @property
    def may_close_entry(self) -> bool:
        return self.phase not in (RoundPhase.NOT_OPEN, RoundPhase.PUBLISHED) and self.drafts_entering > 0

    @property
    def may_publish(self) -> bool:
        """Every submission final or excluded (publication itself checks the snapshot). Also
        before the deadline: once every unit has been signed off there is nothing left to wait
        for (no draft to close out, and with no draft entry cannot be closed either)."""
        settled = self.total > 0 and self.settled == self.total
        return self.phase in (RoundPhase.OPEN, RoundPhase.UNDER_REVIEW) and settled


def round_state(rnd: Round, now=None) -> RoundState:
    """Two queries: the statuses, and the drafts' own deadlines."""
    now = now or timezone.now()
    counts = dict(Counter(Submission.objects.filter(round=rnd).values_list("status", flat=True).order_by()))
    overrides = Submission.objects.filter(round=rnd, status__in=DRAFT_OWNED).values_list("deadline_override", flat=True)
    deadlines = [override or rnd.closes_at for override in overrides]
    entering = sum(1 for deadline in deadlines if deadline > now)
    return RoundState(
        phase=round_phase(rnd, counts, now),
        counts=counts,
        drafts_entering=entering,
        drafts_to_close_out=len(deadlines) - entering,
    )


def _require_admin(actor, message: str, authority_id: int) -> None:
    """The round's authority's admins only (issue 18)."""
    if not access.is_admin_of(actor, authority_id):
        raise AssessmentError(message)


def _lock_round(rnd: Round) -> Round:
    # The round's row: two admins acting on one round queue here. Provinces' saves lock their
    # submission's row, never this one.
    return Round.objects.select_for_update(of=("self",)).select_related("framework").get(pk=rnd.pk)


def _drafts(rnd: Round) -> list[Submission]:
    drafts = list(Submission.objects.filter(round=rnd, status__in=DRAFT_OWNED).select_related("unit").order_by(by_name("unit__name")))
    for s in drafts:
        s.round = rnd  # their deadline reads the round: no query per unit
    return drafts


def _when(moment) -> str:
    return formatting.moment(moment)


def _deadline_errors(rnd: Round, closes_at, now) -> dict[str, str]:
    """What is wrong with a new deadline for the round (an empty dict: nothing)."""
    if closes_at <= now:
        return {"closes_at": _("Hạn nộp mới phải ở tương lai.")}
    if rnd.review_closes_at is not None and closes_at >= rnd.review_closes_at:
        return {
            "closes_at": _("Hạn nộp phải trước hạn thẩm định (%(at)s); hãy dời hạn thẩm định trước.")
            % {"at": _when(rnd.review_closes_at)}
        }
    return {}


def _optional_note(note: str) -> str:
    note = (note or "").strip()
    if problem := text_problem(note):
        raise ValidationFailed({"form": {"note": problem}}, _("Chưa lưu; hãy sửa ô được đánh dấu."))
    return note


def _extensions(submissions) -> dict[str, object]:
    """The units' own deadlines, by unit code, as the audit row keeps them."""
    return {s.unit.code: s.deadline_override for s in submissions}


def _end_extensions(submissions) -> None:
    Submission.objects.filter(pk__in=[s.pk for s in submissions]).update(
        deadline_override=None, deadline_override_reason=""
    )


@transaction.atomic
def start_round(*, actor, round: Round, closes_at=None, interface: str = Interface.WEB) -> Round:
    """Open entry now: a round not yet open (its opening becomes now), or one created closed
    (every submission still a draft after its deadline), which needs a new deadline."""
    _require_admin(actor, _("Chỉ quản trị viên được mở nhận hồ sơ."), round.authority_id)
    rnd = _lock_round(round)
    now = timezone.now()
    state = round_state(rnd, now)
    if not state.may_start:
        raise AssessmentError(
            _("Đợt đánh giá đang ở giai đoạn “%(phase)s”, không mở nhận hồ sơ được; cần thêm thời gian thì dời hạn nộp.")
            % {"phase": RoundPhase(state.phase).label}
        )
    new = {"opens_at": min(rnd.opens_at, now), "closes_at": closes_at or rnd.closes_at}
    errors = _deadline_errors(rnd, new["closes_at"], now)
    if errors:
        raise ValidationFailed({"form": errors}, _("Chưa mở nhận hồ sơ; hãy sửa ô được đánh dấu."))
    old = {"opens_at": rnd.opens_at, "closes_at": rnd.closes_at}
    Round.objects.filter(pk=rnd.pk).update(**new)
    audit.record(action="round.start", actor=actor, target=rnd, old=old, new=new, interface=interface)
    rnd.refresh_from_db()
    announce_round(rnd, Event.ROUND_OPENED, submissions=_drafts(rnd), actor=actor)
    return rnd


@transaction.atomic
def move_deadline(*, actor, round: Round, closes_at, note: str = "", interface: str = Interface.WEB) -> Round:
    """Move the round's deadline (later or earlier, but in the future). A unit's own extension
    that ends no later than the new deadline extends nothing any more and would cut the unit's
    time short (Submission.deadline prefers it): it ends, recorded in the audit row."""
    _require_admin(actor, _("Chỉ quản trị viên được dời hạn nộp của đợt."), round.authority_id)
    note = _optional_note(note)
    rnd = _lock_round(round)
    now = timezone.now()
    if not round_state(rnd, now).may_move_deadline:
        raise AssessmentError(_("Kết quả của đợt đã được công bố; không dời hạn nộp được nữa."))
    errors = _deadline_errors(rnd, closes_at, now)
    if not errors and closes_at <= rnd.opens_at:
        errors = {"closes_at": _("Hạn nộp phải sau thời điểm mở (%(at)s).") % {"at": _when(rnd.opens_at)}}
    if not errors and closes_at == rnd.closes_at:
        errors = {"closes_at": _("Hạn nộp mới trùng với hạn hiện tại.")}
    if errors:
        raise ValidationFailed({"form": errors}, _("Chưa dời hạn nộp; hãy sửa ô được đánh dấu."))
    drafts = _drafts(rnd)
    before = {s.pk: s.deadline for s in drafts}
    subsumed = [s for s in drafts if s.deadline_override is not None and s.deadline_override <= closes_at]
    old = {"closes_at": rnd.closes_at, "extensions": _extensions(subsumed)}
    Round.objects.filter(pk=rnd.pk).update(closes_at=closes_at)
    _end_extensions(subsumed)
    audit.record(
        action="round.move_deadline", actor=actor, target=rnd, old=old, new={"closes_at": closes_at, "extensions": {}},
        note=note, interface=interface,
    )
    rnd.refresh_from_db()
    for s in subsumed:
        s.deadline_override = None
    moved = [s for s in drafts if (s.deadline_override or closes_at) != before[s.pk]]
    announce_round(rnd, Event.ROUND_DEADLINE_MOVED, submissions=moved, actor=actor, reason=note)
    return rnd


@transaction.atomic
def close_entry(*, actor, round: Round, interface: str = Interface.WEB) -> Round:
    """Stop entry now: the round's deadline becomes now, and the units' extensions still
    running end too, so no draft can be edited any more."""
    _require_admin(actor, _("Chỉ quản trị viên được đóng nhận hồ sơ."), round.authority_id)
    rnd = _lock_round(round)
    now = timezone.now()
    if not round_state(rnd, now).may_close_entry:
        raise AssessmentError(_("Không có hồ sơ nào đang nhận: đợt chưa mở, đã đóng nhận hồ sơ hoặc đã công bố."))
    drafts = _drafts(rnd)
    entering = [s for s in drafts if s.deadline > now]
    extended = [s for s in entering if s.deadline_override is not None]
    new_closes = min(rnd.closes_at, now)
    old = {"closes_at": rnd.closes_at, "extensions": _extensions(extended)}
    Round.objects.filter(pk=rnd.pk).update(closes_at=new_closes)
    _end_extensions(extended)
    audit.record(
        action="round.close_entry", actor=actor, target=rnd, old=old, new={"closes_at": new_closes, "extensions": {}},
        interface=interface,
    )
    rnd.refresh_from_db()
    for s in extended:
        s.deadline_override = None
    announce_round(rnd, Event.ENTRY_CLOSED, submissions=entering, actor=actor)
    return rnd


@transaction.atomic
def close_out(*, actor, submission: Submission, kind: str, reason: str, interface: str = Interface.WEB) -> Submission:
    """Close out a unit that did not submit, once its deadline passed: excluded from the
    ranking, or scored on what it entered (its self-assessed points become final, unreviewed,
    and it is ranked, marked as such). A reason is required; the choice is final."""
    _require_admin(actor, _("Chỉ quản trị viên được khép hồ sơ của đơn vị không nộp."), submission.round.authority_id)
    action = CLOSE_OUT_MOVES.get(kind)
    reason = (reason or "").strip()
    errors = {}
    if action is None:
        errors["kind"] = _("Hãy chọn cách khép hồ sơ: loại khỏi xếp hạng, hoặc chấm theo số liệu đã nhập.")
    if not reason:
        errors["reason"] = _("Hãy nêu lý do khép hồ sơ.")
    elif problem := text_problem(reason):
        errors["reason"] = problem
    if errors:
        raise ValidationFailed({"form": errors}, _("Chưa khép hồ sơ; hãy sửa các ô được đánh dấu."))
    sub = Submission.objects.select_for_update(of=("self",)).select_related("round", "unit").get(pk=submission.pk)
    now = timezone.now()
    if not may_close_out(sub, now):
        if sub.status not in DRAFT_OWNED:
            raise AssessmentError(
                _("Chỉ khép được hồ sơ chưa nộp; hồ sơ của %(unit)s đang ở trạng thái “%(status)s”.")
                % {"unit": sub.unit.name, "status": sub.get_status_display()}
            )
        raise AssessmentError(
            _("Chưa khép được hồ sơ của %(unit)s: hạn nộp của đơn vị (%(deadline)s) chưa qua.")
            % {"unit": sub.unit.name, "deadline": _when(sub.deadline)}
        )
    fields = {"closeout_kind": kind, "closeout_reason": reason, "closed_out_at": now}
    if action == Action.SCORE_AS_IS:
        fields["signed_off_at"] = now
    sub = transition(sub, action, actor=actor, reason=reason, interface=interface, extra_fields=fields)
    if action == Action.SCORE_AS_IS:
        # As a sign-off fixes them, without an appraisal: a draft has none.
        values = IndicatorValue.objects.filter(submission=sub)
        values.update(final_points=F("self_points"))
        totals = values.aggregate(self_total=Sum("self_points"), final_total=Sum("final_points"))
        audit.record(
            action="review.fix_final_points", actor=actor, target=sub, unit=sub.unit,
            new={**totals, "reviewed_total": None}, note=reason, interface=interface,
        )
        rankings.final_points_changed(round_id=sub.round_id, submission_id=sub.pk, reason=f"score as is {sub.unit.code}")
    return sub
