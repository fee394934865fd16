"""The DTI scoring engine: pure functions, no Django, no database.

Rules and reported inputs go in, ``Decimal`` points and index values come out.
Everything here is checked against published figures in the tests
(``tests/assessments/test_scoring.py``); see ``docs/framework-format.md`` for
the rule types and ``/work/shared/dti/README.md`` for the arithmetic.

Rounding policy, in one place:
- component points are rounded half-up to 0.01 *after* capping to ``[0, max]``
  (the framework format promises 2-decimal points, and a capped value of an
  exact max must stay exactly the max);
- main-index, pillar and DTI values are kept unrounded (full ``Decimal``
  precision) and only rounded with :func:`round4` for display and ranking, so
  that rounding never compounds through the aggregation.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

# ---------------------------------------------------------------------------
# Rule types
# ---------------------------------------------------------------------------

RULE_YES_NO = "yes_no"
RULE_TIERED = "tiered"
RULE_RATIO = "ratio"
RULE_COUNT_THRESHOLD = "count_threshold"
RULE_PERCENTAGE = "percentage"
RULE_TYPES: tuple[str, ...] = (
    RULE_YES_NO,
    RULE_TIERED,
    RULE_RATIO,
    RULE_COUNT_THRESHOLD,
    RULE_PERCENTAGE,
)

# Inputs the province reports, per rule type (the form fields to render).
INPUT_FIELDS: Mapping[str, tuple[str, ...]] = {
    RULE_YES_NO: ("answer",),
    RULE_TIERED: ("choice",),
    RULE_RATIO: ("numerator", "denominator"),
    RULE_COUNT_THRESHOLD: ("count",),
    RULE_PERCENTAGE: ("value",),
}

# Parameters each rule type accepts; anything else is a typo in a framework
# file and is reported rather than silently ignored.
_ALLOWED_PARAMS: Mapping[str, frozenset[str]] = {
    RULE_YES_NO: frozenset(),
    RULE_TIERED: frozenset({"options"}),
    RULE_RATIO: frozenset(
        {
            "numerator_vi",
            "denominator_vi",
            "numerator_en",
            "denominator_en",
            "target",
            "allow_exceed",
            "denominator_from",
        }
    ),
    RULE_COUNT_THRESHOLD: frozenset({"threshold", "unit_vi", "proportional"}),
    RULE_PERCENTAGE: frozenset({"target", "label_vi"}),
}
_TIER_OPTION_FIELDS = frozenset({"code", "label_vi", "label_en", "points"})

POINTS_QUANTUM = Decimal("0.01")
VALUE_QUANTUM = Decimal("0.0001")
ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Rule:
    """A component's scoring rule: its type and its parameters.

    ``params`` holds the parameters exactly as the framework file names them
    (without ``type``); values may be strings, numbers or ``Decimal`` (JSON
    from the database works as well as a parsed YAML file).
    """

    type: str
    params: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Rule:
        """Build from the flat file form ``{type: ratio, target: "0.8", ...}``."""
        params = {k: v for k, v in data.items() if k != "type"}
        return cls(type=str(data.get("type", "")), params=params)


@dataclass(frozen=True)
class RuleProblem:
    """One problem in a rule's parameters, located precisely enough for a
    framework file to name its line: the parameter, the option index (for
    ``tiered``) and the field inside the option."""

    message: str
    param: str | None = None
    index: int | None = None
    option_field: str | None = None


def _coerce_rule(rule: Rule | Mapping[str, Any] | Any) -> Rule:
    # Accept our Rule, the flat mapping form, or any object with .type/.params
    # (e.g. a model instance adapter), so callers need no conversion code.
    if isinstance(rule, Rule):
        return rule
    if isinstance(rule, Mapping):
        return Rule.from_mapping(rule)
    return Rule(type=str(rule.type), params=dict(rule.params or {}))


# ---------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------

_DIGITS = re.compile(r"[0-9]+")


def _ungroup(text: str, sep: str) -> str:
    """'1.234.567' -> '1234567'; groups after the first must have 3 digits."""
    parts = text.split(sep)
    if not (1 <= len(parts[0]) <= 3) or any(len(p) != 3 for p in parts[1:]):
        raise ValueError(text)
    if not all(_DIGITS.fullmatch(p) for p in parts):
        raise ValueError(text)
    return "".join(parts)


class AmbiguousNumber(ValueError):
    """A number whose single separator could be either convention ("1.000")."""

    def __init__(self, raw: str, sep: str, sign: str, whole: str, frac: str) -> None:
        super().__init__(raw)
        self.message = MSG_AMBIGUOUS.format(
            raw=raw, sep=sep, whole=f"{sign}{whole}{frac}", decimal=f"{sign}{whole},{frac}0"
        )


def parse_decimal(raw: Any) -> Decimal:
    """Parse a reported number, accepting Vietnamese and English separators.

    Separator rule (documented because "1.234" means 1234 to a Vietnamese
    reader and 1.234 to an English one):
    - both '.' and ',' present: the LAST one is the decimal separator and the
      other groups thousands ("1.234,5" and "1,234.5" are both 1234.5);
    - the same separator repeated: thousands grouping ("1.234.567");
    - a single '.' or ',' is the decimal separator ("12,5" == "12.5"), EXCEPT
      when it is followed by exactly 3 digits and preceded by 1-3 digits not
      starting with 0 ("1.000", "12,345"): both readings are plausible and a
      silent guess would be off by a factor of 1000, so
      :class:`AmbiguousNumber` is raised and the officer asked to retype.
    Raises ``ValueError`` for anything else (letters, exponents, NaN, bool).
    """
    if isinstance(raw, bool):
        raise ValueError(raw)  # True is an int in Python, never a number here
    if isinstance(raw, Decimal):
        if not raw.is_finite():
            raise ValueError(raw)
        return raw
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        if not math.isfinite(raw):
            raise ValueError(raw)
        # repr gives the shortest round-tripping text: 0.4 -> "0.4", not the
        # binary expansion Decimal(0.4) would give.
        return Decimal(repr(raw))
    if not isinstance(raw, str):
        raise ValueError(raw)
    text = raw.strip()
    sign = ""
    if text[:1] in ("+", "-"):
        sign, text = text[0], text[1:]
    if not text or not re.fullmatch(r"[0-9.,]+", text):
        raise ValueError(raw)
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        dec = "," if text.rfind(",") > text.rfind(".") else "."
        group = "." if dec == "," else ","
        if text.count(dec) != 1:
            raise ValueError(raw)
        int_part, frac = text.split(dec)
        int_digits = _ungroup(int_part, group)
    elif dots + commas == 1:
        sep = "." if dots else ","
        int_part, frac = text.split(sep)
        if len(frac) == 3 and 1 <= len(int_part) <= 3 and not int_part.startswith("0"):
            raise AmbiguousNumber(raw, sep, sign, int_part, frac)
        int_digits = int_part or "0"  # ",5" -> 0.5
    elif dots + commas > 1:
        int_digits, frac = _ungroup(text, "." if dots else ","), ""
    else:
        int_digits, frac = text, ""
    if not _DIGITS.fullmatch(int_digits) or (frac == "" and text[-1:] in ".,"):
        raise ValueError(raw)
    if frac and not _DIGITS.fullmatch(frac):
        raise ValueError(raw)
    try:
        return Decimal(f"{sign}{int_digits}.{frac}" if frac else f"{sign}{int_digits}")
    except InvalidOperation as exc:  # pragma: no cover - regexes above prevent it
        raise ValueError(raw) from exc


_PLAIN_DECIMAL = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")


def parse_plain_decimal(raw: Any) -> Decimal:
    """Parse a decimal written by a machine or an administrator (framework
    files, stored parameters): a number, or a string with '.' as the decimal
    point and no grouping. Stricter than :func:`parse_decimal` on purpose: in
    a framework file "1,000" is more likely a mistake than a thousand or one.
    """
    if isinstance(raw, str):
        if not _PLAIN_DECIMAL.fullmatch(raw.strip()):
            raise ValueError(raw)
        return Decimal(raw.strip())
    return parse_decimal(raw)


def _param_decimal(value: Any) -> Decimal | None:
    # Parameters come from files or JSON; a bad one yields None for the
    # validator to report.
    try:
        return parse_plain_decimal(value)
    except ValueError:
        return None


def format_decimal(value: Decimal) -> str:
    """Plain text without exponent or trailing zeros: 100, 12.5, 0.4."""
    return format(value.normalize(), "f")


def round2(value: Decimal) -> Decimal:
    """Half-up to 0.01: the precision of component points."""
    return value.quantize(POINTS_QUANTUM, rounding=ROUND_HALF_UP)


def round4(value: Decimal | None) -> Decimal | None:
    """Half-up to 4 decimals: how values are published, shown and ranked.

    Half-up (not banker's rounding) because published tables are read that
    way: 0.69245 is shown as 0.6925.
    """
    if value is None:
        return None
    return value.quantize(VALUE_QUANTUM, rounding=ROUND_HALF_UP)


# ---------------------------------------------------------------------------
# Rule validation
# ---------------------------------------------------------------------------


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and value.strip() != ""


def rule_problems(rule_type: str, params: Mapping[str, Any], max_points: Any) -> list[RuleProblem]:
    """Problems with a rule's parameters, each located by parameter/option.

    :func:`validate_rule` is the plain-message form; framework files use this
    one to point at the exact line.
    """
    if rule_type not in RULE_TYPES:
        return [
            RuleProblem(
                f"loại quy tắc chấm điểm '{rule_type}' không được hỗ trợ (các loại: {', '.join(RULE_TYPES)})",
                param="type",
            )
        ]
    problems: list[RuleProblem] = []
    max_dec = _param_decimal(max_points)
    if not isinstance(params, Mapping):
        return [RuleProblem("tham số của quy tắc phải là một bảng khóa–giá trị")]
    for key in params:
        if key not in _ALLOWED_PARAMS[rule_type]:
            problems.append(RuleProblem(f"tham số '{key}' không dùng cho quy tắc {rule_type}", param=str(key)))

    def require_text(key: str) -> None:
        if key not in params:
            problems.append(RuleProblem(f"thiếu tham số bắt buộc '{key}'"))
        elif not _is_text(params[key]):
            problems.append(RuleProblem(f"tham số '{key}' phải là chuỗi văn bản không rỗng", param=key))

    def optional_text(key: str) -> None:
        if key in params and not isinstance(params[key], str):
            problems.append(RuleProblem(f"tham số '{key}' phải là chuỗi văn bản", param=key))

    def optional_bool(key: str) -> None:
        if key in params and not isinstance(params[key], bool):
            problems.append(RuleProblem(f"tham số '{key}' phải là true hoặc false", param=key))

    def optional_target(upper: Decimal, label: str) -> None:
        if "target" not in params:
            return
        target = _param_decimal(params["target"])
        if target is None or not (ZERO < target <= upper):
            problems.append(
                RuleProblem(
                    f"tham số 'target' phải là số thập phân trong khoảng {label}",
                    param="target",
                )
            )

    if rule_type == RULE_TIERED:
        problems.extend(_tier_problems(params, max_dec))
    elif rule_type == RULE_RATIO:
        require_text("numerator_vi")
        require_text("denominator_vi")
        optional_text("numerator_en")
        optional_text("denominator_en")
        optional_target(ONE, "(0, 1]")
        optional_bool("allow_exceed")
        if "denominator_from" in params and not _is_text(params["denominator_from"]):
            problems.append(
                RuleProblem(
                    "tham số 'denominator_from' phải là mã thông tin chung (chuỗi văn bản)",
                    param="denominator_from",
                )
            )
    elif rule_type == RULE_COUNT_THRESHOLD:
        threshold = params.get("threshold")
        if "threshold" not in params:
            problems.append(RuleProblem("thiếu tham số bắt buộc 'threshold'"))
        elif isinstance(threshold, bool) or not isinstance(threshold, int) or threshold <= 0:
            problems.append(RuleProblem("tham số 'threshold' phải là số nguyên lớn hơn 0", param="threshold"))
        require_text("unit_vi")
        optional_bool("proportional")
    elif rule_type == RULE_PERCENTAGE:
        optional_target(HUNDRED, "(0, 100]")
        require_text("label_vi")
    return problems


def _tier_problems(params: Mapping[str, Any], max_dec: Decimal | None) -> list[RuleProblem]:
    options = params.get("options")
    if "options" not in params:
        return [RuleProblem("thiếu tham số bắt buộc 'options' (danh sách các mức)")]
    if not isinstance(options, Sequence) or isinstance(options, str):
        return [RuleProblem("tham số 'options' phải là danh sách các mức", param="options")]
    problems: list[RuleProblem] = []
    if len(options) < 2:
        problems.append(RuleProblem("quy tắc tiered cần ít nhất 2 mức", param="options"))
    seen: dict[str, int] = {}
    reaches_max = False
    points_ok = True  # only then is "no option worth max" a separate problem
    for i, option in enumerate(options):
        where = f"mức thứ {i + 1}"
        if not isinstance(option, Mapping):
            problems.append(
                RuleProblem(
                    f"{where} phải là bảng gồm code, label_vi, points",
                    param="options",
                    index=i,
                )
            )
            continue
        for key in option:
            if key not in _TIER_OPTION_FIELDS:
                problems.append(
                    RuleProblem(
                        f"{where}: trường '{key}' không được hỗ trợ",
                        param="options",
                        index=i,
                        option_field=str(key),
                    )
                )
        code = option.get("code")
        if not _is_text(code):
            problems.append(
                RuleProblem(
                    f"{where}: 'code' phải là chuỗi văn bản không rỗng"
                    if "code" in option
                    else f"{where}: thiếu mã 'code'",
                    param="options",
                    index=i,
                    option_field="code" if "code" in option else None,
                )
            )
        elif code in seen:
            problems.append(
                RuleProblem(
                    f"mã mức '{code}' bị trùng (đã dùng ở mức thứ {seen[code] + 1})",
                    param="options",
                    index=i,
                    option_field="code",
                )
            )
        else:
            seen[code] = i
        if not _is_text(option.get("label_vi")):
            problems.append(
                RuleProblem(
                    f"{where}: thiếu nhãn 'label_vi'",
                    param="options",
                    index=i,
                    option_field="label_vi" if "label_vi" in option else None,
                )
            )
        if "label_en" in option and not isinstance(option["label_en"], str):
            problems.append(
                RuleProblem(
                    f"{where}: 'label_en' phải là chuỗi văn bản",
                    param="options",
                    index=i,
                    option_field="label_en",
                )
            )
        points = _param_decimal(option.get("points")) if "points" in option else None
        if points is None or (max_dec is not None and not (ZERO <= points <= max_dec)):
            points_ok = False
        if points is None:
            problems.append(
                RuleProblem(
                    f"{where}: 'points' phải là số điểm",
                    param="options",
                    index=i,
                    option_field="points" if "points" in option else None,
                )
            )
        elif max_dec is not None and not (ZERO <= points <= max_dec):
            problems.append(
                RuleProblem(
                    f"{where}: điểm {format_decimal(points)} phải trong khoảng 0–{format_decimal(max_dec)}",
                    param="options",
                    index=i,
                    option_field="points",
                )
            )
        elif max_dec is not None and points == max_dec:
            reaches_max = True
    if max_dec is not None and options and not reaches_max and points_ok:
        problems.append(
            RuleProblem(
                f"phải có một mức đạt điểm tối đa ({format_decimal(max_dec)})",
                param="options",
            )
        )
    return problems


def validate_rule(rule_type: str, params: Mapping[str, Any], max_points: Any) -> list[str]:
    """Problems with a rule's parameters, as Vietnamese messages (empty = valid)."""
    return [p.message for p in rule_problems(rule_type, params, max_points)]


def normalize_params(rule_type: str, params: Mapping[str, Any]) -> dict[str, Any]:
    """Canonical typed parameters of a VALID rule: decimals as ``Decimal``,
    tier options as a tuple of dicts. Keeps only the keys that were given
    (defaults stay implicit, so a file round-trips unchanged)."""
    out: dict[str, Any] = {}
    for key, value in params.items():
        if key == "target":
            out[key] = parse_plain_decimal(value)
        elif key == "options":
            out[key] = tuple(
                {
                    **{k: v for k, v in option.items() if k != "points"},
                    "points": parse_plain_decimal(option["points"]),
                }
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


# ---------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------

MSG_MISSING = "Chưa nhập giá trị."
MSG_NOT_NUMBER = "'{raw}' không phải là số hợp lệ (ví dụ: 12,5 hoặc 1.234,5)."
MSG_AMBIGUOUS = (
    "'{raw}' không rõ nghĩa: dấu '{sep}' có thể là dấu thập phân hoặc dấu phân cách hàng nghìn. "
    "Hãy viết {whole} nếu là số nguyên, hoặc {decimal} nếu là số thập phân."
)
MSG_NEGATIVE = "Giá trị không được âm."
MSG_NOT_INTEGER = "Phải là số nguyên (không có phần thập phân)."
MSG_DENOMINATOR_ZERO = "Mẫu số phải lớn hơn 0."
MSG_NUMERATOR_EXCEEDS = "Tử số ({numerator}) không được lớn hơn mẫu số ({denominator})."
MSG_PERCENT_RANGE = "Tỷ lệ phần trăm phải nằm trong khoảng 0–100."
MSG_UNKNOWN_CHOICE = "Mức '{choice}' không có trong danh sách; chọn một trong: {codes}."
MSG_YES_NO = "Hãy chọn Có hoặc Không."
MSG_GENERAL_INFO_MISSING = "Chưa có giá trị thông tin chung '{code}' dùng làm mẫu số."

_YES = frozenset({"yes", "y", "true", "1", "có", "co", "x"})
_NO = frozenset({"no", "n", "false", "0", "không", "khong"})


def _is_blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and raw.strip() == "")


def _clean_decimal(raw: Any, *, allow_percent_sign: bool = False) -> tuple[Decimal | None, str | None]:
    if _is_blank(raw):
        return None, MSG_MISSING
    if allow_percent_sign and isinstance(raw, str):
        raw_text = raw.strip()
        raw = raw_text[:-1] if raw_text.endswith("%") else raw_text
    try:
        value = parse_decimal(raw)
    except AmbiguousNumber as exc:
        return None, exc.message
    except ValueError:
        return None, MSG_NOT_NUMBER.format(raw=raw)
    if value < 0:
        return None, MSG_NEGATIVE
    return value, None


def input_fields(rule: Rule | Mapping[str, Any]) -> tuple[str, ...]:
    """The fields the province types in (the denominator of a ratio that takes
    it from general information is not one of them)."""
    rule = _coerce_rule(rule)
    fields = INPUT_FIELDS.get(rule.type, ())
    if rule.type == RULE_RATIO and rule.params.get("denominator_from"):
        fields = tuple(f for f in fields if f != "denominator")
    return fields


def clean_inputs(
    rule: Rule | Mapping[str, Any],
    inputs: Mapping[str, Any],
    *,
    general_information: Mapping[str, Any] | None = None,
) -> tuple[dict[str, Any], dict[str, str]]:
    """Parse and check raw reported inputs for a (valid) rule.

    Returns ``(cleaned, errors)``: ``cleaned`` holds typed values (bool, str
    option code, ``Decimal``, int) for the fields that parsed; ``errors`` maps
    each bad field to a Vietnamese message. Extra keys in ``inputs`` are
    ignored. For a ratio with ``denominator_from``, pass the unit's general
    information values as ``general_information`` and the denominator is
    taken from there (the province does not retype it).
    """
    rule = _coerce_rule(rule)
    params = rule.params
    cleaned: dict[str, Any] = {}
    errors: dict[str, str] = {}

    if rule.type == RULE_YES_NO:
        raw = inputs.get("answer")
        if isinstance(raw, bool):
            cleaned["answer"] = raw
        elif isinstance(raw, int) and raw in (0, 1):
            cleaned["answer"] = bool(raw)
        elif _is_blank(raw):
            errors["answer"] = MSG_MISSING
        elif isinstance(raw, str) and raw.strip().lower() in _YES:
            cleaned["answer"] = True
        elif isinstance(raw, str) and raw.strip().lower() in _NO:
            cleaned["answer"] = False
        else:
            errors["answer"] = MSG_YES_NO

    elif rule.type == RULE_TIERED:
        raw = inputs.get("choice")
        codes = [str(o.get("code")) for o in params.get("options", ())]
        if _is_blank(raw):
            errors["choice"] = MSG_MISSING
        elif str(raw).strip() not in codes:
            errors["choice"] = MSG_UNKNOWN_CHOICE.format(choice=raw, codes=", ".join(codes))
        else:
            cleaned["choice"] = str(raw).strip()

    elif rule.type == RULE_RATIO:
        numerator, err = _clean_decimal(inputs.get("numerator"))
        if err:
            errors["numerator"] = err
        source = params.get("denominator_from")
        if source and general_information is not None:
            raw_den = general_information.get(source)
            if _is_blank(raw_den):
                denominator, err = None, MSG_GENERAL_INFO_MISSING.format(code=source)
            else:
                denominator, err = _clean_decimal(raw_den)
        else:
            denominator, err = _clean_decimal(inputs.get("denominator"))
        if err:
            errors["denominator"] = err
        elif denominator == 0:
            errors["denominator"] = MSG_DENOMINATOR_ZERO
        if numerator is not None and "numerator" not in errors:
            cleaned["numerator"] = numerator
        if denominator is not None and "denominator" not in errors:
            cleaned["denominator"] = denominator
        # Reported counts of a subset cannot exceed the whole unless the
        # framework says so (e.g. records per official may exceed 1).
        if (
            "numerator" in cleaned
            and "denominator" in cleaned
            and not params.get("allow_exceed", False)
            and numerator > denominator
        ):
            errors["numerator"] = MSG_NUMERATOR_EXCEEDS.format(
                numerator=format_decimal(numerator), denominator=format_decimal(denominator)
            )
            del cleaned["numerator"]

    elif rule.type == RULE_COUNT_THRESHOLD:
        count, err = _clean_decimal(inputs.get("count"))
        if err:
            errors["count"] = err
        elif count != count.to_integral_value():
            errors["count"] = MSG_NOT_INTEGER
        else:
            cleaned["count"] = int(count)

    elif rule.type == RULE_PERCENTAGE:
        value, err = _clean_decimal(inputs.get("value"), allow_percent_sign=True)
        if err:
            errors["value"] = err
        elif value > HUNDRED:
            errors["value"] = MSG_PERCENT_RANGE
        else:
            cleaned["value"] = value

    else:
        raise ValueError(f"unknown rule type {rule.type!r}")
    return cleaned, errors


# ---------------------------------------------------------------------------
# Points
# ---------------------------------------------------------------------------


def component_points(
    rule: Rule | Mapping[str, Any], max_points: Decimal | int | str, cleaned_inputs: Mapping[str, Any]
) -> Decimal:
    """Points of one component from CLEANED inputs (see :func:`clean_inputs`).

    Capped to ``[0, max_points]`` first, then rounded half-up to 0.01.
    """
    rule = _coerce_rule(rule)
    params = rule.params
    max_dec = parse_plain_decimal(max_points)
    if rule.type == RULE_YES_NO:
        raw = max_dec if cleaned_inputs["answer"] else ZERO
    elif rule.type == RULE_TIERED:
        choice = cleaned_inputs["choice"]
        option = next(o for o in params["options"] if str(o["code"]) == choice)
        raw = parse_plain_decimal(option["points"])
    elif rule.type == RULE_RATIO:
        target = parse_plain_decimal(params.get("target", ONE))
        ratio = cleaned_inputs["numerator"] / cleaned_inputs["denominator"]
        raw = min(ratio / target, ONE) * max_dec
    elif rule.type == RULE_COUNT_THRESHOLD:
        threshold = int(params["threshold"])
        count = Decimal(cleaned_inputs["count"])
        if count >= threshold:
            raw = max_dec
        elif params.get("proportional", True):
            raw = count / threshold * max_dec
        else:
            raw = ZERO
    elif rule.type == RULE_PERCENTAGE:
        target = parse_plain_decimal(params.get("target", HUNDRED))
        raw = min(cleaned_inputs["value"] / target, ONE) * max_dec
    else:
        raise ValueError(f"unknown rule type {rule.type!r}")
    return round2(min(max(raw, ZERO), max_dec))


@dataclass(frozen=True)
class ComponentScore:
    """Outcome of scoring raw inputs: points is None when there are errors."""

    points: Decimal | None
    cleaned: Mapping[str, Any]
    errors: Mapping[str, str]


def score_component(
    rule: Rule | Mapping[str, Any],
    max_points: Decimal | int | str,
    inputs: Mapping[str, Any],
    *,
    general_information: Mapping[str, Any] | None = None,
) -> ComponentScore:
    """Convenience: :func:`clean_inputs` then :func:`component_points`."""
    cleaned, errors = clean_inputs(rule, inputs, general_information=general_information)
    points = None if errors else component_points(rule, max_points, cleaned)
    return ComponentScore(points=points, cleaned=cleaned, errors=errors)


# ---------------------------------------------------------------------------
# Aggregation
# ---------------------------------------------------------------------------

AGGREGATION_TOTAL_POINTS = "total_points"
AGGREGATION_WEIGHTED_PILLARS = "weighted_pillars"
AGGREGATIONS: tuple[str, ...] = (AGGREGATION_TOTAL_POINTS, AGGREGATION_WEIGHTED_PILLARS)


@dataclass(frozen=True)
class MainIndexDef:
    """A main index as the engine sees it. ``max_points == 0`` means reported
    but not scored (smart city under 922): it never has a value."""

    code: str
    max_points: Decimal
    pillars: tuple[str, ...] = ()

    @property
    def scored(self) -> bool:
        return self.max_points > 0


@dataclass(frozen=True)
class PillarDef:
    code: str
    weight: Decimal | None = None  # only used by weighted_pillars


@dataclass(frozen=True)
class FrameworkStructure:
    """What aggregation needs from a framework (see ``framework_files.to_engine``)."""

    aggregation: str
    total_points: Decimal
    main_indices: tuple[MainIndexDef, ...]
    pillars: tuple[PillarDef, ...] = ()

    @property
    def scored_main_indices(self) -> tuple[MainIndexDef, ...]:
        return tuple(m for m in self.main_indices if m.scored)

    def members(self, pillar_code: str) -> tuple[MainIndexDef, ...]:
        """Scored main indices tagged with the pillar."""
        return tuple(m for m in self.scored_main_indices if pillar_code in m.pillars)


Values = Mapping[str, Decimal | None]


@dataclass(frozen=True)
class UnitResult:
    """One unit's result: unrounded values (round with :func:`round4`).

    ``unit`` is the caller's key (GSO code, primary key…), used by ranking.
    ``points`` is the total points when computed from points, else None.
    """

    unit: str
    dti: Decimal | None
    pillars: Mapping[str, Decimal | None] = field(default_factory=dict)
    main_indices: Mapping[str, Decimal | None] = field(default_factory=dict)
    points: Decimal | None = None


def sum_points(points: Iterable[Decimal]) -> Decimal:
    return sum(points, ZERO)


def main_index_values(
    structure: FrameworkStructure, points_by_main_index: Mapping[str, Decimal]
) -> dict[str, Decimal | None]:
    """Main-index value = Σ component points / max. A main index absent from
    the mapping scored nothing (0 points); unscored (max 0) ones get None."""
    return {
        m.code: (points_by_main_index.get(m.code, ZERO) / m.max_points if m.scored else None)
        for m in structure.main_indices
    }


def pillar_values_from_points(
    structure: FrameworkStructure, points_by_main_index: Mapping[str, Decimal]
) -> dict[str, Decimal | None]:
    """Pillar value = Σ points of the tagged main indices / Σ their max."""
    out: dict[str, Decimal | None] = {}
    for pillar in structure.pillars:
        members = structure.members(pillar.code)
        total_max = sum_points(m.max_points for m in members)
        out[pillar.code] = (
            sum_points(points_by_main_index.get(m.code, ZERO) for m in members) / total_max if total_max else None
        )
    return out


def pillar_values(structure: FrameworkStructure, main_values: Values) -> dict[str, Decimal | None]:
    """Pillar values derived from main-index values: Σ value×max / Σ max over
    the tagged main indices (the same number as from points). None when a
    tagged main index has no value: a partial pillar would mislead."""
    out: dict[str, Decimal | None] = {}
    for pillar in structure.pillars:
        members = structure.members(pillar.code)
        values = [main_values.get(m.code) for m in members]
        if not members or any(v is None for v in values):
            out[pillar.code] = None
            continue
        total_max = sum_points(m.max_points for m in members)
        out[pillar.code] = sum_points(v * m.max_points for v, m in zip(values, members, strict=True)) / total_max
    return out


def dti_from_pillar_values(structure: FrameworkStructure, pillar_vals: Values) -> Decimal | None:
    """weighted_pillars: DTI = Σ weight × pillar value. Under total_points the
    pillars overlap (foundation indices count in every pillar), so pillar
    values alone cannot give the DTI: None."""
    if structure.aggregation != AGGREGATION_WEIGHTED_PILLARS or not structure.pillars:
        return None
    values = [pillar_vals.get(p.code) for p in structure.pillars]
    if any(v is None for v in values) or any(p.weight is None for p in structure.pillars):
        return None
    return sum_points(p.weight * v for p, v in zip(structure.pillars, values, strict=True))


def dti_from_main_values(structure: FrameworkStructure, main_values: Values) -> Decimal | None:
    """DTI from main-index values by the framework's aggregation method; None
    when a scored main index has no value."""
    scored = structure.scored_main_indices
    if any(main_values.get(m.code) is None for m in scored):
        return None
    if structure.aggregation == AGGREGATION_TOTAL_POINTS:
        return sum_points(main_values[m.code] * m.max_points for m in scored) / structure.total_points
    if structure.aggregation == AGGREGATION_WEIGHTED_PILLARS:
        return dti_from_pillar_values(structure, pillar_values(structure, main_values))
    raise ValueError(f"unknown aggregation {structure.aggregation!r}")


def unit_result_from_points(
    structure: FrameworkStructure, points_by_main_index: Mapping[str, Decimal], *, unit: str = ""
) -> UnitResult:
    """Full computation from Σ component points per main index."""
    main_values = main_index_values(structure, points_by_main_index)
    return UnitResult(
        unit=unit,
        dti=dti_from_main_values(structure, main_values),
        pillars=pillar_values_from_points(structure, points_by_main_index),
        main_indices=main_values,
        points=sum_points(points_by_main_index.get(m.code, ZERO) for m in structure.scored_main_indices),
    )


def unit_result_from_main_values(structure: FrameworkStructure, main_values: Values, *, unit: str = "") -> UnitResult:
    """Computation from main-index values (published tables, mergers)."""
    main = {m.code: main_values.get(m.code) if m.scored else None for m in structure.main_indices}
    return UnitResult(
        unit=unit,
        dti=dti_from_main_values(structure, main),
        pillars=pillar_values(structure, main),
        main_indices=main,
    )


def unit_result_from_published(
    structure: FrameworkStructure,
    *,
    unit: str = "",
    dti: Decimal | None = None,
    pillar_values: Values | None = None,
    main_index_values: Values | None = None,
) -> UnitResult:
    """A result from PUBLISHED partial data: the most detailed level given is
    aggregated upwards; published figures always win over derived ones,
    because they are the official result (e.g. Hồ Chí Minh 2022 main indices
    give 0.7164, the published DTI is 0.7163) and because the pillar method
    after 2020 is not published.

    - main-index values → pillars and DTI derived where not published;
    - pillar values only (1726) → DTI by weights;
    - DTI only → nothing more.
    """
    derived = unit_result_from_main_values(structure, main_index_values, unit=unit) if main_index_values else None
    pillars: dict[str, Decimal | None] = dict(derived.pillars) if derived else {}
    for code, value in (pillar_values or {}).items():
        if value is not None:
            pillars[code] = value
    computed = derived.dti if derived else None
    if computed is None and pillars:
        computed = dti_from_pillar_values(structure, pillars)
    return UnitResult(
        unit=unit,
        dti=dti if dti is not None else computed,
        pillars=pillars,
        main_indices=dict(derived.main_indices) if derived else {},
    )


def merge_main_index_values(predecessors: Sequence[Values]) -> dict[str, Decimal | None]:
    """A merged unit's main-index values: the unweighted mean of its
    predecessors' values, per main index, over the predecessors that have a
    value (2024 round, checked: Đà Nẵng 0.8335 + Quảng Nam 0.5803 → 0.7069).
    Unweighted on purpose: that is the published method, regardless of
    population or size."""
    codes: list[str] = []
    for values in predecessors:
        codes.extend(code for code in values if code not in codes)
    merged: dict[str, Decimal | None] = {}
    for code in codes:
        present = [v[code] for v in predecessors if v.get(code) is not None]
        merged[code] = sum_points(present) / len(present) if present else None
    return merged


def merged_unit_result(structure: FrameworkStructure, predecessors: Sequence[Values], *, unit: str = "") -> UnitResult:
    """Merge predecessors' main-index values, then aggregate as usual."""
    return unit_result_from_main_values(structure, merge_main_index_values(predecessors), unit=unit)
