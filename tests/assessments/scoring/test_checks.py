"""Rule checks: problems with a rule's parameters, located. No database."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assessments import scoring
from tests.assessments.scoring.examples import (
    COUNT,
    PERCENT_TARGET,
    RATIO,
    RATIO_DECIMAL,
    RATIO_FROM_GI,
    RATIO_TARGET,
    TIERED,
    YES_NO,
)

D = Decimal


# -- rule validation ---------------------------------------------------------------


@pytest.mark.parametrize("rule", [YES_NO, TIERED, RATIO, RATIO_TARGET, RATIO_FROM_GI, RATIO_DECIMAL, COUNT, PERCENT_TARGET])
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




# -- each problem, located ------------------------------------------------------------------

P = scoring.RuleProblem
RATIO_LABELS = {"numerator_vi": "a", "denominator_vi": "b"}


def problems(rule_type, params, max_points="10"):
    return scoring.rule_problems(rule_type, params, max_points)


def test_an_unknown_type_is_located_at_type():
    assert problems("lottery", {}) == [
        P("loại quy tắc chấm điểm 'lottery' không được hỗ trợ (các loại: yes_no, tiered, ratio, count_threshold, percentage)", "type")
    ]


def test_parameters_that_are_not_a_table_are_one_problem():
    assert problems("ratio", ["numerator_vi"]) == [P("tham số của quy tắc phải là một bảng khóa–giá trị")]


def test_an_unknown_parameter_is_located_at_itself():
    assert problems("yes_no", {"target": "1"}) == [P("tham số 'target' không dùng cho quy tắc yes_no", "target")]


def test_a_missing_required_text_is_not_located():
    assert problems("ratio", {"numerator_vi": "a"}) == [P("thiếu tham số bắt buộc 'denominator_vi'")]


def test_an_empty_required_text_is_located_at_itself():
    assert problems("ratio", {"numerator_vi": " ", "denominator_vi": "b"}) == [
        P("tham số 'numerator_vi' phải là chuỗi văn bản không rỗng", "numerator_vi")
    ]


def test_an_optional_text_must_be_text():
    assert problems("ratio", {**RATIO_LABELS, "numerator_en": 5}) == [
        P("tham số 'numerator_en' phải là chuỗi văn bản", "numerator_en")
    ]


def test_an_empty_optional_text_is_allowed():
    assert problems("ratio", {**RATIO_LABELS, "denominator_en": ""}) == []


def test_a_flag_must_be_true_or_false():
    assert problems("ratio", {**RATIO_LABELS, "allow_exceed": "yes"}) == [
        P("tham số 'allow_exceed' phải là true hoặc false", "allow_exceed")
    ]


@pytest.mark.parametrize("target", ["1", 1, D("0.0001")])
def test_a_ratio_target_at_its_bounds_is_valid(target):
    assert problems("ratio", {**RATIO_LABELS, "target": target}) == []


@pytest.mark.parametrize("target", ["0", "1.0001", "x", None])
def test_a_ratio_target_outside_0_1_is_located(target):
    assert problems("ratio", {**RATIO_LABELS, "target": target}) == [
        P("tham số 'target' phải là số thập phân trong khoảng (0, 1]", "target")
    ]


@pytest.mark.parametrize("target", ["100", 100, "0.5"])
def test_a_percentage_target_at_its_bounds_is_valid(target):
    assert problems("percentage", {"label_vi": "x", "target": target}) == []


@pytest.mark.parametrize("target", ["0", "100.01"])
def test_a_percentage_target_outside_0_100_is_located(target):
    assert problems("percentage", {"label_vi": "x", "target": target}) == [
        P("tham số 'target' phải là số thập phân trong khoảng (0, 100]", "target")
    ]


@pytest.mark.parametrize("source", ["", 5, None])
def test_a_general_information_source_must_be_a_code(source):
    assert problems("ratio", {**RATIO_LABELS, "denominator_from": source}) == [
        P("tham số 'denominator_from' phải là mã thông tin chung (chuỗi văn bản)", "denominator_from")
    ]


def test_a_missing_threshold_is_not_located():
    assert problems("count_threshold", {"unit_vi": "x"}) == [P("thiếu tham số bắt buộc 'threshold'")]


@pytest.mark.parametrize("threshold", [0, True, "4", 1.0])
def test_a_threshold_must_be_a_whole_number_above_0(threshold):
    assert problems("count_threshold", {"unit_vi": "x", "threshold": threshold}) == [
        P("tham số 'threshold' phải là số nguyên lớn hơn 0", "threshold")
    ]


def test_a_ratio_declares_its_inputs_integer_or_decimal():
    assert [problems("ratio", {**RATIO.params, "inputs": kind}) for kind in ("integer", "decimal")] == [[], []]


@pytest.mark.parametrize("kind", ["count", "Decimal", 1, None, True])
def test_a_ratio_inputs_kind_other_than_integer_or_decimal_is_a_problem(kind):
    assert problems("ratio", {**RATIO.params, "inputs": kind}) == [
        scoring.RuleProblem("tham số 'inputs' phải là một trong: integer, decimal", "inputs")
    ]


def test_a_threshold_of_1_is_valid():
    assert problems("count_threshold", {"unit_vi": "x", "threshold": 1}) == []


def test_problems_come_in_the_order_the_entry_declares_its_parameters():
    params = {"threshold": 0, "unit_vi": "", "proportional": "no", "extra": 1}
    assert [p.param for p in problems("count_threshold", params)] == ["extra", "threshold", "unit_vi", "proportional"]


# -- tier options -------------------------------------------------------------------------------


def tier_problems(options, max_points="10"):
    return problems("tiered", {"options": options}, max_points)


GOOD = {"code": "A", "label_vi": "Đạt", "points": 10}
ZERO_TIER = {"code": "B", "label_vi": "Chưa đạt", "points": 0}


def test_missing_options_are_one_problem():
    assert problems("tiered", {}) == [P("thiếu tham số bắt buộc 'options' (danh sách các mức)")]


@pytest.mark.parametrize("options", ["A, B", {"code": "A"}, 3])
def test_options_must_be_a_list(options):
    assert tier_problems(options) == [P("tham số 'options' phải là danh sách các mức", "options")]


def test_one_option_is_too_few():
    assert tier_problems([GOOD]) == [P("quy tắc tiered cần ít nhất 2 mức", "options")]


def test_an_option_that_is_not_a_table_is_located_by_index():
    assert tier_problems([GOOD, "B"]) == [P("mức thứ 2 phải là bảng gồm code, label_vi, points", "options", 1)]


def test_an_option_that_is_not_a_table_does_not_hide_a_missing_max():
    assert tier_problems([ZERO_TIER, "B"]) == [
        P("mức thứ 2 phải là bảng gồm code, label_vi, points", "options", 1),
        P("phải có một mức đạt điểm tối đa (10)", "options"),
    ]


def test_an_unknown_option_field_is_located():
    assert tier_problems([GOOD, {**ZERO_TIER, "weight": 1}]) == [
        P("mức thứ 2: trường 'weight' không được hỗ trợ", "options", 1, "weight")
    ]


def test_an_option_without_code_is_located_at_the_option():
    assert tier_problems([GOOD, {"label_vi": "x", "points": 0}]) == [P("mức thứ 2: thiếu mã 'code'", "options", 1)]


def test_an_empty_code_is_located_at_the_code():
    assert tier_problems([GOOD, {**ZERO_TIER, "code": " "}]) == [
        P("mức thứ 2: 'code' phải là chuỗi văn bản không rỗng", "options", 1, "code")
    ]


def test_a_duplicate_code_names_the_first_use():
    assert tier_problems([ZERO_TIER, GOOD, {**ZERO_TIER}]) == [
        P("mã mức 'B' bị trùng (đã dùng ở mức thứ 1)", "options", 2, "code")
    ]


def test_a_missing_label_is_located_at_the_option():
    assert tier_problems([GOOD, {"code": "B", "points": 0}]) == [P("mức thứ 2: thiếu nhãn 'label_vi'", "options", 1)]


def test_an_empty_label_is_located_at_the_label():
    assert tier_problems([GOOD, {**ZERO_TIER, "label_vi": ""}]) == [
        P("mức thứ 2: thiếu nhãn 'label_vi'", "options", 1, "label_vi")
    ]


def test_an_english_label_must_be_text():
    assert tier_problems([GOOD, {**ZERO_TIER, "label_en": 1}]) == [
        P("mức thứ 2: 'label_en' phải là chuỗi văn bản", "options", 1, "label_en")
    ]


def test_missing_points_are_located_at_the_option():
    assert tier_problems([GOOD, {"code": "B", "label_vi": "x"}]) == [P("mức thứ 2: 'points' phải là số điểm", "options", 1)]


def test_unreadable_points_are_located_at_the_points():
    assert tier_problems([GOOD, {**ZERO_TIER, "points": "nhiều"}]) == [
        P("mức thứ 2: 'points' phải là số điểm", "options", 1, "points")
    ]


@pytest.mark.parametrize("points", ["-1", "10.5"])
def test_points_outside_0_max_are_located_with_the_range(points):
    assert tier_problems([GOOD, {**ZERO_TIER, "points": points}]) == [
        P(f"mức thứ 2: điểm {points} phải trong khoảng 0–10", "options", 1, "points")
    ]


def test_points_at_0_and_max_are_valid():
    assert tier_problems([GOOD, ZERO_TIER]) == []


def test_no_option_worth_max_is_one_problem():
    assert tier_problems([{**GOOD, "points": 9}, ZERO_TIER]) == [P("phải có một mức đạt điểm tối đa (10)", "options")]


def test_a_bad_option_points_hides_the_missing_max():
    assert tier_problems([{**GOOD, "points": 11}, ZERO_TIER]) == [
        P("mức thứ 1: điểm 11 phải trong khoảng 0–10", "options", 0, "points")
    ]


def test_unreadable_max_points_skip_the_range_checks():
    assert tier_problems([{**GOOD, "points": 99}, ZERO_TIER], max_points="nhiều") == []


def test_an_empty_option_list_has_only_the_count_problem():
    assert tier_problems([]) == [P("quy tắc tiered cần ít nhất 2 mức", "options")]


# -- canonical parameters ---------------------------------------------------------------------------


def test_normalize_params_reads_targets_as_decimals():
    assert scoring.normalize_params("ratio", {**RATIO_LABELS, "target": "0.8"}) == {**RATIO_LABELS, "target": D("0.8")}


def test_normalize_params_reads_tier_points_as_decimals_and_keeps_the_rest():
    normal = scoring.normalize_params("tiered", {"options": [{"code": "A", "label_vi": "x", "points": "2.5"}]})
    assert normal == {"options": ({"code": "A", "label_vi": "x", "points": D("2.5")},)}


def test_normalize_params_keeps_other_parameters_as_given():
    assert scoring.normalize_params("count_threshold", {"threshold": 4, "proportional": False}) == {
        "threshold": 4,
        "proportional": False,
    }


def test_normalize_params_of_an_unknown_type_keeps_everything():
    assert scoring.normalize_params("lottery", {"target": "0.8"}) == {"target": "0.8"}


def test_params_to_json_writes_decimals_as_text_and_tuples_as_lists():
    assert scoring.params_to_json({"target": D("0.80"), "options": ({"points": D("2.50")},), "n": 3}) == {
        "target": "0.8",
        "options": [{"points": "2.5"}],
        "n": 3,
    }
