"""Rule checks: problems with a rule's parameters, and their canonical typed form.

Each rule entry declares its parameters and their kinds (``rules.RuleEntry.params``); the
checks here read those declarations, so a new rule type needs no new branch here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .messages import Message, gettext_noop
from .numbers import DECLARED_KINDS, HUNDRED, ONE, ZERO, format_decimal, param_decimal, parse_plain_decimal
from .rules import (
    PARAM_BOOL,
    PARAM_GENERAL_INFO_CODE,
    PARAM_NUMBER_KIND,
    PARAM_OPTIONAL_TEXT,
    PARAM_PERCENT_TARGET,
    PARAM_SHARE_TARGET,
    PARAM_TEXT,
    PARAM_THRESHOLD,
    PARAM_TIERS,
    RULE_TYPES,
    RULES,
)

_TIER_OPTION_FIELDS = frozenset({"code", "label_vi", "label_en", "points"})
MSG_MISSING_PARAM = gettext_noop("thiếu tham số bắt buộc '%(key)s'")


@dataclass(frozen=True)
class RuleProblem:
    """One problem in a rule's parameters, located precisely enough for a
    framework file to name its line: the parameter, the option index (for
    ``tiered``) and the field inside the option."""

    message: str
    param: str | None = None
    index: int | None = None
    option_field: str | None = None


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and value.strip() != ""


def _text(key: str, value: Any) -> list[RuleProblem]:
    if _is_text(value):
        return []
    return [RuleProblem(Message(gettext_noop("tham số '%(key)s' phải là chuỗi văn bản không rỗng"), key=key), key)]


def _optional_text(key: str, value: Any) -> list[RuleProblem]:
    if isinstance(value, str):
        return []
    return [RuleProblem(Message(gettext_noop("tham số '%(key)s' phải là chuỗi văn bản"), key=key), key)]


def _bool(key: str, value: Any) -> list[RuleProblem]:
    if isinstance(value, bool):
        return []
    return [RuleProblem(Message(gettext_noop("tham số '%(key)s' phải là true hoặc false"), key=key), key)]


def _target(key: str, value: Any, upper: Decimal, label: str) -> list[RuleProblem]:
    target = param_decimal(value)
    if target is not None and ZERO < target <= upper:
        return []
    msgid = gettext_noop("tham số '%(key)s' phải là số thập phân trong khoảng %(range)s")
    return [RuleProblem(Message(msgid, key=key, range=label), key)]


def _share_target(key: str, value: Any) -> list[RuleProblem]:
    return _target(key, value, ONE, "(0, 1]")


def _percent_target(key: str, value: Any) -> list[RuleProblem]:
    return _target(key, value, HUNDRED, "(0, 100]")


def _general_info_code(key: str, value: Any) -> list[RuleProblem]:
    if _is_text(value):
        return []
    msgid = gettext_noop("tham số '%(key)s' phải là mã thông tin chung (chuỗi văn bản)")
    return [RuleProblem(Message(msgid, key=key), key)]


def _threshold(key: str, value: Any) -> list[RuleProblem]:
    if not isinstance(value, bool) and isinstance(value, int) and value > 0:
        return []
    return [RuleProblem(Message(gettext_noop("tham số '%(key)s' phải là số nguyên lớn hơn 0"), key=key), key)]


def _number_kind(key: str, value: Any) -> list[RuleProblem]:
    if isinstance(value, str) and value in DECLARED_KINDS:
        return []
    msgid = gettext_noop("tham số '%(key)s' phải là một trong: %(kinds)s")
    return [RuleProblem(Message(msgid, key=key, kinds=", ".join(DECLARED_KINDS)), key)]


# Checks of a present parameter, by kind; the required kinds are reported when absent.
_CHECKS: Mapping[str, Callable[[str, Any], list[RuleProblem]]] = {
    PARAM_TEXT: _text,
    PARAM_OPTIONAL_TEXT: _optional_text,
    PARAM_BOOL: _bool,
    PARAM_SHARE_TARGET: _share_target,
    PARAM_PERCENT_TARGET: _percent_target,
    PARAM_GENERAL_INFO_CODE: _general_info_code,
    PARAM_THRESHOLD: _threshold,
    PARAM_NUMBER_KIND: _number_kind,
}
_REQUIRED = frozenset({PARAM_TEXT, PARAM_THRESHOLD})


def rule_problems(rule_type: str, params: Mapping[str, Any], max_points: Any) -> list[RuleProblem]:
    """Problems with a rule's parameters, each located by parameter/option.

    :func:`validate_rule` is the plain-message form; framework files use this
    one to point at the exact line.
    """
    if rule_type not in RULES:
        msgid = gettext_noop("loại quy tắc chấm điểm '%(type)s' không được hỗ trợ (các loại: %(types)s)")
        return [RuleProblem(Message(msgid, type=rule_type, types=", ".join(RULE_TYPES)), param="type")]
    if not isinstance(params, Mapping):
        return [RuleProblem(Message(gettext_noop("tham số của quy tắc phải là một bảng khóa–giá trị")))]
    entry = RULES[rule_type]
    problems = [
        RuleProblem(
            Message(gettext_noop("tham số '%(key)s' không dùng cho quy tắc %(type)s"), key=key, type=rule_type),
            param=str(key),
        )
        for key in params
        if key not in entry.allowed_params
    ]
    for key, kind in entry.params:
        if kind == PARAM_TIERS:
            problems.extend(_tier_problems(params, param_decimal(max_points)))
        elif key in params:
            problems.extend(_CHECKS[kind](key, params[key]))
        elif kind in _REQUIRED:
            problems.append(RuleProblem(Message(MSG_MISSING_PARAM, key=key)))
    return problems


def _tier_problems(params: Mapping[str, Any], max_dec: Decimal | None) -> list[RuleProblem]:
    options = params.get("options")
    if "options" not in params:
        return [RuleProblem(Message(gettext_noop("thiếu tham số bắt buộc 'options' (danh sách các mức)")))]
    if not isinstance(options, Sequence) or isinstance(options, str):
        return [RuleProblem(Message(gettext_noop("tham số 'options' phải là danh sách các mức")), param="options")]
    problems: list[RuleProblem] = []
    if len(options) < 2:
        problems.append(RuleProblem(Message(gettext_noop("quy tắc tiered cần ít nhất 2 mức")), param="options"))
    seen: dict[str, int] = {}
    reaches_max = False
    points_ok = True  # only then is "no option worth max" a separate problem
    for i, option in enumerate(options):
        found, option_reaches_max, option_points_ok = _option_problems(i, option, seen, max_dec)
        problems.extend(found)
        reaches_max = reaches_max or option_reaches_max
        points_ok = points_ok and option_points_ok
    if max_dec is not None and options and not reaches_max and points_ok:
        msgid = gettext_noop("phải có một mức đạt điểm tối đa (%(max)s)")
        problems.append(RuleProblem(Message(msgid, max=format_decimal(max_dec)), param="options"))
    return problems


def _option_problems(
    i: int, option: Any, seen: dict[str, int], max_dec: Decimal | None
) -> tuple[list[RuleProblem], bool, bool]:
    """Problems of the i-th tier option, whether it is worth max, whether its points are fine."""
    where = Message(gettext_noop("mức thứ %(n)s"), n=i + 1)

    def problem(msgid: str, option_field: str | None, **params: Any) -> RuleProblem:
        return RuleProblem(Message(msgid, where=where, **params), "options", i, option_field)

    if not isinstance(option, Mapping):
        # Not a table: nothing to say about its points, so "no option worth max" may still hold.
        return [problem(gettext_noop("%(where)s phải là bảng gồm code, label_vi, points"), None)], False, True
    problems = [
        problem(gettext_noop("%(where)s: trường '%(key)s' không được hỗ trợ"), str(key), key=key)
        for key in option
        if key not in _TIER_OPTION_FIELDS
    ]
    code = option.get("code")
    if not _is_text(code):
        if "code" in option:
            problems.append(problem(gettext_noop("%(where)s: 'code' phải là chuỗi văn bản không rỗng"), "code"))
        else:
            problems.append(problem(gettext_noop("%(where)s: thiếu mã 'code'"), None))
    elif code in seen:
        msgid = gettext_noop("mã mức '%(code)s' bị trùng (đã dùng ở mức thứ %(first)s)")
        problems.append(RuleProblem(Message(msgid, code=code, first=seen[code] + 1), "options", i, "code"))
    else:
        seen[code] = i
    if not _is_text(option.get("label_vi")):
        field = "label_vi" if "label_vi" in option else None
        problems.append(problem(gettext_noop("%(where)s: thiếu nhãn 'label_vi'"), field))
    if "label_en" in option and not isinstance(option["label_en"], str):
        problems.append(problem(gettext_noop("%(where)s: 'label_en' phải là chuỗi văn bản"), "label_en"))
    points = param_decimal(option.get("points")) if "points" in option else None
    in_range = points is not None and (max_dec is None or ZERO <= points <= max_dec)
    if points is None:
        field = "points" if "points" in option else None
        problems.append(problem(gettext_noop("%(where)s: 'points' phải là số điểm"), field))
    elif not in_range:
        msgid = gettext_noop("%(where)s: điểm %(points)s phải trong khoảng 0–%(max)s")
        problems.append(problem(msgid, "points", points=format_decimal(points), max=format_decimal(max_dec)))
    return problems, in_range and max_dec is not None and points == max_dec, in_range


def validate_rule(rule_type: str, params: Mapping[str, Any], max_points: Any) -> list[str]:
    """Problems with a rule's parameters, as Vietnamese messages (empty = valid)."""
    return [p.message for p in rule_problems(rule_type, params, max_points)]


_DECIMAL_PARAMS = frozenset({PARAM_SHARE_TARGET, PARAM_PERCENT_TARGET})


def normalize_params(rule_type: str, params: Mapping[str, Any]) -> dict[str, Any]:
    """Canonical typed parameters of a VALID rule: decimals as ``Decimal``,
    tier options as a tuple of dicts. Keeps only the keys that were given
    (defaults stay implicit, so a file round-trips unchanged)."""
    kinds = dict(RULES[rule_type].params) if rule_type in RULES else {}
    out: dict[str, Any] = {}
    for key, value in params.items():
        kind = kinds.get(key)
        if kind in _DECIMAL_PARAMS:
            out[key] = parse_plain_decimal(value)
        elif kind == PARAM_TIERS:
            out[key] = tuple(
                {**{k: v for k, v in option.items() if k != "points"}, "points": parse_plain_decimal(option["points"])}
                for option in value
            )
        else:
            out[key] = value
    return out


def params_to_json(params: Mapping[str, Any]) -> dict[str, Any]:
    """JSON-safe copy of parameters (``Decimal`` -> str, tuples -> lists), for
    storing a rule in a JSONField; every function here reads it back."""

    def convert(value: Any) -> Any:
        if isinstance(value, Decimal):
            return format_decimal(value)
        if isinstance(value, Mapping):
            return {k: convert(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [convert(v) for v in value]
        return value

    return {k: convert(v) for k, v in params.items()}
