"""The bounded reader: every limit refuses with a line and a Vietnamese reason, before the
work it bounds; files within the limits read as before. No database."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest

from assessments.framework_files import (
    MAX_BYTES,
    MAX_DEPTH,
    MAX_LINE_CHARS,
    MAX_NODES,
    MAX_SCALAR_CHARS,
    FrameworkFileError,
    Problem,
    parse_framework,
    read_path,
    read_upload,
)
from assessments.framework_files.reader import load

SEEDS = sorted((Path(__file__).resolve().parents[3] / "seeds" / "frameworks").glob("*.yaml"))


def problems(text: str) -> list[Problem]:
    with pytest.raises(FrameworkFileError) as exc:
        load(text)
    return exc.value.problems


def nested_lists(depth: int) -> str:
    return "[" * depth + "1" + "]" * depth


def nested_maps(depth: int) -> str:
    return "{a: " * depth + "1" + "}" * depth


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name)
def test_every_seeded_framework_is_well_within_the_limits(seed):
    assert seed.stat().st_size * 4 < MAX_BYTES
    assert parse_framework(seed).code == seed.stem


def test_an_alias_is_refused_on_its_line():
    text = "a: &x [1, 2]\nb: *x\n"
    assert problems(text) == [
        Problem(1, "tệp bộ chỉ số không được dùng anchor (&…) hay alias (*…); hãy viết đầy đủ giá trị")
    ]


def test_an_alias_without_an_anchor_on_the_same_line_names_the_alias_line():
    text = "a:\n  - 1\nb: [2, *missing]\n"
    assert [p.line for p in problems(text)] == [3]


def test_a_merge_key_is_refused_because_it_needs_an_alias():
    text = "base: &b {x: 1}\nitem:\n  <<: *b\n"
    assert problems(text)[0].line == 1


def test_nesting_up_to_the_limit_is_read():
    assert load(nested_lists(MAX_DEPTH))[0] is not None


@pytest.mark.parametrize("nest", [nested_lists, nested_maps], ids=["lists", "maps"])
def test_nesting_one_level_past_the_limit_is_refused(nest):
    assert problems(nest(MAX_DEPTH + 1)) == [Problem(1, f"cấu trúc lồng nhau quá sâu (tối đa {MAX_DEPTH} cấp)")]


def test_deep_block_nesting_is_refused_on_the_line_where_it_passes_the_limit():
    text = "".join("  " * i + "a:\n" for i in range(MAX_DEPTH + 5)) + "  " * (MAX_DEPTH + 5) + "b: 1\n"
    assert [p.line for p in problems(text)] == [MAX_DEPTH + 1]


def test_more_values_than_the_limit_are_refused_where_the_limit_is_passed():
    text = "a: [\n" + "1,\n" * MAX_NODES + "]\n"
    # The root mapping, its key "a", the list: the list's 24,998th item is the 25,001st value.
    assert problems(text) == [Problem(1 + MAX_NODES - 2, "tệp có quá nhiều giá trị (tối đa 25.000)")]


def test_a_value_longer_than_the_limit_is_refused_on_its_line():
    text = 'format: dtiportal-framework/1\nnote_vi: "' + "x" * (MAX_SCALAR_CHARS + 1) + '"\n'
    assert problems(text) == [Problem(2, "giá trị quá dài (5.001 ký tự; tối đa 5.000)")]


def test_a_long_value_written_over_many_lines_is_refused_on_its_first_line():
    text = "format: dtiportal-framework/1\nnote_vi: >\n" + ("  " + "x" * 100 + "\n") * 60
    assert problems(text) == [Problem(2, "giá trị quá dài (6.060 ký tự; tối đa 5.000)")]


def test_a_line_longer_than_the_limit_is_refused_before_parsing():
    text = "format: dtiportal-framework/1\nnote_vi: " + "[" * 20_000 + "\n"
    started = time.monotonic()
    assert problems(text) == [Problem(2, f"dòng dài 20.009 ký tự; tối đa {MAX_LINE_CHARS:,}".replace(",", "."))]
    assert time.monotonic() - started < 0.5


def test_a_value_at_the_limit_is_read():
    assert load("note_vi: " + "x" * MAX_SCALAR_CHARS + "\n") == {"note_vi": "x" * MAX_SCALAR_CHARS}


def test_text_over_the_size_limit_is_refused_before_parsing():
    text = "a: 1\n" + "#\n" * (MAX_BYTES // 2)
    started = time.monotonic()
    assert problems(text) == [Problem(1, "tệp quá lớn (512 KB); tối đa 512 KB")]
    assert time.monotonic() - started < 0.5


def test_the_size_limit_counts_bytes_not_characters():
    text = "a: 1\n" + ("#" + "ệ" * 99 + "\n") * (MAX_BYTES // 250)  # 3 bytes each in UTF-8
    assert len(text) < MAX_BYTES
    assert problems(text)[0].message.startswith("tệp quá lớn")


class FakeUpload(io.BytesIO):
    """What the admin view holds: Django's UploadedFile has .size and .read()."""

    def __init__(self, data: bytes, declared: int | None = None) -> None:
        super().__init__(data)
        self.size = len(data) if declared is None else declared
        self.bytes_read = 0

    def read(self, n: int = -1) -> bytes:
        data = super().read(n)
        self.bytes_read += len(data)
        return data


def test_an_upload_over_the_size_limit_is_never_read():
    upload = FakeUpload(b"", declared=10 * 1024 * 1024)
    with pytest.raises(FrameworkFileError) as exc:
        read_upload(upload)
    assert str(exc.value) == "dòng 1: tệp quá lớn (10240 KB); tối đa 512 KB"
    assert upload.bytes_read == 0


def test_an_upload_that_lies_about_its_size_is_read_no_further_than_the_limit():
    upload = FakeUpload(b"a" * (2 * MAX_BYTES), declared=10)
    with pytest.raises(FrameworkFileError):
        read_upload(upload)
    assert upload.bytes_read == MAX_BYTES + 1


def test_an_upload_that_is_not_utf8_is_refused():
    with pytest.raises(FrameworkFileError) as exc:
        read_upload(FakeUpload(b"\xff\xfe\x00"))
    assert str(exc.value) == "dòng 1: tệp phải là văn bản UTF-8 (YAML)"


def test_a_file_on_disk_is_read_no_further_than_the_limit(tmp_path):
    big = tmp_path / "lon.yaml"
    with big.open("wb") as f:
        f.truncate(50 * 1024 * 1024)  # sparse: 50 MB that costs no disk
    with pytest.raises(FrameworkFileError) as exc:
        parse_framework(big)
    assert exc.value.problems == [Problem(1, "tệp quá lớn (512 KB); tối đa 512 KB")]
    assert read_path(SEEDS[0]) == SEEDS[0].read_text(encoding="utf-8")


def test_the_largest_file_within_every_limit_is_read_in_bounded_time():
    # Just under the size and node limits: 24,000 short values in flow lists of 8.
    row = "[" + ",".join(["1"] * 7) + "]"
    text = "a:\n" + "".join(f"- {row}\n" for _ in range(3000))
    padding = MAX_BYTES - len(text.encode()) - 1
    text += ("#" * 99 + "\n") * (padding // 100) + "\n"
    started = time.monotonic()
    data = load(text)
    assert len(data["a"]) == 3000
    assert time.monotonic() - started < 10  # about 1.5 s on the CI machine


def test_duplicate_keys_are_still_reported_with_both_lines():
    assert problems("a: 1\nb: 2\na: 3\n") == [Problem(3, "trường 'a' bị lặp lại (đã có ở dòng 1)")]
