"""Formatting for the assessment pages: numbers the Vietnamese way and rules in plain words."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.translation import gettext as _

from assessments import scoring
from assessments.models import EvidenceRequirement
from core import formatting, language

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
    """A reported number for reading, thousands grouped ("1.234.567,5"); empty: an em dash."""
    return formatting.reported(value)


@register.filter
def percent_of(part, whole) -> int:
    try:
        return int(part * 100 / whole) if whole else 100
    except (TypeError, ValueError):
        return 0


# The engine words rules and inputs; the page lends it gettext and its number formats.
_WORDING = scoring.Wording(translate=_, points=vn_points, number=formatting.reported, content=language.localized_key)


@register.filter
def rule_text(indicator) -> str:
    """The scoring rule as the province reads it."""
    return scoring.entry(indicator.rule_type).rule_text(indicator.rule_params or {}, indicator.max_points, _WORDING)


@register.filter
def evidence_text(indicator) -> str:
    if indicator.evidence == EvidenceRequirement.NONE:
        return _("Không yêu cầu tài liệu kiểm chứng.")
    head = _("Bắt buộc") if indicator.evidence == EvidenceRequirement.REQUIRED else _("Không bắt buộc")
    return f"{head}: {indicator.evidence_vi}" if indicator.evidence_vi else f"{head}."


@register.simple_tag
def inputs_text(indicator, inputs) -> str:
    """What was reported, in words: "Có", "1234 / 2000", "Phó Chủ tịch…", "8 buổi", "85%"."""
    if not inputs:
        return _("Chưa nhập")
    return scoring.entry(indicator.rule_type).inputs_text(indicator.rule_params or {}, inputs, _WORDING)


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
