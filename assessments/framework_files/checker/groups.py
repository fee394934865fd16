"""The groups of main indices (the file's body)."""

from __future__ import annotations

from ..reader import MapWithLines
from ..specs import GroupSpec
from .fields import Codes, Fields
from .main_indices import main_index


def groups(f: Fields, root: MapWithLines, codes: Codes) -> list[GroupSpec]:
    out: list[GroupSpec] = []
    for g in f.mapping_list(root, "groups", "", required=True):
        code = f.text(g, "code", "nhóm: ")
        where = f"nhóm '{code}': " if code else "nhóm: "
        f.keys(g, {"code", "name_vi", "name_en", "main_indices"}, where)
        f.unique(codes.groups, code, g.value_line("code"), "nhóm")
        mains = [main_index(f, m, codes) for m in f.mapping_list(g, "main_indices", where, required=True)]
        out.append(
            GroupSpec(
                code=code,
                name_vi=f.text(g, "name_vi", where),
                name_en=f.text(g, "name_en", where, required=False),
                main_indices=tuple(mains),
            )
        )
    return out
