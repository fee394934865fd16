"""One main index: its number, points, pillar membership and indicators."""

from __future__ import annotations

from decimal import Decimal

from assessments.scoring import format_decimal

from ..reader import ListWithLines, MapWithLines
from ..specs import IndicatorSpec, MainIndexSpec
from .fields import MISSING, Codes, Fields
from .indicators import indicator

MAIN_INDEX_FIELDS = {"code", "number", "name_vi", "name_en", "max_points", "pillars", "indicators"}


def main_index(f: Fields, m: MapWithLines, codes: Codes) -> MainIndexSpec:
    code = f.text(m, "code", "chỉ số chính: ")
    where = f"chỉ số chính '{code}': " if code else "chỉ số chính: "
    f.keys(m, MAIN_INDEX_FIELDS, where)
    f.unique(codes.mains, code, m.value_line("code"), "chỉ số chính")
    codes.main_lines.setdefault(code, m.line)
    number = f.integer(m, "number", where)
    max_points = f.points(m, "max_points", where)
    pillars = main_pillars(f, m, where, codes.pillars)
    indicators = [indicator(f, i, codes) for i in f.mapping_list(m, "indicators", where, required=True)]
    _check_sum(f, m, where, max_points, indicators)
    return MainIndexSpec(
        code=code,
        number=number or 0,
        name_vi=f.text(m, "name_vi", where),
        name_en=f.text(m, "name_en", where, required=False),
        max_points=max_points,
        pillars=pillars,
        indicators=tuple(indicators),
    )


def _check_sum(f: Fields, m: MapWithLines, where: str, max_points: Decimal | None, indicators: list[IndicatorSpec]) -> None:
    if max_points is None or not indicators or any(i.max_points is None for i in indicators):
        return
    total = sum((i.max_points for i in indicators), Decimal(0))
    if total != max_points:
        f.add(
            m.value_line("max_points"),
            f"{where}tổng điểm tối đa của các chỉ số thành phần "
            f"({format_decimal(total)}) khác điểm tối đa của chỉ số chính "
            f"({format_decimal(max_points)})",
        )


def main_pillars(f: Fields, m: MapWithLines, where: str, pillar_codes: set[str]) -> tuple[str, ...]:
    value = f.get(m, "pillars", where, required=False)
    if value is MISSING:
        return ()
    if not isinstance(value, ListWithLines):
        f.add(m.value_line("pillars"), f"{where}trường 'pillars' phải là danh sách mã trụ cột")
        return ()
    out: list[str] = []
    for item, line in zip(value, value.item_lines, strict=True):
        if not isinstance(item, str):
            f.add(line, f"{where}mã trụ cột phải là chuỗi văn bản")
        elif item not in pillar_codes:
            f.add(line, f"{where}trụ cột '{item}' không có trong danh sách 'pillars'")
        elif item in out:
            f.add(line, f"{where}trụ cột '{item}' bị lặp lại")
        else:
            out.append(item)
    return tuple(out)
