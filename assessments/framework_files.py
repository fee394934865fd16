"""Framework files (``dtiportal-framework/1``): parse, validate, dump.

Pure: standard library + PyYAML, no Django. The contract is
``docs/framework-format.md``. Parsing composes PyYAML's node tree so every
problem can name its LINE in the file; validation collects ALL problems
before failing, because an administrator fixing an official 98-component
file wants the whole list at once, not one error per upload.
"""

from __future__ import annotations

import datetime
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from assessments import scoring
from assessments.scoring import (
    AGGREGATION_WEIGHTED_PILLARS,
    AGGREGATIONS,
    EVIDENCE_CHOICES,
    LEVELS,
    RULE_RATIO,
    Rule,
    format_decimal,
    parse_plain_decimal,
    round2,
)

FORMAT_TAG = "dtiportal-framework/1"

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

# The rule travels unchanged from file to engine: one type, two names.
RuleSpec = Rule


# ---------------------------------------------------------------------------
# Specs
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PillarSpec:
    code: str
    name_vi: str
    name_en: str = ""
    weight: Decimal | None = None  # only for weighted_pillars


@dataclass(frozen=True)
class GeneralInfoSpec:
    code: str
    name_vi: str
    name_en: str = ""
    unit_vi: str = ""


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    name_vi: str
    max_points: Decimal
    rule: RuleSpec
    evidence: str
    name_en: str = ""
    evidence_vi: str = ""
    guidance_vi: str = ""
    automatic: bool = False
    source_vi: str = ""


@dataclass(frozen=True)
class MainIndexSpec:
    code: str
    number: int
    name_vi: str
    max_points: Decimal
    indicators: tuple[IndicatorSpec, ...]
    name_en: str = ""
    pillars: tuple[str, ...] = ()

    @property
    def scored(self) -> bool:
        return self.max_points > 0


@dataclass(frozen=True)
class GroupSpec:
    code: str
    name_vi: str
    main_indices: tuple[MainIndexSpec, ...]
    name_en: str = ""


@dataclass(frozen=True)
class FrameworkSpec:
    code: str
    decision: str
    decision_date: datetime.date
    title_vi: str
    level: str
    years: tuple[int, ...]
    aggregation: str
    total_points: Decimal
    groups: tuple[GroupSpec, ...]
    title_en: str = ""
    illustrative: bool = False
    note_vi: str = ""
    pillars: tuple[PillarSpec, ...] = ()
    general_information: tuple[GeneralInfoSpec, ...] = ()

    @property
    def main_indices(self) -> tuple[MainIndexSpec, ...]:
        return tuple(m for g in self.groups for m in g.main_indices)

    def indicators(self) -> Iterator[tuple[MainIndexSpec, IndicatorSpec]]:
        for main in self.main_indices:
            for indicator in main.indicators:
                yield main, indicator


@dataclass(frozen=True)
class Problem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"dòng {self.line}: {self.message}"


class FrameworkFileError(ValueError):
    """The file is not a valid framework; ``problems`` lists every problem
    found, in line order."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: p.line)
        super().__init__("\n".join(str(p) for p in self.problems))


# ---------------------------------------------------------------------------
# YAML with line numbers
# ---------------------------------------------------------------------------


class _Map(dict):
    """A mapping remembering where it, its keys and its values start."""

    line: int
    key_lines: dict[str, int]
    value_lines: dict[str, int]

    def value_line(self, key: str) -> int:
        return self.value_lines.get(key, self.line)

    def key_line(self, key: str) -> int:
        # For problems about a whole block list: its value starts a line later.
        return self.key_lines.get(key, self.line)


class _Seq(list):
    line: int
    item_lines: list[int]


def _line(node: Node) -> int:
    return node.start_mark.line + 1


class _Composer:
    """Turns PyYAML's node tree into plain values (_Map/_Seq/scalars) that
    keep line numbers; duplicate keys, which PyYAML silently overwrites, are
    reported."""

    def __init__(self, loader: yaml.SafeLoader, problems: list[Problem]) -> None:
        self.loader = loader
        self.problems = problems
        self.active: set[int] = set()

    def convert(self, node: Node) -> Any:
        if id(node) in self.active:  # an alias pointing at its own ancestor
            self.problems.append(Problem(_line(node), "cấu trúc tự tham chiếu (alias) không hợp lệ"))
            return None
        if isinstance(node, MappingNode):
            self.active.add(id(node))
            try:
                return self._mapping(node)
            finally:
                self.active.discard(id(node))
        if isinstance(node, SequenceNode):
            self.active.add(id(node))
            try:
                seq = _Seq(self.convert(item) for item in node.value)
                seq.line = _line(node)
                seq.item_lines = [_line(item) for item in node.value]
                return seq
            finally:
                self.active.discard(id(node))
        try:
            return self.loader.construct_object(node, deep=True)
        except Exception:  # noqa: BLE001 - e.g. 2022-13-45 resolves as a date and fails
            self.problems.append(Problem(_line(node), f"giá trị '{node.value}' không hợp lệ"))
            return node.value

    def _mapping(self, node: MappingNode) -> _Map:
        mapping = _Map()
        mapping.line = _line(node)
        mapping.key_lines = {}
        mapping.value_lines = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.problems.append(Problem(_line(key_node), "khóa phải là một chuỗi đơn"))
                continue
            # The raw text, not the resolved value: YAML 1.1 would read a key
            # like `no` as a boolean.
            key = key_node.value
            if key in mapping:
                self.problems.append(
                    Problem(
                        _line(key_node),
                        f"trường '{key}' bị lặp lại (đã có ở dòng {mapping.key_lines[key]})",
                    )
                )
                continue
            mapping[key] = self.convert(value_node)
            mapping.key_lines[key] = _line(key_node)
            mapping.value_lines[key] = _line(value_node)
        return mapping


def _load(text: str) -> Any:
    problems: list[Problem] = []
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise FrameworkFileError([Problem(1, "tệp rỗng")])
        data = _Composer(loader, problems).convert(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        detail = exc.problem or exc.context or "?"
        raise FrameworkFileError([Problem(mark.line + 1 if mark else 1, f"lỗi cú pháp YAML: {detail}")]) from exc
    except yaml.YAMLError as exc:
        raise FrameworkFileError([Problem(1, f"lỗi cú pháp YAML: {exc}")]) from exc
    finally:
        loader.dispose()
    if problems:
        raise FrameworkFileError(problems)
    return data


# ---------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------

_MISSING = object()


def _kind(value: Any) -> str:
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


class _Checker:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.main_lines: dict[str, int] = {}  # main-index code -> its line

    def add(self, line: int, message: str) -> None:
        self.problems.append(Problem(line, message))

    # -- field helpers: each reports and returns a usable default -----------

    def keys(self, m: _Map, allowed: set[str], where: str) -> None:
        for key in m:
            if key not in allowed:
                self.add(m.key_lines[key], f"{where}trường '{key}' không được hỗ trợ")

    def get(self, m: _Map, key: str, where: str, *, required: bool) -> Any:
        if key not in m:
            if required:
                self.add(m.line, f"{where}thiếu trường bắt buộc '{key}'")
            return _MISSING
        return m[key]

    def text(self, m: _Map, key: str, where: str, *, required: bool = True) -> str:
        value = self.get(m, key, where, required=required)
        if value is _MISSING:
            return ""
        if not isinstance(value, str):
            hint = ' (đặt trong dấu nháy, ví dụ "1.10")' if isinstance(value, (bool, int, float, datetime.date)) else ""
            self.add(
                m.value_line(key),
                f"{where}trường '{key}' phải là chuỗi văn bản, không phải {_kind(value)}{hint}",
            )
            return ""
        if required and not value.strip():
            self.add(m.value_line(key), f"{where}trường '{key}' không được để trống")
        return value

    def decimal(self, m: _Map, key: str, where: str, *, required: bool = True) -> Decimal | None:
        value = self.get(m, key, where, required=required)
        if value is _MISSING:
            return None
        try:
            return parse_plain_decimal(value)
        except ValueError:
            self.add(
                m.value_line(key),
                f"{where}trường '{key}' phải là số thập phân (dấu chấm thập phân, "
                f"ví dụ \"12.5\"), không phải '{value}'",
            )
            return None

    def points(self, m: _Map, key: str, where: str) -> Decimal | None:
        value = self.decimal(m, key, where)
        if value is None:
            return None
        if value < 0 or value != round2(value):
            self.add(
                m.value_line(key),
                f"{where}trường '{key}' phải là số điểm ≥ 0, tối đa 2 chữ số thập phân",
            )
            return None
        return value

    def boolean(self, m: _Map, key: str, where: str) -> bool:
        value = self.get(m, key, where, required=False)
        if value is _MISSING:
            return False
        if not isinstance(value, bool):
            self.add(m.value_line(key), f"{where}trường '{key}' phải là true hoặc false")
            return False
        return value

    def integer(self, m: _Map, key: str, where: str) -> int | None:
        value = self.get(m, key, where, required=True)
        if value is _MISSING:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(m.value_line(key), f"{where}trường '{key}' phải là số nguyên")
            return None
        return value

    def choice(self, m: _Map, key: str, where: str, choices: tuple[str, ...]) -> str:
        value = self.text(m, key, where)
        if value and value not in choices:
            self.add(
                m.value_line(key),
                f"{where}trường '{key}' phải là một trong: {', '.join(choices)} (không phải '{value}')",
            )
        return value

    def mapping_list(self, m: _Map, key: str, where: str, *, required: bool) -> list[_Map]:
        """The mappings of a list field; non-mapping items are reported."""
        value = self.get(m, key, where, required=required)
        if value is _MISSING or (value is None and not required):
            return []
        if not isinstance(value, _Seq):
            self.add(m.value_line(key), f"{where}trường '{key}' phải là danh sách")
            return []
        if required and not value:
            self.add(m.value_line(key), f"{where}danh sách '{key}' không được rỗng")
        items = []
        for item, line in zip(value, value.item_lines, strict=True):
            if isinstance(item, _Map):
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

    # -- the file -----------------------------------------------------------

    def framework(self, root: Any) -> FrameworkSpec | None:
        if not isinstance(root, _Map):
            self.add(1, "tệp phải là một bảng khóa–giá trị (bắt đầu bằng 'format: …')")
            return None
        self.keys(
            root,
            {
                "format",
                "code",
                "decision",
                "decision_date",
                "title_vi",
                "title_en",
                "level",
                "years",
                "aggregation",
                "total_points",
                "illustrative",
                "note_vi",
                "pillars",
                "general_information",
                "groups",
            },
            "",
        )
        fmt = self.get(root, "format", "", required=True)
        if fmt is not _MISSING and fmt != FORMAT_TAG:
            self.add(
                root.value_line("format"),
                f"định dạng '{fmt}' không được hỗ trợ (cần 'format: {FORMAT_TAG}')",
            )
        code = self.text(root, "code", "")
        if code and not _SLUG.fullmatch(code):
            self.add(
                root.value_line("code"),
                f"mã bộ chỉ số '{code}' chỉ được gồm chữ thường a-z, số và dấu '-'",
            )
        decision = self.text(root, "decision", "")
        decision_date = self.date(root, "decision_date")
        title_vi = self.text(root, "title_vi", "")
        title_en = self.text(root, "title_en", "", required=False)
        level = self.choice(root, "level", "", LEVELS)
        years = self.years(root)
        aggregation = self.choice(root, "aggregation", "", AGGREGATIONS)
        total_points = self.decimal(root, "total_points", "")
        if total_points is not None and total_points <= 0:
            self.add(root.value_line("total_points"), "trường 'total_points' phải lớn hơn 0")
            total_points = None
        illustrative = self.boolean(root, "illustrative", "")
        note_vi = self.text(root, "note_vi", "", required=False)

        pillars = self.pillars(root, aggregation)
        general = self.general_information(root)
        pillar_codes = {p.code for p in pillars}
        groups = self.groups(root, pillar_codes, {g.code for g in general})

        mains = [m for g in groups for m in g.main_indices]
        if total_points is not None and mains and all(m.max_points is not None for m in mains):
            total = sum((m.max_points for m in mains), Decimal(0))
            if total != total_points:
                self.add(
                    root.value_line("total_points"),
                    f"total_points ({format_decimal(total_points)}) khác tổng điểm tối đa "
                    f"của các chỉ số chính ({format_decimal(total)})",
                )
        if aggregation == AGGREGATION_WEIGHTED_PILLARS:
            self.pillar_membership(root, pillars, groups)

        if self.problems:
            return None
        return FrameworkSpec(
            code=code,
            decision=decision,
            decision_date=decision_date,
            title_vi=title_vi,
            title_en=title_en,
            level=level,
            years=years,
            aggregation=aggregation,
            total_points=total_points,
            illustrative=illustrative,
            note_vi=note_vi,
            pillars=tuple(pillars),
            general_information=tuple(general),
            groups=tuple(groups),
        )

    def date(self, m: _Map, key: str) -> datetime.date | None:
        value = self.get(m, key, "", required=True)
        if value is _MISSING:
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

    def years(self, root: _Map) -> tuple[int, ...]:
        value = self.get(root, "years", "", required=True)
        if value is _MISSING:
            return ()
        if not isinstance(value, _Seq) or not value:
            self.add(root.value_line("years"), "trường 'years' phải là danh sách năm, ví dụ [2021, 2022]")
            return ()
        years: list[int] = []
        for item, line in zip(value, value.item_lines, strict=True):
            if isinstance(item, bool) or not isinstance(item, int):
                self.add(line, f"năm '{item}' phải là số nguyên, ví dụ 2022")
            elif item in years:
                self.add(line, f"năm {item} bị lặp lại")
            else:
                years.append(item)
        return tuple(years)

    def pillars(self, root: _Map, aggregation: str) -> list[PillarSpec]:
        weighted = aggregation == AGGREGATION_WEIGHTED_PILLARS
        items = self.mapping_list(root, "pillars", "", required=False)
        if weighted and not items:
            self.add(
                root.value_line("aggregation"),
                "aggregation 'weighted_pillars' cần danh sách 'pillars' có trọng số",
            )
        seen: dict[str, int] = {}
        pillars: list[PillarSpec] = []
        for m in items:
            code = self.text(m, "code", "trụ cột: ")
            where = f"trụ cột '{code}': " if code else "trụ cột: "
            self.keys(m, {"code", "name_vi", "name_en", "weight"}, where)
            self.unique(seen, code, m.value_line("code"), "trụ cột")
            weight = None
            if "weight" in m:
                weight = self.decimal(m, "weight", where)
                if not weighted:
                    self.add(
                        m.value_line("weight"),
                        f"{where}trọng số chỉ dùng khi aggregation là 'weighted_pillars'",
                    )
                    weight = None
                elif weight is not None and not (0 < weight <= 1):
                    self.add(m.value_line("weight"), f"{where}trọng số phải trong khoảng (0, 1]")
                    weight = None
            elif weighted:
                self.add(
                    m.line,
                    f"{where}thiếu trọng số 'weight' (bắt buộc khi aggregation là 'weighted_pillars')",
                )
            pillars.append(
                PillarSpec(
                    code=code,
                    name_vi=self.text(m, "name_vi", where),
                    name_en=self.text(m, "name_en", where, required=False),
                    weight=weight,
                )
            )
        if weighted and pillars and all(p.weight is not None for p in pillars):
            total = sum((p.weight for p in pillars), Decimal(0))
            if total != 1:
                self.add(
                    root.key_line("pillars"),
                    f"tổng trọng số các trụ cột phải bằng 1 (hiện là {format_decimal(total)})",
                )
        return pillars

    def general_information(self, root: _Map) -> list[GeneralInfoSpec]:
        seen: dict[str, int] = {}
        out: list[GeneralInfoSpec] = []
        for m in self.mapping_list(root, "general_information", "", required=False):
            code = self.text(m, "code", "thông tin chung: ")
            where = f"thông tin chung '{code}': " if code else "thông tin chung: "
            self.keys(m, {"code", "name_vi", "name_en", "unit_vi"}, where)
            self.unique(seen, code, m.value_line("code"), "thông tin chung")
            out.append(
                GeneralInfoSpec(
                    code=code,
                    name_vi=self.text(m, "name_vi", where),
                    name_en=self.text(m, "name_en", where, required=False),
                    unit_vi=self.text(m, "unit_vi", where, required=False),
                )
            )
        return out

    def groups(self, root: _Map, pillar_codes: set[str], general_codes: set[str]) -> list[GroupSpec]:
        group_seen: dict[str, int] = {}
        main_seen: dict[str, int] = {}
        indicator_seen: dict[str, int] = {}
        groups: list[GroupSpec] = []
        for g in self.mapping_list(root, "groups", "", required=True):
            code = self.text(g, "code", "nhóm: ")
            where = f"nhóm '{code}': " if code else "nhóm: "
            self.keys(g, {"code", "name_vi", "name_en", "main_indices"}, where)
            self.unique(group_seen, code, g.value_line("code"), "nhóm")
            mains = [
                self.main_index(m, pillar_codes, general_codes, main_seen, indicator_seen)
                for m in self.mapping_list(g, "main_indices", where, required=True)
            ]
            groups.append(
                GroupSpec(
                    code=code,
                    name_vi=self.text(g, "name_vi", where),
                    name_en=self.text(g, "name_en", where, required=False),
                    main_indices=tuple(mains),
                )
            )
        return groups

    def main_index(
        self,
        m: _Map,
        pillar_codes: set[str],
        general_codes: set[str],
        main_seen: dict[str, int],
        indicator_seen: dict[str, int],
    ) -> MainIndexSpec:
        code = self.text(m, "code", "chỉ số chính: ")
        where = f"chỉ số chính '{code}': " if code else "chỉ số chính: "
        self.keys(
            m,
            {"code", "number", "name_vi", "name_en", "max_points", "pillars", "indicators"},
            where,
        )
        self.unique(main_seen, code, m.value_line("code"), "chỉ số chính")
        self.main_lines.setdefault(code, m.line)
        number = self.integer(m, "number", where)
        if number is not None and number < 1:
            self.add(m.value_line("number"), f"{where}số thứ tự 'number' phải ≥ 1")
        max_points = self.points(m, "max_points", where)
        pillars = self.main_pillars(m, where, pillar_codes)
        indicators = [
            self.indicator(i, general_codes, indicator_seen)
            for i in self.mapping_list(m, "indicators", where, required=True)
        ]
        if max_points is not None and indicators and all(i.max_points is not None for i in indicators):
            total = sum((i.max_points for i in indicators), Decimal(0))
            if total != max_points:
                self.add(
                    m.value_line("max_points"),
                    f"{where}tổng điểm tối đa của các chỉ số thành phần "
                    f"({format_decimal(total)}) khác điểm tối đa của chỉ số chính "
                    f"({format_decimal(max_points)})",
                )
        return MainIndexSpec(
            code=code,
            number=number or 0,
            name_vi=self.text(m, "name_vi", where),
            name_en=self.text(m, "name_en", where, required=False),
            max_points=max_points,
            pillars=pillars,
            indicators=tuple(indicators),
        )

    def main_pillars(self, m: _Map, where: str, pillar_codes: set[str]) -> tuple[str, ...]:
        value = self.get(m, "pillars", where, required=False)
        if value is _MISSING:
            return ()
        if not isinstance(value, _Seq):
            self.add(m.value_line("pillars"), f"{where}trường 'pillars' phải là danh sách mã trụ cột")
            return ()
        out: list[str] = []
        for item, line in zip(value, value.item_lines, strict=True):
            if not isinstance(item, str):
                self.add(line, f"{where}mã trụ cột phải là chuỗi văn bản")
            elif item not in pillar_codes:
                self.add(line, f"{where}trụ cột '{item}' không có trong danh sách 'pillars'")
            elif item in out:
                self.add(line, f"{where}trụ cột '{item}' bị lặp lại")
            else:
                out.append(item)
        return tuple(out)

    def indicator(self, m: _Map, general_codes: set[str], seen: dict[str, int]) -> IndicatorSpec:
        code = self.text(m, "code", "chỉ số thành phần: ")
        where = f"chỉ số thành phần '{code}': " if code else "chỉ số thành phần: "
        self.keys(
            m,
            {
                "code",
                "name_vi",
                "name_en",
                "max_points",
                "rule",
                "evidence",
                "evidence_vi",
                "guidance_vi",
                "automatic",
                "source_vi",
            },
            where,
        )
        self.unique(seen, code, m.value_line("code"), "chỉ số thành phần")
        max_points = self.points(m, "max_points", where)
        rule = self.rule(m, where, max_points, general_codes)
        automatic = self.boolean(m, "automatic", where)
        source_vi = self.text(m, "source_vi", where, required=False)
        if automatic and not source_vi.strip():
            self.add(
                m.value_line("automatic"),
                f"{where}chỉ số đo tự động (automatic: true) phải có 'source_vi' (nền tảng quốc gia đo giá trị)",
            )
        return IndicatorSpec(
            code=code,
            name_vi=self.text(m, "name_vi", where),
            name_en=self.text(m, "name_en", where, required=False),
            max_points=max_points,
            rule=rule,
            evidence=self.choice(m, "evidence", where, EVIDENCE_CHOICES),
            evidence_vi=self.text(m, "evidence_vi", where, required=False),
            guidance_vi=self.text(m, "guidance_vi", where, required=False),
            automatic=automatic,
            source_vi=source_vi,
        )

    def rule(self, m: _Map, where: str, max_points: Decimal | None, general_codes: set[str]) -> RuleSpec | None:
        value = self.get(m, "rule", where, required=True)
        if value is _MISSING:
            return None
        if not isinstance(value, _Map):
            self.add(
                m.value_line("rule"),
                f"{where}trường 'rule' phải là bảng, ví dụ {{type: yes_no}}",
            )
            return None
        rule_type = self.text(value, "type", where)
        if not rule_type:
            return None
        params = {k: v for k, v in value.items() if k != "type"}
        found = scoring.rule_problems(rule_type, params, max_points)
        for problem in found:
            self.add(self.rule_line(value, problem), f"{where}{problem.message}")
        if found:
            return None
        if rule_type == RULE_RATIO and "denominator_from" in params:
            source = params["denominator_from"]
            if source not in general_codes:
                self.add(
                    value.value_line("denominator_from"),
                    f"{where}denominator_from: mã thông tin chung '{source}' không có trong 'general_information'",
                )
        return RuleSpec(type=rule_type, params=scoring.normalize_params(rule_type, params))

    @staticmethod
    def rule_line(rule: _Map, problem: scoring.RuleProblem) -> int:
        # Point at the most precise place: the option's field, the option,
        # the parameter, else the rule itself.
        if problem.param is None or problem.param not in rule:
            return rule.line
        value = rule[problem.param]
        if problem.index is not None and isinstance(value, _Seq) and problem.index < len(value):
            option = value[problem.index]
            if problem.option_field and isinstance(option, _Map):
                return option.value_lines.get(problem.option_field, option.line)
            return value.item_lines[problem.index]
        if problem.param == "type":
            return rule.value_line("type")
        return rule.value_line(problem.param)

    def pillar_membership(self, root: _Map, pillars: list[PillarSpec], groups: list[GroupSpec]) -> None:
        # Under weighted_pillars the DTI only sees points through pillars: a
        # scored main index outside every pillar would silently not count,
        # and a pillar without scored indices has no value at all.
        mains = [m for g in groups for m in g.main_indices if m.max_points]
        for pillar in pillars:
            if pillar.code and not any(pillar.code in m.pillars for m in mains):
                self.add(
                    root.key_line("pillars"),
                    f"trụ cột '{pillar.code}' không có chỉ số chính nào có điểm",
                )
        for main in mains:
            if not main.pillars and main.code in self.main_lines:
                self.add(
                    self.main_lines[main.code],
                    f"chỉ số chính '{main.code}' có điểm nhưng không thuộc trụ cột nào "
                    "(với 'weighted_pillars' điểm của nó sẽ không được tính)",
                )


# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------


def parse_framework(source: str | os.PathLike[str]) -> FrameworkSpec:
    """Parse and validate a framework file.

    ``source`` is the YAML TEXT when a ``str``, a file path when a
    ``pathlib.Path`` (or other ``os.PathLike``). Raises
    :class:`FrameworkFileError` listing every problem with its line.
    """
    text = Path(source).read_text(encoding="utf-8") if isinstance(source, os.PathLike) else source
    data = _load(text)
    checker = _Checker()
    spec = checker.framework(data)
    if checker.problems or spec is None:
        raise FrameworkFileError(checker.problems)
    return spec


# -- dump ----------------------------------------------------------------------


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
        doc["pillars"] = []
        for p in spec.pillars:
            item: dict[str, Any] = {"code": p.code, "name_vi": p.name_vi}
            _optional(item, "name_en", p.name_en)
            if p.weight is not None:
                item["weight"] = format_decimal(p.weight)
            doc["pillars"].append(item)
    if spec.general_information:
        doc["general_information"] = []
        for g in spec.general_information:
            item = {"code": g.code, "name_vi": g.name_vi}
            _optional(item, "name_en", g.name_en)
            _optional(item, "unit_vi", g.unit_vi)
            doc["general_information"].append(item)
    doc["groups"] = [_dump_group(g) for g in spec.groups]
    return yaml.dump(doc, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False)


def _dump_group(group: GroupSpec) -> dict[str, Any]:
    out: dict[str, Any] = {"code": group.code, "name_vi": group.name_vi}
    _optional(out, "name_en", group.name_en)
    out["main_indices"] = []
    for m in group.main_indices:
        main: dict[str, Any] = {"code": m.code, "number": m.number, "name_vi": m.name_vi}
        _optional(main, "name_en", m.name_en)
        main["max_points"] = _number(m.max_points)
        if m.pillars:
            main["pillars"] = _Flow(m.pillars)
        main["indicators"] = [_dump_indicator(i) for i in m.indicators]
        out["main_indices"].append(main)
    return out


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
