"""Reading a framework file: bounded YAML that keeps line numbers.

A framework file comes from an administrator's upload or ``manage.py load_framework``, so the
reader treats it as hostile input. Every limit is checked BEFORE the work it bounds, so no
file can take more than a bounded amount of memory and time (measured: the largest accepted
file parses in well under a second):

- ``MAX_BYTES`` (512 KB): the size, checked before decoding. The largest seeded framework
  (seeds/frameworks/1726-tinh.yaml) is 78 KB, so this leaves more than 6x room.
- No anchors (``&x``) and no aliases (``*x``): an alias makes one node appear in many
  places, and nine nested aliases (the "billion laughs", under 1 KB) expand to a billion
  values. Framework files never need them, so they are refused outright.
- ``MAX_DEPTH`` (20): nesting, checked while composing, one level at a time, so
  ``[[[[…]]]]`` ten thousand deep is refused at level 21 instead of exhausting the stack.
  The seeds nest 11 deep (root → groups → main index → indicators → rule → options → option).
- ``MAX_NODES`` (25,000): values in the file; a 512 KB flow list ``[1,1,1,…]`` would
  otherwise build 250,000 nodes. The largest seed has 3,431.
- ``MAX_SCALAR_CHARS`` (5,000): one text value; the longest in the seeds is 772 characters.
- ``MAX_LINE_CHARS`` (5,200): one line, checked before parsing (a plain split, in C). PyYAML's
  pure-Python scanner is slowest on one long line (it looks up to 1,024 characters ahead for a
  possible key at each bracket), so a 150,000-character value or ``[[[[…`` ten thousand deep on
  one line are refused before the scanner sees them.

Parsing uses PyYAML's pure-Python loader (its composer is the one place we can hook) and
turns the node tree into plain values that remember their lines (``MapWithLines``/``ListWithLines``), and
reports duplicate keys, which PyYAML silently overwrites.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent, CollectionStartEvent, NodeEvent, ScalarEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .problems import FrameworkFileError, Problem

MAX_BYTES = 512 * 1024
MAX_DEPTH = 20
MAX_NODES = 25_000
MAX_SCALAR_CHARS = 5_000
MAX_LINE_CHARS = MAX_SCALAR_CHARS + 200  # a longest value, its key and indentation


def too_large_problem(size: int) -> Problem:
    return Problem(1, f"tệp quá lớn ({size // 1024} KB); tối đa {MAX_BYTES // 1024} KB")


class MapWithLines(dict):
    """A mapping remembering where it, its keys and its values start."""

    line: int
    key_lines: dict[str, int]
    value_lines: dict[str, int]

    def value_line(self, key: str) -> int:
        return self.value_lines.get(key, self.line)

    def key_line(self, key: str) -> int:
        # For problems about a whole block list: its value starts a line later.
        return self.key_lines.get(key, self.line)


class ListWithLines(list):
    line: int
    item_lines: list[int]


def _line(node_or_mark: Any) -> int:
    mark = getattr(node_or_mark, "start_mark", node_or_mark)
    return mark.line + 1


class _Refused(Exception):
    def __init__(self, mark: Any, message: str) -> None:
        super().__init__(message)
        self.problem = Problem(_line(mark), message)


class _BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader whose composer refuses aliases and anchors and counts nodes and
    depth as it goes: each check runs before the node it guards is built."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.depth = 0
        self.nodes = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        event = self.peek_event()
        self._check(event)
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def _check(self, event: NodeEvent) -> None:
        if isinstance(event, AliasEvent) or event.anchor is not None:
            raise _Refused(event, "tệp bộ chỉ số không được dùng anchor (&…) hay alias (*…); hãy viết đầy đủ giá trị")
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _Refused(event, _thousands(f"tệp có quá nhiều giá trị (tối đa {MAX_NODES:,})"))
        if isinstance(event, CollectionStartEvent) and self.depth >= MAX_DEPTH:
            raise _Refused(event, f"cấu trúc lồng nhau quá sâu (tối đa {MAX_DEPTH} cấp)")
        if isinstance(event, ScalarEvent) and len(event.value) > MAX_SCALAR_CHARS:
            raise _Refused(event, _thousands(f"giá trị quá dài ({len(event.value):,} ký tự; tối đa {MAX_SCALAR_CHARS:,})"))


class _Composer:
    """Turns the node tree into plain values (MapWithLines/ListWithLines/scalars) that keep line numbers.
    The tree is at most MAX_DEPTH deep (the loader checked), so recursion is safe."""

    def __init__(self, loader: yaml.SafeLoader, problems: list[Problem]) -> None:
        self.loader = loader
        self.problems = problems

    def convert(self, node: Node) -> Any:
        if isinstance(node, MappingNode):
            return self._mapping(node)
        if isinstance(node, SequenceNode):
            seq = ListWithLines(self.convert(item) for item in node.value)
            seq.line = _line(node)
            seq.item_lines = [_line(item) for item in node.value]
            return seq
        try:
            return self.loader.construct_object(node, deep=True)
        except Exception:  # noqa: BLE001 - e.g. 2022-13-45 resolves as a date and fails
            self.problems.append(Problem(_line(node), f"giá trị '{node.value}' không hợp lệ"))
            return node.value

    def _mapping(self, node: MappingNode) -> MapWithLines:
        mapping = MapWithLines()
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


def load(text: str) -> Any:
    """The file's values with their lines; raises FrameworkFileError."""
    # A str of n characters encodes to at least n bytes: a huge one is refused unencoded.
    size = len(text) if len(text) > MAX_BYTES else len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_BYTES:
        raise FrameworkFileError([too_large_problem(size)])
    _check_lines(text)
    problems: list[Problem] = []
    loader = _BoundedLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise FrameworkFileError([Problem(1, "tệp rỗng")])
        data = _Composer(loader, problems).convert(node)
    except _Refused as exc:
        raise FrameworkFileError([exc.problem]) from None
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


def _check_lines(text: str) -> None:
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > MAX_LINE_CHARS:
            raise FrameworkFileError([Problem(number, _thousands(f"dòng dài {len(line):,} ký tự; tối đa {MAX_LINE_CHARS:,}"))])


def _thousands(text: str) -> str:
    return text.replace(",", ".")  # Vietnamese groups thousands with dots: 25.000


def decode(data: bytes) -> str:
    """An uploaded file's bytes as text, refusing what is too big or not UTF-8."""
    if len(data) > MAX_BYTES:
        raise FrameworkFileError([too_large_problem(len(data))])
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise FrameworkFileError([Problem(1, "tệp phải là văn bản UTF-8 (YAML)")]) from None


def read_upload(upload: Any) -> str:
    """An uploaded file (Django's UploadedFile) as text; the size is checked before reading,
    so a 10 MB upload is never read into memory."""
    if upload.size > MAX_BYTES:
        raise FrameworkFileError([too_large_problem(upload.size)])
    return decode(upload.read(MAX_BYTES + 1))


def read_path(path: str | os.PathLike[str]) -> str:
    """A file on disk as text; reads at most MAX_BYTES + 1 bytes whatever its size."""
    with Path(path).open("rb") as f:
        return decode(f.read(MAX_BYTES + 1))
