"""What the engine says to people, translatable without Django.

Every text is written as its Vietnamese msgid with ``%(name)s`` placeholders and wrapped in
:func:`gettext_noop`, the name ``makemessages`` already extracts, so the catalogue holds it.
A :class:`Message` is the formatted Vietnamese text itself (a ``str``: callers that show it
as is keep working) and carries its msgid and parameters, so a caller that has gettext
translates it with :meth:`Message.translated`. Display texts are worded through a
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
        params = {k: v.translated(gettext) if isinstance(v, Message) else v for k, v in self.params.items()}
        return gettext(self.msgid) % params if params else gettext(self.msgid)


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


@dataclass(frozen=True)
class Wording:
    """How display texts are worded. The pages pass their gettext, number formats and
    language; the default (for the engine's own tests) keeps the msgids, prints numbers
    plainly and reads the framework's Vietnamese."""

    translate: Callable[[str], str] = gettext_noop
    points: Callable[[Any], str] = _plain_points
    number: Callable[[Any], str] = _plain
    # A text the framework file gives in a rule's parameters — a tier's label, a ratio's
    # numerator, a count's unit: `content(option, "label")` reads "label_vi" (or "label_en"
    # for an English page); None when the file gives none.
    content: Callable[[Mapping[str, Any], str], Any] = _vietnamese

    def text(self, msgid: str, **params: Any) -> str:
        return self.translate(msgid) % params if params else self.translate(msgid)


# -- input messages ----------------------------------------------------------------------------

MSG_MISSING = gettext_noop("Chưa nhập giá trị.")
MSG_NOT_NUMBER = gettext_noop("'%(raw)s' không phải là số hợp lệ (ví dụ: 12,5 hoặc 1.234,5).")
MSG_AMBIGUOUS = gettext_noop(
    "'%(raw)s' không rõ nghĩa: dấu '%(sep)s' có thể là dấu thập phân hoặc dấu phân cách hàng nghìn. "
    "Hãy viết %(whole)s nếu là số nguyên, hoặc %(decimal)s nếu là số thập phân."
)
MSG_TOO_LONG = gettext_noop("Số quá dài: tối đa %(limit)s ký tự.")
MSG_TOO_MANY_DIGITS = gettext_noop("Số quá lớn: tối đa %(limit)s chữ số ở phần nguyên.")
MSG_TOO_MANY_DECIMALS = gettext_noop("Tối đa %(limit)s chữ số sau dấu thập phân.")
MSG_NEGATIVE = gettext_noop("Giá trị không được âm.")
MSG_NOT_INTEGER = gettext_noop("Phải là số nguyên (không có phần thập phân).")
MSG_DENOMINATOR_ZERO = gettext_noop("Mẫu số phải lớn hơn 0.")
MSG_NUMERATOR_EXCEEDS = gettext_noop("Tử số (%(numerator)s) không được lớn hơn mẫu số (%(denominator)s).")
MSG_PERCENT_RANGE = gettext_noop("Tỷ lệ phần trăm phải nằm trong khoảng 0–100.")
MSG_UNKNOWN_CHOICE = gettext_noop("Mức '%(choice)s' không có trong danh sách; chọn một trong: %(codes)s.")
MSG_YES_NO = gettext_noop("Hãy chọn Có hoặc Không.")
MSG_GENERAL_INFO_MISSING = gettext_noop("Chưa có giá trị thông tin chung '%(code)s' dùng làm mẫu số.")
