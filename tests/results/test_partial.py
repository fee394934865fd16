"""results.partial by example: possible ranks, holes between official ranks, placement."""

from __future__ import annotations

from decimal import Decimal as D

from results.partial import RankRange, moved_range, place, rank_gaps, rank_range

RANKED = [(1, D("0.81")), (2, D("0.79")), (4, D("0.76")), (20, D("0.60"))]


def test_a_value_between_two_official_ranks_can_take_the_ranks_between():
    assert rank_range(D("0.70"), RANKED, 63) == RankRange(5, 19)


def test_a_value_below_every_official_rank_can_fall_to_the_last_rank():
    assert rank_range(D("0.50"), RANKED, 63) == RankRange(21, 63)


def test_a_value_above_every_official_rank_can_take_the_ranks_above_them():
    # Its own place counts in the 3 of the best ranked unit: it is 1st or 2nd.
    assert rank_range(D("0.90"), [(3, D("0.81")), (8, D("0.70"))], 63) == RankRange(1, 2)


def test_a_value_above_the_official_first_contradicts_it():
    assert rank_range(D("0.90"), RANKED, 63) is None


def test_a_value_equal_on_four_decimals_shares_the_rank():
    assert rank_range(D("0.76004"), RANKED, 63) == RankRange(4, 4)


def test_figures_that_contradict_each_other_place_nothing():
    assert rank_range(D("0.70"), [(10, D("0.80")), (5, D("0.60"))], 63) is None


def test_without_a_ranked_value_a_unit_can_have_any_rank():
    assert rank_range(D("0.70"), [], 34) == RankRange(1, 34)


def test_a_range_reads_as_one_rank_when_exact():
    assert (str(RankRange(5, 19)), str(RankRange(4, 4))) == ("5–19", "4")


def test_holes_run_between_official_ranks_and_to_the_group_end():
    assert rank_gaps([1, 2, 3, 4, 5, 17], 34) == [(6, 16), (18, 34)]


def test_a_tie_takes_the_ranks_it_skips():
    assert rank_gaps([14, 15, 15, 17], 17) == [(1, 13)]


def test_a_full_ranking_has_no_hole():
    assert rank_gaps(range(1, 11), 10) == []


def test_a_better_what_if_dti_never_loses_the_old_rank():
    others = [(1, D("0.81")), (2, D("0.79")), (4, D("0.76"))]
    assert moved_range(D("0.64"), others, 63, old_rank=20, old_value=D("0.60")) == RankRange(5, 20)


def test_a_what_if_dti_that_passes_a_ranked_unit_takes_at_most_its_rank():
    # Rank 20 rising above the 0.76 of rank 4: the 4th is pushed to 5th, the unit is 3rd or 4th.
    others = [(1, D("0.81")), (2, D("0.79")), (4, D("0.76"))]
    assert moved_range(D("0.77"), others, 63, old_rank=20, old_value=D("0.60")) == RankRange(3, 4)


def test_placement_puts_a_range_at_its_best_rank_among_the_ranked_units():
    items = [("a", 1, D("0.8"), "A"), ("b", 5, D("0.75"), "B"), ("x", None, D("0.76"), "X"), ("c", 17, D("0.7"), "C")]
    placed = place(items, 34)
    assert placed.order == ["a", "x", "b", "c"]
    assert placed.ranges == {"x": RankRange(2, 4)}  # above the 5th: its place is in that 5


def test_placement_reports_each_hole_before_the_unit_after_it_and_the_last_one_apart():
    placed = place([("a", 1, None, "A"), ("b", 5, None, "B")], 10)
    assert (placed.gaps_before, placed.trailing_gap) == ({"b": (2, 4)}, (6, 10))


def test_placement_without_any_official_rank_keeps_name_order_and_claims_no_rank():
    placed = place([("h", None, D("0.7"), "Huế"), ("a", None, D("0.6"), "An Giang")], 34)
    assert (placed.order, placed.ranges, placed.gaps_before, placed.trailing_gap) == (["a", "h"], {}, {}, None)


def test_placement_puts_units_with_neither_rank_nor_value_last():
    placed = place([("n", None, None, "A"), ("b", 2, D("0.5"), "B")], 2)
    assert placed.order == ["b", "n"]
