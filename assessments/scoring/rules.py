"""The rule types: one entry per type, holding everything the type decides.

An entry knows its input fields, its parameters (declared here, checked by ``checks``), how
its inputs are cleaned and scored, how they are shown (form fields, the rule in words, the
reported inputs in words, a number to compare across units) and what plausible demo inputs
look like. Nothing outside this module switches on a rule type: callers ask
``RULES[rule_type]`` (or :func:`entry`, which answers for an unknown type too).

Display methods take a :class:`~.messages.Wording` (the caller's gettext and number formats),
so the pages word them in their language while the engine imports no Django.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .messages import (
    MSG_DENOMINATOR_ZERO,
    MSG_GENERAL_INFO_MISSING,
    MSG_MISSING,
    MSG_NUMERATOR_EXCEEDS,
    MSG_PERCENT_RANGE,
    MSG_UNKNOWN_CHOICE,
    MSG_YES_NO,
    Message,
    Wording,
    gettext_noop,
)
from .numbers import (
    DECLARED_KINDS,
    FIELD_INTEGER,
    FIELD_NUMBER,
    FIELD_PERCENT,
    HUNDRED,
    ONE,
    ZERO,
    _is_blank,
    _shown,
    clean_number,
    format_decimal,
    param_decimal,
    parse_plain_decimal,
    round2,
    stored_decimal,
)

RULE_YES_NO = "yes_no"
RULE_TIERED = "tiered"
RULE_RATIO = "ratio"
RULE_COUNT_THRESHOLD = "count_threshold"
RULE_PERCENTAGE = "percentage"

# Kinds of input field, for the pages that draw them (a widget, not a rule type); the number
# kinds (FIELD_NUMBER, FIELD_INTEGER, FIELD_PERCENT) are numbers.py's: they decide the reading.
FIELD_BOOLEAN = "boolean"
FIELD_CHOICE = "choice"

# Kinds of rule parameter, checked by ``checks.rule_problems``.
PARAM_TEXT = "text"  # required, non-empty
PARAM_OPTIONAL_TEXT = "optional_text"
PARAM_BOOL = "bool"
PARAM_SHARE_TARGET = "share_target"  # a decimal in (0, 1]
PARAM_PERCENT_TARGET = "percent_target"  # a decimal in (0, 100]
PARAM_GENERAL_INFO_CODE = "general_info_code"
PARAM_THRESHOLD = "threshold"  # required, a whole number > 0
PARAM_TIERS = "tiers"
PARAM_NUMBER_KIND = "number_kind"  # how the inputs' numbers are declared: numbers.DECLARED_KINDS

_YES = frozenset({"yes", "y", "true", "1", "có", "co", "x"})
_NO = frozenset({"no", "n", "false", "0", "không", "khong"})


@dataclass(frozen=True)
class Rule:
    """A component's scoring rule: its type and its parameters.

    ``params`` holds the parameters exactly as the framework file names them
    (without ``type``); values may be strings, numbers or ``Decimal`` (JSON
    from the database works as well as a parsed YAML file).
    """

    type: str
    params: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Rule:
        """Build from the flat file form ``{type: ratio, target: "0.8", ...}``."""
        params = {k: v for k, v in data.items() if k != "type"}
        return cls(type=str(data.get("type", "")), params=params)


def _coerce_rule(rule: Rule | Mapping[str, Any] | Any) -> Rule:
    # Accept our Rule, the flat mapping form, or any object with .type/.params
    # (e.g. a model instance adapter), so callers need no conversion code.
    if isinstance(rule, Rule):
        return rule
    if isinstance(rule, Mapping):
        return Rule.from_mapping(rule)
    return Rule(type=str(rule.type), params=dict(rule.params or {}))


@dataclass(frozen=True)
class InputSpec:
    """One field the province fills in, as a page draws it."""

    key: str
    kind: str
    label: str
    help: str = ""
    options: tuple[tuple[str, str], ...] = ()


Cleaned = tuple[dict[str, Any], dict[str, str]]


class GeneralInformation(dict):
    """A unit's general-information values by code, as ``clean`` reads them, carrying the
    items' names too: a page that shows an input taken from there names its source."""

    def __init__(self, values: Mapping[str, Any] = (), names: Mapping[str, str] | None = None):
        super().__init__(values)
        self.names = dict(names or {})

    def name(self, code: str) -> str:
        return self.names.get(code, "")


class RuleEntry:
    """What a rule type decides. This base is also the answer for an unknown type: no
    fields, nothing to show, and cleaning or scoring it is an error."""

    type: str = ""
    fields: tuple[str, ...] = ()
    # (parameter, kind) in the order problems are reported; no other parameter is allowed.
    params: tuple[tuple[str, str], ...] = ()

    @property
    def allowed_params(self) -> frozenset[str]:
        return frozenset(key for key, _kind in self.params)

    def input_fields(self, params: Mapping[str, Any]) -> tuple[str, ...]:
        return self.fields

    def general_info_source(self, params: Mapping[str, Any]) -> str | None:
        """The general-information code an input is taken from, if any (its value changing
        rescores the indicator; the file checker requires the code to be declared)."""
        return None

    def clean(self, params: Mapping[str, Any], inputs: Mapping[str, Any], general_information) -> Cleaned:
        raise NotImplementedError  # every registered type cleans; clean_inputs refuses the others

    def raw_points(self, params: Mapping[str, Any], max_points: Decimal, cleaned: Mapping[str, Any]) -> Decimal:
        raise NotImplementedError

    # -- display --------------------------------------------------------------------------

    def input_specs(self, params: Mapping[str, Any], w: Wording) -> tuple[InputSpec, ...]:
        return ()

    def number_kind(self, params: Mapping[str, Any]) -> str:
        """The kind (numbers.FIELD_*) of the rule's numeric inputs: how they are read."""
        return FIELD_NUMBER

    def form_value(self, params: Mapping[str, Any], key: str, raw: Any, w: Wording) -> str:
        """A stored input as the province types it again."""
        return "" if raw is None else w.field_value(raw, self.number_kind(params))

    def rule_text(self, params: Mapping[str, Any], max_points: Any, w: Wording) -> str:
        return ""

    def inputs_text(self, params: Mapping[str, Any], inputs: Mapping[str, Any], w: Wording) -> str:
        return ""

    def describe(
        self, params: Mapping[str, Any], inputs: Mapping[str, Any], w: Wording, general_information=None
    ) -> list[tuple[str, str]]:
        """The reported inputs as (label, text) pairs, for the reviewer; an input taken from
        ``general_information`` (a :class:`GeneralInformation`, or any mapping) is shown
        with its source."""
        return [(k, str(v)) for k, v in inputs.items()]

    def measure(
        self, inputs: Mapping[str, Any], points: Decimal | None, *, params: Mapping[str, Any] | None = None,
        general_information: Mapping[str, Any] | None = None,
    ) -> Decimal | None:
        """The number to compare across years and units: by default the points, for
        answers that have no scale of their own. ``params`` and ``general_information`` as
        for ``clean``: an input the province does not type is read from there."""
        return points

    def sample_inputs(self, params: Mapping[str, Any], *, strength: float, good: bool, rng, general_information) -> dict:
        """Plausible demo figures, better for a stronger province (``rng``: random.Random)."""
        return {}


def _typed(raw: Any, w: Wording) -> str:
    return "" if raw is None else w.number(raw)


def _number_or_dash(raw: Any, w: Wording) -> str:
    return "—" if raw is None else w.number(raw)


class YesNo(RuleEntry):
    type = RULE_YES_NO
    fields = ("answer",)

    def clean(self, params, inputs, general_information) -> Cleaned:
        raw = inputs.get("answer")
        if isinstance(raw, bool):
            return {"answer": raw}, {}
        if isinstance(raw, int) and raw in (0, 1):
            return {"answer": bool(raw)}, {}
        if _is_blank(raw):
            return {}, {"answer": Message(MSG_MISSING)}
        if isinstance(raw, str) and raw.strip().lower() in _YES:
            return {"answer": True}, {}
        if isinstance(raw, str) and raw.strip().lower() in _NO:
            return {"answer": False}, {}
        return {}, {"answer": Message(MSG_YES_NO)}

    def raw_points(self, params, max_points, cleaned) -> Decimal:
        return max_points if cleaned["answer"] else ZERO

    def input_specs(self, params, w) -> tuple[InputSpec, ...]:
        options = (("yes", w.text(gettext_noop("Có"))), ("no", w.text(gettext_noop("Không"))))
        return (InputSpec("answer", FIELD_BOOLEAN, w.text(gettext_noop("Kết quả")), options=options),)

    def form_value(self, params, key, raw, w) -> str:
        return "yes" if raw is True else "no" if raw is False else ""

    def rule_text(self, params, max_points, w) -> str:
        return w.text(gettext_noop("Có: %(max)s điểm; Không: 0 điểm."), max=w.points(max_points))

    def inputs_text(self, params, inputs, w) -> str:
        return w.text(gettext_noop("Có")) if inputs.get("answer") else w.text(gettext_noop("Không"))

    def describe(self, params, inputs, w, general_information=None) -> list[tuple[str, str]]:
        cleaned, _errors = self.clean(params, inputs, None)
        answer = cleaned.get("answer")
        text = str(inputs.get("answer")) if answer is None else self.inputs_text(params, cleaned, w)
        return [(w.text(gettext_noop("Trả lời")), text)]

    def sample_inputs(self, params, *, strength, good, rng, general_information) -> dict:
        return {"answer": "yes" if good else "no"}


class Tiered(RuleEntry):
    type = RULE_TIERED
    fields = ("choice",)
    params = (("options", PARAM_TIERS),)

    @staticmethod
    def _options(params) -> Sequence[Mapping[str, Any]]:
        return params.get("options", ())

    def clean(self, params, inputs, general_information) -> Cleaned:
        raw = inputs.get("choice")
        codes = [str(o.get("code")) for o in self._options(params)]
        if _is_blank(raw):
            return {}, {"choice": Message(MSG_MISSING)}
        if str(raw).strip() not in codes:
            return {}, {"choice": Message(MSG_UNKNOWN_CHOICE, choice=_shown(raw), codes=", ".join(codes))}
        return {"choice": str(raw).strip()}, {}

    def raw_points(self, params, max_points, cleaned) -> Decimal:
        option = next(o for o in params["options"] if str(o["code"]) == cleaned["choice"])
        return parse_plain_decimal(option["points"])

    def _label(self, params, choice, w) -> str | None:
        return next((w.content(o, "label") for o in self._options(params) if str(o.get("code")) == str(choice)), None)

    def input_specs(self, params, w) -> tuple[InputSpec, ...]:
        options = tuple((str(o["code"]), w.content(o, "label") or str(o["code"])) for o in self._options(params))
        return (InputSpec("choice", FIELD_CHOICE, w.text(gettext_noop("Mức đạt được")), options=options),)

    def form_value(self, params, key, raw, w) -> str:
        return str(raw)

    def rule_text(self, params, max_points, w) -> str:
        parts = [f"{w.content(o, 'label') or o.get('code')}: {w.points(o.get('points'))}" for o in self._options(params)]
        return w.text(gettext_noop("Theo mức — %(levels)s điểm."), levels="; ".join(parts))

    def inputs_text(self, params, inputs, w) -> str:
        return self._label(params, inputs.get("choice"), w) or str(inputs.get("choice", ""))

    def describe(self, params, inputs, w, general_information=None) -> list[tuple[str, str]]:
        choice = str(inputs.get("choice", ""))
        labels = {str(o.get("code")): w.content(o, "label") or "" for o in self._options(params)}
        return [(w.text(gettext_noop("Mức")), labels.get(choice, choice))]

    def sample_inputs(self, params, *, strength, good, rng, general_information) -> dict:
        options = [str(o["code"]) for o in self._options(params)]
        if good:
            return {"choice": options[0]}
        return {"choice": options[min(len(options) - 1, 1 + int(rng.random() * (len(options) - 1)))]}


class Ratio(RuleEntry):
    type = RULE_RATIO
    fields = ("numerator", "denominator")
    params = (
        ("numerator_vi", PARAM_TEXT),
        ("denominator_vi", PARAM_TEXT),
        ("numerator_en", PARAM_OPTIONAL_TEXT),
        ("denominator_en", PARAM_OPTIONAL_TEXT),
        ("target", PARAM_SHARE_TARGET),
        ("allow_exceed", PARAM_BOOL),
        ("denominator_from", PARAM_GENERAL_INFO_CODE),
        ("inputs", PARAM_NUMBER_KIND),
    )

    def number_kind(self, params) -> str:
        # Counts unless the file declares amounts ("inputs: decimal", e.g. a budget in đồng).
        return DECLARED_KINDS.get(params.get("inputs"), FIELD_INTEGER)

    def input_fields(self, params) -> tuple[str, ...]:
        # A denominator taken from general information is not typed by the province.
        if self.general_info_source(params):
            return ("numerator",)
        return self.fields

    def general_info_source(self, params) -> str | None:
        return params.get("denominator_from") or None

    def clean(self, params, inputs, general_information) -> Cleaned:
        errors: dict[str, str] = {}
        kind = self.number_kind(params)
        numerator, err = clean_number(inputs.get("numerator"), kind)
        if err:
            errors["numerator"] = err
        source = params.get("denominator_from")
        if source and general_information is not None:
            raw_den = general_information.get(source)
            if _is_blank(raw_den):
                denominator, err = None, Message(MSG_GENERAL_INFO_MISSING, code=source)
            else:
                denominator, err = clean_number(raw_den)  # a stored figure, read by its own item's kind
        else:
            denominator, err = clean_number(inputs.get("denominator"), kind)
        if err:
            errors["denominator"] = err
        elif denominator == 0:
            errors["denominator"] = Message(MSG_DENOMINATOR_ZERO)
        cleaned = {k: v for k, v in (("numerator", numerator), ("denominator", denominator)) if k not in errors}
        # Reported counts of a subset cannot exceed the whole unless the
        # framework says so (e.g. records per official may exceed 1).
        if len(cleaned) == 2 and not params.get("allow_exceed") and numerator > denominator:
            errors["numerator"] = Message(
                MSG_NUMERATOR_EXCEEDS, numerator=format_decimal(numerator), denominator=format_decimal(denominator)
            )
            del cleaned["numerator"]
        return cleaned, errors

    def raw_points(self, params, max_points, cleaned) -> Decimal:
        target = parse_plain_decimal(params.get("target", ONE))
        ratio = cleaned["numerator"] / cleaned["denominator"]
        return min(ratio / target, ONE) * max_points

    def input_specs(self, params, w) -> tuple[InputSpec, ...]:
        kind = self.number_kind(params)
        numerator = InputSpec("numerator", kind, w.content(params, "numerator"), help=w.text(gettext_noop("Tử số")))
        denominator = InputSpec("denominator", kind, w.content(params, "denominator"), help=w.text(gettext_noop("Mẫu số")))
        return tuple(s for s in (numerator, denominator) if s.key in self.input_fields(params))

    def rule_text(self, params, max_points, w) -> str:
        target = param_decimal(params.get("target")) or ONE  # none, or unreadable: no target
        mx = w.points(max_points)
        text = w.text(
            gettext_noop("Điểm = (%(num)s ÷ %(den)s)"),
            num=w.content(params, "numerator") or "",
            den=w.content(params, "denominator") or "",
        )
        if target != 1:
            text += w.text(gettext_noop(" ÷ mục tiêu %(target)s%%"), target=w.number(format_decimal(target * 100)))
        text += w.text(gettext_noop(" × %(max)s, tối đa %(max)s điểm."), max=mx)
        if not params.get("allow_exceed"):
            text += " " + w.text(gettext_noop("Tử số không được lớn hơn mẫu số."))
        return text

    def inputs_text(self, params, inputs, w) -> str:
        numerator, denominator = inputs.get("numerator"), inputs.get("denominator")
        if denominator is None:
            return _typed(numerator, w)
        return f"{_typed(numerator, w)} / {w.number(denominator)}"

    def describe(self, params, inputs, w, general_information=None) -> list[tuple[str, str]]:
        source = self.general_info_source(params)
        if source and general_information is not None:
            # Not typed by the province: the reviewer sees the figure and where it comes from.
            name = general_information.name(source) if isinstance(general_information, GeneralInformation) else ""
            where = (
                w.text(gettext_noop("Thông tin chung: %(name)s (%(code)s)"), name=name, code=source)
                if name
                else w.text(gettext_noop("Thông tin chung: %(code)s"), code=source)
            )
            raw = general_information.get(source)
            if _is_blank(raw):
                denominator = w.text(gettext_noop("Chưa nhập (%(source)s)"), source=where)
            else:
                denominator = f"{w.number(raw)} ({where})"
        else:
            denominator = _number_or_dash(inputs.get("denominator"), w)
        return [
            (w.content(params, "numerator") or w.text(gettext_noop("Tử số")), _number_or_dash(inputs.get("numerator"), w)),
            (w.content(params, "denominator") or w.text(gettext_noop("Mẫu số")), denominator),
        ]

    def measure(self, inputs, points, *, params=None, general_information=None) -> Decimal | None:
        # The ratio, not the counts: those scale with the province. A denominator taken from
        # general information is read there (the stored inputs hold the numerator only).
        source = self.general_info_source(params or {})
        if source and general_information is not None:
            raw_den = general_information.get(source)
        else:
            raw_den = inputs.get("denominator")
        numerator, denominator = stored_decimal(inputs.get("numerator")), stored_decimal(raw_den)
        if numerator is None or not denominator:
            return None
        return numerator / denominator

    def sample_inputs(self, params, *, strength, good, rng, general_information) -> dict:
        # The denominator is typed, or taken from general information (population…).
        base = general_information.get(params.get("denominator_from"), 1000)
        out = {}
        for key in self.input_fields(params):
            share = min(1.0, max(0.0, strength + rng.uniform(-0.25, 0.1)))
            out[key] = str(base) if key == "denominator" else str(int(base * share))
        return out


class CountThreshold(RuleEntry):
    type = RULE_COUNT_THRESHOLD
    fields = ("count",)
    params = (("threshold", PARAM_THRESHOLD), ("unit_vi", PARAM_TEXT), ("proportional", PARAM_BOOL))

    def number_kind(self, params) -> str:
        return FIELD_INTEGER

    def clean(self, params, inputs, general_information) -> Cleaned:
        count, err = clean_number(inputs.get("count"), FIELD_INTEGER)
        if err:
            return {}, {"count": err}
        return {"count": int(count)}, {}

    def raw_points(self, params, max_points, cleaned) -> Decimal:
        threshold = int(params["threshold"])
        count = Decimal(cleaned["count"])
        if count >= threshold:
            return max_points
        if params.get("proportional", True):
            return count / threshold * max_points
        return ZERO

    def input_specs(self, params, w) -> tuple[InputSpec, ...]:
        label = w.text(gettext_noop("Số lượng (%(unit)s)"), unit=w.content(params, "unit") or "")
        return (InputSpec("count", FIELD_INTEGER, label),)

    def rule_text(self, params, max_points, w) -> str:
        n = params.get("threshold")
        base = w.text(
            gettext_noop("Đạt từ %(n)s %(unit)s trở lên: %(max)s điểm"),
            n=w.number(n),
            unit=w.content(params, "unit") or "",
            max=w.points(max_points),
        )
        if params.get("proportional", True):
            return base + w.text(gettext_noop("; chưa đạt: điểm theo tỷ lệ số lượng/%(n)s."), n=w.number(n))
        return base + w.text(gettext_noop("; chưa đạt: 0 điểm."))

    def inputs_text(self, params, inputs, w) -> str:
        return f"{_typed(inputs.get('count'), w)} {w.content(params, 'unit') or ''}".strip()

    def describe(self, params, inputs, w, general_information=None) -> list[tuple[str, str]]:
        count = _number_or_dash(inputs.get("count"), w)
        return [(w.text(gettext_noop("Số lượng")), f"{count} {w.content(params, 'unit') or ''}".strip())]

    def measure(self, inputs, points, *, params=None, general_information=None) -> Decimal | None:
        return stored_decimal(inputs.get("count"))

    def sample_inputs(self, params, *, strength, good, rng, general_information) -> dict:
        threshold = int(params.get("threshold") or 10)
        return {"count": str(threshold if good else int(threshold * rng.uniform(0.2, 0.9)))}


class Percentage(RuleEntry):
    type = RULE_PERCENTAGE
    fields = ("value",)
    params = (("target", PARAM_PERCENT_TARGET), ("label_vi", PARAM_TEXT))

    def number_kind(self, params) -> str:
        return FIELD_PERCENT

    def clean(self, params, inputs, general_information) -> Cleaned:
        value, err = clean_number(inputs.get("value"), FIELD_PERCENT)
        if err:
            return {}, {"value": err}
        if value > HUNDRED:
            return {}, {"value": Message(MSG_PERCENT_RANGE)}
        return {"value": value}, {}

    def raw_points(self, params, max_points, cleaned) -> Decimal:
        target = parse_plain_decimal(params.get("target", HUNDRED))
        return min(cleaned["value"] / target, ONE) * max_points

    def input_specs(self, params, w) -> tuple[InputSpec, ...]:
        return (InputSpec("value", FIELD_PERCENT, w.content(params, "label") or w.text(gettext_noop("Tỷ lệ (%)"))),)

    def rule_text(self, params, max_points, w) -> str:
        mx = w.points(max_points)
        return w.text(
            gettext_noop("Điểm = %(label)s ÷ %(target)s%% × %(max)s, tối đa %(max)s điểm."),
            label=w.content(params, "label") or w.text(gettext_noop("tỷ lệ")),
            target=w.number(params.get("target", "100")),
            max=mx,
        )

    def inputs_text(self, params, inputs, w) -> str:
        return f"{_typed(inputs.get('value'), w)}%"

    def describe(self, params, inputs, w, general_information=None) -> list[tuple[str, str]]:
        label = w.content(params, "label") or w.text(gettext_noop("Tỷ lệ (%)"))
        return [(label, f"{_number_or_dash(inputs.get('value'), w)} %")]

    def measure(self, inputs, points, *, params=None, general_information=None) -> Decimal | None:
        return stored_decimal(inputs.get("value"))

    def sample_inputs(self, params, *, strength, good, rng, general_information) -> dict:
        return {"value": f"{min(100.0, 100 * strength + rng.uniform(-20, 5)):.1f}".replace(".", ",")}


RULES: Mapping[str, RuleEntry] = {e.type: e for e in (YesNo(), Tiered(), Ratio(), CountThreshold(), Percentage())}
RULE_TYPES: tuple[str, ...] = tuple(RULES)
# Inputs the province reports, per rule type (the form fields to render).
INPUT_FIELDS: Mapping[str, tuple[str, ...]] = {t: e.fields for t, e in RULES.items()}
_UNKNOWN = RuleEntry()


def entry(rule_type: str) -> RuleEntry:
    """The entry of a rule type; for an unknown one, an entry with nothing to show."""
    return RULES.get(rule_type, _UNKNOWN)


def _scoring_entry(rule_type: str) -> RuleEntry:
    if rule_type not in RULES:
        raise ValueError(f"unknown rule type {rule_type!r}")
    return RULES[rule_type]


def input_fields(rule: Rule | Mapping[str, Any]) -> tuple[str, ...]:
    """The fields the province types in (the denominator of a ratio that takes
    it from general information is not one of them)."""
    rule = _coerce_rule(rule)
    return entry(rule.type).input_fields(rule.params)


def clean_inputs(
    rule: Rule | Mapping[str, Any],
    inputs: Mapping[str, Any],
    *,
    general_information: Mapping[str, Any] | None = None,
) -> tuple[dict[str, Any], dict[str, str]]:
    """Parse and check raw reported inputs for a (valid) rule.

    Returns ``(cleaned, errors)``: ``cleaned`` holds typed values (bool, str
    option code, ``Decimal``, int) for the fields that parsed; ``errors`` maps
    each bad field to a Vietnamese :class:`~.messages.Message`. Extra keys in
    ``inputs`` are ignored. For a ratio with ``denominator_from``, pass the unit's general
    information values as ``general_information`` and the denominator is
    taken from there (the province does not retype it).
    """
    rule = _coerce_rule(rule)
    return _scoring_entry(rule.type).clean(rule.params, inputs, general_information)


def component_points(
    rule: Rule | Mapping[str, Any], max_points: Decimal | int | str, cleaned_inputs: Mapping[str, Any]
) -> Decimal:
    """Points of one component from CLEANED inputs (see :func:`clean_inputs`).

    Capped to ``[0, max_points]`` first, then rounded half-up to 0.01.
    """
    rule = _coerce_rule(rule)
    max_dec = parse_plain_decimal(max_points)
    raw = _scoring_entry(rule.type).raw_points(rule.params, max_dec, cleaned_inputs)
    return round2(min(max(raw, ZERO), max_dec))


@dataclass(frozen=True)
class ComponentScore:
    """Outcome of scoring raw inputs: points is None when there are errors."""

    points: Decimal | None
    cleaned: Mapping[str, Any]
    errors: Mapping[str, str]


def score_component(
    rule: Rule | Mapping[str, Any],
    max_points: Decimal | int | str,
    inputs: Mapping[str, Any],
    *,
    general_information: Mapping[str, Any] | None = None,
) -> ComponentScore:
    """Convenience: :func:`clean_inputs` then :func:`component_points`."""
    cleaned, errors = clean_inputs(rule, inputs, general_information=general_information)
    points = None if errors else component_points(rule, max_points, cleaned)
    return ComponentScore(points=points, cleaned=cleaned, errors=errors)
