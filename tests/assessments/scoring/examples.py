"""Shared examples of the engine tests: published figures, framework structures, rules."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

from assessments import scoring
from assessments.scoring import (
    FrameworkStructure,
    MainIndexDef,
    PillarDef,
    Rule,
    clean_inputs,
    component_points,
)

D = Decimal
REPO = Path(__file__).resolve().parents[3]


def published_rows() -> list[dict[str, str]]:
    path = REPO / "seeds" / "data" / "published-results.csv"
    if not path.exists():
        path = REPO.parent / "shared" / "dti" / "published-results.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# 922 (provincial): the 8 scored main indices and their maxima, plus smart
# city (reported, max 0). Pillars: foundation indices plus the pillar's own
# activity index (inferred membership, see the domain README).
FOUNDATION = ("nts", "tcs", "hts", "nls", "atttm")
STRUCTURE_922 = FrameworkStructure(
    aggregation=scoring.AGGREGATION_TOTAL_POINTS,
    total_points=D(1000),
    main_indices=(
        *(MainIndexDef(code, D(100), ("CQS", "KTS", "XHS")) for code in FOUNDATION),
        MainIndexDef("dtm", D(0)),
        MainIndexDef("hd_cqs", D(200), ("CQS",)),
        MainIndexDef("hd_kts", D(150), ("KTS",)),
        MainIndexDef("hd_xhs", D(150), ("XHS",)),
    ),
    pillars=(PillarDef("CQS"), PillarDef("KTS"), PillarDef("XHS")),
)
SCORED_922 = (*FOUNDATION, "hd_cqs", "hd_kts", "hd_xhs")

# 1726: three weighted pillars; one main index per pillar is enough for the
# arithmetic (the real file has 7 per pillar).
STRUCTURE_1726 = FrameworkStructure(
    aggregation=scoring.AGGREGATION_WEIGHTED_PILLARS,
    total_points=D(1000),
    main_indices=(
        MainIndexDef("cqs", D(400), ("CQS",)),
        MainIndexDef("kts", D(300), ("KTS",)),
        MainIndexDef("xhs", D(300), ("XHS",)),
    ),
    pillars=(PillarDef("CQS", D("0.4")), PillarDef("KTS", D("0.3")), PillarDef("XHS", D("0.3"))),
)

YES_NO = Rule(scoring.RULE_YES_NO)
TIERED = Rule(
    scoring.RULE_TIERED,
    {
        "options": [
            {"code": "A", "label_vi": "Bí thư hoặc Chủ tịch", "points": "10"},
            {"code": "B", "label_vi": "Phó Chủ tịch", "points": "5"},
            {"code": "C", "label_vi": "Khác", "points": 0},
        ]
    },
)
RATIO = Rule(scoring.RULE_RATIO, {"numerator_vi": "Số hồ sơ trực tuyến", "denominator_vi": "Tổng số hồ sơ"})
RATIO_TARGET = Rule(scoring.RULE_RATIO, {**RATIO.params, "target": "0.8"})
RATIO_EXCEED = Rule(scoring.RULE_RATIO, {**RATIO.params, "allow_exceed": True})
RATIO_FROM_GI = Rule(scoring.RULE_RATIO, {**RATIO.params, "denominator_from": "TT.1"})
RATIO_DECIMAL = Rule(scoring.RULE_RATIO, {**RATIO.params, "inputs": "decimal"})  # amounts, not counts
COUNT = Rule(scoring.RULE_COUNT_THRESHOLD, {"threshold": 4, "unit_vi": "nền tảng"})
COUNT_STRICT = Rule(scoring.RULE_COUNT_THRESHOLD, {"threshold": 4, "unit_vi": "nền tảng", "proportional": False})
PERCENT = Rule(scoring.RULE_PERCENTAGE, {"label_vi": "Mức độ hài lòng"})
PERCENT_TARGET = Rule(scoring.RULE_PERCENTAGE, {"label_vi": "Tỷ lệ", "target": "80"})


def points(rule: Rule, max_points: str, **inputs: object) -> Decimal:
    cleaned, errors = clean_inputs(rule, inputs)
    assert errors == {}
    return component_points(rule, D(max_points), cleaned)


def errors_of(rule: Rule, **inputs: object) -> dict[str, str]:
    return clean_inputs(rule, inputs)[1]




def declared_structure(spec) -> FrameworkStructure:
    """The structure a parsed framework file declares, through the engine's one builder (the
    tests compare it with what the database rows give)."""
    return scoring.build_structure(
        aggregation=spec.aggregation,
        total_points=spec.total_points,
        main_indices=[(m.code, m.max_points, m.pillars) for m in spec.main_indices],
        pillars=[(p.code, p.weight) for p in spec.pillars],
    )
