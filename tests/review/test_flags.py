"""Flags are pure functions: no database."""

from decimal import Decimal as D

from review import flags


def test_ratio_is_measured_as_the_ratio():
    assert flags.measure("ratio", {"numerator": "30", "denominator": "40"}) == D("0.75")


def test_ratio_without_denominator_has_no_measure():
    assert flags.measure("ratio", {"numerator": "30", "denominator": "0"}) is None


def test_yes_no_is_measured_by_its_points():
    assert flags.measure("yes_no", {"answer": True}, D("10")) == D("10")


def test_count_and_percentage_are_measured_by_their_value():
    assert flags.measure("count_threshold", {"count": 7}) == D(7)
    assert flags.measure("percentage", {"value": "92.5"}) == D("92.5")


def test_a_change_beyond_the_threshold_is_a_jump():
    assert flags.jump(D("16"), D("10"), 0.5) is True


def test_a_change_within_the_threshold_is_not_a_jump():
    assert flags.jump(D("14"), D("10"), 0.5) is False
    assert flags.jump(D("15"), D("10"), 0.5) is False  # exactly 50 % is not beyond


def test_a_fall_is_a_jump_too():
    assert flags.jump(D("4"), D("10"), 0.5) is True


def test_from_zero_to_something_is_a_jump():
    assert flags.jump(D("1"), D("0"), 0.5) is True
    assert flags.jump(D("0"), D("0"), 0.5) is False


def test_missing_values_never_jump():
    assert flags.jump(None, D("10"), 0.5) is False
    assert flags.jump(D("10"), None, 0.5) is False


def test_quartiles_interpolate_between_ranks():
    assert flags.quartiles([D(1), D(2), D(3), D(4), D(5)]) == (D(2), D(4))
    assert flags.quartiles([D(1), D(2), D(3), D(4)]) == (D("1.75"), D("3.25"))


def test_fences_need_at_least_four_values():
    assert flags.fences([D(1), D(2), D(3)]) is None


def test_a_value_outside_the_fences_is_an_outlier():
    values = {"a": D("0.50"), "b": D("0.52"), "c": D("0.55"), "d": D("0.53"), "e": D("0.51"), "f": D("0.99")}
    assert flags.outliers(values) == {"f"}


def test_low_outliers_are_found_too():
    values = {k: D(v) for k, v in {"a": "50", "b": "52", "c": "51", "d": "53", "e": "2"}.items()}
    assert flags.outliers(values) == {"e"}


def test_missing_values_are_ignored_by_the_fences():
    assert flags.outliers({"a": D(1), "b": None, "c": D(1), "d": D(1)}) == set()


def test_the_fence_factor_is_configurable():
    values = {"a": D(10), "b": D(11), "c": D(12), "d": D(13), "e": D(16)}
    assert flags.outliers(values, k=1.5) == set()
    assert flags.outliers(values, k=0.5) == {"e"}


def test_required_evidence_missing_is_flagged():
    assert flags.missing_evidence("required", 0) is True
    assert flags.missing_evidence("required", 1) is False
    assert flags.missing_evidence("optional", 0) is False


def test_a_file_cited_by_other_values_counts_the_other_places():
    assert flags.shared_files([(1, "h")], {"h": 3}) == {1: {"h": 2}}


def test_a_file_cited_twice_by_its_own_value_only_is_not_shared():
    assert flags.shared_files([(1, "h"), (1, "h")], {"h": 1}) == {}


def test_different_files_are_not_shared():
    assert flags.shared_files([(1, "h1"), (2, "h2")], {"h1": 1, "h2": 1}) == {}


def test_each_file_of_a_value_is_counted_apart():
    assert flags.shared_files([(1, "h1"), (1, "h2")], {"h1": 2, "h2": 501}) == {1: {"h1": 1, "h2": 500}}


def test_a_file_without_a_content_hash_is_never_shared():
    assert flags.shared_files([(1, "")], {"": 9}) == {}


def test_a_file_the_database_did_not_count_is_not_shared():
    assert flags.shared_files([(1, "h")], {}) == {}


def test_a_ratio_over_general_information_is_measured_with_the_figure():
    params = {"numerator_vi": "a", "denominator_vi": "b", "denominator_from": "TT.1"}
    assert flags.measure("ratio", {"numerator": "30"}, params=params, general_information={"TT.1": D(120)}) == D("0.25")
    assert flags.measure("ratio", {"numerator": "30"}, params=params) is None


def test_the_mean_of_predecessors_ignores_missing_measures():
    assert flags.mean([D("0.2"), None, D("0.4")]) == D("0.3")


def test_no_measure_at_all_has_no_mean():
    assert flags.mean([None, None]) is None
