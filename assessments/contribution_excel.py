"""The contributor's Excel round trip: a template of exactly the assigned indicators, and its
upload saved as the contributor's figures (services.save_contribution: the same entry rules).

The sheet is the officer's template's (assessments.excel: its columns, its reading, bounded by
excel_guard), marked with the assignment instead of the submission in its hidden row 3. A row
of an indicator not assigned refuses the whole file: nothing is saved.
"""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill, Protection

from accounts.models import Interface

from . import excel, services
from .forms import _fields_for
from .models import Assignment

MARKER = "assignment"
_FILL_INPUT = PatternFill("solid", fgColor="FFF7D6")
SHOWN = ("code", "name", "field", "label", "current", "new")


def template_filename(assignment: Assignment) -> str:
    return f"dti-{assignment.submission.round.year}-giao-{assignment.pk}.xlsx"


def build_template(assignment: Assignment) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = excel.SHEET
    ws["A1"] = _("Số liệu được giao — %(unit)s, DTI %(year)s") % {
        "unit": assignment.submission.unit.name, "year": assignment.submission.round.year,
    }
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = _("Điền cột “Giá trị mới”, rồi tải tệp lên ở trang việc được giao. Không sửa các cột khác.")
    ws["A3"], ws["B3"] = MARKER, assignment.pk
    ws.row_dimensions[3].hidden = True
    for key, label, width in excel.COLUMNS:
        if key in SHOWN:
            cell = ws.cell(row=excel.HEADER_ROW, column=excel.COL[key], value=str(label))
            cell.font = Font(bold=True)
            ws.column_dimensions[cell.column_letter].width = width
    row = excel.FIRST_ROW
    for cv in assignment.values.select_related("indicator").order_by("indicator__order"):
        for f in _fields_for(cv, cv.indicator):
            stored = excel._cell_value((cv.inputs or {}).get(f.key), f.kind)
            cells = {"code": cv.indicator.code, "name": cv.indicator.name_vi, "field": f.key, "label": f.label,
                     "current": stored, "new": stored}
            for key, value in cells.items():
                ws.cell(row=row, column=excel.COL[key], value=value)
            new = ws.cell(row=row, column=excel.COL["new"])
            new.fill, new.protection = _FILL_INPUT, Protection(locked=False)
            row += 1
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def import_file(*, actor, assignment: Assignment, upload) -> int:
    """Save the uploaded figures as the contributor's; returns how many changed. Raises
    ExcelError (the file), AssessmentError or ValidationFailed (the figures, by row)."""
    assignment_id, file_rows = excel._read_rows(upload, MARKER)
    if assignment_id != assignment.pk:
        raise excel.ExcelError(_("Tệp này không phải mẫu của việc được giao này. Hãy tải mẫu ở trang việc được giao."))
    values = {cv.indicator.code: cv for cv in assignment.values.select_related("indicator")}
    rows: dict[int, dict] = {}
    for number, cells in file_rows:
        if cells["problem"]:
            raise excel.ExcelError(_("Dòng %(row)s: %(problem)s.") % {"row": number, "problem": cells["problem"]})
        code = str(cells["code"] or "").strip()
        if code not in values:
            raise excel.ExcelError(
                _("Dòng %(row)s: chỉ số “%(code)s” không thuộc việc được giao; chưa lưu gì.") % {"row": number, "code": code}
            )
        raw = excel._raw(cells["new"])
        rows.setdefault(values[code].pk, {"inputs": {}})["inputs"][str(cells["field"] or "").strip()] = raw
    return services.save_contribution(actor=actor, assignment=assignment, rows=rows, interface=Interface.IMPORT)
