"""Standard competition ranking on 4-decimal values. No database."""

from __future__ import annotations

from decimal import Decimal

from assessments.ranking import UnitRanks, competition_ranks, rank_change, rank_unit_results
from assessments.scoring import UnitResult
from tests.assessments.scoring.examples import published_rows

D = Decimal


def test_it_ranks_higher_values_first():
    assert competition_ranks({"a": D("0.5"), "b": D("0.9"), "c": D("0.7")}) == {"b": 1, "c": 2, "a": 3}


def test_ties_share_a_rank_and_the_next_rank_is_skipped():
    ranks = competition_ranks({"a": D("0.9"), "b": D("0.8"), "c": D("0.8"), "d": D("0.7")})
    assert ranks == {"a": 1, "b": 2, "c": 2, "d": 4}


def test_values_equal_at_four_decimals_tie():
    ranks = competition_ranks({"a": D("0.65214"), "b": D("0.65206"), "c": D("0.6521")})
    assert ranks == {"a": 1, "b": 1, "c": 1}


def test_rounding_half_up_decides_ties():
    # 0.65205 rounds up to 0.6521 and so ties; 0.652049 rounds to 0.6520.
    ranks = competition_ranks({"a": D("0.6521"), "b": D("0.65205"), "c": D("0.652049")})
    assert ranks == {"a": 1, "b": 1, "c": 3}


def test_tied_entries_are_ordered_by_key():
    ranks = competition_ranks({"zeta": D("0.5"), "alpha": D("0.5"), "mu": D("0.5")})
    assert list(ranks) == ["alpha", "mu", "zeta"]
    assert set(ranks.values()) == {1}


def test_units_without_a_value_are_unranked_and_last():
    ranks = competition_ranks({"b": None, "a": D("0.1"), "c": D("0.2")})
    assert list(ranks.items()) == [("c", 1), ("a", 2), ("b", None)]


def test_2022_tie_gives_thanh_hoa_and_yen_bai_15th_then_hau_giang_17th():
    rows = [r for r in published_rows() if r["year"] == "2022" and int(r["rank"]) <= 17]
    # Synthetic values that fall with the published rank; Thanh Hóa and Yên
    # Bái differ only beyond the 4th decimal (both show 0.6521).
    values = {r["unit"]: D("0.9") - D("0.01") * int(r["rank"]) for r in rows}
    values["Thanh Hóa"] = D("0.65214")
    values["Yên Bái"] = D("0.65206")
    values["Hậu Giang"] = D("0.6519")
    ranks = competition_ranks(values)
    assert ranks == {r["unit"]: int(r["rank"]) for r in rows}
    assert [ranks["Thanh Hóa"], ranks["Yên Bái"], ranks["Hậu Giang"]] == [15, 15, 17]


def test_rank_unit_results_ranks_dti_pillars_and_main_indices():
    results = [
        UnitResult("A", D("0.70"), {"CQS": D("0.6")}, {"nts": D("0.9"), "dtm": None}),
        UnitResult("B", D("0.80"), {"CQS": D("0.6")}, {"nts": D("0.5"), "dtm": None}),
        UnitResult("C", None, {"CQS": None}, {"nts": D("0.7"), "dtm": None}),
    ]
    ranks = rank_unit_results(results)
    assert list(ranks) == ["B", "A", "C"]
    assert ranks["A"] == UnitRanks("A", 2, {"CQS": 1}, {"nts": 1, "dtm": None})
    assert ranks["B"] == UnitRanks("B", 1, {"CQS": 1}, {"nts": 3, "dtm": None})
    assert ranks["C"] == UnitRanks("C", None, {"CQS": None}, {"nts": 2, "dtm": None})


def test_rank_change_is_positive_when_moving_up():
    # Sóc Trăng: 57th (2020), 56th (2021), 36th (2022).
    assert rank_change(56, 36) == 20
    assert rank_change(57, 36) == 21


def test_rank_change_is_negative_when_moving_down():
    assert rank_change(3, 5) == -2


def test_rank_change_is_none_without_both_ranks():
    assert rank_change(None, 5) is None
    assert rank_change(5, None) is None
