"""The province's values: scoring what was typed, saving a main index, general information.

Every save takes keyword-only arguments, checks the officer and the edit rule under the
submission's lock and writes an audit row for every change (none when nothing changed). It
commits all-or-nothing (the API, the Excel import), or, with ``partial=True`` (the officer's
pages: the page's save and each row's own save as the officer leaves it), every valid row,
returning the others with their errors or conflicts in the outcome.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import audit
from accounts.models import Interface

from .. import scoring
from ..models import GeneralInfoValue, Indicator, IndicatorValue, Submission
from ..scoring import validation as rules_engine
from .checks import check_province_may_edit, general_info_map, lock_submission
from .errors import AssessmentError, StaleSave, ValidationFailed
from .fast_save_sql import current_rows, write_changes
from .validation import figures, framework_rules, involves, message

# The officer's explanation of a warning: a paragraph, not a document.
MAX_WARNING_NOTE = 2000


def _json_inputs(cleaned: Mapping[str, Any]) -> dict[str, Any]:
    # Stored canonical: decimals as plain text ("1234.5"), so reading back is exact.
    return {k: scoring.format_decimal(v) if isinstance(v, Decimal) else v for k, v in cleaned.items()}


def is_blank(raw) -> bool:
    return raw is None or (isinstance(raw, str) and raw.strip() == "")


@dataclass
class ScoredRow:
    inputs: dict = field(default_factory=dict)
    points: Decimal | None = None
    errors: dict = field(default_factory=dict)
    # The general-information code the row waits for (the input it takes from there is still
    # blank), and the fields of ``errors`` that only say so. ``inputs``: what was typed.
    waiting: str | None = None
    untyped: frozenset = frozenset()

    @property
    def draft_errors(self) -> dict:
        """What stops a draft's row from being saved: the errors of what was typed. Waiting on
        general information does not (the typed inputs are saved without points); the
        submission, which needs the points, still does."""
        return {key: message for key, message in self.errors.items() if key not in self.untyped}


def waiting_on(indicator, general_information) -> str | None:
    """The general-information code this indicator's inputs wait for: its source, while blank."""
    source = scoring.entry(indicator.rule_type).general_info_source(indicator.rule_params or {})
    return source if source and is_blank(general_information.get(source)) else None


def score_inputs(indicator, raw_inputs: Mapping[str, Any], general_information) -> ScoredRow:
    """Clean and score what the province typed for one indicator (no saving).

    All fields blank means "not filled yet": a draft may leave rows empty; completeness is
    checked at submission. One field of several blank is an error on that field.
    """
    fields = scoring.input_fields(indicator.rule)
    raw = {f: raw_inputs.get(f) for f in fields}
    if all(is_blank(v) for v in raw.values()):
        return ScoredRow()
    result = scoring.score_component(
        indicator.rule, indicator.max_points, raw, general_information=general_information
    )
    # Keep only the typed fields: a denominator taken from general information is not the province's input.
    typed = _json_inputs({k: v for k, v in result.cleaned.items() if k in fields})
    if result.errors:
        waiting = waiting_on(indicator, general_information)
        if waiting is None:
            return ScoredRow(errors=dict(result.errors))
        untyped = frozenset(result.errors) - set(fields)
        return ScoredRow(inputs=typed, errors=dict(result.errors), waiting=waiting, untyped=untyped)
    return ScoredRow(inputs=typed, points=result.points)


@dataclass
class SaveOutcome:
    changed: int
    unchanged: int
    # The warning-severity validation rules the saved figures break (words for the page),
    # and the rows they question (value ids; general information: its value ids).
    warnings: list[str] = field(default_factory=list)
    warned: set[int] = field(default_factory=set)
    # A partial save's rows left as they were: invalid ({row id: {field: message}}), or saved
    # by someone else since the page was read ({row id: the row as it is now}).
    errors: dict = field(default_factory=dict)
    conflicts: dict = field(default_factory=dict)
    # The rows saved without points, waiting on general information: {value id: its code}.
    waiting: dict = field(default_factory=dict)


def save_main_index(
    *,
    actor,
    submission: Submission,
    main_index,
    rows: Mapping[int, Mapping[str, Any]],
    interface: str = Interface.WEB,
    partial: bool = False,
) -> SaveOutcome:
    """Save the values of one main index.

    `rows` maps an IndicatorValue id to {"inputs": {field: raw text}, "version": int}, the
    version the page was based on (and "warning_note", the explanation of a warning).

    All or nothing by default: any invalid row → ValidationFailed, any row changed by someone
    else since (its version moved to other figures) → StaleSave, nothing saved.
    ``partial=True`` saves every valid row and leaves the invalid and the stale ones as they
    are, in the outcome's ``errors`` and ``conflicts``; a row whose input taken from general
    information is still blank is valid there, saved without points (``waiting``).
    Either way a row that may not be saved at all (of another main index, measured
    automatically, not editable now) refuses the whole save (AssessmentError).
    """
    with transaction.atomic():
        sub = lock_submission(submission)
        # Read under the lock (the page reads nothing before a save). Without the authors and
        # the ordering: only a conflict shows who saved, and `_current_rows` reads them then.
        values = {
            v.pk: v
            for v in IndicatorValue.objects.filter(submission=sub, indicator__main_index=main_index)
            .select_related("indicator")
            .order_by()
        }
        unknown = [pk for pk in rows if pk not in values]
        if unknown:
            raise AssessmentError(_("Dữ liệu gửi lên không thuộc chỉ số chính này."))
        locked = [values[pk] for pk in rows if values[pk].indicator.automatic]
        if locked:
            raise AssessmentError(
                _("Chỉ số %(code)s được đo tự động; không thể sửa.") % {"code": locked[0].indicator.code}
            )
        check_province_may_edit(actor, sub, [values[pk] for pk in rows])
        gi = general_info_map(sub)
        errors, scored_rows = {}, {}
        for pk, row in rows.items():
            scored = score_inputs(values[pk].indicator, row.get("inputs", {}), gi)
            problems = scored.draft_errors if partial else scored.errors
            if problems:
                errors[pk] = problems
            elif len(row.get("warning_note") or "") > MAX_WARNING_NOTE:
                errors[pk] = {"warning_note": _("Giải trình tối đa %(n)s ký tự.") % {"n": MAX_WARNING_NOTE}}
            else:
                scored_rows[pk] = scored
        stale = [pk for pk, scored in scored_rows.items() if _is_stale(values[pk], rows[pk], scored)]
        warnings, warned = _settle(
            partial=partial, valid=scored_rows, stale=stale, conflicts=lambda: current_rows(stale), errors=errors,
            check=lambda candidates, found: _check_rules(sub, values, candidates, gi, found),
        )
        saved = {pk: scored for pk, scored in scored_rows.items() if pk not in errors and pk not in stale}
        changes = [(values[pk], scored) for pk, scored in saved.items() if _changes(values[pk], scored)]
        if changes:
            write_changes(actor=actor, unit=sub.unit, changes=changes, interface=interface)
        _save_warning_notes(actor=actor, submission=sub, values=values, rows={pk: rows[pk] for pk in saved}, interface=interface)
    return SaveOutcome(
        changed=len(changes),
        unchanged=len(saved) - len(changes),
        warnings=warnings,
        warned=warned,
        errors=errors,
        conflicts=current_rows(stale),
        waiting={pk: scored.waiting for pk, scored in saved.items() if scored.waiting},
    )


def _changes(value, scored: ScoredRow) -> bool:
    return scored.inputs != (value.inputs or {}) or scored.points != value.self_points


def _is_stale(value, row: Mapping[str, Any], scored: ScoredRow) -> bool:
    """Saved by someone else since the page was read, to other figures. The same figures are
    no conflict: nothing of anyone's is lost (a row's own save and the page's save of that row
    cross; two officers typed the same)."""
    return row.get("version") != value.version and _changes(value, scored)


def _settle(*, partial: bool, valid: Mapping[int, Any], stale, conflicts, errors: dict, check) -> tuple[list[str], set[int]]:
    """The validation rules on the rows about to be saved (``check(rows, found)`` puts an
    error rule's message on the rows it reads, into ``found``), and what a save does with its
    invalid (``errors``) and ``stale`` rows: all or nothing refuses the save for any of them
    (ValidationFailed, StaleSave, with ``conflicts()``: the stale rows as they are now);
    ``partial`` leaves them out and sets aside the rows an error rule names. Returns the
    warnings and the rows they question."""
    if partial:
        return _until_rules_pass(check, {pk: row for pk, row in valid.items() if pk not in stale}, errors)
    warnings, warned = ([], set()) if errors else check(valid, errors)
    if errors:
        error = ValidationFailed(errors)
        error.conflicts = conflicts()
        raise error
    if stale:
        raise StaleSave(conflicts())
    return warnings, warned


def _until_rules_pass(check, candidates: Mapping[int, Any], errors: dict) -> tuple[list[str], set[int]]:
    """A partial save's validation rules: ``check(candidates, found)`` puts an error rule's
    message on the candidate rows it reads; those rows are set aside (into ``errors``) and the
    rules run again on the rest, whose figures then stand without them. Each round sets one
    row aside at least, so it ends; it returns the last round's warnings."""
    candidates = dict(candidates)
    while True:
        found: dict = {}
        warnings, warned = check(candidates, found)
        if not found:
            return warnings, warned
        for pk, problems in found.items():
            errors.setdefault(pk, {}).update(problems)
            del candidates[pk]


def _check_rules(sub, values, scored_rows, gi, errors) -> tuple[list[str], set[int]]:
    """The framework's validation rules on the figures about to be saved: an error that reads
    a saved row goes on that row (in ``errors``, refusing the save); warnings are returned."""
    rules = framework_rules(sub.round.framework)
    if not rules:
        return [], set()
    new_inputs = {pk: scored.inputs for pk, scored in scored_rows.items()}
    figures_now, _fetched = figures(sub, rules, gi, new_inputs)
    saved = {values[pk].indicator.code: pk for pk in scored_rows}
    warnings, warned = [], set()
    for violation in rules_engine.evaluate(rules, figures_now):
        if not involves(violation, indicators=set(saved)):
            continue
        rows = {saved[o] for ref in violation.references if (o := rules_engine.split_reference(ref)[0]) in saved}
        if violation.rule.is_error:
            for pk in rows:
                errors.setdefault(pk, {})[f"rule:{violation.rule.code}"] = message(violation)
        else:
            warnings.append(message(violation))
            warned |= rows
    return warnings, warned


def _save_warning_notes(*, actor, submission, values, rows, interface) -> None:
    """The officer's explanations of warnings, where the page sent one that changed."""
    for pk, row in rows.items():
        if "warning_note" not in row:
            continue
        note = (row["warning_note"] or "").strip()
        value = values[pk]
        if note == value.warning_note:
            continue
        IndicatorValue.objects.filter(pk=pk).update(warning_note=note)
        audit.record(
            action="value.warning_note",
            actor=actor,
            target=value,
            unit=submission.unit,
            old={"warning_note": value.warning_note},
            new={"warning_note": note},
            interface=interface,
        )



def save_general_info(
    *,
    actor,
    submission: Submission,
    rows: Mapping[int, Mapping[str, Any]],
    interface: str = Interface.WEB,
    partial: bool = False,
) -> SaveOutcome:
    """Save general-information values (denominators); rescore the ratios that use them.
    All or nothing, or with ``partial=True`` every valid value (as ``save_main_index``)."""
    with transaction.atomic():
        sub = lock_submission(submission)
        check_province_may_edit(actor, sub)  # values=None: the general information, a draft's only
        items = {g.pk: g for g in GeneralInfoValue.objects.filter(submission=sub).select_related("item")}
        if any(pk not in items for pk in rows):
            raise AssessmentError(_("Dữ liệu gửi lên không thuộc hồ sơ này."))
        errors, posted = {}, {}
        for pk, row in rows.items():
            new, problem = _general_value(sub, items[pk], row.get("value"))
            if problem:
                errors[pk] = {"value": problem}
            else:
                posted[pk] = new
        # Saved by someone else since, to another value (the same value is no conflict).
        stale = {
            pk: items[pk] for pk, new in posted.items() if rows[pk].get("version") != items[pk].version and new != items[pk].value
        }
        warnings, warned = _settle(
            partial=partial, valid=posted, stale=stale, conflicts=lambda: stale, errors=errors,
            check=lambda candidates, found: _check_general_rules(sub, items, candidates, found),
        )
        saved = {pk: new for pk, new in posted.items() if pk not in errors and pk not in stale}
        changes = [(items[pk], new) for pk, new in saved.items() if new != items[pk].value]
        for gv, new in changes:
            moved = GeneralInfoValue.objects.filter(pk=gv.pk, version=gv.version).update(value=new, version=gv.version + 1)
            if moved != 1:
                raise StaleSave({gv.pk: GeneralInfoValue.objects.select_related("item").get(pk=gv.pk)})
            audit.record(
                action="general_info.update",
                actor=actor,
                target=gv,
                unit=sub.unit,
                old={"code": gv.item.code, "value": gv.value},
                new={"code": gv.item.code, "value": new},
                interface=interface,
            )
        if changes:
            _rescore_dependent_ratios(actor=actor, submission=sub, codes={gv.item.code for gv, _new in changes}, interface=interface)
    return SaveOutcome(
        changed=len(changes),
        unchanged=len(saved) - len(changes),
        warnings=warnings,
        warned=warned,
        errors=errors,
        conflicts=stale,  # read under the lock: as they are now
    )


def _general_value(sub, gv, raw) -> tuple[Decimal | None, str | None]:
    """One general-information value as typed: (the number or None when blank, the problem)."""
    if is_blank(raw):
        return None, None
    new, problem = scoring.clean_number(raw, gv.item.number_kind)  # bounded, non-negative, by its kind
    if problem:
        return None, problem
    if new >= Decimal("1e16") or new != new.quantize(Decimal("0.01")):  # size first: quantize overflows past 28 digits
        return None, _("Tối đa 2 chữ số thập phân và 16 chữ số phần nguyên.")
    if new == 0 and (users := _denominator_users(sub, gv.item.code)):
        # Saved, it would leave those ratios unscorable ("not entered") without a word.
        return None, _("Đây là mẫu số của chỉ số %(codes)s nên phải lớn hơn 0.") % {"codes": ", ".join(users)}
    return new, None


def _denominator_users(submission, code: str) -> list[str]:
    """The indicators whose denominator is this general-information item."""
    indicators = Indicator.objects.filter(framework_id=submission.round.framework_id).only("code", "rule_type", "rule_params")
    return [
        i.code for i in indicators if scoring.entry(i.rule_type).general_info_source(i.rule_params or {}) == code
    ]


def _check_general_rules(sub, items, posted, errors) -> tuple[list[str], set[int]]:
    """The validation rules on general information about to be saved (as ``_check_rules``)."""
    rules = framework_rules(sub.round.framework)
    if not rules:
        return [], set()
    gi = {gv.item.code: gv.value for gv in items.values()}
    gi.update({items[pk].item.code: new for pk, new in posted.items()})
    saved = {items[pk].item.code: pk for pk in posted}
    figures_now, _fetched = figures(sub, rules, gi)
    warnings, warned = [], set()
    for violation in rules_engine.evaluate(rules, figures_now):
        if not involves(violation, general=set(saved)):
            continue
        rows = {
            saved[code]
            for ref in violation.references
            if (split := rules_engine.split_reference(ref))[0] == "gi" and (code := split[1]) in saved
        }
        if violation.rule.is_error:
            for pk in rows:
                found = errors.setdefault(pk, {})
                found["value"] = " ".join(filter(None, [found.get("value"), message(violation)]))
        else:
            warnings.append(message(violation))
            warned |= rows
    return warnings, warned


def _rescore_dependent_ratios(*, actor, submission, codes: set[str], interface) -> None:
    gi = general_info_map(submission)
    # The rule entry says which indicators read general information (a rare save: the
    # submission's ~100 typed values are read once, no rule type named here).
    typed = IndicatorValue.objects.filter(submission=submission, indicator__automatic=False).select_related("indicator")
    for value in typed:
        source = scoring.entry(value.indicator.rule_type).general_info_source(value.indicator.rule_params or {})
        if source not in codes or not value.inputs:
            continue
        scored = score_inputs(value.indicator, value.inputs, gi)
        points = None if scored.errors else scored.points
        if points == value.self_points:
            continue
        IndicatorValue.objects.filter(pk=value.pk).update(self_points=points, updated_at=timezone.now())
        audit.record(
            action="value.rescore",
            actor=actor,
            target=value,
            unit=submission.unit,
            old={"self_points": value.self_points},
            new={"self_points": points},
            note=_("Tính lại do thông tin chung thay đổi"),
            interface=interface,
        )
