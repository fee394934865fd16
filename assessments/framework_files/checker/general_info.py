"""The unscored general information (the usual denominators: population, businesses…)."""

from __future__ import annotations

from assessments.scoring import DECLARED_INTEGER, DECLARED_KINDS

from ..reader import MapWithLines
from ..specs import GeneralInfoSpec
from .fields import Fields


def general_information(f: Fields, root: MapWithLines) -> list[GeneralInfoSpec]:
    seen: dict[str, int] = {}
    out: list[GeneralInfoSpec] = []
    for m in f.mapping_list(root, "general_information", "", required=False):
        code = f.text(m, "code", "thông tin chung: ")
        where = f"thông tin chung '{code}': " if code else "thông tin chung: "
        f.keys(m, {"code", "name_vi", "name_en", "unit_vi", "kind"}, where)
        f.unique(seen, code, m.value_line("code"), "thông tin chung")
        out.append(
            GeneralInfoSpec(
                code=code,
                name_vi=f.text(m, "name_vi", where),
                name_en=f.text(m, "name_en", where, required=False),
                unit_vi=f.text(m, "unit_vi", where, required=False),
                # A count unless declared "decimal" (an amount: GRDP in billion đồng…).
                kind=f.choice(m, "kind", where, tuple(DECLARED_KINDS)) if "kind" in m else DECLARED_INTEGER,
            )
        )
    return out
