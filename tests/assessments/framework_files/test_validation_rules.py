"""Validation rules in framework files: checked with lines, dumped back. No database."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessments.framework_files import FrameworkFileError, dump_framework, parse_framework
from assessments.scoring import validation as v
from tests.assessments.test_framework_files import MINIMAL

RULES = """\
validation_rules:
  - code: R1
    left: "1.2.numerator"
    operator: "<="
    right: "gi.TT.1"
    severity: error
    message_vi: "Số tài khoản không được vượt dân số."
    message_en: "Accounts cannot exceed the population."
  - code: R2
    left: "3.1.count + 1"
    operator: ">"
    right: 0
    severity: warning
    message_vi: "Kiểm tra lại số nền tảng."
"""


def with_rules(rules: str) -> str:
    return MINIMAL + rules


def problems(text: str) -> list[str]:
    with pytest.raises(FrameworkFileError) as caught:
        parse_framework(text)
    return [str(p) for p in caught.value.problems]


def line_of(text: str, fragment: str) -> int:
    return next(i for i, line in enumerate(text.split("\n"), start=1) if fragment in line)


def test_a_file_declares_rules_with_both_sides_operator_severity_and_messages():
    spec = parse_framework(with_rules(RULES))
    first, second = spec.validation_rules
    assert first.expression() == "1.2.numerator <= gi.TT.1"
    assert (first.severity, first.message_en) == (v.SEVERITY_ERROR, "Accounts cannot exceed the population.")
    assert second.expression() == "3.1.count + 1 > 0"
    assert second.severity == v.SEVERITY_WARNING


def test_a_file_without_rules_has_none():
    assert parse_framework(MINIMAL).validation_rules == ()


def test_dump_then_parse_keeps_the_rules():
    spec = parse_framework(with_rules(RULES))
    dumped = dump_framework(spec)
    assert "validation_rules:" in dumped
    assert parse_framework(dumped) == spec


@pytest.mark.parametrize(
    ("replace", "by", "message"),
    [
        ('right: "gi.TT.1"', 'right: "gi.TT.9"', "'gi.TT.9': mã thông tin chung 'TT.9' không có trong 'general_information'"),
        ('left: "1.2.numerator"', 'left: "9.9.numerator"', "'9.9.numerator': không có chỉ số thành phần '9.9'"),
        ('left: "1.2.numerator"', 'left: "1.1.answer"', "chỉ số '1.1' không có số liệu 'answer'"),
        ('left: "1.2.numerator"', 'left: "1.2.numerater"', "(số liệu dùng được: denominator, numerator)"),
        ('operator: "<="', 'operator: "=<"', "trường 'operator' phải là một trong: <=, <, >=, >, ==, !="),
        ("severity: error", "severity: fatal", "trường 'severity' phải là một trong: error, warning"),
        ('left: "1.2.numerator"', 'left: "1.2.numerator -"', "không phải là số, 'gi.MÃ' hay"),
        ("    message_vi: \"Số tài khoản", "    note: \"Số tài khoản", "trường 'note' không được hỗ trợ"),
    ],
)
def test_a_wrong_rule_is_reported_on_its_line(replace, by, message):
    text = with_rules(RULES.replace(replace, by, 1))
    expected_line = line_of(text, by.strip())
    found = problems(text)
    assert any(p.startswith(f"dòng {expected_line}: quy tắc kiểm tra 'R1': ") and message in p for p in found), found


def test_rule_codes_are_unique():
    text = with_rules(RULES.replace("code: R2", "code: R1"))
    first = line_of(text, "  - code: R1")
    second = first + 7  # the second rule starts 7 lines below the first
    assert problems(text) == [f"dòng {second}: mã quy tắc kiểm tra 'R1' bị trùng (đã dùng ở dòng {first})"]


def test_a_rule_needs_its_required_fields():
    text = with_rules("validation_rules:\n  - {code: R3, left: \"gi.TT.1\", operator: \">\", right: 0}\n")
    found = problems(text)
    assert f"dòng {line_of(text, 'code: R3')}: quy tắc kiểm tra 'R3': thiếu trường bắt buộc 'severity'" in found
    assert f"dòng {line_of(text, 'code: R3')}: quy tắc kiểm tra 'R3': thiếu trường bắt buộc 'message_vi'" in found


SEEDS = sorted((Path(__file__).resolve().parents[3] / "seeds" / "frameworks").glob("*.yaml"))


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_every_seeded_general_information_denominator_must_be_above_zero(path):
    spec = parse_framework(path)
    denominators = {i.rule.params["denominator_from"] for _m, i in spec.indicators() if i.rule.params.get("denominator_from")}
    positive = {
        r.left[0].ref.removeprefix("gi.")
        for r in spec.validation_rules
        if r.operator == ">" and r.right == (v.Term(number=0),) and r.is_error
    }
    assert denominators and denominators <= positive


@pytest.mark.parametrize("path", [p for p in SEEDS if p.stem.endswith("-tinh")], ids=lambda p: p.stem)
def test_every_seeded_province_framework_refuses_more_officials_than_people(path):
    spec = parse_framework(path)
    assert any(r.expression() == "gi.TT.2 <= gi.TT.1" and r.is_error for r in spec.validation_rules)
    [officials] = [g for g in spec.general_information if g.code == "TT.2"]
    [population] = [g for g in spec.general_information if g.code == "TT.1"]
    assert (officials.name_en, population.name_en) == ("Number of officials and public employees", "Population")


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_the_seeded_files_label_their_rules_illustrative(path):
    assert parse_framework(path).illustrative
    assert "Illustrative" in path.read_text(encoding="utf-8").split("validation_rules:")[0].rsplit("\n\n", 1)[-1]
