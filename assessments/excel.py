"""The officer's Excel round trip (the reviewers' export is review/exports.py).

1. `build_template(submission)`: one sheet, one row per input field of every indicator, with
   the rule in words, the input expected, the current value and last year's, and a column
   "Giá trị mới" to fill offline (pre-filled with the current value). A hidden column keeps
   the version each row was read at, so a file filled from an old template cannot silently
   overwrite what someone changed on the pages since.
2. `preview_import(submission, upload)`: reads the file within bounds (`excel_guard`: the
   archive's inflated sizes, the sheet's rows and columns and every read cell are checked
   before openpyxl parses them), scores every indicator through the
   same engine as the pages (services.score_inputs) and returns every change and every
   error with its row number. Nothing is saved.
3. `apply_import(actor, submission, preview)`: the changes of an error-free preview through
   services.save_main_index (interface import), every main index in one transaction: all
   or nothing. A preview with errors applies nothing.

Blank rule: an indicator whose new cells are all blank is left as it is (a draft may leave
rows empty; Excel cannot clear a saved value — do that on the page).
"""

from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation

from accounts.models import Interface

from . import excel_guard, results_view, selectors, services, workflow
from .forms import _fields_for
from .models import IndicatorValue, MainIndex, Submission
from .scoring import FIELD_BOOLEAN, FIELD_CHOICE
from .templatetags.assessment_tags import inputs_text, rule_text

# The template's sheet, named with its diacritics (Excel takes any Unicode but []:*?/\ in 31
# characters); not translated, so a template filled in English mode imports in Vietnamese too.
# Templates downloaded before it had diacritics named it "So lieu": they still import.
SHEET = "Số liệu"
OLDER_SHEETS = ("So lieu",)
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
HEADER_ROW = 4
FIRST_ROW = HEADER_ROW + 1
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Column letters of the template (1-based indices below).
COLUMNS = [
    ("code", _("Mã chỉ số"), 10),
    ("name", _("Tên chỉ số"), 45),
    ("main", _("Chỉ số chính"), 22),
    ("max", _("Điểm tối đa"), 10),
    ("rule", _("Cách tính điểm"), 50),
    ("field", _("Trường"), 12),
    ("label", _("Số liệu cần nhập"), 35),
    ("current", _("Giá trị hiện tại"), 16),
    ("previous", _("Năm trước"), 16),
    ("new", _("Giá trị mới (điền vào đây)"), 22),
    ("note", _("Ghi chú"), 30),
    ("version", _("Phiên bản"), 8),
]
COL = {key: i + 1 for i, (key, _label, _w) in enumerate(COLUMNS)}
# From sign-off on, the appraisal's result follows (assessments/results_view.py); the import
# reads only COLUMNS, so a filled result file still imports (and a final one edits nothing).
RESULT_COLUMNS = [
    ("self", _("Điểm tự đánh giá"), 12),
    ("reviewed", _("Điểm thẩm định"), 12),
    ("final", _("Điểm đạt được"), 12),
    ("reason", _("Lý do điều chỉnh"), 40),
]
RESULT_COL = {key: len(COLUMNS) + i + 1 for i, (key, _label, _w) in enumerate(RESULT_COLUMNS)}
IMPORTED = ("code", "field", "new", "version")  # the only cells the import reads

_FILL_INPUT = PatternFill("solid", fgColor="FFF7D6")
_FILL_LOCKED = PatternFill("solid", fgColor="E9ECEF")


class ExcelError(services.AssessmentError):
    """The file cannot be read at all (not an xlsx, wrong submission, no data sheet)."""


# Thousands grouped, as the spreadsheet's language writes them (4.952.238 in a Vietnamese Excel,
# 4,952,238 in an English one); a fraction shows its decimals, up to the 4 a value may have.
WHOLE_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.0###"


def _cell_value(raw: Any, kind: str) -> Any:
    """A stored input as a cell: numbers as numbers, yes/no as Có/Không, choices as codes."""
    if raw is None or raw == "":
        return None
    if kind == FIELD_BOOLEAN:
        return _("Có") if raw is True else _("Không") if raw is False else str(raw)
    if kind == FIELD_CHOICE:
        return str(raw)
    try:
        number = Decimal(str(raw))
    except ArithmeticError:
        return str(raw)
    return int(number) if number == number.to_integral_value() else float(number)


def _previous_text(previous) -> str:
    parts = []
    for p in previous:
        text = inputs_text(p.indicator, p.inputs)
        parts.append(f"{p.unit_name}: {text}" if p.unit_name else text)
    return "; ".join(parts)


def _values(submission: Submission) -> list[IndicatorValue]:
    return list(
        IndicatorValue.objects.filter(submission=submission)
        .select_related("indicator", "indicator__main_index")
        .order_by("indicator__order")
    )


def template_filename(submission: Submission) -> str:
    return f"dti-{submission.round.year}-{submission.unit.code}-mau-nhap-lieu.xlsx"


def build_template(submission: Submission) -> bytes:
    values = _values(submission)
    previous = selectors.previous_values(
        selectors.previous_submissions(submission), [v.indicator.code for v in values], unit_id=submission.unit_id
    )
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws["A1"] = _("Hồ sơ tự đánh giá DTI %(year)s — %(unit)s") % {"year": submission.round.year, "unit": submission.unit.name}
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = _(
        "Điền cột “Giá trị mới”. Có/Không: ghi Có hoặc Không; theo mức: ghi mã mức; "
        "số lượng: 42.000 hoặc 42000; số thập phân: 1.234,5 hoặc 0,85. Không sửa các cột khác. Chỉ số đo tự động không sửa được. Tải lên tại trang hồ sơ để xem trước rồi xác nhận."
    )
    ws["A3"] = "submission"
    ws["B3"] = submission.pk
    ws.row_dimensions[3].hidden = True
    result = results_view.final_result(submission)
    by_value = result.by_value if result else {}
    headers = [(COL[k], label, w) for k, label, w in COLUMNS]
    headers += [(RESULT_COL[k], label, w) for k, label, w in RESULT_COLUMNS] if result else []
    for column, label, width in headers:
        cell = ws.cell(row=HEADER_ROW, column=column, value=str(label))
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[cell.column_letter].width = width
    ws.column_dimensions[ws.cell(row=1, column=COL["version"]).column_letter].hidden = True
    ws.column_dimensions[ws.cell(row=1, column=COL["field"]).column_letter].hidden = True
    ws.freeze_panes = ws.cell(row=FIRST_ROW, column=COL["name"] + 1)
    yes_no = DataValidation(type="list", formula1=f'"{_("Có")},{_("Không")}"', allow_blank=True)
    ws.add_data_validation(yes_no)
    row = FIRST_ROW
    for v in values:
        ind = v.indicator
        editable = workflow.province_may_edit(submission, v)
        note = ""
        if ind.automatic:
            note = _("Đo tự động (%(source)s) — không sửa") % {"source": v.source or ind.source_vi}
        elif not editable:
            note = _("Không sửa được lúc này")
        for n, f in enumerate(_fields_for(v, ind)):
            if n == 0 and v.pk in by_value:
                # On the indicator's first row only, so that a column sums to the unit's total.
                _write_result(ws, row, by_value[v.pk])
            cells = {
                "code": ind.code,
                "name": ind.name,
                "main": ind.main_index.name,
                "max": float(ind.max_points),
                "rule": rule_text(ind),
                "field": f.key,
                "label": f.label,
                "current": _cell_value((v.inputs or {}).get(f.key), f.kind),
                "previous": _previous_text(previous.get(ind.code, [])),
                "new": _cell_value((v.inputs or {}).get(f.key), f.kind),
                "note": note,
                "version": v.version,
            }
            for key, value in cells.items():
                cell = ws.cell(row=row, column=COL[key], value=value)
                cell.alignment = Alignment(wrap_text=key in {"name", "rule", "label", "previous", "note"}, vertical="top")
                if key in {"current", "new"} and isinstance(value, (int, float)):
                    cell.number_format = WHOLE_FORMAT if float(value).is_integer() else DECIMAL_FORMAT
            new = ws.cell(row=row, column=COL["new"])
            new.fill = _FILL_INPUT if editable else _FILL_LOCKED
            new.protection = Protection(locked=False)
            if f.kind == FIELD_BOOLEAN:
                yes_no.add(new)
            elif f.kind == FIELD_CHOICE:
                codes = ",".join(code for code, _label in f.options)
                dv = DataValidation(type="list", formula1=f'"{codes}"', allow_blank=True)
                ws.add_data_validation(dv)
                dv.add(new)
                ws.cell(row=row, column=COL["label"], value=f"{f.label}: " + "; ".join(f"{c} = {lbl}" for c, lbl in f.options))
            row += 1
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _write_result(ws, row: int, r: results_view.IndicatorResult) -> None:
    cells = {
        "self": None if r.self_points is None else float(r.self_points),
        "reviewed": None if r.reviewed_points is None else float(r.reviewed_points),
        "final": float(r.final_points),
        "reason": r.reason or None,
    }
    for key, value in cells.items():
        cell = ws.cell(row=row, column=RESULT_COL[key], value=value)
        cell.alignment = Alignment(wrap_text=key == "reason", vertical="top")
        if key != "reason":
            cell.number_format = "0.00"


# --- Import ---------------------------------------------------------------------------------


@dataclass
class PreviewRow:
    value_id: int
    code: str
    name: str
    rows: list[int]  # the file's row numbers
    current: str = ""
    new: str = ""
    current_points: Decimal | None = None
    new_points: Decimal | None = None
    errors: list[str] = field(default_factory=list)
    changed: bool = False
    inputs: dict = field(default_factory=dict)
    version: int = 0
    main_index_id: int = 0


@dataclass
class Preview:
    submission_id: int
    rows: list[PreviewRow]
    file_errors: list[str] = field(default_factory=list)

    @property
    def changes(self) -> list[PreviewRow]:
        return [r for r in self.rows if r.changed and not r.errors]

    @property
    def error_count(self) -> int:
        return len(self.file_errors) + sum(1 for r in self.rows if r.errors)

    @property
    def has_errors(self) -> bool:
        return self.error_count > 0

    def to_session(self) -> dict:
        return {
            "submission": self.submission_id,
            "errors": self.error_count,
            "rows": {str(r.value_id): {"inputs": r.inputs, "version": r.version, "main": r.main_index_id} for r in self.changes},
        }


def _raw(cell_value: Any) -> Any:
    if isinstance(cell_value, str):
        return cell_value.strip()
    if isinstance(cell_value, float) and cell_value.is_integer():
        return int(cell_value)
    return cell_value


def _read_rows(upload, marker: str = "submission") -> tuple[int | None, list[tuple[int, dict]]]:
    """The submission id (hidden row 3) and the data rows; bounded by excel_guard before and
    while openpyxl parses. Raises ExcelError; a refused cell is a row error, not a crash."""
    if upload is None:
        raise ExcelError(_("Hãy chọn tệp Excel (.xlsx)."))
    if upload.size > MAX_BYTES:
        raise ExcelError(_("Tệp quá lớn (tối đa 5 MB)."))
    try:
        wb, ws = excel_guard.open_sheet(upload.read(MAX_BYTES + 1), SHEET, max_rows=MAX_ROWS, aliases=OLDER_SHEETS)
    except excel_guard.WorkbookRefused as exc:
        raise ExcelError(str(exc)) from None
    try:
        return _rows(ws, marker)
    except ExcelError:
        raise
    except Exception as exc:  # noqa: BLE001 - a malformed cell (e.g. a 5,000-digit number) in the XML
        raise ExcelError(_("Tệp không phải tệp Excel (.xlsx) hợp lệ. Hãy dùng mẫu tải từ cổng.")) from exc
    finally:
        wb.close()


def _rows(ws, marker: str = "submission") -> tuple[int | None, list[tuple[int, dict]]]:
    submission_id, out = None, []
    for number, cells in enumerate(ws.iter_rows(values_only=True, max_col=len(COLUMNS), max_row=MAX_ROWS + 1), start=1):
        if number > MAX_ROWS:
            raise ExcelError(_("Tệp có quá nhiều dòng."))
        cells = list(cells) + [None] * (len(COLUMNS) - len(cells))
        if number == 3 and cells[0] == marker:
            submission_id = cells[1] if isinstance(cells[1], int) else None
        if number < FIRST_ROW or all(c in (None, "") for c in cells):
            continue
        row = {key: cells[COL[key] - 1] for key in IMPORTED}
        problem = next(filter(None, (excel_guard.cell_problem(v) for v in row.values())), None)
        out.append((number, {**row, "problem": problem}))
    return submission_id, out


def preview_import(submission: Submission, upload) -> Preview:
    submission_id, file_rows = _read_rows(upload)
    if submission_id != submission.pk:
        raise ExcelError(_("Tệp này không phải mẫu của hồ sơ này. Hãy tải mẫu của hồ sơ %(unit)s — DTI %(year)s.")
                         % {"unit": submission.unit.name, "year": submission.round.year})
    values = {v.indicator.code: v for v in _values(submission)}
    gi = services.general_info_map(submission)
    file_errors = []
    grouped: dict[str, dict] = {}
    for number, cells in file_rows:
        if cells["problem"]:
            file_errors.append(_("Dòng %(row)s: %(problem)s.") % {"row": number, "problem": cells["problem"]})
            continue
        code = str(cells["code"] or "").strip()
        value = values.get(code)
        if value is None:
            file_errors.append(_("Dòng %(row)s: không có chỉ số “%(code)s” trong hồ sơ.") % {"row": number, "code": code})
            continue
        entry = grouped.setdefault(code, {"rows": [], "raw": {}, "versions": set()})
        key = str(cells["field"] or "").strip()
        if key in entry["raw"]:
            file_errors.append(_("Dòng %(row)s: trường “%(field)s” của chỉ số %(code)s bị lặp.") % {"row": number, "field": key, "code": code})
            continue
        entry["rows"].append(number)
        entry["raw"][key] = _raw(cells["new"])
        entry["versions"].add(cells["version"])
    rows = []
    for code, entry in grouped.items():
        value = values[code]
        ind = value.indicator
        row = PreviewRow(
            value_id=value.pk, code=code, name=ind.name, rows=entry["rows"], current=inputs_text(ind, value.inputs),
            current_points=value.self_points, version=value.version, main_index_id=ind.main_index_id,
        )
        rows.append(row)
        where = _("Dòng %(rows)s") % {"rows": ", ".join(str(n) for n in entry["rows"])}
        raw = entry["raw"]
        if all(r in (None, "") for r in raw.values()):
            row.new, row.new_points = row.current, row.current_points
            continue
        scored = services.score_inputs(ind, raw, gi)
        if scored.errors:
            row.errors = [f"{where}: {msg}" for msg in scored.errors.values()]
            row.new = ", ".join(str(r) for r in raw.values() if r not in (None, ""))
            continue
        row.inputs, row.new, row.new_points = scored.inputs, inputs_text(ind, scored.inputs), scored.points
        row.changed = scored.inputs != (value.inputs or {}) or scored.points != value.self_points
        if not row.changed:
            continue
        if ind.automatic:
            row.errors.append(f"{where}: " + _("chỉ số được đo tự động; không thể sửa."))
        elif not workflow.province_may_edit(submission, value):
            row.errors.append(f"{where}: " + _("chỉ số này không sửa được lúc này (trạng thái hồ sơ hoặc đã quá hạn)."))
        elif entry["versions"] != {value.version}:
            row.errors.append(
                f"{where}: "
                + _("chỉ số đã được cập nhật trên cổng sau khi bạn tải mẫu (hiện là %(current)s). Hãy tải mẫu mới.")
                % {"current": row.current}
            )
    return Preview(submission_id=submission.pk, rows=rows, file_errors=file_errors)


def apply_import(*, actor, submission: Submission, stashed: dict) -> services.SaveOutcome:
    """Apply a stashed preview (Preview.to_session()): all or nothing, audited as an import."""
    if stashed.get("submission") != submission.pk:
        raise services.AssessmentError(_("Bản xem trước không thuộc hồ sơ này; hãy tải tệp lên lại."))
    if stashed.get("errors"):
        raise services.AssessmentError(_("Tệp còn lỗi; chưa áp dụng thay đổi nào. Hãy sửa tệp rồi tải lên lại."))
    by_main: dict[int, dict[int, dict]] = defaultdict(dict)
    for value_id, row in stashed.get("rows", {}).items():
        by_main[row["main"]][int(value_id)] = {"inputs": row["inputs"], "version": row["version"]}
    mains = MainIndex.objects.in_bulk(list(by_main))
    changed = unchanged = 0
    warnings: list[str] = []
    with transaction.atomic():
        for main_id, rows in by_main.items():
            outcome = services.save_main_index(
                actor=actor, submission=submission, main_index=mains[main_id], rows=rows, interface=Interface.IMPORT
            )
            changed, unchanged = changed + outcome.changed, unchanged + outcome.unchanged
            warnings += outcome.warnings  # validation-rule warnings: saved, shown after the import
    return services.SaveOutcome(changed=changed, unchanged=unchanged, warnings=warnings)
