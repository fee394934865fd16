"""What each rule entry shows: form fields, the rule in words, the reported inputs in words,
the number reviewers compare, demo figures. No database.

The wording is a marked one, so each assertion also says which parts are translated ("T:"),
which are points ("P"), which are reported numbers ("N") and which are numbers written into a
field of a kind ("F<kind>:").
"""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from assessments import scoring
from assessments.scoring import FIELD_BOOLEAN, FIELD_CHOICE, FIELD_INTEGER, FIELD_NUMBER, FIELD_PERCENT, InputSpec
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
)

D = Decimal
W = scoring.Wording(
    translate=lambda s: "T:" + s, points=lambda v: f"P{v}", number=lambda v: f"N{v}", field_value=lambda v, kind: f"F{kind}:{v}"
)


def entry(rule):
    return scoring.entry(rule.type)


# -- form fields --------------------------------------------------------------------------


def test_yes_no_is_one_boolean_field_with_yes_and_no():
    assert entry(YES_NO).input_specs({}, W) == (
        InputSpec("answer", FIELD_BOOLEAN, "T:Kết quả", options=(("yes", "T:Có"), ("no", "T:Không"))),
    )


def test_tiered_is_one_choice_of_its_options():
    (spec,) = entry(TIERED).input_specs(TIERED.params, W)
    assert spec == InputSpec(
        "choice",
        FIELD_CHOICE,
        "T:Mức đạt được",
        options=(("A", "Bí thư hoặc Chủ tịch"), ("B", "Phó Chủ tịch"), ("C", "Khác")),
    )


def test_a_tier_without_a_label_shows_its_code():
    (spec,) = entry(TIERED).input_specs({"options": [{"code": "A", "points": 1}]}, W)
    assert spec.options == (("A", "A"),)


def test_ratio_asks_numerator_and_denominator_by_their_labels_as_counts():
    assert entry(RATIO).input_specs(RATIO.params, W) == (
        InputSpec("numerator", FIELD_INTEGER, "Số hồ sơ trực tuyến", help="T:Tử số"),
        InputSpec("denominator", FIELD_INTEGER, "Tổng số hồ sơ", help="T:Mẫu số"),
    )


def test_a_ratio_declared_decimal_asks_decimal_numbers():
    assert {s.kind for s in entry(RATIO_DECIMAL).input_specs(RATIO_DECIMAL.params, W)} == {FIELD_NUMBER}


def test_a_ratio_declared_integer_asks_counts():
    assert {s.kind for s in entry(RATIO).input_specs({**RATIO.params, "inputs": "integer"}, W)} == {FIELD_INTEGER}


def test_a_ratio_over_general_information_asks_the_numerator_only():
    assert [s.key for s in entry(RATIO_FROM_GI).input_specs(RATIO_FROM_GI.params, W)] == ["numerator"]


def test_count_asks_a_whole_number_in_its_unit():
    assert entry(COUNT).input_specs(COUNT.params, W) == (InputSpec("count", FIELD_INTEGER, "T:Số lượng (nền tảng)"),)


def test_percentage_asks_its_labelled_value():
    assert entry(PERCENT).input_specs(PERCENT.params, W) == (InputSpec("value", FIELD_PERCENT, "Mức độ hài lòng"),)


def test_a_percentage_without_label_has_a_default_one():
    assert entry(PERCENT).input_specs({}, W)[0].label == "T:Tỷ lệ (%)"


def test_an_unknown_rule_type_has_no_fields_and_nothing_to_say():
    unknown = scoring.entry("weighted_vote")
    assert (unknown.input_specs({}, W), unknown.rule_text({}, 1, W), unknown.inputs_text({}, {"a": 1}, W)) == ((), "", "")


def test_an_unknown_rule_type_describes_its_inputs_raw():
    assert scoring.entry("weighted_vote").describe({}, {"a": 1}, W) == [("a", "1")]


def test_an_unknown_rule_type_cannot_be_scored():
    with pytest.raises(ValueError, match="weighted_vote"):
        scoring.component_points(scoring.Rule("weighted_vote"), 1, {})


def test_an_unknown_rule_type_cannot_be_cleaned():
    with pytest.raises(ValueError, match="weighted_vote"):
        scoring.clean_inputs(scoring.Rule("weighted_vote"), {})


def test_an_unknown_rule_type_has_no_demo_figures_and_compares_by_points():
    unknown = scoring.entry("weighted_vote")
    sample = unknown.sample_inputs({}, strength=1.0, good=True, rng=random.Random(1), general_information={})
    assert (sample, unknown.measure({}, D(3))) == ({}, D(3))


# -- stored inputs typed again ---------------------------------------------------------------


@pytest.mark.parametrize(("raw", "shown"), [(True, "yes"), (False, "no"), (None, ""), ("x", "")])
def test_a_yes_no_answer_is_shown_as_its_option_code(raw, shown):
    assert entry(YES_NO).form_value({}, "answer", raw, W) == shown


def test_a_tier_is_shown_as_its_code():
    assert entry(TIERED).form_value(TIERED.params, "choice", "B", W) == "B"


@pytest.mark.parametrize(
    ("rule", "kind"),
    [(RATIO, FIELD_INTEGER), (RATIO_DECIMAL, FIELD_NUMBER), (COUNT, FIELD_INTEGER), (PERCENT, FIELD_PERCENT)],
)
def test_a_number_is_shown_as_its_field_of_its_kind_writes_it(rule, kind):
    key = scoring.input_fields(rule)[0]
    assert entry(rule).form_value(rule.params, key, "4952238", W) == f"F{kind}:4952238"


def test_nothing_is_shown_as_an_empty_field():
    assert entry(RATIO).form_value(RATIO.params, "numerator", None, W) == ""


def test_a_rule_without_numbers_calls_its_inputs_decimal_by_default():
    assert scoring.entry("weighted_vote").number_kind({}) == FIELD_NUMBER


# -- the rule in words ------------------------------------------------------------------------


def test_yes_no_rule_in_words():
    assert entry(YES_NO).rule_text({}, D(10), W) == "T:Có: P10 điểm; Không: 0 điểm."


def test_tiered_rule_in_words_lists_each_level():
    assert entry(TIERED).rule_text(TIERED.params, D(10), W) == (
        "T:Theo mức — Bí thư hoặc Chủ tịch: P10; Phó Chủ tịch: P5; Khác: P0 điểm."
    )


def test_ratio_rule_in_words_says_the_numerator_may_not_exceed():
    assert entry(RATIO).rule_text(RATIO.params, D(10), W) == (
        "T:Điểm = (Số hồ sơ trực tuyến ÷ Tổng số hồ sơ)T: × P10, tối đa P10 điểm. T:Tử số không được lớn hơn mẫu số."
    )


def test_ratio_rule_in_words_names_a_target_in_percent():
    assert entry(RATIO_TARGET).rule_text(RATIO_TARGET.params, D(10), W) == (
        "T:Điểm = (Số hồ sơ trực tuyến ÷ Tổng số hồ sơ)T: ÷ mục tiêu N80%T: × P10, tối đa P10 điểm."
        " T:Tử số không được lớn hơn mẫu số."
    )


def test_ratio_rule_allowed_to_exceed_says_nothing_of_it():
    assert entry(RATIO_EXCEED).rule_text(RATIO_EXCEED.params, D(10), W).endswith("tối đa P10 điểm.")


def test_ratio_rule_with_an_unreadable_target_reads_as_no_target():
    assert "mục tiêu" not in entry(RATIO).rule_text({**RATIO.params, "target": "x"}, D(10), W)


def test_proportional_count_rule_in_words():
    assert entry(COUNT).rule_text(COUNT.params, D(8), W) == (
        "T:Đạt từ N4 nền tảng trở lên: P8 điểmT:; chưa đạt: điểm theo tỷ lệ số lượng/N4."
    )


def test_strict_count_rule_in_words():
    assert entry(COUNT_STRICT).rule_text(COUNT_STRICT.params, D(8), W) == (
        "T:Đạt từ N4 nền tảng trở lên: P8 điểmT:; chưa đạt: 0 điểm."
    )


def test_percentage_rule_in_words_divides_by_its_target():
    assert entry(PERCENT_TARGET).rule_text(PERCENT_TARGET.params, D(5), W) == (
        "T:Điểm = Tỷ lệ ÷ N80% × P5, tối đa P5 điểm."
    )


def test_percentage_rule_in_words_defaults_to_100_and_a_generic_label():
    assert entry(PERCENT).rule_text({}, D(5), W) == "T:Điểm = T:tỷ lệ ÷ N100% × P5, tối đa P5 điểm."


# -- the reported inputs in words ---------------------------------------------------------------


@pytest.mark.parametrize(("answer", "text"), [(True, "T:Có"), (False, "T:Không")])
def test_yes_no_inputs_in_words(answer, text):
    assert entry(YES_NO).inputs_text({}, {"answer": answer}, W) == text


def test_tiered_inputs_in_words_give_the_label():
    assert entry(TIERED).inputs_text(TIERED.params, {"choice": "B"}, W) == "Phó Chủ tịch"


def test_an_unknown_tier_in_words_gives_its_code():
    assert entry(TIERED).inputs_text(TIERED.params, {"choice": "Z"}, W) == "Z"


def test_ratio_inputs_in_words():
    assert entry(RATIO).inputs_text(RATIO.params, {"numerator": "12", "denominator": "20"}, W) == "N12 / N20"


def test_ratio_over_general_information_in_words_gives_the_numerator():
    assert entry(RATIO_FROM_GI).inputs_text(RATIO_FROM_GI.params, {"numerator": "12"}, W) == "N12"


def test_a_ratio_with_nothing_reported_reads_as_nothing():
    assert entry(RATIO).inputs_text(RATIO.params, {}, W) == ""


def test_the_default_wording_writes_a_field_value_plainly():
    assert scoring.Wording().field_value(D("12.50"), FIELD_NUMBER) == "12.5"


def test_count_inputs_in_words_carry_the_unit():
    assert entry(COUNT).inputs_text(COUNT.params, {"count": 3}, W) == "N3 nền tảng"


def test_percentage_inputs_in_words():
    assert entry(PERCENT).inputs_text(PERCENT.params, {"value": "85.5"}, W) == "N85.5%"


# -- the reviewer's description -------------------------------------------------------------------


@pytest.mark.parametrize(("answer", "text"), [(True, "T:Có"), ("no", "T:Không"), (1, "T:Có"), ("maybe", "maybe")])
def test_yes_no_described(answer, text):
    assert entry(YES_NO).describe({}, {"answer": answer}, W) == [("T:Trả lời", text)]


def test_tiered_described_by_its_label():
    assert entry(TIERED).describe(TIERED.params, {"choice": "A"}, W) == [("T:Mức", "Bí thư hoặc Chủ tịch")]


def test_tiered_described_by_its_code_when_unknown():
    assert entry(TIERED).describe(TIERED.params, {"choice": "Z"}, W) == [("T:Mức", "Z")]


def test_ratio_described_by_its_labels():
    assert entry(RATIO).describe(RATIO.params, {"numerator": "12", "denominator": "20"}, W) == [
        ("Số hồ sơ trực tuyến", "N12"),
        ("Tổng số hồ sơ", "N20"),
    ]


def test_ratio_without_labels_or_denominator_is_described_generically():
    assert entry(RATIO).describe({}, {"numerator": "12"}, W) == [("T:Tử số", "N12"), ("T:Mẫu số", "—")]


def test_count_described_with_its_unit():
    assert entry(COUNT).describe(COUNT.params, {"count": 3}, W) == [("T:Số lượng", "N3 nền tảng")]


def test_percentage_described_with_a_percent_sign():
    assert entry(PERCENT).describe(PERCENT.params, {"value": "85"}, W) == [("Mức độ hài lòng", "N85 %")]


def test_percentage_without_label_nor_value_is_described_generically():
    assert entry(PERCENT).describe({}, {}, W) == [("T:Tỷ lệ (%)", "— %")]


# -- the number reviewers compare ---------------------------------------------------------------------


def test_a_ratio_compares_its_ratio():
    assert entry(RATIO).measure({"numerator": "30", "denominator": "40"}, D(5)) == D("0.75")


@pytest.mark.parametrize("inputs", [{"numerator": "30", "denominator": "0"}, {"denominator": "40"}, {"numerator": "3"}])
def test_a_ratio_without_both_counts_compares_nothing(inputs):
    assert entry(RATIO).measure(inputs, D(5)) is None


def test_a_count_compares_its_count():
    assert entry(COUNT).measure({"count": 7}, D(1)) == D(7)


def test_a_percentage_compares_its_value():
    assert entry(PERCENT).measure({"value": "92.5"}, D(1)) == D("92.5")


@pytest.mark.parametrize("rule", [YES_NO, TIERED])
def test_answers_without_a_scale_compare_their_points(rule):
    assert entry(rule).measure({"answer": True, "choice": "A"}, D(10)) == D(10)


# -- demo figures --------------------------------------------------------------------------------------


def sample(rule, *, good, strength=0.5, general_information=None, seed=7):
    return entry(rule).sample_inputs(
        rule.params, strength=strength, good=good, rng=random.Random(seed), general_information=general_information or {}
    )


def test_demo_figures_score_under_their_own_rule():
    for rule in (YES_NO, TIERED, RATIO, COUNT, PERCENT, PERCENT_TARGET):
        for good in (True, False):
            assert scoring.score_component(rule, "10", sample(rule, good=good)).errors == {}


def test_a_good_province_answers_yes_and_takes_the_best_tier():
    assert (sample(YES_NO, good=True), sample(TIERED, good=True)) == ({"answer": "yes"}, {"choice": "A"})


def test_a_weaker_province_answers_no():
    assert sample(YES_NO, good=False) == {"answer": "no"}


def test_a_weaker_province_takes_a_tier_below_the_best_drawn_from_its_generator():
    # Random(7).random() is 0.32…: the second tier of three.
    assert sample(TIERED, good=False) == {"choice": "B"}


def test_a_good_province_reaches_the_count_threshold():
    assert sample(COUNT, good=True) == {"count": "4"}


def test_a_weaker_province_stays_below_the_count_threshold():
    # 4 × Random(7).uniform(0.2, 0.9), truncated.
    assert sample(COUNT, good=False) == {"count": "1"}


def test_a_ratio_over_general_information_takes_its_denominator_from_there():
    figures = sample(RATIO_FROM_GI, good=True, strength=1.0, general_information={"TT.1": 2000})
    # 2000 × min(1, 1 + Random(7).uniform(-0.25, 0.1)), truncated: a share of the population.
    assert figures == {"numerator": "1726"}


def test_a_typed_ratio_gets_a_denominator_of_1000():
    assert sample(RATIO, good=True)["denominator"] == "1000"


def test_a_percentage_is_written_the_vietnamese_way():
    assert "," in sample(PERCENT, good=True, strength=0.9)["value"]


# -- rules missing optional words (a framework edited by hand still displays) -------------------


def test_a_tier_without_label_is_named_by_its_code_in_the_rule():
    assert entry(TIERED).rule_text({"options": [{"code": "A", "points": 1}]}, D(1), W) == "T:Theo mức — A: P1 điểm."


def test_a_tier_answer_missing_from_the_inputs_reads_as_nothing():
    assert (entry(TIERED).inputs_text(TIERED.params, {}, W), entry(TIERED).describe(TIERED.params, {}, W)) == (
        "",
        [("T:Mức", "")],
    )


def test_a_tier_chosen_without_label_is_described_as_empty():
    assert entry(TIERED).describe({"options": [{"code": "A", "points": 1}]}, {"choice": "A"}, W) == [("T:Mức", "")]


def test_a_ratio_rule_without_labels_reads_with_blanks():
    assert entry(RATIO).rule_text({"allow_exceed": True}, D(1), W) == "T:Điểm = ( ÷ )T: × P1, tối đa P1 điểm."


def test_a_count_without_unit_reads_without_it():
    count = entry(COUNT)
    params = {"threshold": 4}
    assert (
        count.input_specs(params, W)[0].label,
        count.rule_text({**params, "proportional": False}, D(1), W),
        count.inputs_text(params, {"count": 3}, W),
        count.describe(params, {"count": 3}, W),
    ) == ("T:Số lượng ()", "T:Đạt từ N4  trở lên: P1 điểmT:; chưa đạt: 0 điểm.", "N3", [("T:Số lượng", "N3")])


class FixedRandom:
    """A generator whose draws are given: random() returns `r`, uniform(a, b) returns `a + (b - a) * u`."""

    def __init__(self, r: float = 0.0, u: float = 0.0):
        self.r, self.u = r, u

    def random(self) -> float:
        return self.r

    def uniform(self, a: float, b: float) -> float:
        return a + (b - a) * self.u


def test_a_weaker_province_draws_its_tier_over_all_lower_ones():
    rule = scoring.Rule("tiered", {"options": [{"code": c, "points": 0} for c in "ABCDE"]})
    picks = [
        entry(rule).sample_inputs(rule.params, strength=0.5, good=False, rng=FixedRandom(r=r), general_information={})
        for r in (0.0, 0.3, 0.9)
    ]
    assert picks == [{"choice": "B"}, {"choice": "C"}, {"choice": "E"}]


def test_a_tiered_rule_of_one_option_draws_that_option():
    rule = scoring.Rule("tiered", {"options": [{"code": "A", "points": 0}]})
    assert entry(rule).sample_inputs(rule.params, strength=0.5, good=False, rng=FixedRandom(r=0.9), general_information={}) == {
        "choice": "A"
    }


def test_a_ratio_share_is_capped_at_the_whole():
    figures = entry(RATIO).sample_inputs(RATIO.params, strength=1.0, good=True, rng=FixedRandom(u=1.0), general_information={})
    assert figures == {"numerator": "1000", "denominator": "1000"}


def test_a_count_threshold_defaults_to_10_for_the_demo():
    assert entry(COUNT).sample_inputs({}, strength=0.5, good=True, rng=FixedRandom(), general_information={}) == {"count": "10"}


@pytest.mark.parametrize(("strength", "u", "value"), [(0.5, 1.0, "55,0"), (0.5, 0.0, "30,0"), (1.0, 1.0, "100,0")])
def test_a_percentage_is_drawn_around_the_strength_and_capped_at_100(strength, u, value):
    figures = entry(PERCENT).sample_inputs(PERCENT.params, strength=strength, good=True, rng=FixedRandom(u=u), general_information={})
    assert figures == {"value": value}


# -- the framework's own texts in the page's language ------------------------------------------
# A page in English lends a `content` that reads the "_en" texts; the engine asks it for every
# text of a rule's parameters and never reads "label_vi" & co. itself.

EN = scoring.Wording(
    translate=lambda s: "T:" + s, points=lambda v: f"P{v}", number=lambda v: f"N{v}",
    content=lambda item, key: item.get(f"{key}_en") or item.get(f"{key}_vi"),
)
TIERED_EN = {"options": [
    {"code": "A", "label_vi": "Bí thư hoặc Chủ tịch", "label_en": "Secretary or chairman", "points": "10"},
    {"code": "B", "label_vi": "Phó Chủ tịch", "points": "5"},
]}
RATIO_EN = {**RATIO.params, "numerator_en": "Online applications", "denominator_en": "All applications"}


def test_the_default_wording_reads_the_vietnamese_text():
    assert scoring.Wording().content({"label_vi": "Khác", "label_en": "Other"}, "label") == "Khác"


def test_tier_options_take_the_pages_text_and_fall_back_where_the_file_gives_none():
    (spec,) = entry(TIERED).input_specs(TIERED_EN, EN)
    assert spec.options == (("A", "Secretary or chairman"), ("B", "Phó Chủ tịch"))


def test_the_tier_rule_in_words_takes_the_pages_text():
    assert entry(TIERED).rule_text(TIERED_EN, D(10), EN) == "T:Theo mức — Secretary or chairman: P10; Phó Chủ tịch: P5 điểm."


def test_the_chosen_tier_in_words_takes_the_pages_text():
    assert entry(TIERED).inputs_text(TIERED_EN, {"choice": "A"}, EN) == "Secretary or chairman"


def test_the_chosen_tier_described_takes_the_pages_text():
    assert entry(TIERED).describe(TIERED_EN, {"choice": "A"}, EN) == [("T:Mức", "Secretary or chairman")]


def test_ratio_fields_take_the_pages_numerator_and_denominator():
    specs = entry(RATIO).input_specs(RATIO_EN, EN)
    assert [s.label for s in specs] == ["Online applications", "All applications"]


def test_the_ratio_rule_in_words_takes_the_pages_numerator_and_denominator():
    assert entry(RATIO).rule_text(RATIO_EN, D(20), EN).startswith("T:Điểm = (Online applications ÷ All applications)")


def test_the_ratio_described_takes_the_pages_numerator_and_denominator():
    described = entry(RATIO).describe(RATIO_EN, {"numerator": "8", "denominator": "10"}, EN)
    assert described == [("Online applications", "N8"), ("All applications", "N10")]


def test_a_count_asks_the_page_for_its_unit():
    asked = []
    wording = scoring.Wording(content=lambda item, key: asked.append(key) or "units")
    count = entry(COUNT)
    texts = (count.input_specs(COUNT.params, wording)[0].label, count.rule_text(COUNT.params, D(8), wording),
             count.inputs_text(COUNT.params, {"count": 3}, wording), count.describe(COUNT.params, {"count": 3}, wording))
    assert asked == ["unit"] * 4 and all("units" in str(t) for t in texts)


def test_a_percentage_asks_the_page_for_its_label():
    wording = scoring.Wording(content=lambda item, key: f"<{key}>")
    assert entry(PERCENT).input_specs(PERCENT.params, wording)[0].label == "<label>"
    assert entry(PERCENT).rule_text(PERCENT.params, D(5), wording).startswith("Điểm = <label> ÷")
    assert entry(PERCENT).describe(PERCENT.params, {"value": "85"}, wording)[0][0] == "<label>"
