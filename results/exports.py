"""Exports of ranking tables: CSV and Excel rows, and the province report as PDF.

The PDF is drawn with reportlab, charts included (server-side, no browser): a bar chart of the
main indices against the average and the best unit, and the unit's rank across years.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

from django.utils.translation import gettext as _

from core import formatting

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
    ]
    for p in table.pillar_columns:
        columns += [(p.code.lower(), p.name), (f"rank_{p.code.lower()}", _("Hạng %(name)s") % {"name": p.name})]
    columns += [(m.code.lower(), m.name) for m in table.main_columns]
    columns += [
        ("basis", _("Nguồn số liệu")),
        ("inferred_fields", _("Giá trị do hệ thống tính")),
        ("predecessors", _("Đơn vị trước sáp nhập")),
    ]
    return columns


def table_rows(table: RankingTable, *, machine_header: bool = False) -> tuple[list[str], list[list]]:
    """Header and rows: unit code, unit name, DTI, rank, pillar values and ranks, main-index
    values, then the markers: the row's basis (published, partly computed by the engine, or
    re-expressed on the merged units), which fields the engine computed, and the predecessors.

    The header is in the user's language; `machine_header` gives the stable codes instead
    (and machine tokens in the marker columns), for programs reading the file.
    """
    columns = _columns(table)
    header = [code if machine_header else label for code, label in columns]
    labels = dict(columns)
    basis = basis_labels()
    rows = []
    for r in table.rows:
        line = [r.unit.code, r.unit.name, r.dti, r.rank, r.rank_change]
        for p in table.pillar_columns:
            line += [r.pillar_values.get(p.code), r.pillar_ranks.get(p.code)]
        line += [r.main_values.get(m.code) for m in table.main_columns]
        inferred = [c for c, _label in columns if _inferred_code(c) in r.inferred]
        kind = row_basis(r)
        line += [
            kind if machine_header else basis[kind],
            ";".join(inferred) if machine_header else "; ".join(labels[c] for c in inferred),
            "; ".join(p.name for p in r.predecessors),
        ]
        rows.append(line)
    return header, rows


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
    ws.title = f"DTI {table.year}"[:31]
    ws.append([_("Chỉ số chuyển đổi số (DTI) %(year)s — %(group)s") % {"year": table.year, "group": table.group_label}])
    ws["A1"].font = Font(bold=True)
    ws.append(header)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    marked = Font(italic=True, color="6C757D")
    first_figure, last_figure = 3, len(columns) - 3  # 1-based: DTI … last main index
    for r, row in zip(table.rows, rows, strict=True):
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
    ws.append([])
    ws.append([_("Chữ nghiêng, màu xám: giá trị không có trong công bố gốc — do hệ thống tính từ số liệu công bố, hoặc quy đổi theo đơn vị sau sáp nhập (trung bình cộng kết quả đã công bố của các đơn vị trước sáp nhập).")])
    if table.framework is not None and table.framework.illustrative:
        ws.append([_("Bộ chỉ số %(decision)s trong hệ thống là danh mục minh họa: tên và điểm của một số chỉ số là suy luận.") % {"decision": table.framework.decision}])
    ws.freeze_panes = "C3"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# --- PDF ------------------------------------------------------------------------------------

_FONT_CANDIDATES = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
]
_BOLD_CANDIDATES = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
]


def _fonts() -> tuple[str, str]:
    """A font with Vietnamese glyphs (reportlab's built-in Helvetica has none)."""
    from django.conf import settings
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "DTI" in pdfmetrics.getRegisteredFontNames():
        return "DTI", "DTI-Bold"
    regular = getattr(settings, "RESULTS_PDF_FONT", None) or next((p for p in _FONT_CANDIDATES if Path(p).exists()), None)
    bold = getattr(settings, "RESULTS_PDF_FONT_BOLD", None) or next((p for p in _BOLD_CANDIDATES if Path(p).exists()), None)
    if not regular:
        return "Helvetica", "Helvetica-Bold"
    pdfmetrics.registerFont(TTFont("DTI", regular))
    pdfmetrics.registerFont(TTFont("DTI-Bold", bold or regular))
    return "DTI", "DTI-Bold"


def province_report_pdf(*, table: RankingTable, row, gaps, indicator_gaps, history, radar) -> bytes:
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.charts.lineplots import LinePlot
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font, bold = _fonts()
    h1 = ParagraphStyle("h1", fontName=bold, fontSize=15, leading=19, spaceAfter=6)
    h2 = ParagraphStyle("h2", fontName=bold, fontSize=12, leading=15, spaceBefore=10, spaceAfter=4)
    body = ParagraphStyle("body", fontName=font, fontSize=9, leading=12)
    story = [
        Paragraph(_("Báo cáo chỉ số chuyển đổi số %(year)s — %(unit)s") % {"year": table.year, "unit": row.unit.name}, h1),
        Paragraph(table.group_label, body),
        Spacer(1, 4 * mm),
    ]

    def grid(data, widths=None):
        t = Table(data, colWidths=widths, repeatRows=1)
        t.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), font),
            ("FONTNAME", (0, 0), (-1, 0), bold),
            ("FONTSIZE", (0, 0), (-1, -1), 8.5),
            ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e9ecef")),
            ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ]))
        return t

    summary = [[_("Chỉ số"), _("Giá trị"), _("Hạng")], ["DTI", _fmt(row.dti), _fmt(row.rank)]]
    for p in table.pillar_columns:
        if row.pillar_values.get(p.code) is not None or row.pillar_ranks.get(p.code) is not None:
            summary.append([p.name, _fmt(row.pillar_values.get(p.code)), _fmt(row.pillar_ranks.get(p.code))])
    for m in table.main_columns:
        if row.main_values.get(m.code) is not None:
            summary.append([m.name, _fmt(row.main_values.get(m.code)), _fmt(row.main_ranks.get(m.code))])
    story += [Paragraph(_("Kết quả"), h2), grid(summary, [95 * mm, 35 * mm, 25 * mm])]

    if radar:
        story += [Paragraph(_("Chỉ số chính so với trung bình và đơn vị dẫn đầu"), h2)]
        d = Drawing(170 * mm, 75 * mm)
        chart = VerticalBarChart()
        chart.x, chart.y, chart.width, chart.height = 12 * mm, 18 * mm, 150 * mm, 52 * mm
        chart.data = [radar["unit"], radar["average"], radar["best"] or [0] * len(radar["unit"])]
        chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 1, 0.2
        chart.valueAxis.labels.fontName = font
        chart.categoryAxis.categoryNames = [label[:14] for label in radar["labels"]]
        chart.categoryAxis.labels.fontName = font
        chart.categoryAxis.labels.fontSize = 6
        chart.categoryAxis.labels.angle = 20
        chart.categoryAxis.labels.boxAnchor = "ne"
        palette = [colors.HexColor("#0d6efd"), colors.HexColor("#adb5bd"), colors.HexColor("#198754")]
        for i, color in enumerate(palette):
            chart.bars[i].fillColor = color
        d.add(chart)
        legend = Legend()
        legend.x, legend.y = 14 * mm, 74 * mm
        legend.fontName, legend.fontSize = font, 7
        legend.alignment, legend.columnMaximum = "right", 1
        legend.colorNamePairs = list(zip(palette, [row.unit.name, _("Trung bình"), radar["best_name"]], strict=True))
        d.add(legend)
        story.append(d)

    if len(history) >= 2:
        story += [Paragraph(_("Thứ hạng qua các năm"), h2)]
        d = Drawing(170 * mm, 55 * mm)
        plot = LinePlot()
        plot.x, plot.y, plot.width, plot.height = 15 * mm, 8 * mm, 145 * mm, 40 * mm
        points = [(h["year"], -h["rank"]) for h in history if h["rank"] is not None]
        plot.data = [points]
        plot.lines[0].strokeColor = colors.HexColor("#0d6efd")
        plot.xValueAxis.valueMin = min(p[0] for p in points) - 0.5
        plot.xValueAxis.valueMax = max(p[0] for p in points) + 0.5
        plot.xValueAxis.valueSteps = [p[0] for p in points]
        plot.xValueAxis.labelTextFormat = "%d"
        plot.yValueAxis.labelTextFormat = lambda v: str(int(-v))  # rank 1 on top
        for axis in (plot.xValueAxis, plot.yValueAxis):
            axis.labels.fontName = font
        d.add(plot)
        d.add(String(0, 50 * mm, _("Hạng"), fontName=font, fontSize=8))
        story.append(d)
        hist = [[_("Năm"), "DTI", _("Hạng"), _("Thay đổi")]] + [
            [str(h["year"]), _fmt(h["dti"]), _fmt(h["rank"]), _fmt(h.get("change"))] for h in history
        ]
        story.append(grid(hist, [30 * mm, 35 * mm, 25 * mm, 25 * mm]))

    if gaps:
        story += [Paragraph(_("Điểm bị mất theo chỉ số chính"), h2)]
        data = [[_("Chỉ số chính"), _("Tối đa"), _("Đạt"), _("Mất so với tối đa"), _("Mất so với đơn vị dẫn đầu")]]
        data += [[g.name, str(g.max_points), str(g.points), str(g.lost_vs_max), _fmt(g.lost_vs_best)] for g in gaps]
        story.append(grid(data, [70 * mm, 20 * mm, 20 * mm, 30 * mm, 35 * mm]))
    if indicator_gaps:
        story += [Paragraph(_("Điểm bị mất theo chỉ số thành phần"), h2)]
        data = [[_("Chỉ số thành phần"), _("Tối đa"), _("Đạt"), _("Mất"), _("So với dẫn đầu")]]
        data += [
            [Paragraph(f"{g.code} {g.name}", body), str(g.max_points), str(g.points), str(g.lost_vs_max), _fmt(g.lost_vs_best)]
            for g in indicator_gaps
        ]
        story.append(grid(data, [85 * mm, 18 * mm, 18 * mm, 18 * mm, 28 * mm]))

    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm, bottomMargin=16 * mm,
                            title=f"DTI {table.year} {row.unit.name}", author="DTI Portal")
    doc.build(story)
    return buf.getvalue()
