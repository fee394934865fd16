"""Rule checks: problems with a rule's parameters, located. No database."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assessments import scoring
from tests.assessments.scoring.examples import (
    COUNT,
    PERCENT_TARGET,
    RATIO,
    RATIO_FROM_GI,
    RATIO_TARGET,
    TIERED,
    YES_NO,
)

D = Decimal


# -- rule validation ---------------------------------------------------------------


@pytest.mark.parametrize("rule", [YES_NO, TIERED, RATIO, RATIO_TARGET, RATIO_FROM_GI, COUNT, PERCENT_TARGET])
def test_valid_rules_have_no_problems(rule):
    assert scoring.validate_rule(rule.type, rule.params, D(10)) == []


def test_validate_rule_rejects_unknown_types():
    assert scoring.validate_rule("lottery", {}, D(10)) == [
        "loại quy tắc chấm điểm 'lottery' không được hỗ trợ "
        "(các loại: yes_no, tiered, ratio, count_threshold, percentage)"
    ]


def test_validate_rule_rejects_unknown_parameters():
    assert scoring.validate_rule("yes_no", {"target": "1"}, D(10)) == ["tham số 'target' không dùng cho quy tắc yes_no"]


def test_validate_rule_requires_two_tiers():
    options = [{"code": "A", "label_vi": "Có", "points": 10}]
    assert scoring.validate_rule("tiered", {"options": options}, D(10)) == ["quy tắc tiered cần ít nhất 2 mức"]


def test_validate_rule_rejects_duplicate_tier_codes():
    options = [{"code": "A", "label_vi": "x", "points": 10}, {"code": "A", "label_vi": "y", "points": 0}]
    assert scoring.validate_rule("tiered", {"options": options}, D(10)) == ["mã mức 'A' bị trùng (đã dùng ở mức thứ 1)"]


def test_validate_rule_rejects_tier_points_above_max():
    options = [{"code": "A", "label_vi": "x", "points": 12}, {"code": "B", "label_vi": "y", "points": 0}]
    assert scoring.validate_rule("tiered", {"options": options}, D(10)) == ["mức thứ 1: điểm 12 phải trong khoảng 0–10"]


def test_validate_rule_requires_a_tier_worth_max():
    options = [{"code": "A", "label_vi": "x", "points": 5}, {"code": "B", "label_vi": "y", "points": 0}]
    assert scoring.validate_rule("tiered", {"options": options}, D(10)) == ["phải có một mức đạt điểm tối đa (10)"]


def test_validate_rule_requires_ratio_labels():
    assert scoring.validate_rule("ratio", {"numerator_vi": ""}, D(10)) == [
        "tham số 'numerator_vi' phải là chuỗi văn bản không rỗng",
        "thiếu tham số bắt buộc 'denominator_vi'",
    ]


@pytest.mark.parametrize("target", ["0", "1.5", "abc", "-0.5"])
def test_validate_rule_rejects_ratio_targets_outside_0_1(target):
    assert scoring.validate_rule("ratio", {**RATIO.params, "target": target}, D(10)) == [
        "tham số 'target' phải là số thập phân trong khoảng (0, 1]"
    ]


def test_validate_rule_requires_boolean_allow_exceed():
    assert scoring.validate_rule("ratio", {**RATIO.params, "allow_exceed": "yes"}, D(10)) == [
        "tham số 'allow_exceed' phải là true hoặc false"
    ]


@pytest.mark.parametrize("threshold", [0, -1, 2.5, "4", True])
def test_validate_rule_requires_a_positive_integer_threshold(threshold):
    assert scoring.validate_rule("count_threshold", {"threshold": threshold, "unit_vi": "x"}, D(10)) == [
        "tham số 'threshold' phải là số nguyên lớn hơn 0"
    ]


def test_validate_rule_rejects_percentage_targets_above_100():
    assert scoring.validate_rule("percentage", {"label_vi": "x", "target": 120}, D(10)) == [
        "tham số 'target' phải là số thập phân trong khoảng (0, 100]"
    ]


def test_rule_problems_locate_the_tier_option_field():
    options = [{"code": "A", "label_vi": "x", "points": 10}, {"code": "A", "label_vi": "y", "points": 0}]
    (problem,) = scoring.rule_problems("tiered", {"options": options}, D(10))
    assert (problem.param, problem.index, problem.option_field) == ("options", 1, "code")


