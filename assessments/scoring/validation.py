"""Validation rules: figures checked against each other (DHIS2's validation rules).

A framework file declares them (``validation_rules:``); each compares two sums of terms with
an operator, e.g. ``gi.TT.2 <= gi.TT.1`` (officials at most the population). A term is

- ``gi.CODE``: a general-information value;
- ``IND.FIELD``: an indicator's numeric input (``1.2.numerator``; a denominator taken from
  general information is readable the same way, ``1.2.denominator``);
- a plain number (``0``, ``12.5``).

Evaluation is pure: values in (``{"gi.TT.1": Decimal(...), "1.2.numerator": ...}``),
violations out. A rule with an operand not yet entered is skipped: it is not answerable yet,
and completeness is checked elsewhere (at submission). An ``error`` blocks the save and the
submission; a ``warning`` saves and asks the officer for an explanation.
"""

from __future__ import annotations

import operator as _operator
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from .messages import Wording
from .numbers import NumberOutOfBounds, format_decimal, parse_plain_decimal
from .rules import FIELD_INTEGER, FIELD_NUMBER, FIELD_PERCENT, entry

SEVERITY_ERROR = "error"
SEVERITY_WARNING = "warning"
SEVERITIES = (SEVERITY_ERROR, SEVERITY_WARNING)

OPERATORS: dict[str, Callable[[Decimal, Decimal], bool]] = {
    "<=": _operator.le,
    "<": _operator.lt,
    ">=": _operator.ge,
    ">": _operator.gt,
    "==": _operator.eq,
    "!=": _operator.ne,
}
GENERAL_PREFIX = "gi."
MAX_TERMS = 20  # a sum longer than this is a mistake, and bounds the work per rule
_NUMBER = re.compile(r"\d+(\.\d+)?")
_NUMERIC_KINDS = frozenset({FIELD_NUMBER, FIELD_INTEGER, FIELD_PERCENT})


@dataclass(frozen=True)
class Term:
    """A reference (``gi.TT.1``, ``1.2.numerator``) or a number; exactly one is set."""

    ref: str = ""
    number: Decimal | None = None

    def text(self) -> str:
        return self.ref if self.ref else format_decimal(self.number)


@dataclass(frozen=True)
class ValidationRule:
    code: str
    left: tuple[Term, ...]
    operator: str
    right: tuple[Term, ...]
    severity: str
    message_vi: str
    message_en: str = ""

    @property
    def references(self) -> frozenset[str]:
        return frozenset(t.ref for t in (*self.left, *self.right) if t.ref)

    @property
    def is_error(self) -> bool:
        return self.severity == SEVERITY_ERROR

    def expression(self) -> str:
        return f"{expression_text(self.left)} {self.operator} {expression_text(self.right)}"


@dataclass(frozen=True)
class Violation:
    rule: ValidationRule
    left: Decimal
    right: Decimal

    @property
    def references(self) -> frozenset[str]:
        return self.rule.references


def expression_text(terms: Iterable[Term]) -> str:
    return " + ".join(t.text() for t in terms)


def parse_expression(raw: object) -> tuple[tuple[Term, ...], str | None]:
    """The terms of ``a + b + 3`` (or of a plain number), or the problem with it."""
    if isinstance(raw, bool):
        return (), "phải là biểu thức (ví dụ \"gi.TT.1\" hoặc \"1.2.numerator + 3\"), không phải đúng/sai"
    if isinstance(raw, (int, Decimal)):
        raw = str(raw)
    if not isinstance(raw, str) or not raw.strip():
        return (), "phải là biểu thức (ví dụ \"gi.TT.1\" hoặc \"1.2.numerator + 3\")"
    parts = [p.strip() for p in raw.split("+")]
    if len(parts) > MAX_TERMS:
        return (), f"tối đa {MAX_TERMS} số hạng"
    terms: list[Term] = []
    for part in parts:
        if not part:
            return (), f"số hạng rỗng trong '{raw[:80]}'"
        if _NUMBER.fullmatch(part):
            try:
                terms.append(Term(number=parse_plain_decimal(part)))
            except (NumberOutOfBounds, ValueError, ArithmeticError):
                return (), f"số '{part[:40]}' vượt giới hạn"
        elif "." in part and not part.startswith(".") and not part.endswith(".") and " " not in part:
            terms.append(Term(ref=part))
        else:
            return (), f"số hạng '{part[:40]}' không phải là số, 'gi.MÃ' hay 'MÃ_CHỈ_SỐ.trường'"
    return tuple(terms), None


def split_reference(ref: str) -> tuple[str, str]:
    """("gi", code) for general information, else (indicator code, input field)."""
    if ref.startswith(GENERAL_PREFIX):
        return "gi", ref[len(GENERAL_PREFIX) :]
    indicator, _dot, field = ref.rpartition(".")
    return indicator, field


def numeric_fields(rule_type: str, params: Mapping) -> frozenset[str]:
    """The inputs of an indicator a validation rule may name: the numbers the province types,
    and an input taken from general information (a ratio's ``denominator_from``)."""
    rule = entry(rule_type)
    typed = {s.key for s in rule.input_specs(params, Wording()) if s.kind in _NUMERIC_KINDS}
    derived = set(rule.fields) - set(rule.input_fields(params)) if rule.general_info_source(params) else set()
    return frozenset(typed | derived)


def _sum(terms: tuple[Term, ...], values: Mapping[str, Decimal | None]) -> Decimal | None:
    total = Decimal(0)
    for term in terms:
        value = term.number if not term.ref else values.get(term.ref)
        if value is None:
            return None
        total += value
    return total


def evaluate(rules: Iterable[ValidationRule], values: Mapping[str, Decimal | None]) -> list[Violation]:
    """The rules the values break, in the rules' order; unanswerable rules are skipped."""
    out: list[Violation] = []
    for rule in rules:
        left, right = _sum(rule.left, values), _sum(rule.right, values)
        if left is None or right is None:
            continue
        if not OPERATORS[rule.operator](left, right):
            out.append(Violation(rule=rule, left=left, right=right))
    return out


def rule_to_json(rule: ValidationRule) -> dict:
    """The stored form (a framework row's JSON), read back by :func:`rule_from_json`."""
    return {
        "code": rule.code,
        "left": expression_text(rule.left),
        "operator": rule.operator,
        "right": expression_text(rule.right),
        "severity": rule.severity,
        "message_vi": rule.message_vi,
        "message_en": rule.message_en,
    }


def rule_from_json(data: Mapping) -> ValidationRule:
    """A stored rule (checked when its file was loaded; a missing side reads as no terms)."""
    left, _ = parse_expression(data.get("left"))
    right, _ = parse_expression(data.get("right"))
    return ValidationRule(
        code=str(data.get("code", "")),
        left=left,
        operator=str(data.get("operator", "==")),
        right=right,
        severity=str(data.get("severity", SEVERITY_ERROR)),
        message_vi=str(data.get("message_vi", "")),
        message_en=str(data.get("message_en", "")),
    )
