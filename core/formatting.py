"""Numbers and dates as the reader's language writes them: the one home of that formatting.

Vietnamese (the default) writes a decimal comma and groups thousands with dots — points
"15,00", index values "0,8002", a population "4.952.238" —; English writes a decimal point
and groups with commas ("4,952,238"). The separators come from the active language's format
module (dtiportal/formats/), the same ones Django's `localize` uses for the rest of the page.

Rounding is half-up, as the engine rounds (assessments.scoring.round2/round4) and as published
tables are read: 0.69245 is shown 0.6925, 12.345 is 12.35 (Python's own formatting rounds half
to even and would show 0.6924). This module repeats that quantization instead of importing the
engine because it is the ground floor (pyproject.toml [tool.importlinter]): it imports Django
and nothing of the project.

Which function for what:
- `points(v)`: component points, 2 decimals ("12,50").
- `index_value(v)`: index values as published, 4 decimals ("0,8002").
- `number(v)`: any other figure for reading, with thousands grouped ("4.952.238", "7,5").
- `reported(v)`: a reported figure in words ("Số liệu đã nhập: 4.952.238"): `number`, but text
  that is not a number is kept.
- `typed(v)`: a number as a person types it into a field: no grouping, no trailing zeros
  ("1234,5"), so that reading it back (scoring.parse_number) gives the same number; a value
  like 1.234 is written "1,2340", since "1,234" reads as ambiguous there.
- `reported(v)`: a reported figure for reading, thousands grouped ("4.952.238", "1.234,5");
  text that is not a number is shown as it is (what was reported stays visible).
- `field_value(v, whole=…)`: a reported figure as its entry field shows it, grouped too, and
  written so that typing it back reads the same number for the field's kind: a count
  ("4.952.238"), a decimal ("1.234,5"; "1234" and "1,2340", where grouping would be ambiguous).
- `plain(v, places)`: machine text for files (CSV columns): decimal point, whatever the language.
- `date(v)`: a date in Vietnam's time, day first in both languages ("01/03/2026").
- `moment(v)`: a date and time in Vietnam's time, the house format of the active language:
  Vietnamese writes the time first, "14:30 01/03/2026", as deadlines are written in Vietnamese
  ("trước 17 giờ 00 ngày 30/6/2025"); English the date first, "01/03/2026 14:30". Every page,
  message and email writes a moment through it (the SHORT_DATETIME_FORMAT of
  dtiportal/formats/), never a pattern of its own (tests/core/test_date_formats.py).
- `plain_moment(v)`: a moment for files (CSV), "2026-03-01 14:30", whatever the language.
- `localize(v)`: a bare value as Django prints it.
- `sheet_title(text)`: a worksheet's name as Excel takes it, diacritics kept ("Tổng hợp").
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.template import defaultfilters
from django.utils import formats
from django.utils.timezone import template_localtime

DASH = "—"  # what a missing figure shows on a page

_QUANTUM = {places: Decimal(1).scaleb(-places) for places in range(0, 9)}


def to_decimal(value) -> Decimal | None:
    """A stored or computed number as a Decimal: Decimal, int, float, or machine text ("12.5").

    None, "", text that is not a plain number, NaN and infinities give None. Not for what
    people type (that is scoring.parse_decimal, which reads both separators)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    try:
        # str() of a float is its shortest repr: 0.1 stays 0.1, not 0.1000000000000000055…
        number = Decimal(value if isinstance(value, int) else str(value).strip())
    except (InvalidOperation, ValueError, TypeError):
        return None
    return number if number.is_finite() else None


def round_half_up(value: Decimal, places: int) -> Decimal:
    """`value` to `places` decimals, halves away from zero (-0.005 → -0.01)."""
    return value.quantize(_QUANTUM[places], rounding=ROUND_HALF_UP)


def separators() -> tuple[str, str]:
    """(decimal separator, thousands separator) of the active language."""
    return formats.get_format("DECIMAL_SEPARATOR"), formats.get_format("THOUSAND_SEPARATOR")


def _digits(value: Decimal, places: int | None) -> str:
    """Plain digits with a point: `places` decimals, or as few as the value needs."""
    value = round_half_up(value, places) if places is not None else value.normalize()
    if value == 0:
        value = abs(value)  # -0.001 shown to 2 places is 0,00, not -0,00
    return f"{value:f}"  # normalize() dropped trailing zeros; "f" never writes an exponent


def _localized(text: str, *, grouping: bool) -> str:
    decimal_sep, thousands_sep = separators()
    sign, text = ("-", text[1:]) if text.startswith("-") else ("", text)
    whole, _, fraction = text.partition(".")
    if grouping and len(whole) > 3:
        head = len(whole) % 3 or 3
        whole = thousands_sep.join([whole[:head], *(whole[i : i + 3] for i in range(head, len(whole), 3))])
    return sign + whole + (decimal_sep + fraction if fraction else "")


def number(value, places: int | None = None, *, grouping: bool = True, empty: str = DASH) -> str:
    """A figure for reading in the active language: `places` decimals half-up (None: as few as
    the value needs), thousands grouped. `empty` for a missing or unreadable value."""
    d = to_decimal(value)
    if d is None:
        return empty
    return _localized(_digits(d, places), grouping=grouping)


def points(value, *, empty: str = DASH) -> str:
    """Component points, two decimals half-up: "12,50" (English "12.50")."""
    return number(value, 2, empty=empty)


def index_value(value, *, empty: str = DASH) -> str:
    """An index value as published, four decimals half-up: "0,8002"."""
    return number(value, 4, empty=empty)


def typed(value, *, empty: str = "") -> str:
    """A number as its reader would type it back: "1234,5", never grouped, no trailing zeros.
    Text that is not a number comes back as it is: what was reported stays visible."""
    if isinstance(value, str) and value.strip() and to_decimal(value) is None:
        return value
    text = number(value, None, grouping=False, empty=empty)
    whole, separator, fraction = text.lstrip("-").partition(separators()[0])
    if separator and len(fraction) == 3 and len(whole) <= 3 and not whole.startswith("0"):
        # "1,234" would read back as ambiguous (a thousand or one?): "1,2340" cannot.
        text += "0"
    return text


def _not_a_number(value) -> bool:
    return isinstance(value, str) and bool(value.strip()) and to_decimal(value) is None


def reported(value, *, empty: str = DASH) -> str:
    """A reported figure for reading: as few decimals as it has, thousands grouped
    ("4.952.238", "1.234,5"; English "4,952,238", "1,234.5"). Text that is not a number comes
    back as it is."""
    return value if _not_a_number(value) else number(value, None, empty=empty)


def field_value(value, *, whole: bool, empty: str = "") -> str:
    """A reported figure as an entry field shows it (its initial value), grouped like
    `reported`, so that typing it back gives the same number (scoring.parse_number):
    - `whole` (a count field): always grouped, "4.952.238" and "42.000" read as thousands;
    - otherwise (a decimal or a percentage): a lone group separator before three digits
      would be ambiguous there ("1.234": a thousand or one?), so such a whole number is written
      ungrouped ("1234"), and three decimals after a short whole part get a trailing zero
      ("1,2340"), as `typed` does.
    Text that is not a number comes back as it is."""
    if _not_a_number(value):
        return value
    text = number(value, None, empty=empty)
    if whole:
        return text
    decimal_sep, thousands_sep = separators()
    head, separator, fraction = text.lstrip("-").partition(decimal_sep)
    if not separator and head.count(thousands_sep) == 1:
        return number(value, None, grouping=False, empty=empty)
    if separator and len(fraction) == 3 and len(head) <= 3 and not head.startswith("0"):
        return text + "0"
    return text


def plain(value, places: int | None = None, *, empty: str = "") -> str:
    """Machine text for files, the same in every language: "0.8002", "1234567.5"."""
    d = to_decimal(value)
    if d is None:
        return empty
    return _digits(d, places)


def date(value, format_name: str = "SHORT_DATE_FORMAT") -> str:
    """A date (or a moment's day) in Vietnam's time and the active language's format:
    01/03/2026; `format_name` is a format setting or a pattern. For a date and time: moment()."""
    if value in (None, ""):
        return ""
    return defaultfilters.date(template_localtime(value), format_name)


def moment(value, *, seconds: bool = False) -> str:
    """A date and time in Vietnam's time, as the active language writes it: "14:30 01/03/2026"
    in Vietnamese, "01/03/2026 14:30" in English; `seconds` adds them ("14:30:05 01/03/2026")."""
    pattern = formats.get_format("SHORT_DATETIME_FORMAT")
    return date(value, pattern.replace("H:i", "H:i:s") if seconds else pattern)


def plain_moment(value) -> str:
    """A moment for files, the same in every language, in Vietnam's time: "2026-03-01 14:30"."""
    return date(value, "Y-m-d H:i")


def localize(value):
    """What Django's template engine prints for a bare `{{ value }}`: numbers and dates in the
    active language's format, anything else unchanged (the Jinja2 partials' `finalize`)."""
    if isinstance(value, (Decimal, float, dt.date, dt.time)):
        return formats.localize(template_localtime(value))
    return value


# Excel refuses these in a sheet name, and a name longer than 31 characters or starting or
# ending with an apostrophe; any other Unicode is fine, Vietnamese diacritics included.
# Excel refuses these in a sheet name, and a name longer than 31 characters or starting or
# ending with an apostrophe; any other Unicode is fine, Vietnamese diacritics included.
_SHEET_REFUSED = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
SHEET_TITLE_MAX = 31


def sheet_title(text) -> str:
    """A worksheet name Excel accepts, with its diacritics: "Chi tiết", "Xếp hạng DTI 2025".
    Composed (NFC) first, so "ế" counts as one of the 31 characters, not three."""
    title = _SHEET_REFUSED.sub(" ", unicodedata.normalize("NFC", str(text)))
    title = " ".join(title.split())[:SHEET_TITLE_MAX].strip().strip("'").strip()
    return title or "Sheet1"
