"""What a valid framework file describes: frozen dataclasses, no behaviour.

The checker builds them; the loader writes them to the database; dump writes them back as text.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

# Levels and evidence requirements are the engine's vocabulary (one set of names): re-exported.
from assessments.scoring import (  # noqa: F401
    DECLARED_INTEGER,
    EVIDENCE_CHOICES,
    EVIDENCE_NONE,
    EVIDENCE_OPTIONAL,
    EVIDENCE_REQUIRED,
    LEVEL_MINISTRY,
    LEVEL_PROVINCE,
    LEVELS,
    Rule,
)
from assessments.scoring.validation import ValidationRule

FORMAT_TAG = "dtiportal-framework/1"

# The rule travels unchanged from file to engine: one type, two names.
RuleSpec = Rule
# A validation rule likewise: the checker builds the engine's own type.
ValidationRuleSpec = ValidationRule


@dataclass(frozen=True)
class PillarSpec:
    code: str
    name_vi: str
    name_en: str = ""
    weight: Decimal | None = None  # only for weighted_pillars


@dataclass(frozen=True)
class GeneralInfoSpec:
    code: str
    name_vi: str
    name_en: str = ""
    unit_vi: str = ""
    kind: str = DECLARED_INTEGER  # scoring.DECLARED_KINDS: a count, or "decimal"


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    name_vi: str
    max_points: Decimal
    rule: RuleSpec
    evidence: str
    name_en: str = ""
    evidence_vi: str = ""
    guidance_vi: str = ""
    automatic: bool = False
    source_vi: str = ""


@dataclass(frozen=True)
class MainIndexSpec:
    code: str
    number: int
    name_vi: str
    max_points: Decimal
    indicators: tuple[IndicatorSpec, ...]
    name_en: str = ""
    pillars: tuple[str, ...] = ()

    @property
    def scored(self) -> bool:
        return self.max_points > 0


@dataclass(frozen=True)
class GroupSpec:
    code: str
    name_vi: str
    main_indices: tuple[MainIndexSpec, ...]
    name_en: str = ""


@dataclass(frozen=True)
class FrameworkSpec:
    code: str
    decision: str
    decision_date: datetime.date
    title_vi: str
    level: str
    years: tuple[int, ...]
    aggregation: str
    total_points: Decimal
    groups: tuple[GroupSpec, ...]
    title_en: str = ""
    illustrative: bool = False
    note_vi: str = ""
    pillars: tuple[PillarSpec, ...] = ()
    general_information: tuple[GeneralInfoSpec, ...] = ()
    validation_rules: tuple[ValidationRuleSpec, ...] = ()

    @property
    def main_indices(self) -> tuple[MainIndexSpec, ...]:
        return tuple(m for g in self.groups for m in g.main_indices)

    def indicators(self) -> Iterator[tuple[MainIndexSpec, IndicatorSpec]]:
        for main in self.main_indices:
            for indicator in main.indicators:
                yield main, indicator
