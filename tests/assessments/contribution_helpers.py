"""Shared setup for the contribution tests: an assignment of indicators 1.3 and 1.4 of A's draft."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from assessments import services
from assessments.models import Indicator


def indicators(sub, *codes):
    return list(Indicator.objects.filter(framework=sub.round.framework, code__in=codes).order_by("order"))


def assign(sub, officer, contributor, codes=("1.3", "1.4"), days=5, note="Số liệu năm 2025"):
    return services.assign(
        actor=officer, submission=sub, contributor=contributor, indicators=indicators(sub, *codes),
        due_at=timezone.now() + dt.timedelta(days=days), note=note,
    )


def fill(assignment, contributor, **by_code):
    """Save the contributor's inputs, by indicator code."""
    rows = {cv.pk: {"inputs": by_code[cv.indicator.code]} for cv in assignment.values.select_related("indicator")
            if cv.indicator.code in by_code}
    return services.save_contribution(actor=contributor, assignment=assignment, rows=rows)


FIGURES = {"1.3": {"numerator": "80", "denominator": "100"}, "1.4": {"count": "6"}}

