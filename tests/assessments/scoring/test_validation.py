"""Validation rules in the engine: pure, no database. One test per operator and severity."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assessments.scoring import validation as v

D = Decimal


def rule(left="gi.TT.2", op="<=", right="gi.TT.1", severity=v.SEVERITY_ERROR):
    lhs, problem = v.parse_expression(left)
    assert problem is None
    rhs, problem = v.parse_expression(right)
    assert problem is None
    return v.ValidationRule(code="R", left=lhs, operator=op, right=rhs, severity=severity, message_vi="m")


@pytest.mark.parametrize(
    ("op", "holds", "breaks"),
    [
        ("<=", ("5", "5"), ("6", "5")),
        ("<", ("4", "5"), ("5", "5")),
        (">=", ("5", "5"), ("4", "5")),
        (">", ("6", "5"), ("5", "5")),
        ("==", ("5", "5"), ("4", "5")),
        ("!=", ("4", "5"), ("5", "5")),
    ],
)
def test_each_operator_holds_on_one_side_of_its_boundary_and_breaks_on_the_other(op, holds, breaks):
    r = rule(op=op)
    assert v.evaluate([r], {"gi.TT.2": D(holds[0]), "gi.TT.1": D(holds[1])}) == []
    assert v.evaluate([r], {"gi.TT.2": D(breaks[0]), "gi.TT.1": D(breaks[1])}) == [
        v.Violation(rule=r, left=D(breaks[0]), right=D(breaks[1]))
    ]


@pytest.mark.parametrize("severity", v.SEVERITIES)
def test_a_violation_carries_its_rule_severity(severity):
    r = rule(severity=severity)
    [violation] = v.evaluate([r], {"gi.TT.2": D("889400"), "gi.TT.1": D("549600")})
    assert violation.rule.severity == severity
    assert violation.rule.is_error is (severity == v.SEVERITY_ERROR)


def test_a_rule_with_an_operand_not_entered_is_skipped():
    r = rule()
    assert v.evaluate([r], {"gi.TT.2": D("889400"), "gi.TT.1": None}) == []
    assert v.evaluate([r], {"gi.TT.2": D("889400")}) == []


def test_sides_are_sums_of_references_and_numbers():
    r = rule(left="1.2.numerator + 1.3.numerator", op="<=", right="gi.TT.6 + gi.TT.8 + 2")
    values = {"1.2.numerator": D("30"), "1.3.numerator": D("15"), "gi.TT.6": D("20"), "gi.TT.8": D("22")}
    assert v.evaluate([r], values) == [v.Violation(rule=r, left=D("45"), right=D("44"))]
    assert v.evaluate([r], {**values, "gi.TT.8": D("23")}) == []


def test_a_denominator_must_be_above_zero():
    r = rule(left="gi.TT.1", op=">", right="0")
    assert [x.left for x in v.evaluate([r], {"gi.TT.1": D("0")})] == [D("0")]
    assert v.evaluate([r], {"gi.TT.1": D("1")}) == []


def test_violations_come_in_the_rules_order():
    first, second = rule(op="<"), rule(op="!=")
    found = v.evaluate([first, second], {"gi.TT.2": D("5"), "gi.TT.1": D("5")})
    assert [x.rule for x in found] == [first, second]


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("", "phải là biểu thức"),
        (True, "không phải đúng/sai"),
        ("gi.TT.1 +", "số hạng rỗng"),
        ("gi.TT.1 - 3", "không phải là số"),
        ("population", "không phải là số"),
        (" + ".join(["1"] * 21), "tối đa 20 số hạng"),
        ("1" * 40, "vượt giới hạn"),
    ],
)
def test_a_malformed_expression_is_refused_with_why(raw, problem):
    terms, found = v.parse_expression(raw)
    assert terms == ()
    assert problem in found


def test_an_expression_may_be_a_bare_number():
    assert v.parse_expression(0) == ((v.Term(number=D("0")),), None)


def test_references_split_into_owner_and_field():
    assert v.split_reference("gi.TT.1") == ("gi", "TT.1")
    assert v.split_reference("1.2.numerator") == ("1.2", "numerator")


def test_numeric_fields_are_the_typed_numbers_and_a_denominator_from_general_information():
    assert v.numeric_fields("ratio", {"numerator_vi": "a", "denominator_vi": "b"}) == {"numerator", "denominator"}
    assert v.numeric_fields("ratio", {"numerator_vi": "a", "denominator_vi": "b", "denominator_from": "TT.1"}) == {
        "numerator",
        "denominator",
    }
    assert v.numeric_fields("count_threshold", {"threshold": 3, "unit_vi": "x"}) == {"count"}
    assert v.numeric_fields("yes_no", {}) == frozenset()


def test_the_stored_form_reads_back_as_the_same_rule():
    r = rule(left="1.2.numerator + 3", op="!=", right="gi.TT.1", severity=v.SEVERITY_WARNING)
    assert v.rule_from_json(v.rule_to_json(r)) == r


# -- boundaries and exact wording (each pins what `make mutation` would otherwise let change) --

EXPRESSION_WANTED = 'phải là biểu thức (ví dụ "gi.TT.1" hoặc "1.2.numerator + 3")'
NOT_A_TERM = "không phải là số, 'gi.MÃ' hay 'MÃ_CHỈ_SỐ.trường'"


@pytest.mark.parametrize("raw", ["", "   ", None, ["gi.TT.1"]])
def test_an_empty_or_non_text_expression_asks_for_an_expression_in_these_words(raw):
    assert v.parse_expression(raw) == ((), EXPRESSION_WANTED)


def test_a_yes_no_value_is_refused_as_an_expression_in_these_words():
    assert v.parse_expression(False) == ((), EXPRESSION_WANTED + ", không phải đúng/sai")


def test_a_decimal_is_read_as_a_bare_number():
    assert v.parse_expression(D("12.5")) == ((v.Term(number=D("12.5")),), None)


def test_twenty_terms_are_allowed_and_twenty_one_are_refused_in_these_words():
    assert v.parse_expression(" + ".join(["1"] * 20)) == (tuple(v.Term(number=D("1")) for _ in range(20)), None)
    assert v.parse_expression(" + ".join(["1"] * 21)) == ((), "tối đa 20 số hạng")


def test_an_empty_term_is_refused_quoting_the_first_80_characters_of_the_expression():
    raw = "gi.TT.1 + + " + "x" * 100
    assert v.parse_expression(raw) == ((), f"số hạng rỗng trong '{raw[:80]}'")


def test_a_number_out_of_bounds_is_refused_quoting_its_first_40_digits():
    assert v.parse_expression("1" * 41) == ((), f"số '{'1' * 40}' vượt giới hạn")


@pytest.mark.parametrize("term", ["TT1", ".TT1", "TT1.", "gi. TT1", "-3"])
def test_a_term_neither_number_nor_dotted_reference_is_refused_in_these_words(term):
    assert v.parse_expression(f"gi.TT.1 + {term}") == ((), f"số hạng '{term}' {NOT_A_TERM}")


def test_a_refused_term_is_quoted_by_its_first_40_characters():
    assert v.parse_expression("a" * 41) == ((), f"số hạng '{'a' * 40}' {NOT_A_TERM}")


def test_terms_are_read_in_order_as_references_and_numbers():
    assert v.parse_expression(" gi.TT.1 + 1.2.numerator + 12.50 ") == (
        (v.Term(ref="gi.TT.1"), v.Term(ref="1.2.numerator"), v.Term(number=D("12.50"))),
        None,
    )


def test_an_expression_is_written_back_with_plain_numbers_joined_by_plus():
    r = rule(left="1.2.numerator + 12.50 + gi.TT.6", op=">=", right="0")
    assert r.expression() == "1.2.numerator + 12.5 + gi.TT.6 >= 0"


def test_a_rule_and_its_violation_name_the_references_it_reads_not_its_numbers():
    r = rule(left="1.2.numerator + 3", op="<=", right="gi.TT.1 + 1.2.numerator")
    assert r.references == {"1.2.numerator", "gi.TT.1"}
    [violation] = v.evaluate([r], {"1.2.numerator": D("5"), "gi.TT.1": D("1")})
    assert violation.references == {"1.2.numerator", "gi.TT.1"}


def test_a_side_with_any_term_not_entered_skips_the_rule_whichever_side_it_is():
    r = rule(left="gi.TT.2 + gi.TT.3", op="<=", right="gi.TT.1")
    assert v.evaluate([r], {"gi.TT.2": D("9"), "gi.TT.1": D("1")}) == []
    assert v.evaluate([r], {"gi.TT.3": D("9"), "gi.TT.1": D("1")}) == []
    assert v.evaluate([r], {"gi.TT.2": None, "gi.TT.3": D("9"), "gi.TT.1": D("1")}) == []
    assert v.evaluate([rule(op="<=")], {"gi.TT.1": D("1")}) == []


def test_a_skipped_rule_does_not_stop_the_rules_after_it():
    skipped, broken = rule(left="gi.TT.9"), rule()
    assert v.evaluate([skipped, broken], {"gi.TT.2": D("2"), "gi.TT.1": D("1")}) == [
        v.Violation(rule=broken, left=D("2"), right=D("1"))
    ]


def test_a_violation_carries_both_sums():
    r = rule(left="gi.TT.2 + 4", op="==", right="gi.TT.1 + 1")
    assert v.evaluate([r], {"gi.TT.2": D("3"), "gi.TT.1": D("10")}) == [v.Violation(rule=r, left=D("7"), right=D("11"))]


def test_a_reference_to_an_indicator_splits_at_its_last_dot():
    assert v.split_reference("2.10.1.denominator") == ("2.10.1", "denominator")
    assert v.split_reference("gi.TT.10") == ("gi", "TT.10")


def test_the_stored_form_writes_each_field_under_its_name():
    r = v.ValidationRule(
        code="GI-1",
        left=(v.Term(ref="gi.TT.2"),),
        operator="<=",
        right=(v.Term(ref="gi.TT.1"), v.Term(number=D("1.50"))),
        severity=v.SEVERITY_WARNING,
        message_vi="Cán bộ không vượt dân số",
        message_en="Officials at most the population",
    )
    assert v.rule_to_json(r) == {
        "code": "GI-1",
        "left": "gi.TT.2",
        "operator": "<=",
        "right": "gi.TT.1 + 1.5",
        "severity": "warning",
        "message_vi": "Cán bộ không vượt dân số",
        "message_en": "Officials at most the population",
    }
    assert v.rule_from_json(v.rule_to_json(r)) == r


def test_a_stored_rule_missing_its_fields_reads_as_an_empty_error_rule_for_equality():
    assert v.rule_from_json({}) == v.ValidationRule(
        code="", left=(), operator="==", right=(), severity=v.SEVERITY_ERROR, message_vi="", message_en=""
    )
