"""The audit trail in words: who, when, what changed from → to, and why.

Every audit action has one describer in `DESCRIBERS` (a test walks the code for every
`audit.record(action=…)` and checks that it is here), so a page never shows a raw action code
or a stored dict. A describer reads only the row's own `old`/`new`/`note` (the trail is a
record: it says what was written then, not what the value is now) and, for a value's inputs,
the indicator's rule to put them in words.

Used by the per-value history (assessments) and the submission trail (review); both render
`templates/assessments/_history_events.html`. Every text goes through gettext, so the trail
reads in the reader's language; numbers and dates through core.formatting.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.utils.dateparse import parse_datetime
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import access
from accounts.models import AuditEntry
from core import formatting

from . import workflow
from .models import AssignmentStatus, IndicatorValue, SubmissionStatus
from .templatetags.assessment_tags import inputs_text


@dataclass(frozen=True)
class Change:
    label: str
    old: str | None  # None: there is no "before" to show (a value stated, not changed)
    new: str
    internal: bool = False  # the reviewers' working state: the province reads it from sign-off on


@dataclass(frozen=True)
class Event:
    """One audit row as a reader sees it."""

    entry: AuditEntry
    title: str
    changes: list[Change] = field(default_factory=list)
    reason_label: str = ""
    reason: str = ""
    subject: str = ""  # what it is about, on a trail that mixes several things ("1.3 Tỷ lệ …")

    @property
    def who(self) -> str:
        return self.entry.actor.display_name if self.entry.actor else _("Hệ thống")

    @property
    def when(self):
        return self.entry.created_at

    @property
    def interface(self) -> str:
        return self.entry.get_interface_display()


@dataclass(frozen=True)
class Describer:
    title: Callable[[AuditEntry], str] | object  # a lazy text, or a function of the row
    changes: Callable[[AuditEntry, object], list[Change]] = lambda entry, indicator: []
    reason_label: object = gettext_lazy("Lý do")
    reason: Callable[[AuditEntry], str] = lambda entry: entry.note
    # An appraisal in progress is the reviewers' working state, not the province's result:
    # the province reads it in its history from sign-off on (as on its other pages).
    internal: bool = False


# --- Reading the stored dicts ---------------------------------------------------------------


def _old(entry, key):
    return (entry.old or {}).get(key) if isinstance(entry.old, dict) else None


def _new(entry, key):
    return (entry.new or {}).get(key) if isinstance(entry.new, dict) else None


def _points(value) -> str:
    return formatting.points(value)


def _status(code) -> str:
    try:
        return str(SubmissionStatus(code).label)
    except ValueError:
        return str(code or formatting.DASH)


def _clarification_status(code) -> str:
    # The review app's choices, reached through the relation (this app may not import review).
    field = IndicatorValue._meta.get_field("clarifications").related_model._meta.get_field("status")
    return str(dict(field.flatchoices).get(code, code or formatting.DASH))


def _inputs(indicator, inputs) -> str:
    if inputs is not None and not isinstance(inputs, dict):
        return formatting.DASH  # not what any version of the code stores: shown as nothing
    if indicator is None:
        return _("Số liệu đã nhập") if inputs else _("Chưa nhập")
    return inputs_text(indicator, inputs)


def _points_change(label, key="self_points"):
    def changes(entry, indicator):
        return [Change(str(label), _points(_old(entry, key)), _points(_new(entry, key)))]

    return changes


def _value_changes(entry, indicator) -> list[Change]:
    return [
        Change(_("Số liệu báo cáo"), _inputs(indicator, _old(entry, "inputs")), _inputs(indicator, _new(entry, "inputs"))),
        Change(_("Điểm tự đánh giá"), _points(_old(entry, "self_points")), _points(_new(entry, "self_points"))),
    ]


def _measure_changes(entry, indicator) -> list[Change]:
    out = _value_changes(entry, indicator)
    if _new(entry, "source"):
        out.append(Change(_("Nguồn"), _old(entry, "source") or formatting.DASH, _new(entry, "source")))
    return out


def _file(entry, side) -> str:
    data = (entry.old if side == "old" else entry.new) or {}
    if not isinstance(data, dict) or not data.get("file"):
        return formatting.DASH
    return " · ".join(str(x) for x in (data.get("file"), data.get("doc_number")) if x)


def _evidence_changes(entry, indicator) -> list[Change]:
    return [Change(_("Tài liệu kiểm chứng"), _file(entry, "old"), _file(entry, "new"))]


def _general_info_changes(entry, indicator) -> list[Change]:
    return [
        Change(
            _("Thông tin chung %(code)s") % {"code": _new(entry, "code") or _old(entry, "code") or ""},
            formatting.number(_old(entry, "value")),
            formatting.number(_new(entry, "value")),
        )
    ]


def _status_changes(entry, indicator) -> list[Change]:
    return [Change(_("Trạng thái"), _status(_old(entry, "status")), _status(_new(entry, "status")))]


def _moment(stored) -> str:
    """A moment as the trail stored it (ISO text, accounts.audit) in Vietnam's time."""
    moment = parse_datetime(stored) if isinstance(stored, str) else None
    return formatting.moment(moment) if moment else formatting.DASH


def _deadline_changes(entry, indicator) -> list[Change]:
    return [Change(_("Hạn nộp"), _moment(_old(entry, "deadline")), _moment(_new(entry, "deadline")))]


def _round_deadline_changes(entry, indicator) -> list[Change]:
    out = [Change(_("Hạn nộp của đợt"), _moment(_old(entry, "closes_at")), _moment(_new(entry, "closes_at")))]
    if _old(entry, "opens_at") != _new(entry, "opens_at"):
        out.insert(0, Change(_("Mở từ"), _moment(_old(entry, "opens_at")), _moment(_new(entry, "opens_at"))))
    ended = _old(entry, "extensions")
    if isinstance(ended, dict) and ended:
        out.append(
            Change(
                _("Gia hạn riêng kết thúc"),
                ", ".join(f"{code} ({_moment(at)})" for code, at in sorted(ended.items())),
                formatting.DASH,
            )
        )
    return out


def _review_deadline_changes(entry, indicator) -> list[Change]:
    return [
        Change(_("Hạn thẩm định"), _moment(_old(entry, "review_closes_at")), _moment(_new(entry, "review_closes_at")))
    ]


def _appraise_changes(entry, indicator) -> list[Change]:
    return [
        Change(_("Điểm tự đánh giá"), None, _points(_new(entry, "self_points"))),
        Change(_("Điểm thẩm định"), _points(_old(entry, "reviewed_points")), _points(_new(entry, "reviewed_points"))),
    ]


def _appraise_reason(entry) -> str:
    reason = _new(entry, "review_reason") or ""
    return "; ".join(x for x in (reason, entry.note) if x)


def _return_changes(entry, indicator) -> list[Change]:
    return [
        Change(
            _("Điểm thẩm định"), _points(_old(entry, "reviewed_points")), _points(_new(entry, "reviewed_points")),
            internal=True,
        )
    ]


def _clarification_changes(entry, indicator) -> list[Change]:
    return [
        Change(
            _("Trạng thái"), _clarification_status(_old(entry, "status")), _clarification_status(_new(entry, "status"))
        )
    ]


def _assign_changes(entry, indicator) -> list[Change]:
    return [
        Change(
            _("Người thẩm định"),
            _old(entry, "assigned_reviewer") or formatting.DASH,
            _new(entry, "assigned_reviewer") or formatting.DASH,
        )
    ]


def _final_points_changes(entry, indicator) -> list[Change]:
    return [
        Change(_("Tổng điểm tự đánh giá"), None, _points(_new(entry, "self_total"))),
        Change(_("Tổng điểm thẩm định"), None, _points(_new(entry, "reviewed_total"))),
        Change(_("Tổng điểm đạt được"), None, _points(_new(entry, "final_total"))),
    ]


def _answered_title(entry) -> str:
    answered = _old(entry, "awaiting_clarification")
    n = len(answered) if isinstance(answered, list) else 0
    return _("Gửi bổ sung: %(n)d chỉ số đã giải trình") % {"n": n}


def _assignment_status(code) -> str:
    try:
        return str(AssignmentStatus(code).label)
    except ValueError:
        return formatting.DASH  # before the assignment existed


def _contribution_changes(entry, indicator) -> list[Change]:
    return [Change(_("Trạng thái"), _assignment_status(_old(entry, "status")), _assignment_status(_new(entry, "status")))]


def _contribution(move: workflow.Move) -> Describer:
    return Describer(title=lambda entry, label=move.label: capfirst(str(label)), changes=_contribution_changes)


def _contribution_value_changes(entry, indicator) -> list[Change]:
    code = _new(entry, "code") or formatting.DASH
    return [Change(code, str(_old(entry, "inputs") or formatting.DASH), str(_new(entry, "inputs") or formatting.DASH))]


def _assigned_general_info(entry, indicator) -> list[Change]:
    codes = _new(entry, "codes") or []
    return [Change(_("Thông tin chung"), formatting.DASH, ", ".join(str(c) for c in codes) or formatting.DASH)]


def _accepted_title(entry) -> str:
    return _("Nhận số liệu đóng góp của %(name)s") % {"name": _new(entry, "contributor_name") or formatting.DASH}


def _transition(move: workflow.Move) -> Describer:
    return Describer(title=lambda entry, label=move.label: capfirst(str(label)), changes=_status_changes)


# One entry per audit action: the registry the pages read.
DESCRIBERS: dict[str, Describer] = {
    # The province's values and evidence
    "value.update": Describer(gettext_lazy("Sửa số liệu"), _value_changes),
    "value.rescore": Describer(gettext_lazy("Tính lại điểm"), _points_change(gettext_lazy("Điểm tự đánh giá"))),
    "value.measure": Describer(gettext_lazy("Đo tự động"), _measure_changes),
    "value.clarification_answered": Describer(_answered_title),
    "value.warning_note": Describer(
        gettext_lazy("Giải trình cảnh báo số liệu"),
        reason_label=gettext_lazy("Giải trình"),
        reason=lambda entry: _new(entry, "warning_note") or formatting.DASH,
    ),
    "evidence.add": Describer(gettext_lazy("Tải lên tài liệu"), _evidence_changes),
    "evidence.replace": Describer(gettext_lazy("Thay thế tài liệu"), _evidence_changes),
    "evidence.remove": Describer(gettext_lazy("Gỡ tài liệu"), _evidence_changes),
    "general_info.update": Describer(gettext_lazy("Sửa thông tin chung"), _general_info_changes),
    # The submission's workflow (one per move of the transition table) and its deadline
    **{f"submission.{action}": _transition(move) for action, move in workflow.moves(workflow.Kind.SUBMISSION).items()},
    "submission.extend_deadline": Describer(gettext_lazy("Gia hạn nộp"), _deadline_changes),
    # Contributions (one per move of the contributions' table), and a value taken from one
    **{f"contribution.{action}": _contribution(move) for action, move in workflow.moves(workflow.Kind.CONTRIBUTION).items()},
    "value.contributed": Describer(_accepted_title),
    "contribution.save": Describer(gettext_lazy("Đơn vị đóng góp sửa số liệu"), _contribution_value_changes),
    "contribution.general_info_assigned": Describer(gettext_lazy("Giao thông tin chung"), _assigned_general_info),
    "contribution.general_info_save": Describer(gettext_lazy("Đơn vị đóng góp sửa thông tin chung"), _general_info_changes),
    "general_info.contributed": Describer(_accepted_title, _general_info_changes),
    "contribution.evidence_add": Describer(gettext_lazy("Đơn vị đóng góp tải lên tài liệu"), _evidence_changes),
    "contribution.evidence_cite": Describer(gettext_lazy("Đơn vị đóng góp dẫn lại tài liệu"), _evidence_changes),
    "contribution.evidence_remove": Describer(gettext_lazy("Đơn vị đóng góp gỡ tài liệu"), _evidence_changes),
    # The review
    "review.appraise": Describer(
        gettext_lazy("Thẩm định"), _appraise_changes, gettext_lazy("Lý do điều chỉnh"), _appraise_reason, internal=True
    ),
    "review.request_clarification": Describer(
        gettext_lazy("Yêu cầu bổ sung/giải trình"), _return_changes, gettext_lazy("Câu hỏi"),
        lambda entry: _new(entry, "question") or entry.note,
    ),
    "review.answer_clarification": Describer(
        gettext_lazy("Trả lời yêu cầu giải trình"), _clarification_changes, gettext_lazy("Trả lời"),
        lambda entry: _new(entry, "answer") or entry.note,
    ),
    "review.close_clarification": Describer(
        gettext_lazy("Chấp nhận giải trình"), _clarification_changes, gettext_lazy("Nhận xét")
    ),
    "review.assign": Describer(gettext_lazy("Phân công thẩm định"), _assign_changes, internal=True),
    "review.fix_final_points": Describer(gettext_lazy("Chốt điểm đạt được"), _final_points_changes),
    # Rounds, frameworks, results, accounts: on other trails, described all the same
    "round.open": Describer(gettext_lazy("Mở đợt đánh giá")),
    "round.start": Describer(gettext_lazy("Mở nhận hồ sơ"), _round_deadline_changes),
    "round.move_deadline": Describer(gettext_lazy("Dời hạn nộp của đợt"), _round_deadline_changes),
    "round.close_entry": Describer(gettext_lazy("Đóng nhận hồ sơ"), _round_deadline_changes),
    "round.set_review_deadline": Describer(gettext_lazy("Đặt hạn thẩm định"), _review_deadline_changes),
    "framework.load": Describer(gettext_lazy("Nạp bộ chỉ số")),
    "framework.replace": Describer(gettext_lazy("Thay bộ chỉ số")),
    "results.publish": Describer(gettext_lazy("Công bố kết quả")),
    "results.unpublish": Describer(gettext_lazy("Hủy công bố kết quả")),
    "results.recompute_requested": Describer(gettext_lazy("Yêu cầu tính lại xếp hạng")),
    "results.import_history": Describer(gettext_lazy("Nhập kết quả các năm trước")),
    "api.token_revoke": Describer(gettext_lazy("Thu hồi token API")),
    "accounts.deactivate": Describer(gettext_lazy("Khóa tài khoản")),
    "accounts.add_unit": Describer(gettext_lazy("Thêm đơn vị trực thuộc")),
}

# An action recorded by code newer than this registry: still words, never the code.
UNKNOWN = Describer(gettext_lazy("Thay đổi khác"))


def describe_one(entry: AuditEntry, indicator=None, subject: str = "", *, hide_internal: bool = False) -> Event:
    describer = DESCRIBERS.get(entry.action, UNKNOWN)
    title = describer.title(entry) if callable(describer.title) else str(describer.title)
    changes = describer.changes(entry, indicator)
    return Event(
        entry=entry,
        title=title,
        changes=[c for c in changes if not (hide_internal and c.internal)],
        reason_label=str(describer.reason_label),
        reason=describer.reason(entry) or "",
        subject=subject,
    )


def describe(
    entries: Iterable[AuditEntry],
    *,
    values: dict[int, IndicatorValue] | None = None,
    submission=None,
    hide_internal: bool = False,
) -> list[Event]:
    """The rows in words. `values`: the indicator values the rows may be about, by id; else
    those of `submission` (its trail: one query, however many rows); else those the rows name.
    `hide_internal`: leave out the reviewers' working state (`province_reads_internal`)."""
    entries = [e for e in entries if not (hide_internal and DESCRIBERS.get(e.action, UNKNOWN).internal)]
    value_type = ContentType.objects.get_for_model(IndicatorValue).pk  # cached by Django after the first call

    def value_id(e: AuditEntry) -> int | None:
        return int(e.target_id) if e.target_type_id == value_type and e.target_id.isdigit() else None

    if values is None and submission is not None:
        values = {v.pk: v for v in IndicatorValue.objects.filter(submission=submission).select_related("indicator")}
    if values is None:
        ids = {i for i in map(value_id, entries) if i is not None}
        values = IndicatorValue.objects.select_related("indicator").in_bulk(ids) if ids else {}
    out = []
    for e in entries:
        value = values.get(value_id(e))
        indicator = value.indicator if value is not None else None
        subject = f"{indicator.code} {indicator.name}" if indicator is not None else ""
        out.append(describe_one(e, indicator, subject, hide_internal=hide_internal))
    return out


def province_reads_internal(user, submission) -> bool:
    """Whether `user` reads the reviewers' working state of `submission` in its history:
    reviewers always; the unit's officers (a province's, a provincial round's unit's) from
    sign-off on."""
    return not access.is_unit_officer(user, submission.unit_id) or submission.status in workflow.FINAL
