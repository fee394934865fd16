"""The framework's validation rules, run on a submission's figures (the engine evaluates them:
``scoring.validation``; this module gathers the figures and words the violations).

A save runs them with the figures it is about to write: an error that involves a saved row
refuses the save, with the rule's message on that row; a warning saves and is shown, asking
for an explanation. The submission runs them again (``submission.missing_items``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from core import formatting, language

from .. import scoring
from ..models import IndicatorValue, Submission
from ..scoring import validation as v
from .checks import general_info_map


def framework_rules(framework) -> tuple[v.ValidationRule, ...]:
    return tuple(v.rule_from_json(r) for r in framework.validation_rules or ())


def indicator_codes(rules: Iterable[v.ValidationRule]) -> set[str]:
    """The indicators the rules read (their values are the only rows fetched)."""
    return {owner for r in rules for ref in r.references if (owner := v.split_reference(ref)[0]) != "gi"}


def indicator_figures(indicator, inputs: Mapping[str, Any], general_information: Mapping) -> dict[str, Decimal | None]:
    """One indicator's numeric inputs by reference (``1.2.numerator``); an input taken from
    general information (a ratio's denominator_from) reads that value."""
    params = indicator.rule_params or {}
    rule = scoring.entry(indicator.rule_type)
    source = rule.general_info_source(params)
    typed = set(rule.input_fields(params))
    out = {}
    for field in v.numeric_fields(indicator.rule_type, params):
        raw = (inputs or {}).get(field) if field in typed else general_information.get(source)
        out[f"{indicator.code}.{field}"] = scoring.stored_decimal(raw)
    return out


def figures(
    submission: Submission,
    rules: tuple[v.ValidationRule, ...],
    general_information: Mapping[str, Decimal | None],
    new_inputs: Mapping[int, Mapping[str, Any]] | None = None,
) -> tuple[dict[str, Decimal | None], dict[str, IndicatorValue]]:
    """Every figure the rules read, by reference, with ``new_inputs`` (value id → inputs about
    to be saved) in place of the stored ones; and each fetched value (with its indicator) by code."""
    out: dict[str, Decimal | None] = {f"gi.{code}": value for code, value in general_information.items()}
    fetched: dict[str, IndicatorValue] = {}
    codes = indicator_codes(rules)
    if codes:
        rows = IndicatorValue.objects.filter(submission=submission, indicator__code__in=codes).select_related("indicator")
        for value in rows.order_by():
            inputs = (new_inputs or {}).get(value.pk, value.inputs)
            out.update(indicator_figures(value.indicator, inputs, general_information))
            fetched[value.indicator.code] = value
    return out, fetched


def involves(violation: v.Violation, *, indicators: set[str] = frozenset(), general: set[str] = frozenset()) -> bool:
    """The violation reads one of these indicators' inputs or general-information codes."""
    for ref in violation.references:
        owner, field = v.split_reference(ref)
        if (owner == "gi" and field in general) or (owner != "gi" and owner in indicators):
            return True
    return False


def message(violation: v.Violation) -> str:
    """The rule's own message (in English when the page is and the file gave one), with the
    two sides' figures, so the officer sees which numbers disagree."""
    rule = violation.rule
    text = language.localized(rule.message_vi, rule.message_en)
    return _("%(message)s (%(left)s %(operator)s %(right)s không thỏa: %(left_value)s so với %(right_value)s)") % {
        "message": text,
        "left": v.expression_text(rule.left),
        "operator": rule.operator,
        "right": v.expression_text(rule.right),
        "left_value": formatting.number(violation.left),
        "right_value": formatting.number(violation.right),
    }


def submission_violations(submission: Submission) -> list[tuple[v.Violation, str]]:
    """What the framework's rules find in the submission as stored (for the submit check),
    each error with the link to where it is fixed (a warning: "")."""
    rules = framework_rules(submission.round.framework)
    if not rules:
        return []
    found, fetched = figures(submission, rules, general_info_map(submission))
    return [
        (violation, violation_url(submission, violation, fetched) if violation.rule.is_error else "")
        for violation in v.evaluate(rules, found)
    ]


def violation_url(submission: Submission, violation: v.Violation, fetched: Mapping[str, IndicatorValue]) -> str:
    """The entry page of the first indicator the rule reads, else the general information.
    ``fetched``: the values ``figures`` read, so a link costs no query."""
    for ref in sorted(violation.references):
        owner = v.split_reference(ref)[0]
        if owner in fetched:
            value = fetched[owner]
            return reverse("assessments:entry", args=[submission.pk, value.indicator.main_index_id]) + f"#value-{value.pk}"
    return reverse("assessments:general_info", args=[submission.pk])


def value_warnings(submission: Submission, values) -> dict[int, list[str]]:
    """The warning-severity rules the stored figures break, worded, by the value id of each
    row among ``values`` they read: what the entry page shows beside its explanation box."""
    by_code = {value.indicator.code: value.pk for value in values}
    # Only the warnings that read one of these rows: most main indices have none, and then the
    # page reads nothing more.
    rules = tuple(
        r for r in framework_rules(submission.round.framework) if not r.is_error and indicator_codes([r]) & by_code.keys()
    )
    if not rules:
        return {}
    found, _codes = figures(submission, rules, general_info_map(submission))
    out: dict[int, list[str]] = {}
    for violation in v.evaluate(rules, found):
        rows = {by_code[o] for ref in violation.references if (o := v.split_reference(ref)[0]) in by_code}
        for pk in sorted(rows):
            out.setdefault(pk, []).append(message(violation))
    return out
