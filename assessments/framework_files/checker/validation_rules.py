"""Validation rules (figures checked against each other): references must name a declared
general-information code or a numeric input of a declared indicator."""

from __future__ import annotations

from assessments.scoring import validation as v

from ..reader import MapWithLines
from ..specs import GroupSpec, ValidationRuleSpec
from .fields import MISSING, Fields

RULE_FIELDS = {"code", "left", "operator", "right", "severity", "message_vi", "message_en"}
MESSAGE_LENGTH = 500


def validation_rules(
    f: Fields, root: MapWithLines, general: set[str], groups: list[GroupSpec]
) -> list[ValidationRuleSpec]:
    fields_of = {
        ind.code: v.numeric_fields(ind.rule.type, ind.rule.params) if ind.rule is not None else frozenset()
        for g in groups
        for m in g.main_indices
        for ind in m.indicators
    }
    seen: dict[str, int] = {}
    out: list[ValidationRuleSpec] = []
    for m in f.mapping_list(root, "validation_rules", "", required=False):
        code = f.text(m, "code", "quy tắc kiểm tra: ")
        where = f"quy tắc kiểm tra '{code}': " if code else "quy tắc kiểm tra: "
        f.keys(m, RULE_FIELDS, where)
        f.unique(seen, code, m.value_line("code"), "quy tắc kiểm tra")
        left = _expression(f, m, "left", where, general, fields_of)
        right = _expression(f, m, "right", where, general, fields_of)
        op = f.choice(m, "operator", where, tuple(v.OPERATORS))
        severity = f.choice(m, "severity", where, v.SEVERITIES)
        message_vi = f.text(m, "message_vi", where, max_length=MESSAGE_LENGTH)
        message_en = f.text(m, "message_en", where, required=False, max_length=MESSAGE_LENGTH)
        if left and right and op in v.OPERATORS and severity in v.SEVERITIES:
            out.append(
                ValidationRuleSpec(
                    code=code,
                    left=left,
                    operator=op,
                    right=right,
                    severity=severity,
                    message_vi=message_vi,
                    message_en=message_en,
                )
            )
    return out


def _expression(f: Fields, m: MapWithLines, key: str, where: str, general, fields_of) -> tuple[v.Term, ...]:
    raw = f.get(m, key, where, required=True)
    if raw is MISSING:
        return ()
    line = m.value_line(key)
    terms, problem = v.parse_expression(raw)
    if problem:
        f.add(line, f"{where}trường '{key}' {problem}")
        return ()
    ok = True
    for term in terms:
        if not term.ref:
            continue
        owner, field = v.split_reference(term.ref)
        if owner == "gi":
            if field not in general:
                f.add(line, f"{where}'{term.ref}': mã thông tin chung '{field}' không có trong 'general_information'")
                ok = False
        elif owner not in fields_of:
            f.add(line, f"{where}'{term.ref}': không có chỉ số thành phần '{owner}'")
            ok = False
        elif field not in fields_of[owner]:
            allowed = ", ".join(sorted(fields_of[owner])) or "không có"
            f.add(
                line,
                f"{where}'{term.ref}': chỉ số '{owner}' không có số liệu '{field}' (số liệu dùng được: {allowed})",
            )
            ok = False
    return terms if ok else ()
