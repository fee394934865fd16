"""Validation of a framework file's values, one module per section of the file.

``check(root)`` walks the values the reader returned and collects EVERY problem before
failing, because an administrator fixing an official 98-component file wants the whole list
at once, not one error per upload. Each section reads its fields through ``Fields``, whose
helpers report a problem and return a usable default so the walk goes on.
"""

from __future__ import annotations

from typing import Any

from assessments.scoring import AGGREGATION_WEIGHTED_PILLARS

from ..problems import Problem
from ..reader import MapWithLines
from ..specs import FrameworkSpec
from .fields import Codes, Fields
from .general_info import general_information
from .groups import groups
from .header import check_total, header
from .pillars import membership, pillars
from .validation_rules import validation_rules


def check(root: Any) -> tuple[FrameworkSpec | None, list[Problem]]:
    """The spec when the file is valid (else None), and the problems found."""
    f = Fields()
    if not isinstance(root, MapWithLines):
        f.add(1, "tệp phải là một bảng khóa–giá trị (bắt đầu bằng 'format: …')")
        return None, f.problems
    fields = header(f, root)
    pillar_specs = pillars(f, root, fields["aggregation"])
    general = general_information(f, root)
    codes = Codes(pillars={p.code for p in pillar_specs}, general={g.code for g in general})
    group_specs = groups(f, root, codes)
    check_total(f, root, fields["total_points"], [m for g in group_specs for m in g.main_indices])
    if fields["aggregation"] == AGGREGATION_WEIGHTED_PILLARS:
        membership(f, root, pillar_specs, group_specs, codes.main_lines)
    rules = validation_rules(f, root, codes.general, group_specs)
    if f.problems:
        return None, f.problems
    spec = FrameworkSpec(
        **fields,
        pillars=tuple(pillar_specs),
        general_information=tuple(general),
        groups=tuple(group_specs),
        validation_rules=tuple(rules),
    )
    return spec, []
