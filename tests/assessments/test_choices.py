"""The engine's names are the database's choices: written once, in the engine. No database."""

from __future__ import annotations

from assessments import scoring
from assessments.models import Aggregation, EvidenceRequirement, Level, RuleType


def test_every_rule_type_is_a_choice_and_nothing_else():
    assert RuleType.values == list(scoring.RULE_TYPES)


def test_every_level_is_a_choice_and_nothing_else():
    assert Level.values == list(scoring.LEVELS)


def test_every_evidence_requirement_is_a_choice_and_nothing_else():
    assert EvidenceRequirement.values == list(scoring.EVIDENCE_CHOICES)


def test_every_aggregation_is_a_choice_and_nothing_else():
    assert Aggregation.values == list(scoring.AGGREGATIONS)
