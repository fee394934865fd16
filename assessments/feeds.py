"""Automatically measured values: what national platforms post for `automatic` indicators.

One system account (Role.SYSTEM) per data source. A measurement names the round, the unit
(by code) and the indicator (by code), carries the rule's inputs and the time it was
measured; the stored value keeps its source (the account's name) and that time. Officers
never change these values (services.save_main_index refuses automatic indicators).

A batch is all or nothing: any bad row → ValidationFailed with the errors by row index.
A measurement older than the stored one is refused (a late retry must not overwrite newer
data); the same measurement again changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access, audit
from accounts.models import Interface
from core import formatting

from .models import Indicator, IndicatorValue, Round, Submission
from .services import AssessmentError, ValidationFailed, general_info_map, score_inputs
from .workflow import FINAL

# Once the national review is signed off, the figures are final: feeds stop there.
CLOSED = FINAL


@dataclass
class FeedOutcome:
    changed: int
    unchanged: int


def source_name(actor) -> str:
    return (getattr(actor, "full_name", "") or actor.username)[:255]


def record_measurements(
    *, actor, round: Round, measurements: Sequence[Mapping[str, Any]], interface: str = Interface.API
) -> FeedOutcome:
    """Store measurements: each {"unit": code, "indicator": code, "inputs": {...}, "measured_at": aware datetime}."""
    if not access.is_system(actor):
        raise AssessmentError(_("Chỉ tài khoản hệ thống được gửi số liệu đo tự động."))
    if not measurements:
        raise ValidationFailed({"measurements": {"measurements": _("Chưa có số liệu nào.")}})
    with transaction.atomic():
        unit_codes = sorted({str(m.get("unit", "")) for m in measurements})
        # Lock the submissions in a fixed order (no deadlock between two feeds) so a status
        # change and a measurement never interleave.
        submissions = {
            s.unit.code: s
            for s in Submission.objects.select_for_update(of=("self",))
            .filter(round=round, unit__code__in=unit_codes)
            .select_related("unit")
            .order_by("pk")
        }
        indicators = {i.code: i for i in Indicator.objects.filter(framework_id=round.framework_id)}
        values = {
            (v.submission_id, v.indicator_id): v
            for v in IndicatorValue.objects.filter(submission__in=submissions.values(), indicator__automatic=True)
        }
        errors: dict[int, dict[str, str]] = {}
        changes = []
        unchanged = 0
        gi_cache: dict[int, dict] = {}
        seen = set()
        for i, m in enumerate(measurements):
            row_errors: dict[str, str] = {}
            sub = submissions.get(str(m.get("unit", "")))
            indicator = indicators.get(str(m.get("indicator", "")))
            if sub is None:
                row_errors["unit"] = _("Đơn vị “%(code)s” không có hồ sơ trong đợt này.") % {"code": m.get("unit")}
            elif sub.status in CLOSED:
                row_errors["unit"] = _("Hồ sơ của %(unit)s đã được ký duyệt; không nhận thêm số liệu.") % {"unit": sub.unit.name}
            if indicator is None:
                row_errors["indicator"] = _("Không có chỉ số “%(code)s” trong bộ chỉ số của đợt.") % {"code": m.get("indicator")}
            elif not indicator.automatic:
                row_errors["indicator"] = _("Chỉ số %(code)s không phải chỉ số đo tự động.") % {"code": indicator.code}
            measured_at = m.get("measured_at")
            if measured_at is None:
                row_errors["measured_at"] = _("Hãy cho biết thời điểm đo.")
            elif measured_at > timezone.now() + dt.timedelta(minutes=5):
                row_errors["measured_at"] = _("Thời điểm đo không thể ở tương lai.")
            if row_errors:
                errors[i] = row_errors
                continue
            key = (sub.pk, indicator.pk)
            if key in seen:
                errors[i] = {"indicator": _("Chỉ số %(code)s của %(unit)s xuất hiện hai lần trong cùng lần gửi.") % {"code": indicator.code, "unit": sub.unit.name}}
                continue
            seen.add(key)
            value = values[key]
            gi = gi_cache.setdefault(sub.pk, general_info_map(sub))
            scored = score_inputs(indicator, m.get("inputs") or {}, gi)
            if scored.errors:
                errors[i] = {f"inputs.{k}": v for k, v in scored.errors.items()}
                continue
            if scored.points is None:
                errors[i] = {"inputs": _("Chưa có giá trị đo.")}
                continue
            if value.measured_at and measured_at < value.measured_at:
                errors[i] = {
                    "measured_at": _("Đã có số liệu đo lúc %(time)s, mới hơn số liệu này.")
                    % {"time": formatting.moment(value.measured_at)}
                }
                continue
            same = (
                scored.inputs == (value.inputs or {})
                and scored.points == value.self_points
                and value.measured_at == measured_at
                and value.source == source_name(actor)
            )
            if same:
                unchanged += 1
            else:
                changes.append((sub, value, scored, measured_at))
        if errors:
            raise ValidationFailed(errors, _("Có lỗi trong số liệu gửi lên; chưa lưu gì."))
        now = timezone.now()
        source = source_name(actor)
        for sub, value, scored, measured_at in changes:
            IndicatorValue.objects.filter(pk=value.pk).update(
                inputs=scored.inputs,
                self_points=scored.points,
                source=source,
                measured_at=measured_at,
                version=value.version + 1,
                updated_at=now,
                updated_by=actor,
            )
            audit.record(
                action="value.measure",
                actor=actor,
                target=value,
                unit=sub.unit,
                old={"inputs": value.inputs, "self_points": value.self_points, "source": value.source, "measured_at": value.measured_at},
                new={"inputs": scored.inputs, "self_points": scored.points, "source": source, "measured_at": measured_at},
                interface=interface,
            )
    return FeedOutcome(changed=len(changes), unchanged=unchanged)
