"""Formatting for the assessment pages: numbers the Vietnamese way and rules in plain words."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.translation import gettext as _

from assessments.models import EvidenceRequirement, RuleType
from core import formatting

register = template.Library()


def _dec(value) -> Decimal | None:
    return formatting.to_decimal(value)


@register.filter
def vn_points(value) -> str:
    """Points with two decimals: 12,50 (core.formatting.points). Empty: an em dash."""
    return formatting.points(value)


@register.filter
def vn_value(value) -> str:
    """Index values with four decimals (how they are published): 0,8002."""
    return formatting.index_value(value)


@register.filter
def vn_number(value) -> str:
    """A reported number as it was typed ("1234567,5"); empty: an em dash."""
    return formatting.typed(value, empty=formatting.DASH)


@register.filter
def percent_of(part, whole) -> int:
    try:
        return int(part * 100 / whole) if whole else 100
    except (TypeError, ValueError):
        return 0


def _max(indicator) -> str:
    return vn_points(indicator.max_points)


@register.filter
def rule_text(indicator) -> str:
    """The scoring rule as the province reads it."""
    p = indicator.rule_params or {}
    mx = _max(indicator)
    t = indicator.rule_type
    if t == RuleType.YES_NO:
        return _("Có: %(max)s điểm; Không: 0 điểm.") % {"max": mx}
    if t == RuleType.TIERED:
        parts = [f"{o.get('label_vi', o.get('code'))}: {vn_points(o.get('points'))}" for o in p.get("options", [])]
        return _("Theo mức — %(levels)s điểm.") % {"levels": "; ".join(parts)}
    if t == RuleType.RATIO:
        target = _dec(p.get("target", "1")) or Decimal(1)
        text = _("Điểm = (%(num)s ÷ %(den)s)") % {"num": p.get("numerator_vi", ""), "den": p.get("denominator_vi", "")}
        if target != 1:
            text += _(" ÷ mục tiêu %(target)s%%") % {"target": formatting.typed(target * 100)}
        text += _(" × %(max)s, tối đa %(max)s điểm.") % {"max": mx}
        if not p.get("allow_exceed", False):
            text += " " + _("Tử số không được lớn hơn mẫu số.")
        return text
    if t == RuleType.COUNT_THRESHOLD:
        base = _("Đạt từ %(n)s %(unit)s trở lên: %(max)s điểm") % {"n": p.get("threshold"), "unit": p.get("unit_vi", ""), "max": mx}
        if p.get("proportional", True):
            return base + _("; chưa đạt: điểm theo tỷ lệ số lượng/%(n)s.") % {"n": p.get("threshold")}
        return base + _("; chưa đạt: 0 điểm.")
    if t == RuleType.PERCENTAGE:
        target = formatting.typed(p.get("target", "100"))
        return _("Điểm = %(label)s ÷ %(target)s%% × %(max)s, tối đa %(max)s điểm.") % {
            "label": p.get("label_vi", _("tỷ lệ")), "target": target, "max": mx}
    return ""


@register.filter
def evidence_text(indicator) -> str:
    if indicator.evidence == EvidenceRequirement.NONE:
        return _("Không yêu cầu tài liệu kiểm chứng.")
    head = _("Bắt buộc") if indicator.evidence == EvidenceRequirement.REQUIRED else _("Không bắt buộc")
    return f"{head}: {indicator.evidence_vi}" if indicator.evidence_vi else f"{head}."


@register.simple_tag
def inputs_text(indicator, inputs) -> str:
    """What was reported, in words: "Có", "1234 / 2000", "Phó Chủ tịch…", "8 buổi", "85%"."""
    inputs = inputs or {}
    if not inputs:
        return _("Chưa nhập")
    p = indicator.rule_params or {}
    t = indicator.rule_type
    if t == RuleType.YES_NO:
        return _("Có") if inputs.get("answer") else _("Không")
    if t == RuleType.TIERED:
        label = next((o.get("label_vi") for o in p.get("options", []) if str(o.get("code")) == str(inputs.get("choice"))), None)
        return label or str(inputs.get("choice", ""))
    if t == RuleType.RATIO:
        den = inputs.get("denominator")
        return f"{formatting.typed(inputs.get('numerator'))} / {formatting.typed(den)}" if den is not None else formatting.typed(inputs.get("numerator"))
    if t == RuleType.COUNT_THRESHOLD:
        return f"{inputs.get('count')} {p.get('unit_vi', '')}".strip()
    if t == RuleType.PERCENTAGE:
        return f"{formatting.typed(inputs.get('value'))}%"
    return ""


@register.filter
def is_past(moment) -> bool:
    from django.utils import timezone

    return moment is not None and moment <= timezone.now()


def _duration_words(seconds: int) -> str:
    """A duration in Vietnamese words ("19 ngày 3 giờ"); Django's own vi catalogue lacks
    these units, so its timesince/timeuntil would print English."""
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return _("%(d)s ngày %(h)s giờ") % {"d": days, "h": hours} if hours else _("%(d)s ngày") % {"d": days}
    if hours:
        return _("%(h)s giờ %(m)s phút") % {"h": hours, "m": minutes}
    return _("%(m)s phút") % {"m": max(minutes, 1)}


@register.filter
def time_left(moment) -> str:
    """Time until a deadline, or "" once it has passed."""
    from django.utils import timezone

    if moment is None:
        return ""
    seconds = int((moment - timezone.now()).total_seconds())
    return _duration_words(seconds) if seconds > 0 else ""


@register.filter
def time_since(moment) -> str:
    """Time elapsed since a moment (e.g. since a submission arrived)."""
    from django.utils import timezone

    if moment is None:
        return ""
    return _duration_words(max(int((timezone.now() - moment).total_seconds()), 0))
