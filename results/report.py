"""The province's report: HTML templates rendered to PDF by WeasyPrint.

One layout serves the page and the paper: the report's tables are the profile page's partials
(results/_history_table.html, _gap_*_table.html) under a print stylesheet, so a column added to
the page reaches the PDF too. WeasyPrint was chosen over drawing with reportlab because it
lays out text itself (long Vietnamese names wrap inside their cells instead of overflowing),
repeats table headers across pages, keeps headings with what follows (CSS break rules) and
numbers pages from CSS; charts are inline SVG (results.charts).

From sign-off on, the unit's officers and the Authority's reviewers also get the reconciliation:
per indicator, the self-assessed, reviewed and final points and the reviewer's reason. The
public never does: the reasons are an exchange between the Authority and the province.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import timezone

from accounts import access
from assessments.models import IndicatorValue, Submission

ZERO = Decimal(0)


@dataclass
class IndicatorLine:
    code: str
    name: str
    main_name: str
    max_points: Decimal
    self_points: Decimal | None
    reviewed_points: Decimal | None
    final_points: Decimal | None
    reason: str
    automatic: bool

    @property
    def adjusted(self) -> bool:
        return self.reviewed_points is not None and self.reviewed_points != self.self_points

    @property
    def lost_vs_max(self) -> Decimal:
        return self.max_points - (self.final_points or ZERO)


def may_see_reconciliation(user, submission: Submission | None) -> bool:
    """The unit's officers and the Authority's reviewers, once the submission is final."""
    if submission is None or not submission.is_final:
        return False
    return access.is_unit_officer(user, submission.unit_id) or access.is_reviewer_of(user, submission.round.authority_id)


def indicator_lines(submission: Submission) -> list[IndicatorLine]:
    values = (
        IndicatorValue.objects.filter(submission=submission, indicator__max_points__gt=0)
        .select_related("indicator__main_index")
        .order_by("indicator__main_index__order", "indicator__order")
    )
    return [
        IndicatorLine(
            code=v.indicator.code,
            name=v.indicator.name,
            main_name=v.indicator.main_index.name,
            max_points=v.indicator.max_points,
            self_points=v.self_points,
            reviewed_points=v.reviewed_points,
            final_points=v.final_points,
            reason=v.review_reason,
            automatic=v.indicator.automatic,
        )
        for v in values
    ]


def reconciliation_context(submission: Submission) -> dict:
    lines = indicator_lines(submission)
    return {
        "submission": submission,
        "lines": lines,
        "adjusted_count": sum(line.adjusted for line in lines),
        "self_total": sum((line.self_points or ZERO for line in lines), ZERO),
        "final_total": sum((line.final_points or ZERO for line in lines), ZERO),
        "max_total": sum((line.max_points for line in lines), ZERO),
    }


def render_pdf(template: str, context: dict) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template, {**context, "generated_at": timezone.localtime()})
    return HTML(string=html).write_pdf()


def round_submission(rnd, unit) -> Submission | None:
    """The unit's submission of a portal round (None for imported history)."""
    if rnd is None:
        return None
    return Submission.objects.select_related("unit", "round").filter(round=rnd, unit=unit).first()


def submission_report_context(submission: Submission) -> dict:
    """The province's own report: its final result (rank once published) and the reconciliation."""
    from .analysis import officer_results

    result = next(item for item in officer_results(submission.unit) if item["submission"].pk == submission.pk)
    return {"result": result, "unit": submission.unit, "round": submission.round, "rec": reconciliation_context(submission)}
