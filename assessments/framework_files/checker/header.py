"""The file's top level: format, identity, level, years, aggregation and total points."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from assessments.scoring import AGGREGATIONS, format_decimal

from ..reader import ListWithLines, MapWithLines
from ..specs import FORMAT_TAG, LEVELS, MainIndexSpec
from .fields import MAX_POINTS, MISSING, Fields

TOP_LEVEL_FIELDS = {
    "format",
    "code",
    "decision",
    "decision_date",
    "title_vi",
    "title_en",
    "level",
    "years",
    "aggregation",
    "total_points",
    "illustrative",
    "note_vi",
    "pillars",
    "general_information",
    "groups",
    "validation_rules",
}
FIRST_YEAR, LAST_YEAR = 2000, 2100
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def header(f: Fields, root: MapWithLines) -> dict[str, Any]:
    """The framework's own fields, as FrameworkSpec keyword arguments."""
    f.keys(root, TOP_LEVEL_FIELDS, "")
    fmt = f.get(root, "format", "", required=True)
    if fmt is not MISSING and fmt != FORMAT_TAG:
        f.add(root.value_line("format"), f"định dạng '{fmt}' không được hỗ trợ (cần 'format: {FORMAT_TAG}')")
    code = f.text(root, "code", "", max_length=40)
    if code and not _SLUG.fullmatch(code):
        f.add(root.value_line("code"), f"mã bộ chỉ số '{code}' chỉ được gồm chữ thường a-z, số và dấu '-'")
    return {
        "code": code,
        "decision": f.text(root, "decision", ""),
        "decision_date": f.date(root, "decision_date"),
        "title_vi": f.text(root, "title_vi", ""),
        "title_en": f.text(root, "title_en", "", required=False),
        "level": f.choice(root, "level", "", LEVELS),
        "years": years(f, root),
        "aggregation": f.choice(root, "aggregation", "", AGGREGATIONS),
        "total_points": total_points(f, root),
        "illustrative": f.boolean(root, "illustrative", ""),
        "note_vi": f.text(root, "note_vi", "", required=False),
    }


def total_points(f: Fields, root: MapWithLines) -> Decimal | None:
    value = f.decimal(root, "total_points", "")
    if value is not None and not (0 < value <= MAX_POINTS):
        f.add(root.value_line("total_points"), f"trường 'total_points' phải lớn hơn 0 và tối đa {MAX_POINTS}")
        return None
    return value


def years(f: Fields, root: MapWithLines) -> tuple[int, ...]:
    value = f.get(root, "years", "", required=True)
    if value is MISSING:
        return ()
    if not isinstance(value, ListWithLines) or not value:
        f.add(root.value_line("years"), "trường 'years' phải là danh sách năm, ví dụ [2021, 2022]")
        return ()
    out: list[int] = []
    for item, line in zip(value, value.item_lines, strict=True):
        if isinstance(item, bool) or not isinstance(item, int):
            f.add(line, f"năm '{item}' phải là số nguyên, ví dụ 2022")
        elif not FIRST_YEAR <= item <= LAST_YEAR:
            f.add(line, f"năm {item} phải trong khoảng {FIRST_YEAR}–{LAST_YEAR}")
        elif item in out:
            f.add(line, f"năm {item} bị lặp lại")
        else:
            out.append(item)
    return tuple(out)


def check_total(f: Fields, root: MapWithLines, total: Decimal | None, mains: list[MainIndexSpec]) -> None:
    """total_points must equal the sum of the main indices' max points."""
    if total is None or not mains or any(m.max_points is None for m in mains):
        return
    found = sum((m.max_points for m in mains), Decimal(0))
    if found != total:
        f.add(
            root.value_line("total_points"),
            f"total_points ({format_decimal(total)}) khác tổng điểm tối đa "
            f"của các chỉ số chính ({format_decimal(found)})",
        )
