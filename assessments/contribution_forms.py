"""The contribution pages' forms: the officer's assignment and send-back, the contributor's rows.

The contributor's rows reuse the entry page's fields (forms._fields_for, display_inputs), named
c<contributed value id>-<field>, so the rule decides the inputs exactly as on the entry page.
"""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from accounts.models import Role, Unit, User
from accounts.validators import BoundedForm

from . import contribution_board, scoring
from .forms import _WORDING, DeadlineField, InputField, display_inputs, field_value
from .models import GeneralInfoItem, Indicator, MainIndex


def contributors_of(province: Unit):
    """The active contributor accounts of the province's departments and communes."""
    return User.objects.filter(
        role=Role.CONTRIBUTOR, is_active=True, unit__in=Unit.objects.descendants(province)
    ).select_related("unit").order_by("unit__name", "username")


class AssignForm(BoundedForm):
    contributor = forms.ModelChoiceField(label=_l("Giao cho"), queryset=User.objects.none())
    main_index = forms.ModelChoiceField(label=_l("Cả chỉ số chính"), queryset=MainIndex.objects.none(), required=False)
    indicators = forms.ModelMultipleChoiceField(
        label=_l("Hoặc các chỉ số thành phần"), queryset=Indicator.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    general_items = forms.ModelMultipleChoiceField(
        label=_l("Các mục thông tin chung"), queryset=GeneralInfoItem.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    # The one deadline field (a date alone is the day's end, 23:59, in Vietnam's time).
    due = DeadlineField(label=_l("Hạn hoàn thành"))
    note = forms.CharField(label=_l("Ghi chú"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, submission, **kwargs):
        super().__init__(*args, **kwargs)
        framework = submission.round.framework
        self.fields["contributor"].queryset = contributors_of(submission.unit)
        self.fields["contributor"].label_from_instance = lambda u: f"{u.display_name} — {u.unit.name}"
        self.fields["main_index"].queryset = MainIndex.objects.filter(framework=framework).order_by("order")
        self.fields["indicators"].queryset = Indicator.objects.filter(framework=framework, automatic=False).order_by("order")
        held = contribution_board.open_holders(submission)
        self.fields["indicators"].label_from_instance = lambda i: _indicator_label(i, held.get(i.pk))
        self.fields["general_items"].queryset = GeneralInfoItem.objects.filter(framework=framework).order_by("order")
        self.fields["general_items"].label_from_instance = lambda g: f"{g.code} {g.name_vi}"

    def clean(self):
        data = super().clean()
        picked = list(data.get("indicators") or [])
        if data.get("main_index"):
            picked += [i for i in data["main_index"].indicators.filter(automatic=False) if i not in picked]
        data["general_items"] = list(data.get("general_items") or [])
        if not picked and not data["general_items"] and not self.errors:
            raise forms.ValidationError(
                _("Hãy chọn một chỉ số chính, ít nhất một chỉ số thành phần hoặc một mục thông tin chung.")
            )
        data["picked"] = picked
        return data


def _indicator_label(indicator, holder: str | None) -> str:
    label = f"{indicator.code} {indicator.name_vi}"
    return _("%(indicator)s — đang giao cho %(name)s") % {"indicator": label, "name": holder} if holder else label


class SendBackForm(BoundedForm):
    reason = forms.CharField(label=_l("Lý do trả lại"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


_ROW_FIELD = re.compile(r"c([0-9]{1,18})-([a-z_]{1,32})")
_GENERAL_FIELD = re.compile(r"g([0-9]{1,18})-value")


def posted_contribution_rows(data) -> dict[int, dict]:
    """{contributed value id: {"inputs": {field: text}}} from the field names (c<id>-<field>)."""
    out: dict[int, dict] = {}
    for name in data:
        match = _ROW_FIELD.fullmatch(name)
        if match:
            out.setdefault(int(match[1]), {"inputs": {}})["inputs"][match[2]] = data.get(name, "")
    return out


def contribution_rows(values, data=None, errors=None) -> list[dict]:
    """The contributor's rows: each contributed value with its input fields (typed or stored)."""
    rows = []
    for cv in values:
        prefix = f"c{cv.pk}-"
        specs = scoring.entry(cv.indicator.rule_type).input_specs(cv.indicator.rule_params or {}, _WORDING)
        stored = display_inputs(cv.indicator, cv.inputs)
        fields = []
        for spec in specs:
            name = prefix + spec.key
            fields.append(InputField(
                key=spec.key, name=name, id=f"id_{name}", label=spec.label, kind=spec.kind, options=list(spec.options),
                help=spec.help, value=data.get(name, "") if data is not None else stored.get(spec.key, ""),
                error=scoring.translated((errors or {}).get(cv.pk, {}).get(spec.key), _),
            ))
        rows.append({"value": cv, "indicator": cv.indicator, "fields": fields})
    return rows


def posted_general_rows(data) -> dict[int, str]:
    """{contributed general-information id: text} from the field names (g<id>-value)."""
    return {int(m[1]): data.get(name, "") for name in data if (m := _GENERAL_FIELD.fullmatch(name))}


def general_rows(values, data=None, errors=None) -> list[dict]:
    """The contributor's general-information fields: typed again after a refusal, else stored
    (written as the officer's general-information page writes them: "42.000" for a count)."""
    rows = []
    for g in values:
        name = f"g{g.pk}-value"
        shown = data.get(name, "") if data is not None else field_value(g.value, g.item.number_kind)
        error = scoring.translated((errors or {}).get(f"g{g.pk}", {}).get("value"), _)
        rows.append({"value": g, "item": g.item, "name": name, "id": f"id_{name}", "shown": shown, "error": error})
    return rows


class LibraryCiteForm(BoundedForm):
    """Cite one of the contributor's files again: its id, one of `library` (else refused)."""

    evidence = forms.IntegerField(label=_l("Tệp đã tải lên"), min_value=1, max_value=2**62)
