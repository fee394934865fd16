"""Inputs a rule takes from the unit's general information, as the reviewer's pages show and
compare them. No database. The marked wording as in test_display ("T:" translated, "N" typed
numbers)."""

from __future__ import annotations

from decimal import Decimal

from assessments import scoring
from assessments.scoring.rules import GeneralInformation
from tests.assessments.scoring.examples import PERCENT, RATIO, RATIO_FROM_GI, YES_NO

D = Decimal
W = scoring.Wording(translate=lambda s: "T:" + s, points=lambda v: f"P{v}", number=lambda v: f"N{v}")
POPULATION = GeneralInformation({"TT.1": D("549600.00")}, names={"TT.1": "Dân số"})


def entry(rule):
    return scoring.entry(rule.type)


def test_a_denominator_from_general_information_is_described_with_its_figure_and_source():
    [_numerator, (label, text)] = entry(RATIO_FROM_GI).describe(RATIO_FROM_GI.params, {"numerator": "400"}, W, POPULATION)
    assert (label, text) == (RATIO.params["denominator_vi"], "N549600.00 (T:Thông tin chung: Dân số (TT.1))")


def test_a_missing_general_information_figure_is_described_as_not_entered_with_its_source():
    empty = GeneralInformation({"TT.1": None}, names={"TT.1": "Dân số"})
    [_numerator, (_label, text)] = entry(RATIO_FROM_GI).describe(RATIO_FROM_GI.params, {"numerator": "400"}, W, empty)
    assert text == "T:Chưa nhập (T:Thông tin chung: Dân số (TT.1))"


def test_plain_general_information_values_describe_the_source_by_its_code():
    [_numerator, (_label, text)] = entry(RATIO_FROM_GI).describe(RATIO_FROM_GI.params, {"numerator": "4"}, W, {"TT.1": "10"})
    assert text == "N10 (T:Thông tin chung: TT.1)"


def test_without_general_information_the_description_is_as_before():
    assert entry(RATIO_FROM_GI).describe(RATIO_FROM_GI.params, {"numerator": "400"}, W)[1][1] == "—"


def test_a_typed_denominator_ignores_general_information():
    [_n, (_label, text)] = entry(RATIO).describe(RATIO.params, {"numerator": "4", "denominator": "8"}, W, POPULATION)
    assert text == "N8"


def test_other_rule_types_accept_general_information_and_ignore_it():
    assert entry(YES_NO).describe({}, {"answer": True}, W, POPULATION) == entry(YES_NO).describe({}, {"answer": True}, W)
    assert entry(PERCENT).measure({"value": "85"}, D(1), params=PERCENT.params, general_information=POPULATION) == D(85)


def test_a_ratio_over_general_information_is_measured_with_the_units_figure():
    measure = entry(RATIO_FROM_GI).measure({"numerator": "137400"}, D(5), params=RATIO_FROM_GI.params, general_information=POPULATION)
    assert measure == D("0.25")


def test_a_ratio_over_general_information_has_no_measure_without_the_figure():
    assert entry(RATIO_FROM_GI).measure({"numerator": "4"}, D(5), params=RATIO_FROM_GI.params) is None
    assert entry(RATIO_FROM_GI).measure({"numerator": "4"}, D(5), params=RATIO_FROM_GI.params, general_information={"TT.1": "0"}) is None


def test_general_information_is_what_clean_reads_too():
    cleaned, errors = scoring.clean_inputs(RATIO_FROM_GI, {"numerator": "137400"}, general_information=POPULATION)
    assert (cleaned, errors) == ({"numerator": D("137400"), "denominator": D("549600.00")}, {})


def test_an_item_without_a_name_has_an_empty_name():
    assert GeneralInformation({"TT.1": D("1")}).name("TT.1") == ""


def test_an_item_without_a_name_is_described_by_its_code():
    unnamed = GeneralInformation({"TT.1": D("549600.00")})
    [_numerator, (_label, text)] = entry(RATIO_FROM_GI).describe(RATIO_FROM_GI.params, {"numerator": "400"}, W, unnamed)
    assert text == "N549600.00 (T:Thông tin chung: TT.1)"
