"""A round whose provinces have filled in and sent their self-assessment."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from assessments import scoring
from assessments.models import Evidence, GeneralInfoValue, IndicatorValue, Submission
from assessments.workflow import Action, transition
from tests import factories

INPUTS = {
    "1.1": {"choice": "chu_tich"},
    "1.2": {"answer": True},
    "1.3": {"numerator": "80", "denominator": "100"},
    "1.4": {"count": 6},
    "2.1": {"numerator": "60", "denominator": "100"},
    "2.2": {"value": "90"},
    "2.3": {"value": "100"},
    "3.1": {"answer": False},
}
SELF_TOTAL = 80  # 10 + 10 + 16 + 10 + 15 + 9 + 10 + 0


def fill(submission: Submission, *, inputs=None, evidence=True, content: bytes | None = None) -> None:
    """Report every value (self-scored by the engine), the general information, and cite a PDF
    for the required ones."""
    inputs = {**INPUTS, **(inputs or {})}
    GeneralInfoValue.objects.filter(submission=submission).update(value=1000)
    for v in IndicatorValue.objects.filter(submission=submission).select_related("indicator"):
        raw = inputs[v.indicator.code]
        scored = scoring.score_component(v.indicator.rule, v.indicator.max_points, raw)
        v.inputs = {k: str(x) if not isinstance(x, bool) else x for k, x in raw.items()}
        v.self_points = scored.points
        v.save()
        if evidence and v.indicator.evidence == "required":
            body = content or f"%PDF-1.4 {submission.unit.code} {v.indicator.code}".encode()
            ev = Evidence(
                value=v, original_name=f"qd-{v.indicator.code}.pdf", content_type="application/pdf", size=len(body),
                sha256=hashlib.sha256(body).hexdigest(), doc_number=f"{v.pk}/QĐ-UBND", doc_date=dt.date(2025, 3, 1),
                issuing_body="UBND tỉnh", summary="Quyết định ban hành kế hoạch",
            )
            ev.file.save("x", ContentFile(body), save=False)
            ev.save()


def send(submission: Submission, officer) -> Submission:
    return transition(submission, Action.SUBMIT, actor=officer, extra_fields={"submitted_at": timezone.now()})


@pytest.fixture
def rnd(province_a, province_b):
    return factories.make_round(units=[province_a, province_b])


@pytest.fixture
def sub_a(rnd, province_a, officer_a):
    sub = rnd.submissions.get(unit=province_a)
    fill(sub)
    return send(sub, officer_a)


@pytest.fixture
def sub_b(rnd, province_b, officer_b):
    sub = rnd.submissions.get(unit=province_b)
    fill(sub)
    return send(sub, officer_b)


def value(submission, code) -> IndicatorValue:
    return IndicatorValue.objects.select_related("indicator", "submission").get(submission=submission, indicator__code=code)
