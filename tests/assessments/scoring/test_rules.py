"""Each rule type: cleaning what the province typed, and its points. No database."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assessments import scoring
from assessments.scoring import (
    MSG_DENOMINATOR_ZERO,
    MSG_MISSING,
    MSG_NEGATIVE,
    MSG_PERCENT_RANGE,
    MSG_YES_NO,
    Rule,
    clean_inputs,
    component_points,
)
from tests.assessments.scoring.examples import (
    COUNT,
    COUNT_STRICT,
    PERCENT,
    PERCENT_TARGET,
    RATIO,
    RATIO_DECIMAL,
    RATIO_EXCEED,
    RATIO_FROM_GI,
    RATIO_TARGET,
    TIERED,
    YES_NO,
    errors_of,
    points,
)

D = Decimal


# -- yes/no --------------------------------------------------------------------


@pytest.mark.parametrize("answer", [True, "yes", "có", "Có", "1", 1])
def test_yes_no_gives_max_for_yes(answer):
    assert points(YES_NO, "10", answer=answer) == D("10.00")


@pytest.mark.parametrize("answer", [False, "no", "không", "0", 0])
def test_yes_no_gives_zero_for_no(answer):
    assert points(YES_NO, "10", answer=answer) == D("0.00")


def test_yes_no_rejects_other_answers():
    assert errors_of(YES_NO, answer="maybe") == {"answer": MSG_YES_NO}


def test_yes_no_requires_an_answer():
    assert errors_of(YES_NO) == {"answer": MSG_MISSING}


# -- tiered --------------------------------------------------------------------


def test_tiered_gives_the_chosen_options_points():
    assert points(TIERED, "10", choice="A") == D("10")
    assert points(TIERED, "10", choice="B") == D("5")
    assert points(TIERED, "10", choice="C") == D("0")


def test_tiered_rejects_unknown_option_codes():
    assert errors_of(TIERED, choice="Z") == {"choice": "Mức 'Z' không có trong danh sách; chọn một trong: A, B, C."}


def test_tiered_requires_a_choice():
    assert errors_of(TIERED, choice="  ") == {"choice": MSG_MISSING}


# -- ratio ---------------------------------------------------------------------


def test_ratio_gives_share_of_max():
    assert points(RATIO, "10", numerator="30", denominator="40") == D("7.50")


def test_ratio_against_a_target_reaches_max_at_the_target():
    assert points(RATIO_TARGET, "10", numerator=60, denominator=100) == D("7.50")
    assert points(RATIO_TARGET, "10", numerator=80, denominator=100) == D("10.00")


def test_ratio_above_target_is_capped_at_max():
    assert points(RATIO_TARGET, "10", numerator=95, denominator=100) == D("10.00")


def test_ratio_allowed_to_exceed_is_still_capped_at_max():
    assert points(RATIO_EXCEED, "10", numerator=150, denominator=100) == D("10.00")


def test_ratio_points_round_half_up_to_two_decimals():
    assert points(RATIO, "1", numerator=1, denominator=8) == D("0.13")  # 0.125
    assert points(RATIO, "10", numerator=1, denominator=3) == D("3.33")
    assert points(RATIO, "10", numerator=2, denominator=3) == D("6.67")


def test_ratio_inputs_are_counts_grouped_the_vietnamese_way_by_default():
    assert clean_inputs(RATIO, {"numerator": "42.000", "denominator": "4.952.238"}) == (
        {"numerator": D(42000), "denominator": D(4952238)}, {}
    )


def test_a_ratios_typed_denominator_is_a_count_too():
    assert clean_inputs(RATIO, {"numerator": "1", "denominator": "2.000"}) == ({"numerator": D(1), "denominator": D(2000)}, {})


def test_ratio_counts_refuse_a_fraction():
    assert errors_of(RATIO, numerator="12,5", denominator="50") == {
        "numerator": "'12,5' không phải số nguyên. Ô này là số đếm: nhập số nguyên, ví dụ 42.000 hoặc 4.952.238."
    }


def test_ratio_inputs_declared_decimal_accept_vietnamese_decimal_separators():
    assert points(RATIO_DECIMAL, "10", numerator="1.234,5", denominator="2.469,0") == D("5.00")
    assert points(RATIO_DECIMAL, "10", numerator="12,5", denominator="50") == D("2.50")


def test_a_ratio_denominator_from_general_information_keeps_that_items_decimals():
    # The item was read by its own kind when saved (an amount may have decimals).
    assert clean_inputs(RATIO_FROM_GI, {"numerator": "1"}, general_information={"TT.1": D("1234.5")}) == (
        {"numerator": D(1), "denominator": D("1234.5")}, {}
    )


def test_ratio_rejects_numerator_above_denominator():
    assert errors_of(RATIO, numerator="50", denominator="40") == {
        "numerator": "Tử số (50) không được lớn hơn mẫu số (40)."
    }


def test_ratio_rejects_zero_denominator():
    assert errors_of(RATIO, numerator="0", denominator="0") == {"denominator": MSG_DENOMINATOR_ZERO}


def test_ratio_rejects_negative_values():
    assert errors_of(RATIO, numerator="-1", denominator="10") == {"numerator": MSG_NEGATIVE}


def test_ratio_rejects_non_numbers():
    assert errors_of(RATIO, numerator="mười", denominator="10") == {
        "numerator": "'mười' không phải là số hợp lệ (ví dụ: 42 hoặc 4.952.238)."
    }


def test_ratio_declared_decimal_rejects_non_numbers_with_decimal_examples():
    assert errors_of(RATIO_DECIMAL, numerator="mười", denominator="10") == {
        "numerator": "'mười' không phải là số hợp lệ (ví dụ: 12,5 hoặc 1.234,5)."
    }


def test_ratio_requires_both_fields():
    assert errors_of(RATIO) == {"numerator": MSG_MISSING, "denominator": MSG_MISSING}


def test_ratio_takes_denominator_from_general_information():
    cleaned, errors = clean_inputs(RATIO_FROM_GI, {"numerator": "250"}, general_information={"TT.1": "1.000.000"})
    assert errors == {}
    assert cleaned == {"numerator": D(250), "denominator": D(1000000)}
    assert component_points(RATIO_FROM_GI, D(8000), cleaned) == D("2.00")


def test_ratio_reports_missing_general_information():
    _, errors = clean_inputs(RATIO_FROM_GI, {"numerator": "250"}, general_information={})
    assert errors == {"denominator": "Chưa có giá trị thông tin chung 'TT.1' dùng làm mẫu số."}


def test_input_fields_omit_a_denominator_from_general_information():
    assert scoring.input_fields(RATIO) == ("numerator", "denominator")
    assert scoring.input_fields(RATIO_FROM_GI) == ("numerator",)


# -- count against a threshold ------------------------------------------------------


def test_count_at_threshold_gives_max():
    assert points(COUNT, "8", count=4) == D("8.00")
    assert points(COUNT, "8", count=9) == D("8.00")


def test_count_below_threshold_is_proportional_by_default():
    assert points(COUNT, "8", count="3") == D("6.00")


def test_count_below_threshold_gives_zero_when_not_proportional():
    assert points(COUNT_STRICT, "8", count=3) == D("0.00")


def test_count_accepts_whole_numbers_written_with_decimals():
    assert clean_inputs(COUNT, {"count": "3,0"}) == ({"count": 3}, {})


def test_count_rejects_non_integers():
    assert errors_of(COUNT, count="2,5") == {
        "count": "'2,5' không phải số nguyên. Ô này là số đếm: nhập số nguyên, ví dụ 42.000 hoặc 4.952.238."
    }


def test_count_rejects_negatives():
    assert errors_of(COUNT, count=-2) == {"count": MSG_NEGATIVE}


# -- percentage ----------------------------------------------------------------


def test_percentage_gives_share_of_max():
    assert points(PERCENT, "10", value="85,5") == D("8.55")


def test_percentage_against_a_target_is_capped_at_max():
    assert points(PERCENT_TARGET, "10", value="60") == D("7.50")
    assert points(PERCENT_TARGET, "10", value="90") == D("10.00")


def test_percentage_accepts_a_percent_sign():
    assert clean_inputs(PERCENT, {"value": "85,5%"}) == ({"value": D("85.5")}, {})


def test_percentage_rejects_values_above_100():
    assert errors_of(PERCENT, value="100,5") == {"value": MSG_PERCENT_RANGE}


def test_percentage_rejects_negatives():
    assert errors_of(PERCENT, value="-1") == {"value": MSG_NEGATIVE}


# -- score_component / rule forms ------------------------------------------------


def test_score_component_returns_points_or_errors():
    ok = scoring.score_component(RATIO, "10", {"numerator": "3", "denominator": "4"})
    assert ok.points == D("7.50")
    bad = scoring.score_component(RATIO, "10", {"numerator": "5", "denominator": "4"})
    assert bad.points is None
    assert set(bad.errors) == {"numerator"}


def test_rules_can_be_given_in_the_flat_file_form():
    rule = {"type": "ratio", "numerator_vi": "a", "denominator_vi": "b", "target": "0.5"}
    cleaned, _ = clean_inputs(rule, {"numerator": 1, "denominator": 4})
    assert component_points(rule, "10", cleaned) == D("5.00")


def test_params_to_json_round_trips_through_the_engine():
    params = scoring.params_to_json(scoring.normalize_params("tiered", TIERED.params))
    assert params["options"][0] == {"code": "A", "label_vi": "Bí thư hoặc Chủ tịch", "points": "10"}
    assert points(Rule("tiered", params), "10", choice="B") == D("5")




# -- boundaries (each one a mutant that once survived) -------------------------------------


def test_a_yes_no_answer_of_5_is_not_yes():
    assert errors_of(YES_NO, answer=5) == {"answer": MSG_YES_NO}


def test_a_yes_no_answer_is_read_without_spaces_or_case():
    assert points(YES_NO, "10", answer="  YES ") == D(10)


def test_a_ratio_of_exactly_100_percent_is_allowed_and_gives_max():
    assert points(RATIO, "10", numerator="20", denominator="20") == D(10)


def test_a_ratio_just_above_100_percent_is_refused():
    assert errors_of(RATIO_DECIMAL, numerator="20,5", denominator="20") == {
        "numerator": "Tử số (20.5) không được lớn hơn mẫu số (20)."
    }


def test_a_ratio_at_its_target_gives_max():
    assert points(RATIO_TARGET, "10", numerator="8", denominator="10") == D(10)


def test_a_ratio_with_a_zero_numerator_gives_zero():
    assert points(RATIO, "10", numerator="0", denominator="20") == D(0)


def test_a_ratio_over_general_information_ignores_a_typed_denominator():
    cleaned, errors = clean_inputs(
        RATIO_FROM_GI, {"numerator": "5", "denominator": "999"}, general_information={"TT.1": "10"}
    )
    assert (cleaned, errors) == ({"numerator": D(5), "denominator": D(10)}, {})


def test_a_ratio_over_unreadable_general_information_reports_it_on_the_denominator():
    _cleaned, errors = clean_inputs(RATIO_FROM_GI, {"numerator": "5"}, general_information={"TT.1": "abc"})
    assert errors == {"denominator": "'abc' không phải là số hợp lệ (ví dụ: 12,5 hoặc 1.234,5)."}


def test_a_ratio_over_general_information_typed_without_it_takes_the_typed_denominator():
    cleaned, _errors = clean_inputs(RATIO_FROM_GI, {"numerator": "5", "denominator": "10"})
    assert cleaned == {"numerator": D(5), "denominator": D(10)}


def test_a_ratio_with_both_inputs_bad_reports_both():
    assert set(errors_of(RATIO, numerator="x", denominator="y")) == {"numerator", "denominator"}


def test_a_ratio_keeps_the_good_input_when_the_other_is_bad():
    assert clean_inputs(RATIO, {"numerator": "x", "denominator": "20"})[0] == {"denominator": D(20)}


def test_a_count_exactly_at_a_strict_threshold_gives_max():
    assert points(COUNT_STRICT, "8", count="4") == D(8)


def test_a_count_just_below_a_strict_threshold_gives_zero():
    assert points(COUNT_STRICT, "8", count="3") == D(0)


def test_a_count_above_the_threshold_is_capped_at_max():
    assert points(COUNT, "8", count="40") == D(8)


def test_a_threshold_of_1_gives_max_for_one():
    assert points(Rule(scoring.RULE_COUNT_THRESHOLD, {"threshold": 1, "unit_vi": "kế hoạch"}), "5", count="1") == D(5)


def test_a_threshold_of_1_gives_zero_for_none():
    assert points(Rule(scoring.RULE_COUNT_THRESHOLD, {"threshold": 1, "unit_vi": "kế hoạch"}), "5", count="0") == D(0)


def test_a_count_is_cleaned_to_a_whole_number():
    assert clean_inputs(COUNT, {"count": "3,0"})[0] == {"count": 3}


def test_a_count_that_is_not_a_number_is_reported():
    assert errors_of(COUNT, count="ba") == {"count": "'ba' không phải là số hợp lệ (ví dụ: 42 hoặc 4.952.238)."}


def test_a_count_reads_forty_two_thousand():
    assert clean_inputs(COUNT, {"count": "42.000"}) == ({"count": 42000}, {})


def test_a_percentage_reads_85_000_as_85():
    assert clean_inputs(PERCENT, {"value": "85.000"}) == ({"value": D(85)}, {})


def test_a_percentage_of_exactly_100_is_allowed_and_gives_max():
    assert points(PERCENT, "5", value="100") == D(5)


def test_a_percentage_just_above_100_is_refused():
    assert errors_of(PERCENT, value="100,01") == {"value": MSG_PERCENT_RANGE}


def test_a_percentage_sent_as_a_json_number_is_scored():
    assert points(PERCENT, "10", value=85.5) == D("8.55")


def test_a_percentage_at_its_target_gives_max():
    assert points(PERCENT_TARGET, "5", value="80") == D(5)


def test_a_percentage_below_its_target_is_proportional():
    assert points(PERCENT_TARGET, "5", value="40") == D("2.5")


def test_an_unreadable_percentage_is_reported():
    assert errors_of(PERCENT, value="tám mươi") == {
        "value": "'tám mươi' không phải là số hợp lệ (ví dụ: 12,5 hoặc 1.234,5)."
    }


def test_a_tier_choice_is_read_without_surrounding_spaces():
    assert clean_inputs(TIERED, {"choice": " B "})[0] == {"choice": "B"}


def test_a_tier_code_given_as_a_number_matches_its_text():
    rule = Rule(scoring.RULE_TIERED, {"options": [{"code": 1, "label_vi": "Một", "points": 2}, {"code": 2, "points": 0}]})
    assert points(rule, "2", choice=1) == D(2)


def test_points_are_capped_to_max_even_when_a_tier_says_more():
    rule = Rule(scoring.RULE_TIERED, {"options": [{"code": "A", "points": "12"}, {"code": "B", "points": "0"}]})
    assert component_points(rule, D(10), {"choice": "A"}) == D(10)


def test_points_are_rounded_after_capping():
    assert component_points(RATIO, "10", {"numerator": D(1), "denominator": D(3)}) == D("3.33")


def test_score_component_gives_no_points_when_an_input_is_bad():
    assert scoring.score_component(RATIO, "10", {"numerator": "x", "denominator": "3"}).points is None


def test_input_fields_of_an_unknown_type_are_none():
    assert scoring.input_fields(Rule("weighted_vote")) == ()


def test_rules_can_be_given_as_any_object_with_type_and_params():
    class Row:
        type = scoring.RULE_YES_NO
        params = None

    assert scoring.input_fields(Row()) == ("answer",)


def test_every_rule_type_has_one_entry_under_its_own_name():
    assert [(t, scoring.RULES[t].type) for t in scoring.RULE_TYPES] == [
        ("yes_no", "yes_no"),
        ("tiered", "tiered"),
        ("ratio", "ratio"),
        ("count_threshold", "count_threshold"),
        ("percentage", "percentage"),
    ]


def test_input_fields_per_type_are_the_entries_fields():
    assert scoring.INPUT_FIELDS == {
        "yes_no": ("answer",),
        "tiered": ("choice",),
        "ratio": ("numerator", "denominator"),
        "count_threshold": ("count",),
        "percentage": ("value",),
    }


def test_the_flat_rule_form_keeps_type_out_of_the_parameters():
    assert Rule.from_mapping({"type": "ratio", "target": "0.8"}) == Rule("ratio", {"target": "0.8"})


def test_a_flat_rule_without_type_has_an_empty_type():
    assert Rule.from_mapping({}).type == ""


def test_an_adapter_objects_parameters_are_read():
    class Row:
        type = scoring.RULE_RATIO
        params = {"denominator_from": "TT.1"}

    assert scoring.input_fields(Row()) == ("numerator",)


def test_a_tiered_rule_without_options_refuses_every_choice():
    assert errors_of(Rule(scoring.RULE_TIERED), choice="A") == {
        "choice": "Mức 'A' không có trong danh sách; chọn một trong: ."
    }


def test_score_component_passes_general_information_on():
    score = scoring.score_component(RATIO_FROM_GI, "10", {"numerator": "5"}, general_information={"TT.1": "10"})
    assert (score.points, score.cleaned) == (D(5), {"numerator": D(5), "denominator": D(10)})


def test_a_ratio_names_the_general_information_its_denominator_comes_from():
    assert scoring.entry(scoring.RULE_RATIO).general_info_source(RATIO_FROM_GI.params) == RATIO_FROM_GI.params["denominator_from"]


def test_a_typed_ratio_reads_no_general_information():
    assert scoring.entry(scoring.RULE_RATIO).general_info_source(RATIO.params) is None


@pytest.mark.parametrize("rule", [YES_NO, TIERED, COUNT, PERCENT], ids=lambda r: r.type)
def test_other_rule_types_read_no_general_information(rule):
    assert scoring.entry(rule.type).general_info_source(rule.params) is None
