"""Forms of the assessments pages.

The entry page is one form per main index with a row per indicator whose inputs depend on the
indicator's rule; `EntryForm` builds those rows from the rule's entry (scoring.entry), reads
them back from POST, and carries the errors and conflicts the service reports. It holds no
arithmetic: points come from the engine through services.score_inputs.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from accounts import access
from accounts.models import Authority, RankingGroup
from accounts.validators import BoundedForm
from core import formatting, language
from core.links import by_id

from . import scoring, services, workflow
from .models import CloseOut, Framework


def field_value(value, kind: str) -> str:
    """A stored canonical number ("4952238") as its field of `kind` (scoring.FIELD_*) shows it
    in the active language ("4.952.238"), read back the same when typed again (core.formatting)."""
    return formatting.field_value(value, whole=kind == scoring.FIELD_INTEGER)


# The engine words the fields; the page lends it gettext, the way numbers are written and
# the language of the framework's own texts.
_WORDING = scoring.Wording(
    translate=_, number=formatting.reported, field_value=field_value, content=language.localized_key
)


def display_inputs(indicator, inputs: dict) -> dict[str, str]:
    """Stored inputs as the province types them again (the rule decides: "yes", a code, "4.952.238")."""
    rule = scoring.entry(indicator.rule_type)
    params = indicator.rule_params or {}
    return {key: rule.form_value(params, key, raw, _WORDING) for key, raw in (inputs or {}).items()}


@dataclass
class InputField:
    key: str
    name: str
    id: str
    label: str
    kind: str  # scoring.FIELD_*: number | integer | percent | choice | boolean
    value: str = ""
    options: list = field(default_factory=list)
    error: str | None = None
    help: str = ""


@dataclass
class EntryRow:
    value: Any
    indicator: Any
    editable: bool
    fields: list
    version: int
    points: Decimal | None
    row_errors: list = field(default_factory=list)
    conflict: Any = None
    previous: list = field(default_factory=list)
    denominator_info: Any = None  # (name, value, link) when the denominator comes from general information
    waiting: Any = None  # (name, link) of the general-information item the row waits for, while blank
    saved: bool = False  # the answer to the row's own save: it was saved
    urls: dict = field(default_factory=dict)  # points, evidence, history: built once here, not by {% url %} per row
    typed: bool = False  # the inputs shown are what was posted, not what is stored
    warnings: list = field(default_factory=list)  # validation-rule warnings the stored figures raise
    warning_note: str = ""  # the officer's explanation of them (as posted, on a refused save)

    @property
    def has_errors(self) -> bool:
        return bool(self.row_errors) or any(f.error for f in self.fields)

    @property
    def field_errors(self) -> dict:
        """The errors of what was typed, by field: beside the points too, as the live points say them."""
        return {f.key: f.error for f in self.fields if f.error}

    @property
    def autosave(self) -> bool:
        """The row saves itself as the officer leaves it (an editable row, typed by the province)."""
        return self.editable and not self.indicator.automatic

    @property
    def unsaved(self) -> bool:
        """It shows typing that is not saved (refused, or in conflict): leaving the page warns."""
        return self.typed and (self.has_errors or self.conflict is not None)

    @property
    def posted_names(self) -> list[str]:
        """The names the row's own save sends (posted_rows reads them): nothing of the other rows."""
        return [f"v{self.value.pk}-version", *dict.fromkeys(f.name for f in self.fields), f"v{self.value.pk}-warning_note"]


def _fields_for(value, indicator) -> list[InputField]:
    prefix = f"v{value.pk}-"
    specs = scoring.entry(indicator.rule_type).input_specs(indicator.rule_params or {}, _WORDING)
    return [
        InputField(
            key=spec.key,
            name=prefix + spec.key,
            id=f"id_{prefix}{spec.key}",
            label=spec.label,
            kind=spec.kind,
            options=list(spec.options),
            help=spec.help,
        )
        for spec in specs
    ]


_ROW_FIELD = re.compile(r"v([0-9]{1,18})-([a-z_]{1,32})")


def posted_rows(data) -> dict[int, dict]:
    """What a POST of the entry page asks to save: {value id: {"inputs": {field: text},
    "version": int}} for every row it carries, read from the field names alone (v<id>-<field>)
    so that a save needs no read before the service's own, under its lock. The service refuses
    a row that is not of this main index, is measured automatically or may not be edited now;
    the rule decides which of a row's fields count."""
    out: dict[int, dict] = {}
    for name in data:
        match = _ROW_FIELD.fullmatch(name)
        if match is None:
            continue
        row = out.setdefault(int(match[1]), {"inputs": {}, "version": -1})
        if match[2] == "warning_note":  # the officer's explanation of a warning, not an input
            row["warning_note"] = data.get(name, "")
        elif match[2] == "version":
            try:
                row["version"] = int(data.get(name, ""))
            except (TypeError, ValueError):
                row["version"] = -1  # a page without a version is treated as stale, never as current
        else:
            row["inputs"][match[2]] = data.get(name, "")
    return out


class EntryForm:
    """All indicators of one main index. `data` is the POST of a save, shown again on the rows
    it did not save: `typed` (value ids), or every row it carries when None."""

    def __init__(self, *, submission, values, data=None, typed=None):
        self.submission = submission
        self.data = data
        self.general_information: dict = {}  # shown with the page (show_general_information)
        self.rows: list[EntryRow] = []
        links = {name: by_id(f"assessments:{name}") for name in ("points", "evidence", "value_history", "value_save")}
        for v in values:
            editable = workflow.province_may_edit(submission, v)
            posted = data if typed is None or v.pk in typed else None  # what this row shows as typed
            if posted is not None and f"v{v.pk}-version" in posted and not v.indicator.automatic:
                # A refused save (e.g. the deadline passed meanwhile) still shows what was typed.
                editable = True
            fields = _fields_for(v, v.indicator)
            shows_typed = posted is not None and editable
            shown = {f.key: posted.get(f.name, "") for f in fields} if shows_typed else display_inputs(v.indicator, v.inputs)
            for f in fields:
                f.value = shown.get(f.key, "")
            row = EntryRow(
                value=v,
                indicator=v.indicator,
                editable=editable,
                fields=fields,
                version=v.version,
                points=v.self_points,
                typed=shows_typed,
                urls={name: link(v.pk) for name, link in links.items()},
                warning_note=posted.get(f"v{v.pk}-warning_note", v.warning_note) if shows_typed else v.warning_note,
            )
            self.rows.append(row)
        self.has_editable = any(r.editable for r in self.rows)

    def show_general_information(self, gi_values) -> None:
        """The inputs that come from general information (GeneralInfoValue rows with their
        item), beside the rows that use them, and for scoring what was typed. While one is
        blank, its row says it waits for it, by name, with a link to its field."""
        self.general_information = {g.item.code: g.value for g in gi_values}
        items = {g.item.code: g for g in gi_values}
        page = reverse("assessments:general_info", args=[self.submission.pk])
        for row in self.rows:
            source = scoring.entry(row.indicator.rule_type).general_info_source(row.indicator.rule_params or {})
            if not source:
                continue
            gv = items.get(source)
            name, link = (gv.item.name, f"{page}#gi-{gv.pk}") if gv else (source, page)
            row.denominator_info = (name, self.general_information.get(source), link)
            if services.waiting_on(row.indicator, self.general_information):
                row.waiting = (name, link)

    def score_typed(self) -> None:
        """The points of what was typed, for a page shown again after a refused save (a
        successful save redirects, so it never pays for this)."""
        for row in self.rows:
            if row.typed:
                typed = {f.key: f.value for f in row.fields}
                row.points = services.score_inputs(row.indicator, typed, self.general_information).points

    def show_warnings(self, warnings: dict) -> None:
        """Validation-rule warnings by value id (services.value_warnings), beside their rows."""
        for row in self.rows:
            row.warnings = warnings.get(row.value.pk, [])

    def show_previous(self, previous: dict) -> None:
        """Last year's values by indicator code (selectors.previous_values), beside each row."""
        for row in self.rows:
            row.previous = previous.get(row.indicator.code, [])

    def apply(self, *, errors=None, conflicts=None) -> None:
        """Attach the service's errors to their fields, and the other person's rows."""
        for row in self.rows:
            for key, raw_message in (errors or {}).get(row.value.pk, {}).items():
                message = scoring.translated(raw_message, _)  # the engine's messages in the page's language
                target = next((f for f in row.fields if f.key == key), None)
                if target:
                    target.error = message
                else:
                    row.row_errors.append(message)
            current = (conflicts or {}).get(row.value.pk)
            if current is not None:
                row.conflict = current
                # The next save is based on what the officer now sees: theirs, knowingly.
                row.version = current.version


@dataclass
class GeneralInfoRow:
    gv: Any
    name: str
    id: str
    value: str
    version: int
    error: str | None = None
    conflict: Any = None


class GeneralInfoForm:
    """The general-information values; `data` is the POST of a save, shown again on the rows it
    did not save (`typed`: their ids; None: every row)."""

    def __init__(self, *, values, data=None, typed=None):
        self.data = data
        self.rows = []
        for gv in values:
            name = f"g{gv.pk}-value"
            posted = data is not None and (typed is None or gv.pk in typed)
            shown = data.get(name, "") if posted else field_value(gv.value, gv.item.number_kind)
            self.rows.append(GeneralInfoRow(gv=gv, name=name, id=f"id_{name}", value=shown, version=gv.version))

    def posted_rows(self) -> dict[int, dict]:
        out = {}
        for row in self.rows:
            try:
                version = int(self.data.get(f"g{row.gv.pk}-version", ""))
            except (TypeError, ValueError):
                version = -1
            out[row.gv.pk] = {"value": self.data.get(row.name, ""), "version": version}
        return out

    def apply(self, *, errors=None, conflicts=None) -> None:
        for row in self.rows:
            row.error = scoring.translated((errors or {}).get(row.gv.pk, {}).get("value"), _)
            current = (conflicts or {}).get(row.gv.pk)
            if current is not None:
                row.conflict = current
                row.version = current.version


DATE_WIDGET = forms.TextInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"})
DATETIME_WIDGET = forms.TextInput(attrs={"placeholder": "dd/mm/yyyy hh:mm", "autocomplete": "off"})


class EvidenceForm(BoundedForm):
    file = forms.FileField(label=_l("Tệp (PDF, Word, Excel, ảnh)"), required=False)
    doc_number = forms.CharField(label=_l("Số hiệu văn bản"), max_length=100)
    doc_date = forms.DateField(label=_l("Ngày ban hành"), widget=DATE_WIDGET, help_text=_l("Dạng ngày/tháng/năm, ví dụ 15/03/2025."))
    issuing_body = forms.CharField(label=_l("Cơ quan ban hành"), max_length=255)
    summary = forms.CharField(label=_l("Trích yếu"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["doc_date"].error_messages["invalid"] = _("Ngày không hợp lệ; nhập theo dạng dd/mm/yyyy.")


# A deadline typed as a date alone is the end of that day, never its first minute (which took
# the whole last day from every province): 23:59 in Vietnam's time, to the last second.
END_OF_DAY = dt.time(23, 59, 59)
DEADLINE_HELP = _l(
    "Giờ Việt Nam (Asia/Ho_Chi_Minh). Chỉ nhập ngày (dd/mm/yyyy) nghĩa là hết ngày đó, 23:59; "
    "cần giờ khác thì nhập kèm giờ: dd/mm/yyyy hh:mm."
)
# Longer than any date and time typed by hand: refused before any parsing.
DEADLINE_MAX_LENGTH = 40


class DeadlineField(forms.DateTimeField):
    """A deadline: a date alone means 23:59 of that day; a date and time, that moment. Day
    first, in the formats of the active language (dtiportal/formats)."""

    widget = forms.TextInput(attrs={"placeholder": "dd/mm/yyyy [hh:mm]", "autocomplete": "off"})
    default_error_messages = {
        "invalid": _l("Hạn không hợp lệ; nhập ngày dd/mm/yyyy (hết ngày, 23:59) hoặc ngày và giờ dd/mm/yyyy hh:mm."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", DEADLINE_HELP)
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip()
            if len(value) > DEADLINE_MAX_LENGTH:
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            day = _date_only(value)
            if day is not None:
                return timezone.make_aware(dt.datetime.combine(day, END_OF_DAY))
        return super().to_python(value)


def _date_only(text: str) -> dt.date | None:
    """The day `text` names when it is a date without a time, in an accepted date format."""
    for fmt in formats.get_format("DATE_INPUT_FORMATS"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except (ValueError, TypeError):
            continue
    return None


class RoundForm(BoundedForm):
    # The authorities the admin runs (issue 18); with only one, the field is left out and the
    # round is that one's (`cleaned_data["authority"]` either way).
    authority = forms.ModelChoiceField(label=_l("Cơ quan đánh giá"), queryset=Authority.objects.none())
    year = forms.IntegerField(label=_l("Năm đánh giá"), min_value=2015, max_value=2100)
    framework = forms.ModelChoiceField(label=_l("Bộ chỉ số"), queryset=Framework.objects.none())
    ranking_group = forms.ChoiceField(label=_l("Nhóm đơn vị"), choices=RankingGroup.choices)
    opens_at = forms.DateTimeField(label=_l("Mở từ"), widget=DATETIME_WIDGET, help_text=_l("Giờ Việt Nam, dạng dd/mm/yyyy hh:mm."))
    closes_at = DeadlineField(label=_l("Hạn nộp"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        administered = sorted(access.authorities_administered_by(user))
        self.fields["framework"].queryset = Framework.objects.filter(authority_id__in=administered)
        if len(administered) == 1:
            self._only_authority = Authority.objects.filter(pk=administered[0]).first()
            del self.fields["authority"]
        else:
            self._only_authority = None
            self.fields["authority"].queryset = Authority.objects.filter(pk__in=administered)

    def clean(self):
        cleaned = super().clean()
        if self._only_authority is not None:
            cleaned["authority"] = self._only_authority
        return cleaned


class DeadlineForm(BoundedForm):
    deadline = DeadlineField(label=_l("Hạn nộp mới"))
    reason = forms.CharField(label=_l("Lý do gia hạn"), widget=forms.Textarea(attrs={"rows": 3}))


class StartRoundForm(BoundedForm):
    """Opening entry now; a round created closed needs a new deadline (the service says so)."""

    closes_at = DeadlineField(label=_l("Hạn nộp"), required=False)


class RoundDeadlineForm(BoundedForm):
    closes_at = DeadlineField(label=_l("Hạn nộp mới của đợt"))
    note = forms.CharField(label=_l("Ghi chú cho các đơn vị (không bắt buộc)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CloseOutForm(BoundedForm):
    kind = forms.ChoiceField(label=_l("Cách khép hồ sơ"), choices=CloseOut.choices, widget=forms.RadioSelect)
    reason = forms.CharField(label=_l("Lý do"), widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_l("Bắt buộc; được công khai trên bảng xếp hạng cùng với đơn vị."))


def add_service_errors(form: forms.Form, errors: dict) -> None:
    for name, message in errors.items():
        form.add_error(name if name in form.fields else None, message)
