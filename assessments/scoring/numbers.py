"""Numbers: reading what provinces and files write, rounding, plain formatting.

Bounds, documented here because every reported number passes through :func:`parse_decimal`
(forms, the API, the Excel import, general information): at most
``MAX_INPUT_LENGTH`` (40) characters of text, ``MAX_INTEGER_DIGITS`` (15) digits before the
decimal separator and ``MAX_FRACTION_DIGITS`` (4) after it, trailing zeros not counted.
15 integer digits fit the widest column a reported number reaches (general information,
``max_digits=18, decimal_places=2``) and the 15 significant digits a spreadsheet keeps, so a
number accepted here survives the database and the Excel template; 4 decimals are the
precision values are published with.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from .messages import (
    MSG_AMBIGUOUS,
    MSG_MISSING,
    MSG_NEGATIVE,
    MSG_NOT_NUMBER,
    MSG_TOO_LONG,
    MSG_TOO_MANY_DECIMALS,
    MSG_TOO_MANY_DIGITS,
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

_DIGITS = re.compile(r"[0-9]+")
_NUMBER_TEXT = re.compile(r"[0-9.,]+")
_PLAIN_DECIMAL = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")


class AmbiguousNumber(ValueError):
    """A number whose single separator could be either convention ("1.000")."""

    def __init__(self, raw: str, sep: str, sign: str, whole: str, frac: str) -> None:
        super().__init__(raw)
        self.message = Message(MSG_AMBIGUOUS, raw=raw, sep=sep, whole=f"{sign}{whole}{frac}", decimal=f"{sign}{whole},{frac}0")


class NumberOutOfBounds(ValueError):
    """A number with more characters or digits than the bounds above."""

    def __init__(self, raw: Any, message: Message) -> None:
        super().__init__(raw)
        self.message = message


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


def parse_decimal(raw: Any) -> Decimal:
    """Parse a reported number, accepting Vietnamese and English separators.

    Separator rule (documented because "1.234" means 1234 to a Vietnamese
    reader and 1.234 to an English one):
    - both '.' and ',' present: the LAST one is the decimal separator and the
      other groups thousands ("1.234,5" and "1,234.5" are both 1234.5);
    - the same separator repeated: thousands grouping ("1.234.567", "1,234,567");
    - a single '.' or ',' is the decimal separator ("12,5" == "12.5"), EXCEPT
      when it is followed by exactly 3 digits and preceded by 1-3 digits not
      starting with 0 ("1.000", "12,345"): both readings are plausible and a
      silent guess would be off by a factor of 1000, so
      :class:`AmbiguousNumber` is raised and the officer asked to retype.
    Raises :class:`NumberOutOfBounds` beyond the module's bounds and ``ValueError`` for
    anything else (letters, exponents, NaN, bool).
    """
    if not isinstance(raw, str):
        return _parse_non_text(raw)
    if len(raw) > MAX_INPUT_LENGTH:
        raise NumberOutOfBounds(raw, Message(MSG_TOO_LONG, limit=MAX_INPUT_LENGTH))
    text = raw.strip()
    sign = ""
    if text[:1] in ("+", "-"):
        sign, text = text[0], text[1:]
    if not text or not _NUMBER_TEXT.fullmatch(text):
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
        value = Decimal(f"{sign}{int_digits}.{frac}" if frac else f"{sign}{int_digits}")
    except InvalidOperation as exc:  # pragma: no cover - regexes above prevent it
        raise ValueError(raw) from exc
    return _bounded(value, raw)


def parse_plain_decimal(raw: Any) -> Decimal:
    """Parse a decimal written by a machine or an administrator (framework
    files, stored parameters): a number, or a string with '.' as the decimal
    point and no grouping. Stricter than :func:`parse_decimal` on purpose: in
    a framework file "1,000" is more likely a mistake than a thousand or one.
    The same bounds apply.
    """
    if isinstance(raw, str):
        if len(raw) > MAX_INPUT_LENGTH:
            raise NumberOutOfBounds(raw, Message(MSG_TOO_LONG, limit=MAX_INPUT_LENGTH))
        if not _PLAIN_DECIMAL.fullmatch(raw.strip()):
            raise ValueError(raw)
        return _bounded(Decimal(raw.strip()), raw)
    return parse_decimal(raw)


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


def clean_number(raw: Any, *, allow_percent_sign: bool = False) -> tuple[Decimal | None, Message | None]:
    """A reported non-negative number, or the message that says why it is refused."""
    if _is_blank(raw):
        return None, Message(MSG_MISSING)
    if allow_percent_sign and isinstance(raw, str):
        raw_text = raw.strip()
        raw = raw_text[:-1] if raw_text.endswith("%") else raw_text
    try:
        value = parse_decimal(raw)
    except (AmbiguousNumber, NumberOutOfBounds) as exc:
        return None, exc.message
    except ValueError:
        return None, Message(MSG_NOT_NUMBER, raw=_shown(raw))
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
