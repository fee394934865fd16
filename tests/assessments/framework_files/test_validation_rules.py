"""Validation rules in framework files: checked with lines, dumped back. No database."""

from __future__ import annotations

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
