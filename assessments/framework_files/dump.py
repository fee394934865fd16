"""Writing a spec back as framework-file text, in the hand-written files' layout."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import yaml

from assessments.scoring import DECLARED_INTEGER, format_decimal
from assessments.scoring.validation import ValidationRule, rule_to_json

from .specs import FORMAT_TAG, FrameworkSpec, GeneralInfoSpec, GroupSpec, IndicatorSpec, MainIndexSpec, PillarSpec


class _Flow(list):
    """A short list of scalars written inline: [2021, 2022], [CQS, KTS]."""


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Indent list items under their key, as the hand-written files do.
        return super().increase_indent(flow, False)


_Dumper.add_representer(
    _Flow, lambda dumper, data: dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True)
)


def _number(value: Decimal) -> int | str:
    # Whole numbers as YAML integers (max_points: 100); others as quoted
    # strings ("12.5", "0.4") so no reader turns them into binary floats.
    return int(value) if value == value.to_integral_value() else format_decimal(value)


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return _number(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _optional(out: dict[str, Any], key: str, value: Any) -> None:
    if value not in ("", None, (), False):
        out[key] = value


def dump_framework(spec: FrameworkSpec) -> str:
    """Write a spec as framework-file text; ``parse_framework(dump_framework(s)) == s``."""
    doc: dict[str, Any] = {
        "format": FORMAT_TAG,
        "code": spec.code,
        "decision": spec.decision,
        "decision_date": spec.decision_date.isoformat(),
        "title_vi": spec.title_vi,
    }
    _optional(doc, "title_en", spec.title_en)
    doc.update(
        {
            "level": spec.level,
            "years": _Flow(spec.years),
            "aggregation": spec.aggregation,
            "total_points": _number(spec.total_points),
            "illustrative": spec.illustrative,
        }
    )
    _optional(doc, "note_vi", spec.note_vi)
    if spec.pillars:
        doc["pillars"] = [_dump_pillar(p) for p in spec.pillars]
    if spec.general_information:
        doc["general_information"] = [_dump_general(g) for g in spec.general_information]
    doc["groups"] = [_dump_group(g) for g in spec.groups]
    if spec.validation_rules:
        doc["validation_rules"] = [_dump_validation_rule(r) for r in spec.validation_rules]
    return yaml.dump(doc, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False)


def _dump_pillar(p: PillarSpec) -> dict[str, Any]:
    item: dict[str, Any] = {"code": p.code, "name_vi": p.name_vi}
    _optional(item, "name_en", p.name_en)
    if p.weight is not None:
        item["weight"] = format_decimal(p.weight)
    return item


def _dump_general(g: GeneralInfoSpec) -> dict[str, Any]:
    item = {"code": g.code, "name_vi": g.name_vi}
    _optional(item, "name_en", g.name_en)
    _optional(item, "unit_vi", g.unit_vi)
    _optional(item, "kind", "" if g.kind == DECLARED_INTEGER else g.kind)  # the default stays implicit
    return item


def _dump_group(group: GroupSpec) -> dict[str, Any]:
    out: dict[str, Any] = {"code": group.code, "name_vi": group.name_vi}
    _optional(out, "name_en", group.name_en)
    out["main_indices"] = [_dump_main(m) for m in group.main_indices]
    return out


def _dump_main(m: MainIndexSpec) -> dict[str, Any]:
    main: dict[str, Any] = {"code": m.code, "number": m.number, "name_vi": m.name_vi}
    _optional(main, "name_en", m.name_en)
    main["max_points"] = _number(m.max_points)
    if m.pillars:
        main["pillars"] = _Flow(m.pillars)
    main["indicators"] = [_dump_indicator(i) for i in m.indicators]
    return main


def _dump_indicator(indicator: IndicatorSpec) -> dict[str, Any]:
    out: dict[str, Any] = {"code": indicator.code, "name_vi": indicator.name_vi}
    _optional(out, "name_en", indicator.name_en)
    out["max_points"] = _number(indicator.max_points)
    out["rule"] = {"type": indicator.rule.type, **_plain(dict(indicator.rule.params))}
    out["evidence"] = indicator.evidence
    _optional(out, "evidence_vi", indicator.evidence_vi)
    _optional(out, "guidance_vi", indicator.guidance_vi)
    _optional(out, "automatic", indicator.automatic)
    _optional(out, "source_vi", indicator.source_vi)
    return out


def _dump_validation_rule(rule: ValidationRule) -> dict[str, Any]:
    item = rule_to_json(rule)
    if not item["message_en"]:
        del item["message_en"]
    return item
