"""Exports of ranking tables: CSV and Excel rows, and the province report as PDF.

CSV and Excel headers follow the user's language; `machine_header` gives stable codes for
programs. Figures the source did not publish (computed by the engine, or re-expressed on the
merged units) are marked: marker columns in both, italic cells with a comment in Excel.
The PDF is HTML laid out by WeasyPrint (results.report), charts as inline SVG (results.charts).
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from django.utils.translation import gettext as _

from assessments.models import CloseOut
from core import formatting
from core.language import localized

from .selectors import RankingTable


class Basis:
    """Where a row's figures come from: the export's marker column (machine tokens)."""

    PUBLISHED = "published"
    COMPUTED = "computed"
    REEXPRESSED = "reexpressed"


def basis_labels() -> dict[str, str]:
    return {
        Basis.PUBLISHED: _("công bố"),
        Basis.COMPUTED: _("có giá trị do hệ thống tính từ số liệu công bố"),
        Basis.REEXPRESSED: _("quy đổi theo đơn vị sau sáp nhập"),
    }


def closeout_labels() -> dict[str, str]:
    """What the public ranking's close-out list says of each kind (templates/results/_closeouts.html)."""
    return {
        CloseOut.AS_IS: _("chấm theo số liệu đã nhập"),
        CloseOut.EXCLUDED: _("không nộp hồ sơ — loại khỏi xếp hạng"),
    }


def row_basis(row) -> str:
    if row.reexpressed:
        return Basis.REEXPRESSED
    return Basis.COMPUTED if row.inferred else Basis.PUBLISHED


def _fmt(value) -> str:
    """A cell of the CSV: values with 4 decimals and a point in every language (files are
    read by programs too), ranks and text as they are."""
    if isinstance(value, Decimal):
        return formatting.plain(value, 4)
    return "" if value is None else str(value)


def _columns(table: RankingTable) -> list[tuple[str, str]]:
    """(machine code, label in the user's language) of every column, in order."""
    columns = [
        ("unit_code", _("Mã đơn vị")),
        ("unit_name", _("Đơn vị")),
        ("dti", "DTI"),
        ("rank", _("Hạng")),
        ("rank_change", _("Thay đổi hạng")),
        # Partial history (results.partial): a unit published with a DTI and no rank has the
        # ranks it can have; every rank is out of the whole group.
        ("rank_from", _("Hạng có thể, từ")),
        ("rank_to", _("Hạng có thể, đến")),
        ("rank_of", _("Hạng trên tổng số")),
    ]
    for p in table.pillar_columns:
        columns += [(p.code.lower(), p.name), (f"rank_{p.code.lower()}", _("Hạng %(name)s") % {"name": p.name})]
    columns += [(m.code.lower(), m.name) for m in table.main_columns]
    columns += [
        # Units that did not submit, as the public ranking lists them: scored as is (ranked,
        # unreviewed) or excluded (a row without figures), with the admin's reason.
        ("closeout", _("Không nộp hồ sơ")),
        ("closeout_reason", _("Lý do khép hồ sơ")),
        ("source", _("Nguồn công bố")),
        ("basis", _("Nguồn số liệu")),
        ("inferred_fields", _("Giá trị do hệ thống tính")),
        ("predecessors", _("Đơn vị trước sáp nhập")),
    ]
    return columns


def table_rows(table: RankingTable, *, machine_header: bool = False) -> tuple[list[str], list[list]]:
    """Header and rows: unit code, unit name, DTI, rank, pillar values and ranks, main-index
    values, then the markers: how a unit that did not submit was closed out and why, the row's basis (published, partly computed by the engine, or
    re-expressed on the merged units), which fields the engine computed, and the predecessors.
    The units excluded for not submitting follow the ranked rows, without figures.

    The header is in the user's language; `machine_header` gives the stable codes instead
    (and machine tokens in the marker columns), for programs reading the file.
    """
    columns = _columns(table)
    header = [code if machine_header else label for code, label in columns]
    labels = dict(columns)
    basis = basis_labels()
    closeouts = closeout_labels()
    rows = []
    for r in table.rows:
        line = [r.unit.code, r.unit.name, r.dti, r.rank, r.rank_change, r.rank_from, r.rank_to, r.rank_of]
        for p in table.pillar_columns:
            line += [r.pillar_values.get(p.code), r.pillar_ranks.get(p.code)]
        line += [r.main_values.get(m.code) for m in table.main_columns]
        inferred = [c for c, _label in columns if _inferred_code(c) in r.inferred]
        kind = row_basis(r)
        closeout = CloseOut.AS_IS if r.scored_as_is else ""
        line += [
            (closeout if machine_header else closeouts[closeout]) if closeout else "",
            r.closeout_reason,
            r.source,
            kind if machine_header else basis[kind],
            ";".join(inferred) if machine_header else "; ".join(labels[c] for c in inferred),
            "; ".join(p.name for p in r.predecessors),
        ]
        rows.append(line)
    return header, rows + _excluded_rows(table, columns, closeouts, machine_header)


def _excluded_rows(table: RankingTable, columns, closeouts, machine_header: bool) -> list[list]:
    """An excluded unit's line: its code and name, no figures, the close-out and its reason."""
    codes = [code for code, _label in columns]
    rows = []
    for c in table.excluded:
        line = [None] * len(columns)
        line[0], line[1] = c.unit.code, c.unit.name
        line[codes.index("closeout")] = CloseOut.EXCLUDED if machine_header else closeouts[CloseOut.EXCLUDED]
        line[codes.index("closeout_reason")] = c.reason
        rows.append(line)
    return rows


def _inferred_code(column: str) -> str:
    """The RankingRow.inferred code of an export column ("cqs" → "CQS", "dti", "rank")."""
    return column if column in ("dti", "rank") else column.upper()


def write_csv(table: RankingTable, out, *, machine_header: bool = False) -> None:
    header, rows = table_rows(table, machine_header=machine_header)
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_fmt(v) for v in row])


def xlsx_bytes(table: RankingTable, *, machine_header: bool = False) -> bytes:
    """The table as a sheet: a title, the header, one row per unit; figures the engine computed
    or re-expressed are italic and grey with a comment, explained under the table."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font

    columns = _columns(table)
    header, rows = table_rows(table, machine_header=machine_header)
    wb = Workbook()
    ws = wb.active
    ws.title = formatting.sheet_title(_("Xếp hạng DTI %(year)s") % {"year": table.year})
    title = _("Chỉ số chuyển đổi số (DTI) %(year)s — %(group)s") % {"year": table.year, "group": table.group_label}
    if table.authority is not None:  # a province's own ranking says whose it is
        title = f"{localized(table.authority.name, table.authority.name_en)} — {title}"
    ws.append([title])
    ws["A1"].font = Font(bold=True)
    ws.append(header)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    marked = Font(italic=True, color="6C757D")
    first_figure = 3  # 1-based: DTI … the last main index, the column before "closeout"
    last_figure = [code for code, _label in columns].index("closeout")
    ranked = len(table.rows)
    for r, row in zip(table.rows, rows[:ranked], strict=True):
        # Values as numbers (not text) so the sheet can sort and chart them; 4 decimals shown.
        ws.append([float(v) if isinstance(v, Decimal) else v for v in row])
        for index, (code, _label) in enumerate(columns, start=1):
            cell = ws.cell(row=ws.max_row, column=index)
            if isinstance(cell.value, float):
                cell.number_format = "0.0000"
            if first_figure <= index <= last_figure and cell.value is not None and (
                r.reexpressed or _inferred_code(code) in r.inferred
            ):
                cell.font = marked
                cell.comment = Comment(basis_labels()[row_basis(r)] if r.reexpressed else _("do hệ thống tính"), "DTI Portal")
    for row in rows[ranked:]:  # the excluded units: no figures to mark
        ws.append(row)
    ws.append([])
    for note in coverage_notes(table):
        ws.append([note])
    ws.append([_("Chữ nghiêng, màu xám: giá trị không có trong công bố gốc — do hệ thống tính từ số liệu công bố, hoặc quy đổi theo đơn vị sau sáp nhập (trung bình cộng kết quả đã công bố của các đơn vị trước sáp nhập).")])
    if table.framework is not None and table.framework.illustrative:
        ws.append([_("Bộ chỉ số %(decision)s trong hệ thống là danh mục minh họa: tên và điểm của một số chỉ số là suy luận.") % {"decision": table.framework.decision}])
    ws.freeze_panes = "C3"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def coverage_notes(table: RankingTable) -> list[str]:
    """What the page's coverage notice says (templates/results/_coverage_notice.html), as
    lines under the sheet: how many units of the group, the sources, how to read the ranks."""
    c = table.coverage
    if c is None:
        return []
    args = {"n": c.units, "size": c.group_size, "noun": table.unit_noun}
    lines = [
        (_("Số liệu quy đổi của %(n)d/%(size)d %(noun)s") if c.reexpressed else _("Số liệu công bố của %(n)d/%(size)d %(noun)s")) % args
        + (", " + _("nguồn: %(sources)s") % {"sources": c.sources_text} if c.sources else "") + "."
    ]
    if c.official_ranks:
        lines.append(_("Hạng là thứ hạng chính thức trong %(size)d %(noun)s do nguồn công bố; ô DTI trống ở dòng có hạng: nguồn không công bố DTI của đơn vị.") % args)
    if c.ranged:
        lines.append(_("Cột “Hạng có thể”: nguồn công bố DTI của đơn vị nhưng không công bố thứ hạng; các thứ hạng đơn vị có thể có, suy ra từ DTI và thứ hạng chính thức của các đơn vị khác."))
    return lines


# --- PDF ------------------------------------------------------------------------------------


def province_report_pdf(*, table: RankingTable, row, gaps, indicator_gaps, history, radar, best=None, average_dti=None,
                        reconciliation: dict | None = None, predecessor_history=()) -> bytes:
    """The province's report: the profile's figures, charts and tables laid out for print
    (results/report/province_report.html through WeasyPrint, see results.report); with the
    per-indicator reconciliation when the caller may see it."""
    from . import authorities, charts, report

    return report.render_pdf("results/report/province_report.html", {
        "table": table, "row": row, "gaps": gaps, "indicator_gaps": indicator_gaps, "history": history,
        "best": best, "average_dti": average_dti, "bars": charts.main_index_bars(radar),
        "rank_chart": charts.rank_history(history), "rec": reconciliation,
        "predecessor_history": predecessor_history,
        # A provincial authority's report carries its name and logo (inline: no server to ask).
        "authority_logo": authorities.logo_data_uri(table.authority) if table.authority else "",
    })
