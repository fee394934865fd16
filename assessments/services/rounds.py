"""Rounds (admins): opening a round for a group of units, and one unit's own deadline."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access, audit
from accounts.models import Interface, Unit
from core.collation import by_name

from ..announcements import Event, announce
from ..models import GeneralInfoItem, GeneralInfoValue, IndicatorValue, Level, Round, Submission
from .checks import lock_submission
from .errors import AssessmentError, ValidationFailed

MINISTRY_GROUPS = frozenset({"bo-dvc", "bo-khac"})


def units_for_round(*, ranking_group: str, opens_at, closes_at):
    """Units of the group that exist during the round's window (mergers end or start units)."""
    return (
        Unit.objects.filter(ranking_group=ranking_group)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=timezone.localdate(closes_at)))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=timezone.localdate(opens_at)))
        .order_by(by_name("name"))
    )


@transaction.atomic
def open_round(*, actor, year: int, framework, ranking_group: str, opens_at, closes_at, interface: str = Interface.WEB) -> Round:
    """Open a round: one submission per valid unit, one empty value per indicator and item."""
    if not access.is_admin(actor):
        raise AssessmentError(_("Chỉ quản trị viên được mở đợt đánh giá."))
    errors = {}
    if closes_at <= opens_at:
        errors["closes_at"] = _("Hạn nộp phải sau thời điểm mở.")
    wants_ministry = ranking_group in MINISTRY_GROUPS
    if (framework.level == Level.MINISTRY) != wants_ministry:
        errors["framework"] = _("Bộ chỉ số %(fw)s không dùng cho nhóm đơn vị này.") % {"fw": framework}
    if Round.objects.filter(year=year, ranking_group=ranking_group).exists():
        errors["year"] = _("Đã có đợt đánh giá năm %(year)s cho nhóm đơn vị này.") % {"year": year}
    units = list(units_for_round(ranking_group=ranking_group, opens_at=opens_at, closes_at=closes_at))
    if not units and not errors:
        errors["ranking_group"] = _("Nhóm này không có đơn vị nào còn hiệu lực trong thời gian của đợt.")
    if errors:
        raise ValidationFailed({"form": errors}, _("Chưa mở được đợt đánh giá; hãy sửa các ô được đánh dấu."))
    rnd = Round.objects.create(
        year=year, framework=framework, ranking_group=ranking_group, opens_at=opens_at, closes_at=closes_at, created_by=actor
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
    if not access.is_admin(actor):
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
    if not access.is_lead_reviewer(actor):
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
