"""Numbers: reading what provinces and files write, rounding, plain formatting.

Bounds, documented here because every reported number passes through :func:`parse_number`
(forms, the API, the Excel import, general information): at most
``MAX_INPUT_LENGTH`` (40) characters of text, ``MAX_INTEGER_DIGITS`` (15) digits before the
decimal separator and ``MAX_FRACTION_DIGITS`` (4) after it, trailing zeros not counted.
15 integer digits fit the widest column a reported number reaches (general information,
``max_digits=18, decimal_places=2``) and the 15 significant digits a spreadsheet keeps, so a
number accepted here survives the database and the Excel template; 4 decimals are the
precision values are published with.

What a separator means depends on the field's kind (``FIELD_*`` below, declared by the rule
type, or by the framework file for a ratio's inputs and a general-information item): a
Vietnamese officer writes forty-two thousand "42.000" and a half "0,5", an English-speaking
one "42,000" and "0.5"; only the field tells "1.234" apart.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from . import spoken
from .messages import (
    MSG_AMBIGUOUS,
    MSG_MISSING,
    MSG_NEGATIVE,
    MSG_NOT_COUNT,
    MSG_NOT_NUMBER,
    MSG_NOT_WHOLE,
    MSG_TOO_LONG,
    MSG_TOO_MANY_DECIMALS,
    MSG_TOO_MANY_DIGITS,
    ByLanguage,
    Message,
)

POINTS_QUANTUM = Decimal("0.01")
VALUE_QUANTUM = Decimal("0.0001")
ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)

MAX_INPUT_LENGTH = 40
MAX_INTEGER_DIGITS = 15
MAX_FRACTION_DIGITS = 4

# Kinds of number field (also the kinds of input field the pages draw: rules.InputSpec.kind).
FIELD_NUMBER = "number"  # a decimal: an amount, a share ("1.234,5", "0,85")
FIELD_INTEGER = "integer"  # a count: "42.000" is forty-two thousand; a fraction is refused
FIELD_PERCENT = "percent"  # 0-100: "85.000" can only be 85 (85000 is no percentage)
# How a framework file declares a field's numbers (a ratio's ``inputs``, a general-information
# item's ``kind``), and the kind they are read as. Counts unless the file says otherwise.
DECLARED_INTEGER = "integer"
DECLARED_DECIMAL = "decimal"
DECLARED_KINDS: Mapping[str, str] = {DECLARED_INTEGER: FIELD_INTEGER, DECLARED_DECIMAL: FIELD_NUMBER}

_DIGITS = re.compile(r"[0-9]+")
# Digits and separators; a space between digit groups, one at a time: a plain, a no-break or
# a narrow no-break one (what word processors and spreadsheets group thousands with).
_NUMBER_TEXT = re.compile("[0-9.,]+(?:[ \u00a0\u202f][0-9.,]+)*")
_SPACE = re.compile("[ \u00a0\u202f]")
_SPACED = re.compile("([0-9]{1,3}(?:[ \u00a0\u202f][0-9]{3})+)(?:[.,]([0-9]+))?")
_PLAIN_DECIMAL = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")


class AmbiguousNumber(ValueError):
    """A decimal field's number whose lone separator could be either convention ("1.234"):
    its message gives both readings, in figures and in words, and how to type each."""

    def __init__(self, raw: str, sign: str, whole: str, frac: str) -> None:
        super().__init__(raw)
        negative = sign == "-"
        minus = "-" if negative else ""
        decimals = frac.rstrip("0")  # "9.500" read as a decimal is 9,5
        # Typed back, three decimals after a short whole part would be ambiguous again: "1,2340".
        typed = decimals + "0" if len(decimals) == 3 else decimals
        self.message = Message(
            MSG_AMBIGUOUS,
            raw=raw,
            thousands=f"{minus}{whole}{frac}",
            thousands_words=ByLanguage(
                spoken.vietnamese(whole + frac, negative=negative), spoken.english(whole + frac, negative=negative)
            ),
            decimal=_written(minus + whole, decimals),
            decimal_words=ByLanguage(
                spoken.vietnamese(whole, decimals, negative=negative), spoken.english(whole, decimals, negative=negative)
            ),
            decimal_typed=_written(minus + whole, typed),
        )


def _written(whole: str, decimals: str) -> ByLanguage:
    """A decimal with the reader's separator: "9,5" in Vietnamese, "9.5" in English."""
    if not decimals:
        return ByLanguage(whole, whole)
    return ByLanguage(f"{whole},{decimals}", f"{whole}.{decimals}")


class NumberOutOfBounds(ValueError):
    """A number with more characters or digits than the bounds above."""

    def __init__(self, raw: Any, message: Message) -> None:
        super().__init__(raw)
        self.message = message


class NotWholeNumber(ValueError):
    """A count with a fraction ("12,5" where a number of people is asked)."""

    def __init__(self, raw: Any) -> None:
        super().__init__(raw)
        self.message = Message(MSG_NOT_WHOLE, raw=_shown(raw))


def _ungroup(text: str, sep: str) -> str:
    """'1.234.567' -> '1234567'; groups after the first must have 3 digits."""
    parts = text.split(sep)
    if not (1 <= len(parts[0]) <= 3) or any(len(p) != 3 for p in parts[1:]):
        raise ValueError(text)
    if not all(_DIGITS.fullmatch(p) for p in parts):
        raise ValueError(text)
    return "".join(parts)


def _bounded(value: Decimal, raw: Any) -> Decimal:
    """The value itself, or NumberOutOfBounds when it has too many digits."""
    if not value.is_finite():
        raise ValueError(raw)
    if value.is_zero():
        return value
    sign, digits, exponent = value.normalize().as_tuple()
    if len(digits) + exponent > MAX_INTEGER_DIGITS:
        raise NumberOutOfBounds(raw, Message(MSG_TOO_MANY_DIGITS, limit=MAX_INTEGER_DIGITS))
    if -exponent > MAX_FRACTION_DIGITS:
        raise NumberOutOfBounds(raw, Message(MSG_TOO_MANY_DECIMALS, limit=MAX_FRACTION_DIGITS))
    return value


def _parse_non_text(raw: Any) -> Decimal:
    if isinstance(raw, bool):
        raise ValueError(raw)  # True is an int in Python, never a number here
    if isinstance(raw, Decimal):
        return _bounded(raw, raw)
    if isinstance(raw, int):
        # Compared before converting: a JSON integer of thousands of digits costs nothing here.
        if abs(raw) >= 10**MAX_INTEGER_DIGITS:
            raise NumberOutOfBounds(raw, Message(MSG_TOO_MANY_DIGITS, limit=MAX_INTEGER_DIGITS))
        return Decimal(raw)
    if isinstance(raw, float):
        if not math.isfinite(raw):
            raise ValueError(raw)
        # repr gives the shortest round-tripping text: 0.4 -> "0.4", not the
        # binary expansion Decimal(0.4) would give.
        return _bounded(Decimal(repr(raw)), raw)
    raise ValueError(raw)


def _parts(text: str, kind: str, raw: str, sign: str) -> tuple[str, str]:
    """The digits before and after the decimal separator of a number's text (no sign)."""
    if _SPACE.search(text):
        spaced = _SPACED.fullmatch(text)
        if spaced is None:
            raise ValueError(raw)
        return _SPACE.sub("", spaced[1]), spaced[2] or ""
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        dec = "," if text.rfind(",") > text.rfind(".") else "."
        if text.count(dec) != 1:
            raise ValueError(raw)
        int_part, frac = text.split(dec)
        return _ungroup(int_part, "." if dec == "," else ","), frac
    if dots + commas > 1:
        return _ungroup(text, "." if dots else ","), ""
    if not dots + commas:
        return text, ""
    int_part, frac = text.split("." if dots else ",")
    if len(frac) == 3 and 1 <= len(int_part) <= 3 and not int_part.startswith("0"):
        # Thousands or decimals? The field decides; a decimal field asks.
        if kind == FIELD_INTEGER:
            return int_part + frac, ""
        if kind != FIELD_PERCENT:
            raise AmbiguousNumber(raw.strip(), sign, int_part, frac)
    return int_part or "0", frac  # ",5" -> 0.5


def parse_number(raw: Any, kind: str = FIELD_NUMBER) -> Decimal:
    """Parse a reported number of a field of `kind`, in Vietnamese or English writing.

    Separator rule, by field kind:
    - both '.' and ',' present: the LAST one is the decimal separator and the other groups
      thousands ("1.234,5" and "1,234.5" are both 1234.5);
    - the same separator repeated, or spaces between digit groups: thousands grouping
      ("4.952.238", "4,952,238", "4 952 238"; groups after the first have 3 digits);
    - a single '.' or ',' is the decimal separator ("12,5" == "12.5", "0,85", "1234.567"),
      EXCEPT when it is followed by exactly 3 digits and preceded by 1-3 digits not starting
      with 0 ("9.500", "12,345"), read by the field: in a count (``FIELD_INTEGER``) it
      groups thousands ("42.000" is 42000); in a percentage it is the decimal separator
      (85000 is no percentage); in a decimal field both readings are plausible and a silent
      guess would be off by a factor of 1000, so :class:`AmbiguousNumber` is raised and the
      officer asked which one they meant.
    A count with a fraction raises :class:`NotWholeNumber` ("12,5", or a JSON 12.5).
    Raises :class:`NumberOutOfBounds` beyond the module's bounds and ``ValueError`` for
    anything else (letters, exponents, NaN, bool).
    """
    if isinstance(raw, str):
        value = _parse_text(raw, kind)
    else:
        value = _parse_non_text(raw)
    if kind == FIELD_INTEGER and value != value.to_integral_value():
        raise NotWholeNumber(raw)
    return value


def _parse_text(raw: str, kind: str) -> Decimal:
    if len(raw) > MAX_INPUT_LENGTH:
        raise NumberOutOfBounds(raw, Message(MSG_TOO_LONG, limit=MAX_INPUT_LENGTH))
    text = raw.strip()
    sign = ""
    if text[:1] in ("+", "-"):
        sign, text = text[0], text[1:]
    if not _NUMBER_TEXT.fullmatch(text):
        raise ValueError(raw)
    int_digits, frac = _parts(text, kind, raw, sign)
    if not _DIGITS.fullmatch(int_digits) or (frac == "" and text[-1:] in ".,"):
        raise ValueError(raw)
    if frac and not _DIGITS.fullmatch(frac):
        raise ValueError(raw)
    try:
        value = Decimal(f"{sign}{int_digits}.{frac}" if frac else f"{sign}{int_digits}")
    except InvalidOperation as exc:  # pragma: no cover - regexes above prevent it
        raise ValueError(raw) from exc
    return _bounded(value, raw)


def parse_plain_decimal(raw: Any) -> Decimal:
    """Parse a decimal written by a machine or an administrator (framework
    files, stored parameters): a number, or a string with '.' as the decimal
    point and no grouping. Stricter than :func:`parse_number` on purpose: in
    a framework file "1,000" is more likely a mistake than a thousand or one.
    The same bounds apply.
    """
    if isinstance(raw, str):
        if len(raw) > MAX_INPUT_LENGTH:
            raise NumberOutOfBounds(raw, Message(MSG_TOO_LONG, limit=MAX_INPUT_LENGTH))
        if not _PLAIN_DECIMAL.fullmatch(raw.strip()):
            raise ValueError(raw)
        return _bounded(Decimal(raw.strip()), raw)
    return _parse_non_text(raw)


def param_decimal(value: Any) -> Decimal | None:
    """A rule parameter as a decimal, or None for the rule checks to report."""
    try:
        return parse_plain_decimal(value)
    except ValueError:
        return None


def stored_decimal(raw: Any) -> Decimal | None:
    """A number as stored in a value's inputs (canonical text, or a JSON number), or None
    when absent or unreadable: for comparisons that must not fail on one odd row. Lenient
    on purpose (rows saved before the bounds existed still compare)."""
    if raw is None or isinstance(raw, bool) or len(str(raw)) > MAX_INPUT_LENGTH:
        return None
    try:
        value = Decimal(str(raw))
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() else None


def _is_blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and raw.strip() == "")


def _shown(raw: Any) -> str:
    # An input is echoed in its error message, never more than the bound of a number.
    text = raw if isinstance(raw, str) else repr(raw)
    return text if len(text) <= MAX_INPUT_LENGTH else text[:MAX_INPUT_LENGTH] + "…"


def clean_number(raw: Any, kind: str = FIELD_NUMBER) -> tuple[Decimal | None, Message | None]:
    """A reported non-negative number of a field of `kind` (:func:`parse_number`), or the
    message that says why it is refused. A percentage may end in '%'. The one reading of what
    officers type: the entry pages, the Excel import, the API and general information."""
    if _is_blank(raw):
        return None, Message(MSG_MISSING)
    if kind == FIELD_PERCENT and isinstance(raw, str):
        raw_text = raw.strip()
        raw = raw_text[:-1] if raw_text.endswith("%") else raw_text
    try:
        value = parse_number(raw, kind)
    except (AmbiguousNumber, NumberOutOfBounds, NotWholeNumber) as exc:
        return None, exc.message
    except ValueError:
        return None, Message(MSG_NOT_COUNT if kind == FIELD_INTEGER else MSG_NOT_NUMBER, raw=_shown(raw))
    if value < 0:
        return None, Message(MSG_NEGATIVE)
    return value, None


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
