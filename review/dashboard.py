"""The round dashboard: how far the round has come, for the Authority. Reads only.

Figures, all over the round's submissions:
- completeness: values entered / values the province must enter (indicators it types itself
  that carry points, as `assessments.services.missing_items` counts them), and required
  evidence attached / evidence required (current files only);
- on-time rate: submissions first sent before their deadline (the unit's extension, else the
  round's) / submissions sent. The first sending is the `submission.submit` audit row:
  `submitted_at` moves again when a return is answered;
- by state: how many, and their age — whole days since the last status change;
- review deadline (`Round.review_closes_at`): a sent submission not signed off by then is
  overdue; a draft past its own deadline is marked as not sent (it is nobody's review yet);
- reviewer workload: per assigned reviewer (and "unassigned"), submissions assigned, waiting
  for appraisal, returned, signed off and overdue.

Five queries, whatever the number of submissions, values or files.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AuditEntry, User
from assessments import workflow
from assessments.models import Evidence, EvidenceRequirement, Round, Submission, SubmissionStatus
from core import formatting
from core.collation import by_name, sort_key

S = SubmissionStatus

# The values the province must enter (the same rule as missing_items).
_TO_ENTER = Q(values__indicator__automatic=False, values__indicator__max_points__gt=0, values__indicator__main_index__max_points__gt=0)
_EVIDENCE_REQUIRED = _TO_ENTER & Q(values__indicator__evidence=EvidenceRequirement.REQUIRED)


def rate(part: int, whole: int) -> Decimal | None:
    """A share in percent, 1 decimal; None when there is nothing to count."""
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"))


@dataclass
class SubmissionLine:
    submission: Submission
    entered: int
    to_enter: int
    evidence: int
    evidence_required: int
    first_sent_at: dt.datetime | None
    age_days: int
    on_time: bool | None  # None: not sent
    not_sent_late: bool  # a draft past its deadline
    review_overdue: bool

    @property
    def completeness(self) -> Decimal | None:
        return rate(self.entered, self.to_enter)


@dataclass
class Workload:
    reviewer: User | None  # None: not assigned yet
    assigned: int = 0
    waiting: int = 0
    returned: int = 0
    signed: int = 0
    overdue: int = 0


@dataclass
class StateLine:
    status: str
    label: str
    count: int = 0
    oldest_days: int | None = None
    ages: list[int] = field(default_factory=list)

    @property
    def mean_days(self) -> Decimal | None:
        if not self.ages:
            return None
        return (Decimal(sum(self.ages)) / len(self.ages)).quantize(Decimal("0.1"))


@dataclass
class Dashboard:
    round: Round
    now: dt.datetime
    lines: list[SubmissionLine]
    states: list[StateLine]
    workload: list[Workload]

    @property
    def entered(self) -> int:
        return sum(x.entered for x in self.lines)

    @property
    def to_enter(self) -> int:
        return sum(x.to_enter for x in self.lines)

    @property
    def completeness(self) -> Decimal | None:
        return rate(self.entered, self.to_enter)

    @property
    def evidence(self) -> int:
        return sum(x.evidence for x in self.lines)

    @property
    def evidence_required(self) -> int:
        return sum(x.evidence_required for x in self.lines)

    @property
    def evidence_rate(self) -> Decimal | None:
        return rate(self.evidence, self.evidence_required)

    @property
    def sent(self) -> int:
        return sum(1 for x in self.lines if x.on_time is not None)

    @property
    def sent_on_time(self) -> int:
        return sum(1 for x in self.lines if x.on_time)

    @property
    def on_time_rate(self) -> Decimal | None:
        return rate(self.sent_on_time, self.sent)

    @property
    def not_sent_late(self) -> int:
        return sum(1 for x in self.lines if x.not_sent_late)

    @property
    def review_overdue(self) -> int:
        return sum(1 for x in self.lines if x.review_overdue)


def _days(since: dt.datetime, now: dt.datetime) -> int:
    return max((timezone.localdate(now) - timezone.localdate(since)).days, 0)


def build(rnd: Round, *, now: dt.datetime | None = None) -> Dashboard:
    now = now or timezone.now()
    submissions = list(
        Submission.objects.filter(round=rnd)
        .select_related("unit", "assigned_reviewer")
        .annotate(
            n_to_enter=Count("values", filter=_TO_ENTER),
            n_entered=Count("values", filter=_TO_ENTER & Q(values__self_points__isnull=False)),
            n_evidence_required=Count("values", filter=_EVIDENCE_REQUIRED),
        )
        .order_by(by_name("unit__name"), "pk")
    )
    attached = dict(
        Evidence.objects.filter(
            value__submission__round=rnd,
            value__indicator__evidence=EvidenceRequirement.REQUIRED,
            value__indicator__automatic=False,
            value__indicator__max_points__gt=0,
            value__indicator__main_index__max_points__gt=0,
            replaced_by__isnull=True,
            removed_at__isnull=True,
        )
        .values("value__submission")
        .annotate(n=Count("value", distinct=True))
        .values_list("value__submission", "n")
    )
    first_sent = {
        int(target): at
        for target, at in AuditEntry.objects.filter(
            action="submission.submit",
            target_type=ContentType.objects.get_for_model(Submission),
            target_id__in=[str(s.pk) for s in submissions],
        )
        .values("target_id")
        .annotate(at=Min("created_at"))
        .values_list("target_id", "at")
    }
    review_deadline = rnd.review_closes_at
    lines = []
    for sub in submissions:
        sub.round = rnd  # deadline reads the round: no query per row
        sent_at = first_sent.get(sub.pk)
        lines.append(
            SubmissionLine(
                submission=sub,
                entered=sub.n_entered,
                to_enter=sub.n_to_enter,
                evidence=attached.get(sub.pk, 0),
                evidence_required=sub.n_evidence_required,
                first_sent_at=sent_at,
                age_days=_days(sub.status_changed_at, now),
                on_time=None if sent_at is None else sent_at <= sub.deadline,
                not_sent_late=sub.status in workflow.DRAFT_OWNED and now >= sub.deadline,
                review_overdue=bool(review_deadline)
                and now >= review_deadline
                and sub.status not in workflow.SETTLED | workflow.DRAFT_OWNED,
            )
        )
    return Dashboard(round=rnd, now=now, lines=lines, states=_states(lines), workload=_workload(lines))


def _states(lines: list[SubmissionLine]) -> list[StateLine]:
    states = {value: StateLine(value, label) for value, label in S.choices}
    for line in lines:
        st = states[line.submission.status]
        st.count += 1
        st.ages.append(line.age_days)
        st.oldest_days = max(st.oldest_days or 0, line.age_days)
    return list(states.values())


def _workload(lines: list[SubmissionLine]) -> list[Workload]:
    """Per reviewer, counting sent submissions only (a draft is nobody's work yet, an excluded
    unit nobody's work ever)."""
    rows: dict[int | None, Workload] = {}
    for line in lines:
        sub = line.submission
        if sub.status in workflow.DRAFT_OWNED | workflow.UNRANKED:
            continue
        row = rows.setdefault(sub.assigned_reviewer_id, Workload(sub.assigned_reviewer))
        row.assigned += 1
        row.waiting += sub.status in workflow.IN_REVIEW
        row.returned += sub.status == S.RETURNED
        row.signed += sub.status in workflow.FINAL
        row.overdue += line.review_overdue
    named = sorted((r for k, r in rows.items() if k is not None), key=lambda r: (-r.waiting, sort_key(str(r.reviewer))))
    return named + ([rows[None]] if None in rows else [])


# --- CSV -----------------------------------------------------------------------------------


def csv_header() -> list[str]:
    return [
        _("Mã đơn vị"), _("Đơn vị"), _("Trạng thái"), _("Số ngày ở trạng thái này"),
        _("Số liệu đã nhập"), _("Số liệu phải nhập"), _("Tỷ lệ hoàn thành (%)"),
        _("Tài liệu bắt buộc đã có"), _("Tài liệu bắt buộc"), _("Hạn nộp"), _("Gửi lần đầu lúc"),
        _("Gửi đúng hạn"), _("Người thẩm định"), _("Hạn thẩm định"), _("Quá hạn thẩm định"),
    ]


def _text(value: str) -> str:
    # A cell a spreadsheet would read as a formula is kept as text.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def csv_rows(dashboard: Dashboard) -> list[list[str]]:
    """One row per submission; numbers and moments for programs (a point, ISO-like dates)."""
    def when(value):
        return formatting.plain_moment(value)

    def yes_no(flag):
        return "" if flag is None else (_("có") if flag else _("không"))

    rows = []
    for x in dashboard.lines:
        sub = x.submission
        rows.append([
            _text(sub.unit.code), _text(sub.unit.name), str(sub.get_status_display()), str(x.age_days),
            str(x.entered), str(x.to_enter), formatting.plain(x.completeness, 1),
            str(x.evidence), str(x.evidence_required), when(sub.deadline), when(x.first_sent_at),
            yes_no(x.on_time), _text(str(sub.assigned_reviewer or "")), when(dashboard.round.review_closes_at),
            yes_no(x.review_overdue),
        ])
    return rows
