"""DTI pillars: their list and weights, and (under weighted_pillars) who belongs to them."""

from __future__ import annotations

from decimal import Decimal

from assessments.scoring import AGGREGATION_WEIGHTED_PILLARS, format_decimal

from ..reader import MapWithLines
from ..specs import GroupSpec, PillarSpec
from .fields import Fields


def pillars(f: Fields, root: MapWithLines, aggregation: str) -> list[PillarSpec]:
    weighted = aggregation == AGGREGATION_WEIGHTED_PILLARS
    items = f.mapping_list(root, "pillars", "", required=False)
    if weighted and not items:
        f.add(root.value_line("aggregation"), "aggregation 'weighted_pillars' cần danh sách 'pillars' có trọng số")
    seen: dict[str, int] = {}
    out = [_pillar(f, m, weighted, seen) for m in items]
    if weighted and out and all(p.weight is not None for p in out):
        total = sum((p.weight for p in out), Decimal(0))
        if total != 1:
            f.add(root.key_line("pillars"), f"tổng trọng số các trụ cột phải bằng 1 (hiện là {format_decimal(total)})")
    return out


def _pillar(f: Fields, m: MapWithLines, weighted: bool, seen: dict[str, int]) -> PillarSpec:
    code = f.text(m, "code", "trụ cột: ")
    where = f"trụ cột '{code}': " if code else "trụ cột: "
    f.keys(m, {"code", "name_vi", "name_en", "weight"}, where)
    f.unique(seen, code, m.value_line("code"), "trụ cột")
    return PillarSpec(
        code=code,
        name_vi=f.text(m, "name_vi", where),
        name_en=f.text(m, "name_en", where, required=False),
        weight=_weight(f, m, where, weighted),
    )


def _weight(f: Fields, m: MapWithLines, where: str, weighted: bool) -> Decimal | None:
    if "weight" not in m:
        if weighted:
            f.add(m.line, f"{where}thiếu trọng số 'weight' (bắt buộc khi aggregation là 'weighted_pillars')")
        return None
    weight = f.decimal(m, "weight", where)
    if not weighted:
        f.add(m.value_line("weight"), f"{where}trọng số chỉ dùng khi aggregation là 'weighted_pillars'")
        return None
    if weight is not None and not (0 < weight <= 1):
        f.add(m.value_line("weight"), f"{where}trọng số phải trong khoảng (0, 1]")
        return None
    return weight


def membership(f: Fields, root: MapWithLines, pillars: list[PillarSpec], groups: list[GroupSpec], main_lines: dict[str, int]) -> None:
    # Under weighted_pillars the DTI only sees points through pillars: a
    # scored main index outside every pillar would silently not count,
    # and a pillar without scored indices has no value at all.
    mains = [m for g in groups for m in g.main_indices if m.max_points]
    for pillar in pillars:
        if pillar.code and not any(pillar.code in m.pillars for m in mains):
            f.add(root.key_line("pillars"), f"trụ cột '{pillar.code}' không có chỉ số chính nào có điểm")
    for main in mains:
        if not main.pillars and main.code in main_lines:
            f.add(
                main_lines[main.code],
                f"chỉ số chính '{main.code}' có điểm nhưng không thuộc trụ cột nào "
                "(với 'weighted_pillars' điểm của nó sẽ không được tính)",
            )
