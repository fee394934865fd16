"""One indicator (component) and its scoring rule."""

from __future__ import annotations

from decimal import Decimal

from assessments import scoring

from ..reader import ListWithLines, MapWithLines
from ..specs import EVIDENCE_CHOICES, IndicatorSpec, RuleSpec
from .fields import MISSING, Codes, Fields

INDICATOR_FIELDS = {
    "code",
    "name_vi",
    "name_en",
    "max_points",
    "rule",
    "evidence",
    "evidence_vi",
    "guidance_vi",
    "automatic",
    "source_vi",
}
NAME_LENGTH = 500  # models.Indicator.name_vi / name_en


def indicator(f: Fields, m: MapWithLines, codes: Codes) -> IndicatorSpec:
    code = f.text(m, "code", "chỉ số thành phần: ")
    where = f"chỉ số thành phần '{code}': " if code else "chỉ số thành phần: "
    f.keys(m, INDICATOR_FIELDS, where)
    f.unique(codes.indicators, code, m.value_line("code"), "chỉ số thành phần")
    max_points = f.points(m, "max_points", where)
    rule_spec = rule(f, m, where, max_points, codes.general)
    automatic = f.boolean(m, "automatic", where)
    source_vi = f.text(m, "source_vi", where, required=False)
    if automatic and not source_vi.strip():
        f.add(
            m.value_line("automatic"),
            f"{where}chỉ số đo tự động (automatic: true) phải có 'source_vi' (nền tảng quốc gia đo giá trị)",
        )
    return IndicatorSpec(
        code=code,
        name_vi=f.text(m, "name_vi", where, max_length=NAME_LENGTH),
        name_en=f.text(m, "name_en", where, required=False, max_length=NAME_LENGTH),
        max_points=max_points,
        rule=rule_spec,
        evidence=f.choice(m, "evidence", where, EVIDENCE_CHOICES),
        evidence_vi=f.text(m, "evidence_vi", where, required=False),
        guidance_vi=f.text(m, "guidance_vi", where, required=False),
        automatic=automatic,
        source_vi=source_vi,
    )


def rule(f: Fields, m: MapWithLines, where: str, max_points: Decimal | None, general_codes: set[str]) -> RuleSpec | None:
    value = f.get(m, "rule", where, required=True)
    if value is MISSING:
        return None
    if not isinstance(value, MapWithLines):
        f.add(m.value_line("rule"), f"{where}trường 'rule' phải là bảng, ví dụ {{type: yes_no}}")
        return None
    rule_type = f.text(value, "type", where)
    if not rule_type:
        return None
    params = {k: v for k, v in value.items() if k != "type"}
    found = scoring.rule_problems(rule_type, params, max_points)
    for problem in found:
        f.add(rule_line(value, problem), f"{where}{problem.message}")
    if found:
        return None
    source = scoring.entry(rule_type).general_info_source(params)
    if source is not None:
        if source not in general_codes:
            f.add(
                value.value_line("denominator_from"),
                f"{where}denominator_from: mã thông tin chung '{source}' không có trong 'general_information'",
            )
    return RuleSpec(type=rule_type, params=scoring.normalize_params(rule_type, params))


def rule_line(rule_map: MapWithLines, problem: scoring.RuleProblem) -> int:
    # Point at the most precise place: the option's field, the option,
    # the parameter, else the rule itself.
    if problem.param is None or problem.param not in rule_map:
        return rule_map.line
    value = rule_map[problem.param]
    if problem.index is not None and isinstance(value, ListWithLines) and problem.index < len(value):
        option = value[problem.index]
        if problem.option_field and isinstance(option, MapWithLines):
            return option.value_lines.get(problem.option_field, option.line)
        return value.item_lines[problem.index]
    if problem.param == "type":
        return rule_map.value_line("type")
    return rule_map.value_line(problem.param)
