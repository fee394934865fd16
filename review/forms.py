"""Plain forms of the review pages; the rules live in services.py."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.validators import BoundedForm
from assessments.models import SubmissionStatus


class QueueFilterForm(BoundedForm):
    q = forms.CharField(label=_("Đơn vị"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Trạng thái"), required=False)
    reviewer = forms.ChoiceField(label=_("Người thẩm định"), required=False)
    sort = forms.ChoiceField(
        label=_("Sắp xếp theo"),
        required=False,
        choices=[
            ("unit", _("Đơn vị")),
            ("status", _("Trạng thái")),
            ("self", _("Điểm tự đánh giá (cao trước)")),
            ("progress", _("Tiến độ thẩm định")),
            ("submitted", _("Thời điểm gửi (sớm trước)")),
            ("reviewer", _("Người thẩm định")),
        ],
    )

    def __init__(self, *args, reviewers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Tất cả"))] + list(SubmissionStatus.choices)
        self.fields["reviewer"].choices = [("", _("Tất cả")), ("me", _("Của tôi")), ("none", _("Chưa phân công"))] + [
            (str(u.pk), u.display_name) for u in reviewers
        ]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: self.cleaned_data.get(k) or "" for k in ("q", "status", "reviewer", "sort")}


class AssignForm(BoundedForm):
    submissions = forms.ModelMultipleChoiceField(queryset=None, label=_("Hồ sơ"), error_messages={
        "required": _("Hãy chọn ít nhất một hồ sơ."),
        "invalid_choice": _("Hồ sơ không thuộc đợt này."),
        "invalid_pk_value": _("Hồ sơ không hợp lệ."),
    })
    reviewer = forms.ModelChoiceField(queryset=None, label=_("Phân công cho"), required=False,
                                      empty_label=_("— Bỏ phân công —"))

    def __init__(self, *args, submissions, reviewers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submissions"].queryset = submissions
        self.fields["reviewer"].queryset = reviewers


class AppraiseForm(BoundedForm):
    points = forms.CharField(label=_("Điểm thẩm định"), max_length=20)
    reason = forms.CharField(label=_("Lý do điều chỉnh"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ReasonForm(BoundedForm):
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class MessageForm(BoundedForm):
    body = forms.CharField(label=_("Nội dung giải trình"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class CloseForm(BoundedForm):
    note = forms.CharField(label=_("Nhận xét (không bắt buộc)"), required=False, max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class ReturnForm(BoundedForm):
    """One optional question per indicator; the indicators with a question are returned."""

    note = forms.CharField(label=_("Ghi chú chung (không bắt buộc)"), required=False, max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, values, **kwargs):
        super().__init__(*args, **kwargs)
        self.values = values
        for v in values:
            self.fields[f"q_{v.pk}"] = forms.CharField(
                label=f"{v.indicator.code} {v.indicator.name}", required=False, max_length=5000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def questions(self) -> dict[int, str]:
        return {v.pk: self.cleaned_data.get(f"q_{v.pk}", "") for v in self.values}

    def rows(self):
        return [(v, self[f"q_{v.pk}"]) for v in self.values]
