"""Reading one field of a mapping: each helper reports a problem and returns a usable default,
so the checker goes on and collects every problem of the file in one pass."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from assessments.scoring import NumberOutOfBounds, parse_plain_decimal, round2

from ..problems import Problem
from ..reader import ListWithLines, MapWithLines

MISSING = object()
# The database keeps points as 8 digits with 2 decimals (models.Indicator.max_points).
MAX_POINTS = Decimal("999999.99")
MAX_NUMBER = 10_000  # a main index's display number
# Column lengths of the tables the loader writes (assessments.models); longer text would
# fail there, after the checker said the file was fine.
TEXT_LIMITS = {
    "code": 20,
    "decision": 60,
    "title_vi": 255,
    "title_en": 255,
    "name_vi": 255,
    "name_en": 255,
    "unit_vi": 60,
    "source_vi": 255,
}


def kind(value: Any) -> str:
    if isinstance(value, bool):
        return "giá trị đúng/sai"
    if isinstance(value, (int, float)):
        return "số"
    if isinstance(value, dict):
        return "bảng"
    if isinstance(value, list):
        return "danh sách"
    if value is None:
        return "rỗng"
    return type(value).__name__


class Fields:
    """Collects the problems; ``where`` prefixes a message with the item it is about."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, line: int, message: str) -> None:
        self.problems.append(Problem(line, message))

    def keys(self, m: MapWithLines, allowed: set[str], where: str) -> None:
        for key in m:
            if key not in allowed:
                self.add(m.key_lines[key], f"{where}trường '{key}' không được hỗ trợ")

    def get(self, m: MapWithLines, key: str, where: str, *, required: bool) -> Any:
        if key not in m:
            if required:
                self.add(m.line, f"{where}thiếu trường bắt buộc '{key}'")
            return MISSING
        return m[key]

    def text(self, m: MapWithLines, key: str, where: str, *, required: bool = True, max_length: int | None = None) -> str:
        value = self.get(m, key, where, required=required)
        if value is MISSING:
            return ""
        if not isinstance(value, str):
            hint = ' (đặt trong dấu nháy, ví dụ "1.10")' if isinstance(value, (bool, int, float, datetime.date)) else ""
            self.add(
                m.value_line(key),
                f"{where}trường '{key}' phải là chuỗi văn bản, không phải {kind(value)}{hint}",
            )
            return ""
        if required and not value.strip():
            self.add(m.value_line(key), f"{where}trường '{key}' không được để trống")
        limit = max_length or TEXT_LIMITS.get(key)
        if limit and len(value) > limit:
            self.add(m.value_line(key), f"{where}trường '{key}' dài quá {limit} ký tự")
            return value[:limit]
        return value

    def decimal(self, m: MapWithLines, key: str, where: str, *, required: bool = True) -> Decimal | None:
        value = self.get(m, key, where, required=required)
        if value is MISSING:
            return None
        try:
            number = parse_plain_decimal(value)
        except NumberOutOfBounds as exc:
            # The engine's bounds (digits, length) speak for themselves; never echo a huge value.
            self.add(m.value_line(key), f"{where}trường '{key}': {exc.message}")
            return None
        except (ValueError, ArithmeticError):
            number = None
        if number is None or not number.is_finite():
            self.add(
                m.value_line(key),
                f"{where}trường '{key}' phải là số thập phân (dấu chấm thập phân, "
                f"ví dụ \"12.5\"), không phải '{str(value)[:40]}'",
            )
            return None
        return number

    def points(self, m: MapWithLines, key: str, where: str) -> Decimal | None:
        value = self.decimal(m, key, where)
        if value is None:
            return None
        if value > MAX_POINTS:  # checked first: rounding a 30-digit number overflows
            self.add(m.value_line(key), f"{where}trường '{key}' quá lớn (tối đa {MAX_POINTS})")
            return None
        if value < 0 or value != round2(value):
            self.add(
                m.value_line(key),
                f"{where}trường '{key}' phải là số điểm ≥ 0, tối đa 2 chữ số thập phân",
            )
            return None
        return value

    def boolean(self, m: MapWithLines, key: str, where: str) -> bool:
        value = self.get(m, key, where, required=False)
        if value is MISSING:
            return False
        if not isinstance(value, bool):
            self.add(m.value_line(key), f"{where}trường '{key}' phải là true hoặc false")
            return False
        return value

    def integer(self, m: MapWithLines, key: str, where: str) -> int | None:
        value = self.get(m, key, where, required=True)
        if value is MISSING:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(m.value_line(key), f"{where}trường '{key}' phải là số nguyên")
            return None
        if not 1 <= value <= MAX_NUMBER:
            self.add(m.value_line(key), f"{where}số thứ tự '{key}' phải từ 1 đến {MAX_NUMBER}")
            return None
        return value

    def choice(self, m: MapWithLines, key: str, where: str, choices: tuple[str, ...]) -> str:
        value = self.text(m, key, where)
        if value and value not in choices:
            self.add(
                m.value_line(key),
                f"{where}trường '{key}' phải là một trong: {', '.join(choices)} (không phải '{value}')",
            )
        return value

    def date(self, m: MapWithLines, key: str) -> datetime.date | None:
        value = self.get(m, key, "", required=True)
        if value is MISSING:
            return None
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            return value
        if isinstance(value, str):
            try:
                return datetime.date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.add(m.value_line(key), f"trường '{key}' phải là ngày dạng YYYY-MM-DD")
        return None

    def mapping_list(self, m: MapWithLines, key: str, where: str, *, required: bool) -> list[MapWithLines]:
        """The mappings of a list field; non-mapping items are reported."""
        value = self.get(m, key, where, required=required)
        if value is MISSING or (value is None and not required):
            return []
        if not isinstance(value, ListWithLines):
            self.add(m.value_line(key), f"{where}trường '{key}' phải là danh sách")
            return []
        if required and not value:
            self.add(m.value_line(key), f"{where}danh sách '{key}' không được rỗng")
        items = []
        for item, line in zip(value, value.item_lines, strict=True):
            if isinstance(item, MapWithLines):
                items.append(item)
            else:
                self.add(line, f"mỗi phần tử của '{key}' phải là một bảng khóa–giá trị")
        return items

    def unique(self, seen: dict[str, int], code: str, line: int, what: str) -> None:
        if not code:
            return
        if code in seen:
            self.add(line, f"mã {what} '{code}' bị trùng (đã dùng ở dòng {seen[code]})")
        else:
            seen[code] = line


@dataclass
class Codes:
    """The codes known so far: what references may name, and where each code was first seen
    (to report a duplicate with the line of the original)."""

    pillars: set[str] = field(default_factory=set)
    general: set[str] = field(default_factory=set)
    groups: dict[str, int] = field(default_factory=dict)
    mains: dict[str, int] = field(default_factory=dict)
    indicators: dict[str, int] = field(default_factory=dict)
    main_lines: dict[str, int] = field(default_factory=dict)  # main-index code -> its mapping's line
