"""A round driven through the review services to sign-off, for the province-result tests."""

from __future__ import annotations

import re

from accounts.models import Role
from assessments.models import IndicatorValue, Submission
from review import services as review
from tests import factories
from tests.review.conftest import fill, send

REASON = "Mẫu số chưa gồm hồ sơ cấp xã"


def filled_and_sent(rnd, unit, officer) -> Submission:
    sub = rnd.submissions.get(unit=unit)
    fill(sub)
    return send(sub, officer)


def appraise_all(sub: Submission, reviewer, adjust: dict[str, tuple[str, str]] | None = None) -> None:
    """Accept every self score but those in `adjust` ({code: (points, reason)})."""
    adjust = adjust or {}
    for v in IndicatorValue.objects.filter(submission=sub).select_related("indicator", "submission").order_by("indicator__order"):
        points, reason = adjust.get(v.indicator.code, (v.self_points, ""))
        review.appraise(value=v, actor=reviewer, points=str(points), reason=reason)


def sign_off(sub: Submission) -> Submission:
    lead = factories.UserFactory(username="lead_signing", role=Role.LEAD_REVIEWER)
    sub.refresh_from_db()
    return review.sign_off(submission=sub, actor=lead)


def text(html: str) -> str:
    """The page's text without tags and with spaces collapsed, to read sentences across markup."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()
