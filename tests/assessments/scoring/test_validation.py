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
