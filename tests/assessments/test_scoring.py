"""The scoring engine, checked against published DTI figures. No database."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from assessments import scoring
from assessments.scoring import (
    MSG_DENOMINATOR_ZERO,
    MSG_MISSING,
    MSG_NEGATIVE,
    MSG_NOT_INTEGER,
    MSG_PERCENT_RANGE,
    MSG_YES_NO,
    FrameworkStructure,
    MainIndexDef,
    PillarDef,
    Rule,
    clean_inputs,
    component_points,
    round4,
)

D = Decimal
REPO = Path(__file__).resolve().parents[2]


def published_rows() -> list[dict[str, str]]:
    path = REPO / "seeds" / "data" / "published-results.csv"
    if not path.exists():
        path = REPO.parent / "shared" / "dti" / "published-results.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# 922 (provincial): the 8 scored main indices and their maxima, plus smart
# city (reported, max 0). Pillars: foundation indices plus the pillar's own
# activity index (inferred membership, see the domain README).
FOUNDATION = ("nts", "tcs", "hts", "nls", "atttm")
STRUCTURE_922 = FrameworkStructure(
    aggregation=scoring.AGGREGATION_TOTAL_POINTS,
    total_points=D(1000),
    main_indices=(
        *(MainIndexDef(code, D(100), ("CQS", "KTS", "XHS")) for code in FOUNDATION),
        MainIndexDef("dtm", D(0)),
        MainIndexDef("hd_cqs", D(200), ("CQS",)),
        MainIndexDef("hd_kts", D(150), ("KTS",)),
        MainIndexDef("hd_xhs", D(150), ("XHS",)),
    ),
    pillars=(PillarDef("CQS"), PillarDef("KTS"), PillarDef("XHS")),
)
SCORED_922 = (*FOUNDATION, "hd_cqs", "hd_kts", "hd_xhs")

# 1726: three weighted pillars; one main index per pillar is enough for the
# arithmetic (the real file has 7 per pillar).
STRUCTURE_1726 = FrameworkStructure(
    aggregation=scoring.AGGREGATION_WEIGHTED_PILLARS,
    total_points=D(1000),
    main_indices=(
        MainIndexDef("cqs", D(400), ("CQS",)),
        MainIndexDef("kts", D(300), ("KTS",)),
        MainIndexDef("xhs", D(300), ("XHS",)),
    ),
    pillars=(PillarDef("CQS", D("0.4")), PillarDef("KTS", D("0.3")), PillarDef("XHS", D("0.3"))),
)

YES_NO = Rule(scoring.RULE_YES_NO)
TIERED = Rule(
    scoring.RULE_TIERED,
    {
        "options": [
            {"code": "A", "label_vi": "Bí thư hoặc Chủ tịch", "points": "10"},
            {"code": "B", "label_vi": "Phó Chủ tịch", "points": "5"},
            {"code": "C", "label_vi": "Khác", "points": 0},
        ]
    },
)
RATIO = Rule(scoring.RULE_RATIO, {"numerator_vi": "Số hồ sơ trực tuyến", "denominator_vi": "Tổng số hồ sơ"})
RATIO_TARGET = Rule(scoring.RULE_RATIO, {**RATIO.params, "target": "0.8"})
RATIO_EXCEED = Rule(scoring.RULE_RATIO, {**RATIO.params, "allow_exceed": True})
RATIO_FROM_GI = Rule(scoring.RULE_RATIO, {**RATIO.params, "denominator_from": "TT.1"})
COUNT = Rule(scoring.RULE_COUNT_THRESHOLD, {"threshold": 4, "unit_vi": "nền tảng"})
COUNT_STRICT = Rule(scoring.RULE_COUNT_THRESHOLD, {"threshold": 4, "unit_vi": "nền tảng", "proportional": False})
PERCENT = Rule(scoring.RULE_PERCENTAGE, {"label_vi": "Mức độ hài lòng"})
PERCENT_TARGET = Rule(scoring.RULE_PERCENTAGE, {"label_vi": "Tỷ lệ", "target": "80"})


def points(rule: Rule, max_points: str, **inputs: object) -> Decimal:
    cleaned, errors = clean_inputs(rule, inputs)
    assert errors == {}
    return component_points(rule, D(max_points), cleaned)


def errors_of(rule: Rule, **inputs: object) -> dict[str, str]:
    return clean_inputs(rule, inputs)[1]


# -- numbers -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12.5", "12.5"),
        ("12,5", "12.5"),
        ("1.234,5", "1234.5"),
        ("1,234.5", "1234.5"),
        ("1.234.567", "1234567"),
        ("1.234.567,25", "1234567.25"),
        (" 7 ", "7"),
        (",5", "0.5"),
        ("-3", "-3"),
        (10, "10"),
        (0.4, "0.4"),
        (D("2.50"), "2.5"),
    ],
)
def test_parse_decimal_accepts_vietnamese_and_english_separators(raw, expected):
    assert scoring.parse_decimal(raw) == D(expected)


@pytest.mark.parametrize(
    ("raw", "whole", "decimal"),
    [("1.000", "1000", "1,0000"), ("12,345", "12345", "12,3450"), ("-100.250", "-100250", "-100,2500")],
)
def test_parse_decimal_refuses_to_guess_a_single_separator_before_three_digits(raw, whole, decimal):
    with pytest.raises(scoring.AmbiguousNumber) as excinfo:
        scoring.parse_decimal(raw)
    assert excinfo.value.message == (
        f"'{raw}' không rõ nghĩa: dấu '{raw.strip('-0123456789')}' có thể là dấu thập phân hoặc dấu "
        f"phân cách hàng nghìn. Hãy viết {whole} nếu là số nguyên, hoặc {decimal} nếu là số thập phân."
    )


@pytest.mark.parametrize(("raw", "expected"), [("0.125", "0.125"), ("1.2345", "1.2345"), ("1234.567", "1234.567")])
def test_parse_decimal_reads_unambiguous_three_decimals(raw, expected):
    assert scoring.parse_decimal(raw) == D(expected)


def test_ambiguous_inputs_ask_the_officer_to_retype():
    assert errors_of(RATIO, numerator="1.000", denominator="2000") == {
        "numerator": "'1.000' không rõ nghĩa: dấu '.' có thể là dấu thập phân hoặc dấu phân cách hàng nghìn. "
        "Hãy viết 1000 nếu là số nguyên, hoặc 1,0000 nếu là số thập phân."
    }


@pytest.mark.parametrize(
    "raw", ["abc", "1e5", "12,", "1,2,3", "1.234,5,6", "1 234", "NaN", "", True, None, float("inf")]
)
def test_parse_decimal_rejects_non_numbers(raw):
    with pytest.raises(ValueError):
        scoring.parse_decimal(raw)


def test_round4_rounds_half_up():
    assert round4(D("0.69245")) == D("0.6925")
    assert round4(D("0.692449")) == D("0.6924")
    assert round4(None) is None


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


def test_ratio_accepts_vietnamese_decimal_separators():
    assert points(RATIO, "10", numerator="1.234,5", denominator="2.469,0") == D("5.00")
    assert points(RATIO, "10", numerator="12,5", denominator="50") == D("2.50")


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
    assert errors_of(COUNT, count="2,5") == {"count": MSG_NOT_INTEGER}


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


# -- aggregation: published checks --------------------------------------------------


def test_2022_top_five_dti_from_published_main_index_values():
    rows = [r for r in published_rows() if r["year"] == "2022" and r["nts"]]
    expected = {
        "Đà Nẵng": "0.8002",
        "Hồ Chí Minh": "0.7163",
        "Quảng Ninh": "0.7024",
        "Thừa Thiên Huế": "0.6975",
        "Cần Thơ": "0.6924",
    }
    assert sorted(r["unit"] for r in rows) == sorted(expected)
    for row in rows:
        values = {code: D(row[code]) for code in SCORED_922}
        dti = scoring.dti_from_main_values(STRUCTURE_922, values)
        assert abs(round4(dti) - D(row["dti"])) <= D("0.0001"), row["unit"]
        assert D(row["dti"]) == D(expected[row["unit"]])


def test_da_nang_2022_is_800_18_points():
    values = {
        "nts": D("1.0000"),
        "tcs": D("0.9000"),
        "hts": D("0.8253"),
        "nls": D("0.8487"),
        "atttm": D("0.7578"),
        "hd_cqs": D("0.8575"),
        "hd_kts": D("0.7836"),
        "hd_xhs": D("0.5197"),
    }
    dti = scoring.dti_from_main_values(STRUCTURE_922, values)
    assert scoring.round2(dti * 1000) == D("800.18")  # exactly 800.175
    assert round4(dti) == D("0.8002")


@pytest.mark.parametrize(("unit", "expected"), [("Đà Nẵng", "0.4874"), ("Bắc Ninh", "0.4096")])
def test_2020_dti_from_published_pillar_values(unit, expected):
    (row,) = [r for r in published_rows() if r["year"] == "2020" and r["unit"] == unit]
    pillars = {"CQS": D(row["cqs"]), "KTS": D(row["kts"]), "XHS": D(row["xhs"])}
    dti = scoring.dti_from_pillar_values(STRUCTURE_1726, pillars)
    assert round4(dti) == D(expected) == D(row["dti"])


def test_merged_unit_is_the_mean_of_its_predecessors_main_indices():
    # Main-index values chosen so that old Đà Nẵng's DTI is 0.8335 and Quảng
    # Nam's 0.5803 (the published 2024 figures); only hd_cqs differs in form.
    da_nang = {
        "nts": "0.9",
        "tcs": "0.9",
        "hts": "0.8",
        "nls": "0.8",
        "atttm": "0.8",
        "hd_cqs": "0.8675",
        "hd_kts": "0.85",
        "hd_xhs": "0.75",
    }
    quang_nam = {
        "nts": "0.6",
        "tcs": "0.7",
        "hts": "0.5",
        "nls": "0.55",
        "atttm": "0.5",
        "hd_cqs": "0.6515",
        "hd_kts": "0.6",
        "hd_xhs": "0.5",
    }
    da_nang = {k: D(v) for k, v in da_nang.items()}
    quang_nam = {k: D(v) for k, v in quang_nam.items()}
    assert scoring.dti_from_main_values(STRUCTURE_922, da_nang) == D("0.8335")
    assert scoring.dti_from_main_values(STRUCTURE_922, quang_nam) == D("0.5803")

    merged = scoring.merged_unit_result(STRUCTURE_922, [da_nang, quang_nam], unit="48")
    assert round4(merged.dti) == D("0.7069")
    assert merged.main_indices["nts"] == D("0.75")
    assert merged.main_indices["dtm"] is None


def test_merge_averages_only_the_predecessors_that_have_a_value():
    merged = scoring.merge_main_index_values(
        [{"a": D("0.8"), "b": D("0.4")}, {"a": D("0.6"), "b": None}, {"a": D("0.4")}]
    )
    assert merged == {"a": D("0.6"), "b": D("0.4")}


# -- aggregation: mechanics ---------------------------------------------------------


def test_main_index_value_is_points_over_max_and_unscored_has_none():
    values = scoring.main_index_values(STRUCTURE_922, {"nts": D("85.5"), "hd_cqs": D("150"), "dtm": D(3)})
    assert values["nts"] == D("0.855")
    assert values["hd_cqs"] == D("0.75")
    assert values["tcs"] == D(0)  # nothing scored yet
    assert values["dtm"] is None


def test_pillar_value_from_points_equals_the_one_from_main_values():
    pts = {
        "nts": D(90),
        "tcs": D(80),
        "hts": D(70),
        "nls": D(60),
        "atttm": D(50),
        "hd_cqs": D(150),
        "hd_kts": D(100),
        "hd_xhs": D(75),
    }
    from_points = scoring.pillar_values_from_points(STRUCTURE_922, pts)
    from_values = scoring.pillar_values(STRUCTURE_922, scoring.main_index_values(STRUCTURE_922, pts))
    assert from_points == from_values
    assert from_points["CQS"] == D(500) / D(700)


def test_unit_result_from_points_aggregates_everything():
    pts = {
        "nts": D(100),
        "tcs": D(90),
        "hts": D("82.53"),
        "nls": D("84.87"),
        "atttm": D("75.78"),
        "hd_cqs": D("171.5"),
        "hd_kts": D("117.54"),
        "hd_xhs": D("77.955"),
    }
    result = scoring.unit_result_from_points(STRUCTURE_922, pts, unit="48")
    assert result.points == D("800.175")
    assert round4(result.dti) == D("0.8002")
    assert set(result.pillars) == {"CQS", "KTS", "XHS"}


def test_weighted_pillars_from_points_equals_total_points_when_weights_match_maxima():
    pts = {"cqs": D(213), "kts": D(125), "xhs": D(149)}
    result = scoring.unit_result_from_points(STRUCTURE_1726, pts)
    assert abs(result.dti - result.points / 1000) < D("1e-20")
    assert round4(result.dti) == D("0.4870")


def test_dti_needs_every_scored_main_index():
    assert scoring.dti_from_main_values(STRUCTURE_922, {"nts": D(1)}) is None


def test_pillar_values_alone_give_no_dti_under_total_points():
    assert scoring.dti_from_pillar_values(STRUCTURE_922, {"CQS": D(1), "KTS": D(1), "XHS": D(1)}) is None


def test_published_result_keeps_published_figures_over_derived_ones():
    (row,) = [r for r in published_rows() if r["year"] == "2022" and r["unit"] == "Hồ Chí Minh"]
    result = scoring.unit_result_from_published(
        STRUCTURE_922,
        unit="79",
        dti=D(row["dti"]),
        main_index_values={code: D(row[code]) for code in SCORED_922},
    )
    assert result.dti == D("0.7163")  # derived would round to 0.7164
    assert result.pillars["CQS"] is not None


def test_published_result_from_pillar_values_only_computes_dti_for_1726():
    result = scoring.unit_result_from_published(
        STRUCTURE_1726, pillar_values={"CQS": D("0.5346"), "KTS": D("0.4155"), "XHS": D("0.4964")}
    )
    assert round4(result.dti) == D("0.4874")
    assert result.main_indices == {}


def test_published_result_from_dti_only_derives_nothing():
    result = scoring.unit_result_from_published(STRUCTURE_922, unit="48", dti=D("0.6419"))
    assert result == scoring.UnitResult(unit="48", dti=D("0.6419"), pillars={}, main_indices={})
