"""What the engine says to people, translatable without Django.

Every text is written as its Vietnamese msgid with ``%(name)s`` placeholders and wrapped in
:func:`gettext_noop`, the name ``makemessages`` already extracts, so the catalogue holds it.
A :class:`Message` is the formatted Vietnamese text itself (a ``str``: callers that show it
as is keep working) and carries its msgid and parameters, so a caller that has gettext
translates it with :meth:`Message.translated`. A parameter that is worded differently per
language (a number read aloud) is a :class:`ByLanguage`. Display texts are worded through a
:class:`Wording` the caller supplies (its gettext and its number formats).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any


def gettext_noop(message: str) -> str:
    """Mark a msgid for extraction; translation happens where gettext is known."""
    return message


class Message(str):
    """A message in Vietnamese (the msgid formatted), translatable by whoever shows it."""

    msgid: str
    params: Mapping[str, Any]

    def __new__(cls, msgid: str, **params: Any) -> Message:
        self = super().__new__(cls, msgid % params if params else msgid)
        self.msgid = msgid
        self.params = params
        return self

    def translated(self, gettext: Callable[[str], str]) -> str:
        """The message in the caller's language (parameters that are messages too)."""
        text = gettext(self.msgid)
        # The Vietnamese catalogue returns its msgids (locale/README.md): a text that changed is
        # the English one, and its ByLanguage parameters speak English with it.
        english = text != self.msgid
        params = {k: _translated_param(v, gettext, english) for k, v in self.params.items()}
        return text % params if params else text


@dataclass(frozen=True)
class ByLanguage:
    """A message parameter worded per language: "chín phẩy năm" / "nine point five", "9,5" /
    "9.5". Formatted as its Vietnamese text; :meth:`Message.translated` takes the English one
    when the message is shown in English."""

    vi: str
    en: str

    def __str__(self) -> str:
        return self.vi


def _translated_param(value: Any, gettext: Callable[[str], str], english: bool) -> Any:
    if isinstance(value, Message):
        return value.translated(gettext)
    if isinstance(value, ByLanguage):
        return value.en if english else value.vi
    return value


def translated(message: Any, gettext: Callable[[str], str]) -> Any:
    """A message translated; anything else (a caller's own text) unchanged."""
    return message.translated(gettext) if isinstance(message, Message) else message


def _plain(value: Any) -> str:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return "" if value is None else str(value)


def _plain_points(value: Any) -> str:
    try:
        return format(Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP), "f")
    except ArithmeticError:
        return "—"


def _vietnamese(item: Mapping[str, Any], key: str) -> Any:
    return item.get(f"{key}_vi")


def _plain_field_value(value: Any, kind: str) -> str:
    return _plain(value)


@dataclass(frozen=True)
class Wording:
    """How display texts are worded. The pages pass their gettext, number formats and
    language; the default (for the engine's own tests) keeps the msgids, prints numbers
    plainly and reads the framework's Vietnamese. ``number`` writes a reported number for
    reading; ``field_value(value, kind)`` writes it into an entry field of that kind
    (numbers.FIELD_*), so that typed back it reads the same."""

    translate: Callable[[str], str] = gettext_noop
    points: Callable[[Any], str] = _plain_points
    number: Callable[[Any], str] = _plain
    # A text the framework file gives in a rule's parameters — a tier's label, a ratio's
    # numerator, a count's unit: `content(option, "label")` reads "label_vi" (or "label_en"
    # for an English page); None when the file gives none.
    content: Callable[[Mapping[str, Any], str], Any] = _vietnamese
    field_value: Callable[[Any, str], str] = _plain_field_value

    def text(self, msgid: str, **params: Any) -> str:
        return self.translate(msgid) % params if params else self.translate(msgid)


# -- input messages ----------------------------------------------------------------------------

MSG_MISSING = gettext_noop("Chưa nhập giá trị.")
MSG_NOT_NUMBER = gettext_noop("'%(raw)s' không phải là số hợp lệ (ví dụ: 12,5 hoặc 1.234,5).")
MSG_NOT_COUNT = gettext_noop("'%(raw)s' không phải là số hợp lệ (ví dụ: 42 hoặc 4.952.238).")
# A decimal field's lone separator before three digits: both readings, in figures and in words,
# and how to type each so that it cannot be misread (numbers.AmbiguousNumber).
MSG_AMBIGUOUS = gettext_noop(
    "'%(raw)s' có hai cách hiểu: %(thousands)s (%(thousands_words)s) hay %(decimal)s (%(decimal_words)s)? "
    "Hãy nhập lại %(thousands)s hoặc %(decimal_typed)s cho rõ."
)
MSG_NOT_WHOLE = gettext_noop(
    "'%(raw)s' không phải số nguyên. Ô này là số đếm: nhập số nguyên, ví dụ 42.000 hoặc 4.952.238."
)
MSG_TOO_LONG = gettext_noop("Số quá dài: tối đa %(limit)s ký tự.")
MSG_TOO_MANY_DIGITS = gettext_noop("Số quá lớn: tối đa %(limit)s chữ số ở phần nguyên.")
MSG_TOO_MANY_DECIMALS = gettext_noop("Tối đa %(limit)s chữ số sau dấu thập phân.")
MSG_NEGATIVE = gettext_noop("Giá trị không được âm.")
MSG_DENOMINATOR_ZERO = gettext_noop("Mẫu số phải lớn hơn 0.")
MSG_NUMERATOR_EXCEEDS = gettext_noop("Tử số (%(numerator)s) không được lớn hơn mẫu số (%(denominator)s).")
MSG_PERCENT_RANGE = gettext_noop("Tỷ lệ phần trăm phải nằm trong khoảng 0–100.")
MSG_UNKNOWN_CHOICE = gettext_noop("Mức '%(choice)s' không có trong danh sách; chọn một trong: %(codes)s.")
MSG_YES_NO = gettext_noop("Hãy chọn Có hoặc Không.")
MSG_GENERAL_INFO_MISSING = gettext_noop("Chưa có giá trị thông tin chung '%(code)s' dùng làm mẫu số.")
