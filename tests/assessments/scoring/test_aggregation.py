"""Aggregation: main indices, pillars, DTI, mergers, checked against published figures. No database."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assessments import scoring
from assessments.scoring import (
    round4,
)
from tests.assessments.scoring.examples import (
    SCORED_922,
    STRUCTURE_922,
    STRUCTURE_1726,
    published_rows,
)

D = Decimal


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


# -- where nothing can be said (None) and the details that decide it ---------------------------

def two_pillars() -> scoring.FrameworkStructure:
    # Built when a test runs (not at import), so the builder itself is under test.
    return scoring.build_structure(
        aggregation=scoring.AGGREGATION_WEIGHTED_PILLARS,
        total_points=D(20),
        main_indices=[("a", D(10), ["CQS"]), ("b", D(10), ["KTS"]), ("c", D(0), ["KTS"])],
        pillars=[("CQS", D("0.4")), ("KTS", D("0.6"))],
    )


def test_the_builder_keeps_order_tags_and_weights():
    assert two_pillars() == scoring.FrameworkStructure(
        aggregation="weighted_pillars",
        total_points=D(20),
        main_indices=(
            scoring.MainIndexDef("a", D(10), ("CQS",)),
            scoring.MainIndexDef("b", D(10), ("KTS",)),
            scoring.MainIndexDef("c", D(0), ("KTS",)),
        ),
        pillars=(scoring.PillarDef("CQS", D("0.4")), scoring.PillarDef("KTS", D("0.6"))),
    )


def test_weighted_pillars_follow_their_weights_not_the_points():
    result = scoring.unit_result_from_points(two_pillars(), {"a": D(10), "b": D(0)})
    assert (result.dti, result.points) == (D("0.4"), D(10))


def test_an_unscored_main_index_is_no_member_of_its_pillar():
    structure = two_pillars()
    assert structure.members("KTS") == (structure.main_indices[1],)


def test_a_pillar_value_is_none_when_one_member_has_no_value():
    assert scoring.pillar_values(two_pillars(), {"a": D(1)}) == {"CQS": D(1), "KTS": None}


def test_a_pillar_without_scored_members_has_no_value():
    empty = scoring.build_structure(
        aggregation="weighted_pillars", total_points=D(0), main_indices=[("c", D(0), ["KTS"])], pillars=[("KTS", D(1))]
    )
    assert (scoring.pillar_values(empty, {}), scoring.pillar_values_from_points(empty, {})) == ({"KTS": None}, {"KTS": None})


def test_a_pillar_from_points_counts_a_missing_main_index_as_zero():
    assert scoring.pillar_values_from_points(two_pillars(), {"a": D(5)}) == {"CQS": D("0.5"), "KTS": D(0)}


def test_dti_from_pillars_is_none_when_a_pillar_has_no_value():
    assert scoring.dti_from_pillar_values(two_pillars(), {"CQS": D(1)}) is None


def test_dti_from_pillars_is_none_when_a_weight_is_missing():
    unweighted = scoring.build_structure(
        aggregation="weighted_pillars", total_points=D(10), main_indices=[("a", D(10), ["CQS"])], pillars=[("CQS", None)]
    )
    assert scoring.dti_from_pillar_values(unweighted, {"CQS": D(1)}) is None


def test_dti_from_pillars_is_none_without_pillars():
    bare = scoring.build_structure(aggregation="weighted_pillars", total_points=D(10), main_indices=[("a", D(10), [])])
    assert scoring.dti_from_pillar_values(bare, {}) is None


def test_an_unknown_aggregation_is_refused_by_name():
    odd = scoring.build_structure(aggregation="median", total_points=D(10), main_indices=[("a", D(10), [])])
    with pytest.raises(ValueError, match="median"):
        scoring.dti_from_main_values(odd, {"a": D(1)})


def test_a_unit_result_carries_its_unit_and_main_values():
    result = scoring.unit_result_from_points(two_pillars(), {"a": D(10), "b": D(5)}, unit="48")
    assert (result.unit, result.main_indices) == ("48", {"a": D(1), "b": D("0.5"), "c": None})


def test_a_unit_result_is_for_no_unit_unless_named():
    assert scoring.unit_result_from_points(two_pillars(), {}).unit == ""


def test_total_points_ignore_points_of_unscored_main_indices():
    assert scoring.unit_result_from_points(two_pillars(), {"a": D(10), "c": D(3)}).points == D(10)


def test_a_result_from_main_values_drops_values_of_unscored_main_indices():
    result = scoring.unit_result_from_main_values(two_pillars(), {"a": D(1), "b": D(0), "c": D(1)}, unit="48")
    assert (result.unit, result.main_indices, result.dti) == ("48", {"a": D(1), "b": D(0), "c": None}, D("0.4"))


def test_a_published_result_from_main_values_derives_pillars_and_dti():
    result = scoring.unit_result_from_published(two_pillars(), unit="48", main_index_values={"a": D(1), "b": D(0)})
    assert result == scoring.UnitResult(
        unit="48", dti=D("0.4"), pillars={"CQS": D(1), "KTS": D(0)}, main_indices={"a": D(1), "b": D(0), "c": None}
    )


def test_published_pillars_win_over_derived_ones_and_give_the_dti_when_main_values_cannot():
    result = scoring.unit_result_from_published(
        two_pillars(), main_index_values={"a": D(1)}, pillar_values={"KTS": D("0.5"), "CQS": None}
    )
    assert (result.pillars, result.dti) == ({"CQS": D(1), "KTS": D("0.5")}, D("0.7"))


def test_a_published_result_with_nothing_is_none_everywhere():
    assert scoring.unit_result_from_published(two_pillars()) == scoring.UnitResult(unit="", dti=None)


def test_published_pillars_with_a_gap_give_no_dti():
    assert scoring.unit_result_from_published(two_pillars(), pillar_values={"CQS": D(1)}).dti is None


def test_a_merged_unit_is_named_and_aggregated():
    merged = scoring.merged_unit_result(two_pillars(), [{"a": D(1), "b": D(0)}, {"a": D(0), "b": D(1)}], unit="2025-48")
    assert (merged.unit, merged.dti, merged.main_indices["a"]) == ("2025-48", D("0.5"), D("0.5"))


def test_a_merged_main_index_no_predecessor_has_stays_none():
    assert scoring.merge_main_index_values([{"a": None}, {"a": None, "b": D(1)}]) == {"a": None, "b": D(1)}


def test_sum_points_of_nothing_is_zero():
    assert scoring.sum_points([]) == D(0)


def test_a_pillar_without_value_does_not_stop_the_next_ones():
    assert scoring.pillar_values(two_pillars(), {"b": D(0)}) == {"CQS": None, "KTS": D(0)}


def test_sum_of_no_points_is_a_decimal_zero():
    assert scoring.format_decimal(scoring.sum_points([])) == "0"


def test_a_published_result_from_main_values_alone_derives_the_dti_by_the_frameworks_formula():
    values = {code: D("0.5") for code in SCORED_922}
    assert scoring.unit_result_from_published(STRUCTURE_922, main_index_values=values).dti == D("0.5")


def test_results_from_main_values_and_mergers_are_for_no_unit_unless_named():
    structure = two_pillars()
    assert (
        scoring.unit_result_from_main_values(structure, {}).unit,
        scoring.merged_unit_result(structure, [{}]).unit,
    ) == ("", "")
