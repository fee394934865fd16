"""The reviewers' Excel export: a submission with what was reported and its three scores.

Here, not beside the officer's Excel round trip (assessments/excel.py), because it reads the
appraisal's score summary: assessments never imports review (pyproject.toml
[tool.importlinter])."""

from __future__ import annotations

import io
from decimal import Decimal

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from assessments.models import IndicatorValue, Submission
from core import formatting

from .selectors import describe_inputs, general_information, input_source, score_summary


def export_filename(submission: Submission) -> str:
    return f"dti-{submission.round.year}-{submission.unit.code}-tham-dinh-{timezone.localdate():%Y%m%d}.xlsx"


def _num(value: Decimal | None):
    # A number cell, not text: reviewers sum and sort these columns in Excel.
    return float(value) if value is not None else None


def _values(submission: Submission) -> list[IndicatorValue]:
    return list(
        IndicatorValue.objects.filter(submission=submission)
        .select_related("indicator", "indicator__main_index")
        .order_by("indicator__order")
    )


def reported_text(indicator, inputs, gi) -> str:
    """What was reported, one "label: value" line per input, as on the appraisal page (a
    denominator taken from general information with its source)."""
    lines = describe_inputs(indicator, inputs, gi)
    if not lines:
        return _("Chưa nhập")
    return "\n".join(f"{label}: {text}" for label, text in lines)


def review_export(submission: Submission) -> bytes:
    """Every indicator with what was reported and its three scores; a summary by main index."""
    values = _values(submission)
    gi = general_information([submission.pk])[submission.pk]
    evidence_counts = dict(
        submission.values.filter(evidence__replaced_by__isnull=True, evidence__removed_at__isnull=True, evidence__isnull=False)
        .values_list("pk")
        .annotate(n=Count("evidence"))
    )
    wb = Workbook()
    ws = wb.active
    ws.title = formatting.sheet_title(_("Chi tiết"))
    ws["A1"] = _("Kết quả thẩm định DTI %(year)s — %(unit)s (%(status)s)") % {
        "year": submission.round.year, "unit": submission.unit.name, "status": submission.get_status_display()}
    ws["A1"].font = Font(bold=True, size=14)
    headers = [
        (_("Mã chỉ số"), 10), (_("Tên chỉ số"), 45), (_("Chỉ số chính"), 22), (_("Điểm tối đa"), 10),
        (_("Số liệu báo cáo"), 50), (_("Điểm tự đánh giá"), 12), (_("Điểm thẩm định"), 12),
        (_("Lý do điều chỉnh"), 40), (_("Điểm đạt được"), 12), (_("Nguồn đo tự động"), 40), (_("Số tài liệu"), 10),
    ]
    for i, (label, width) in enumerate(headers, start=1):
        cell = ws.cell(row=3, column=i, value=str(label))
        cell.font = Font(bold=True)
        ws.column_dimensions[cell.column_letter].width = width
    for r, v in enumerate(values, start=4):
        ind = v.indicator
        for c, value in enumerate(
            [
                ind.code, ind.name, ind.main_index.name, _num(ind.max_points), reported_text(ind, v.inputs, gi),
                _num(v.self_points), _num(v.reviewed_points), v.review_reason, _num(v.final_points),
                input_source(v), evidence_counts.get(v.pk, 0),
            ],
            start=1,
        ):
            ws.cell(row=r, column=c, value=value)
        ws.cell(row=r, column=5).alignment = Alignment(wrap_text=True, vertical="top")  # one line per input
    ws.freeze_panes = "C4"
    lines, total = score_summary(submission)
    ws2 = wb.create_sheet(formatting.sheet_title(_("Tổng hợp")))
    for i, label in enumerate(
        [_("Chỉ số chính"), _("Điểm tối đa"), _("Điểm tự đánh giá"), _("Điểm thẩm định"), _("Điểm đạt được"),
         _("Giá trị tự đánh giá"), _("Giá trị thẩm định"), _("Giá trị đạt được")],
        start=1,
    ):
        ws2.cell(row=1, column=i, value=str(label)).font = Font(bold=True)
        ws2.column_dimensions[ws2.cell(row=1, column=i).column_letter].width = 18
    for r, ln in enumerate([*lines, total], start=2):
        for c, value in enumerate(
            [ln.name, _num(ln.max_points), _num(ln.self_points), _num(ln.reviewed_points), _num(ln.final_points),
             _num(ln.self_value), _num(ln.reviewed_value), _num(ln.final_value)],
            start=1,
        ):
            ws2.cell(row=r, column=c, value=value)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()

