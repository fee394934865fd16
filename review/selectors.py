"""Reads of the review pages. Each function issues a fixed number of queries, whatever the
number of submissions, indicators, evidence files or messages (asserted in the tests)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Count,
    Exists,
    F,
    FloatField,
    IntegerField,
    Min,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Coalesce, NullIf
from django.utils.translation import gettext as _

from accounts import access
from accounts.models import AuditEntry, UnitLineage, User, display_name_order
from assessments import scoring, workflow
from assessments.framework_loader import engine_structure
from assessments.models import (
    Evidence,
    GeneralInfoValue,
    Indicator,
    IndicatorValue,
    MainIndex,
    Round,
    Submission,
    SubmissionStatus,
)
from assessments.scoring.rules import GeneralInformation
from core import formatting, language
from core.collation import by_name
from core.links import by_id

from . import flags as F_
from .models import Clarification, ClarificationMessage, ClarificationStatus

S = SubmissionStatus

# --- queue ---------------------------------------------------------------------------------

# Ties, and the default, in the Vietnamese order of the units' names (core.collation).
SORTS = {
    "unit": (by_name("unit__name"),),
    "status": ("status", by_name("unit__name")),
    "self": ("-self_total", by_name("unit__name")),
    "progress": ("progress", by_name("unit__name")),
    "submitted": (F("submitted_at").asc(nulls_last=True), by_name("unit__name")),
    "reviewer": (display_name_order("assigned_reviewer__"), by_name("unit__name")),
}


def queue(rnd: Round, *, user, status: str = "", reviewer: str = "", q: str = "", sort: str = "") -> list[Submission]:
    """Every submission of a round with its self-score, appraisal progress and open questions."""
    open_questions = (
        Clarification.objects.filter(submission=OuterRef("pk"))
        .exclude(status=ClarificationStatus.CLOSED)
        .order_by()
        .values("submission")
        .annotate(n=Count("pk"))
        .values("n")
    )
    qs = (
        Submission.objects.filter(round=rnd)
        .select_related("unit", "assigned_reviewer")
        .annotate(
            n_values=Count("values"),
            n_appraised=Count("values", filter=Q(values__reviewed_at__isnull=False)),
            self_total=Sum("values__self_points"),
            reviewed_total=Sum("values__reviewed_points"),
            n_open=Coalesce(Subquery(open_questions, output_field=IntegerField()), Value(0)),
        )
        .annotate(
            progress=Cast(F("n_appraised"), FloatField()) / NullIf(Cast(F("n_values"), FloatField()), Value(0.0))
        )
    )
    if status:
        qs = qs.filter(status=status)
    if reviewer == "me":
        qs = qs.filter(assigned_reviewer=user)
    elif reviewer == "none":
        qs = qs.filter(assigned_reviewer__isnull=True)
    elif reviewer.isdigit():
        qs = qs.filter(assigned_reviewer_id=int(reviewer))
    if q:
        qs = qs.filter(Q(unit__name__icontains=q) | Q(unit__code__iexact=q))
    return list(qs.order_by(*SORTS.get(sort, SORTS["unit"])))


def reviewers(authority_id: int) -> list[User]:
    """The authority's reviewers and lead reviewers (accounts.access.reviewers_of)."""
    return list(access.reviewers_of(authority_id).order_by(display_name_order()))


def workload(rnd: Round) -> list[User]:
    """Per reviewer of the round's authority: submissions assigned in the round, to appraise
    now, returned, signed off."""
    in_round = Q(assigned_submissions__round=rnd)
    return list(
        access.reviewers_of(rnd.authority_id)
        .annotate(
            n_assigned=Count("assigned_submissions", filter=in_round),
            n_todo=Count("assigned_submissions", filter=in_round & Q(assigned_submissions__status__in=workflow.IN_REVIEW)),
            n_returned=Count("assigned_submissions", filter=in_round & Q(assigned_submissions__status=S.RETURNED)),
            n_signed=Count(
                "assigned_submissions",
                filter=in_round & Q(assigned_submissions__status__in=workflow.FINAL),
            ),
        )
        .order_by("-n_todo", display_name_order())
    )


def unassigned_load(rnd: Round) -> dict[str, int]:
    """The workload table's last row: sent submissions of the round nobody holds, counted
    like a reviewer's, so the table adds up to the round (a signed-off submission that was
    never assigned still counts as done; a waiting one is work someone must take)."""
    return Submission.objects.filter(round=rnd, assigned_reviewer__isnull=True).exclude(
        status__in=workflow.DRAFT_OWNED
    ).aggregate(
        n_assigned=Count("pk"),
        n_todo=Count("pk", filter=Q(status__in=workflow.IN_REVIEW)),
        n_returned=Count("pk", filter=Q(status=S.RETURNED)),
        n_signed=Count("pk", filter=Q(status__in=workflow.FINAL)),
    )


def status_counts(rnd: Round) -> dict[str, int]:
    rows = Submission.objects.filter(round=rnd).values("status").annotate(n=Count("pk")).order_by()
    counts = {r["status"]: r["n"] for r in rows}
    return {"total": sum(counts.values()), **counts}


def my_workload(user) -> dict[str, int]:
    """The signed-in reviewer's own work across rounds, for the home page (one query).

    `todo` is what waits for them: assigned to them and with the reviewers. `unassigned`
    is what waits for anyone (sent, nobody holds it; the first to start it takes it), shown
    beside it so a round where the lead has not assigned yet does not read "nothing to do".
    """
    mine = Q(assigned_reviewer=user)
    reviewed = Submission.objects.filter(round__authority_id__in=access.authorities_reviewed_by(user))
    return reviewed.filter(mine | Q(assigned_reviewer__isnull=True, status__in=workflow.IN_REVIEW)).aggregate(
        todo=Count("pk", filter=mine & Q(status__in=workflow.IN_REVIEW)),
        unassigned=Count("pk", filter=Q(assigned_reviewer__isnull=True, status__in=workflow.IN_REVIEW)),
        returned=Count("pk", filter=mine & Q(status=S.RETURNED)),
        signed=Count("pk", filter=mine & Q(status__in=workflow.FINAL)),
    )


def ready_to_sign_off(user) -> list[Submission]:
    """Submissions this lead reviewer can sign off now (in the authorities they lead): under
    review, every value appraised and no clarification open (what review.services.sign_off
    requires). One query."""
    unappraised = IndicatorValue.objects.filter(submission=OuterRef("pk"), reviewed_at__isnull=True)
    open_questions = Clarification.objects.filter(submission=OuterRef("pk")).exclude(status=ClarificationStatus.CLOSED)
    return list(
        Submission.objects.filter(status=S.UNDER_REVIEW, round__authority_id__in=access.authorities_led_by(user))
        .filter(~Exists(unappraised), ~Exists(open_questions))
        .select_related("unit", "round")
        .order_by("-round__year", "unit__name")
    )


# --- scores --------------------------------------------------------------------------------


@dataclass
class ScoreLine:
    """Self, reviewed and final points side by side, with the main-index values they give."""

    code: str
    name: str
    max_points: Decimal
    self_points: Decimal = Decimal(0)
    reviewed_points: Decimal = Decimal(0)
    final_points: Decimal | None = None
    n_values: int = 0
    n_appraised: int = 0
    self_value: Decimal | None = None
    reviewed_value: Decimal | None = None
    final_value: Decimal | None = None
    main_index: MainIndex | None = None


def score_summary(submission: Submission) -> tuple[list[ScoreLine], ScoreLine]:
    """Per main index and in total: the three scores (four queries).

    Reviewed points count the appraised indicators only (progress says how many); final
    points exist once the submission is signed off. Sums and main-index values come from the
    scoring engine, like the rankings.
    """
    framework = submission.round.framework
    mains = list(MainIndex.objects.filter(framework=framework).order_by("order", "id"))
    rows = IndicatorValue.objects.filter(submission=submission).values(
        "indicator__main_index_id", "self_points", "reviewed_points", "final_points", "reviewed_at"
    )
    by_main: dict[int, list[dict]] = defaultdict(list)
    for r in rows:
        by_main[r["indicator__main_index_id"]].append(r)
    lines = []
    for m in mains:
        vals = by_main.get(m.pk, [])
        finals = [v["final_points"] for v in vals if v["final_points"] is not None]
        lines.append(
            ScoreLine(
                code=m.code,
                name=m.name,
                max_points=m.max_points,
                main_index=m,
                self_points=scoring.sum_points(v["self_points"] for v in vals if v["self_points"] is not None),
                reviewed_points=scoring.sum_points(
                    v["reviewed_points"] for v in vals if v["reviewed_points"] is not None
                ),
                final_points=scoring.sum_points(finals) if finals else None,
                n_values=len(vals),
                n_appraised=sum(1 for v in vals if v["reviewed_at"] is not None),
            )
        )
    # The framework's own aggregation (weighted pillars under 1726), as the ranking uses.
    structure = engine_structure(framework)
    results = {}
    for kind in ("self", "reviewed", "final"):
        points = {ln.code: getattr(ln, f"{kind}_points") or Decimal(0) for ln in lines}
        results[kind] = scoring.unit_result_from_points(structure, points)
    for ln in lines:
        ln.self_value = results["self"].main_indices.get(ln.code)
        ln.reviewed_value = results["reviewed"].main_indices.get(ln.code)
        ln.final_value = results["final"].main_indices.get(ln.code) if ln.final_points is not None else None
    has_final = any(ln.final_points is not None for ln in lines)
    total = ScoreLine(
        code="",
        name=_("Tổng"),
        max_points=framework.total_points,
        self_points=results["self"].points,
        reviewed_points=results["reviewed"].points,
        final_points=results["final"].points if has_final else None,
        n_values=sum(ln.n_values for ln in lines),
        n_appraised=sum(ln.n_appraised for ln in lines),
        self_value=results["self"].dti,
        reviewed_value=results["reviewed"].dti,
        final_value=results["final"].dti if has_final else None,
    )
    return lines, total


# --- the appraisal page ----------------------------------------------------------------------


@dataclass
class Row:
    value: IndicatorValue
    indicator: Indicator
    inputs: list[tuple[str, str]]
    evidence: list[Evidence]
    clarifications: list[Clarification]
    flags: list[F_.Flag] = field(default_factory=list)
    source: str = ""  # where an automatic value comes from (input_source)
    appraise_url: str = ""  # built once per row here, not by {% url %} in the template

    @property
    def appraised(self) -> bool:
        return self.value.reviewed_at is not None

    @property
    def differs(self) -> bool:
        return self.appraised and self.value.reviewed_points != self.value.self_points

    @property
    def set_aside(self) -> Clarification | None:
        """The earlier appraisal a return set aside and no re-appraisal has settled yet: the
        form starts from it, so restoring it is one click."""
        return next((c for c in reversed(self.clarifications) if c.earlier_appraisal == "superseded"), None)


# The engine words the inputs; the page lends it gettext and the way numbers are written.
_WORDING = scoring.Wording(translate=_, number=formatting.reported, content=language.localized_key)


def describe_inputs(indicator: Indicator, inputs: dict, general_information=None) -> list[tuple[str, str]]:
    """The reported inputs as (label, text) pairs, labelled from the rule's parameters; an
    input taken from the unit's general information shows its figure and source (the rule
    entry says which)."""
    entry = scoring.entry(indicator.rule_type)
    derived = entry.general_info_source(indicator.rule_params or {})
    if not inputs and not derived:
        return []
    return entry.describe(indicator.rule_params or {}, inputs or {}, _WORDING, general_information)


def general_information(submission_ids: list[int]) -> dict[int, GeneralInformation]:
    """Each submission's general-information figures by code, with the items' names (one
    query, whatever the number of submissions)."""
    out: dict[int, GeneralInformation] = {pk: GeneralInformation() for pk in submission_ids}
    for sub_id, code, name_vi, name_en, value in GeneralInfoValue.objects.filter(
        submission_id__in=submission_ids
    ).values_list("submission_id", "item__code", "item__name_vi", "item__name_en", "value"):
        out[sub_id][code] = value
        out[sub_id].names[code] = language.localized(name_vi, name_en)
    return out


def input_source(value: IndicatorValue) -> str:
    """Where an automatic value comes from: the platform that posted it and when; before
    any measurement, the source the framework names."""
    indicator = value.indicator
    if value.source:
        if value.measured_at:
            return _("Nguồn: %(source)s, đo lúc %(time)s") % {
                "source": value.source, "time": formatting.moment(value.measured_at)}
        return _("Nguồn: %(source)s") % {"source": value.source}
    if indicator.automatic:
        if indicator.source_vi:
            return _("Đo tự động từ %(source)s; chưa nhận số liệu.") % {"source": indicator.source_vi}
        return _("Đo tự động; chưa nhận số liệu.")
    return ""


def _current_evidence():
    return Evidence.objects.filter(replaced_by__isnull=True, removed_at__isnull=True).order_by("uploaded_at", "id")


def _threads():
    return Clarification.objects.select_related("asked_by", "closed_by", "previous_reviewed_by").prefetch_related(
        Prefetch("messages", queryset=ClarificationMessage.objects.select_related("author"))
    )


def appraisal_rows(submission: Submission, main_index: MainIndex) -> list[Row]:
    """One row per indicator of a main index: inputs, evidence, threads and flags."""
    values = list(
        IndicatorValue.objects.filter(submission=submission, indicator__main_index=main_index)
        # contributed_by: the reviewer reads who entered a figure the province accepted (issue 17)
        .select_related("indicator", "reviewed_by", "contributed_by__unit")
        .prefetch_related(
            Prefetch("evidence", queryset=_current_evidence(), to_attr="current_evidence"),
            Prefetch("clarifications", queryset=_threads(), to_attr="threads"),
        )
        .order_by("indicator__order")
    )
    gi = general_information([submission.pk])[submission.pk]
    appraise_url = by_id("review:appraise", submission.pk)
    rows = [
        Row(
            value=v,
            indicator=v.indicator,
            inputs=describe_inputs(v.indicator, v.inputs, gi),
            evidence=v.current_evidence,
            clarifications=v.threads,
            source=input_source(v),
            appraise_url=appraise_url(v.pk),
        )
        for v in values
    ]
    _add_flags(submission, rows, gi)
    return rows


@dataclass
class Earlier:
    """What a unit's value is compared with: its own last year, or, for a unit formed by a
    merger, its predecessors' (the mean of their measures)."""

    year: int
    predecessors: list[str]  # the predecessors' names; empty for the unit's own year
    measures: dict[str, Decimal | None]  # by indicator code


def earlier_measures(submission: Submission, indicators: list[Indicator]) -> Earlier | None:
    """The measures this unit's values are compared with, by indicator code (at most three
    queries): the latest earlier year of the unit itself, failing that of the units it was
    formed from (UnitLineage), so the first 34-unit round meets the 63-unit year. Indicators
    are matched by code (frameworks change by year)."""
    unit_id = submission.unit_id
    predecessors = UnitLineage.objects.filter(successor_id=unit_id).values("predecessor_id")
    candidates = list(
        Submission.objects.filter(round__year__lt=submission.round.year)
        .filter(Q(unit_id=unit_id) | Q(unit_id__in=predecessors))
        .order_by("-round__year", by_name("unit__name"))
        .values("pk", "unit_id", "unit__name", "round__year")
    )
    own = [c for c in candidates if c["unit_id"] == unit_id]
    chosen = own or candidates
    if not chosen:
        return None
    year = chosen[0]["round__year"]
    chosen = [c for c in chosen if c["round__year"] == year]
    codes = [i.code for i in indicators]
    by_sub: dict[int, dict[str, Decimal | None]] = defaultdict(dict)
    rows = list(
        IndicatorValue.objects.filter(submission_id__in=[c["pk"] for c in chosen], indicator__code__in=codes)
        .order_by()
        .values("submission_id", "indicator__code", "indicator__rule_type", "indicator__rule_params", "inputs",
                "self_points", "final_points")
    )
    # Last year's ratios over population and the like, with last year's figures (one query).
    derived = any(_derives(i.rule_type, i.rule_params) for i in indicators)
    gi = general_information([c["pk"] for c in chosen]) if derived else {}
    for p in rows:
        points = p["final_points"] if p["final_points"] is not None else p["self_points"]
        by_sub[p["submission_id"]][p["indicator__code"]] = F_.measure(
            p["indicator__rule_type"], p["inputs"], points,
            params=p["indicator__rule_params"], general_information=gi.get(p["submission_id"]),
        )
    measures = {code: F_.mean(by_sub[c["pk"]].get(code) for c in chosen) for code in codes}
    return Earlier(year=year, predecessors=[] if own else [c["unit__name"] for c in chosen], measures=measures)


def _derives(rule_type: str, params) -> bool:
    return bool(scoring.entry(rule_type).general_info_source(params or {}))


def _add_flags(submission: Submission, rows: list[Row], gi=None) -> None:
    if not rows:
        return
    threshold = settings.REVIEW_JUMP_THRESHOLD
    k = settings.REVIEW_OUTLIER_IQR_K
    indicators = {r.indicator.pk: r.indicator for r in rows}
    earlier = earlier_measures(submission, list(indicators.values()))
    # Every sent submission of the round, for the outlier fences. The ids first: given them,
    # PostgreSQL reads the (submission, indicator) index; joined, it misjudges how many are
    # sent and scans these indicators' values in every round (40 ms at a million values).
    sent = list(
        Submission.objects.filter(round_id=submission.round_id).exclude(status__in=workflow.DRAFT_OWNED).values_list("pk", flat=True)
    )
    # A ratio over population and the like is measured with each unit's own figure (one
    # query, for the page's indicators that need it).
    derived = any(_derives(i.rule_type, i.rule_params) for i in indicators.values())
    round_gi = general_information(sent) if derived else {}
    by_indicator: dict[int, dict[int, Decimal | None]] = defaultdict(dict)
    for o in (
        IndicatorValue.objects.filter(submission_id__in=sent, indicator_id__in=list(indicators))
        .order_by()
        .values("indicator_id", "submission_id", "inputs", "self_points")
    ):
        ind = indicators[o["indicator_id"]]
        by_indicator[o["indicator_id"]][o["submission_id"]] = F_.measure(
            ind.rule_type, o["inputs"], o["self_points"], params=ind.rule_params, general_information=round_gi.get(o["submission_id"])
        )
    # Same files elsewhere in the round (sent submissions only: a draft is the province's own):
    # how many values cite each of the page's files, counted by one grouped query (a file a
    # whole country attaches is one row here, not 500).
    page_files = [(r.value.pk, e.sha256) for r in rows for e in r.evidence if e.sha256]
    shared = F_.shared_files(page_files, file_places(sent, {sha for _, sha in page_files}))
    uses_url = by_id("review:file_uses") if shared else None
    for r in rows:
        current = F_.measure(
            r.indicator.rule_type, r.value.inputs, r.value.self_points, params=r.indicator.rule_params, general_information=gi
        )
        previous = earlier.measures.get(r.indicator.code) if earlier else None
        if F_.jump(current, previous, threshold):
            r.flags.append(F_.Flag(F_.FlagKind.JUMP, _jump_text(earlier, previous, current)))
        if submission.pk in F_.outliers(by_indicator.get(r.indicator.pk, {}), k):
            r.flags.append(F_.Flag(F_.FlagKind.OUTLIER, _("Giá trị bất thường so với các đơn vị khác trong đợt.")))
        if F_.missing_evidence(r.indicator.evidence, len(r.evidence)):
            r.flags.append(F_.Flag(F_.FlagKind.MISSING_EVIDENCE, _("Thiếu tài liệu kiểm chứng bắt buộc.")))
        elsewhere = shared.get(r.value.pk, {})
        for ev in r.evidence:  # in the card's order; a file cited twice here is flagged once
            n = elsewhere.pop(ev.sha256, 0)
            if n:
                r.flags.append(F_.Flag(F_.FlagKind.SHARED_FILE, _("Tệp này được dùng ở %(n)d nơi khác: %(name)s.") % {
                    "n": n, "name": ev.original_name}, url=uses_url(ev.pk)))


def _jump_text(earlier: Earlier, previous: Decimal, current: Decimal) -> str:
    if not earlier.predecessors:
        return _("Thay đổi lớn so với năm trước (%(prev)s → %(cur)s).") % {"prev": _num(previous), "cur": _num(current)}
    return _(
        "Thay đổi lớn so với năm %(year)s của các đơn vị trước hợp nhất (trung bình của %(units)s: %(prev)s → %(cur)s)."
    ) % {"year": earlier.year, "units": ", ".join(earlier.predecessors), "prev": _num(previous), "cur": _num(current)}


# --- where a file is used --------------------------------------------------------------------


def _cited_in_round(round_id: int):
    """Current evidence of a round that reviewers may read: not a submission the province
    still holds (a draft, or one with its leader), as the appraisal card counts them."""
    return _current_evidence().filter(value__submission__round_id=round_id).exclude(
        value__submission__status__in=workflow.DRAFT_OWNED
    )


def file_places(submission_ids: list[int], hashes: set[str]) -> dict[str, int]:
    """For each content hash: how many values of these submissions cite that file (one query).

    The submissions by id, as for the outlier fences: PostgreSQL then starts from the hashes'
    index (a few hundred rows) instead of every value of the round."""
    if not hashes:
        return {}
    return dict(
        _current_evidence()
        .filter(sha256__in=hashes, value__submission_id__in=submission_ids)
        .order_by()
        .values("sha256")
        .annotate(n=Count("value_id", distinct=True))
        .values_list("sha256", "n")
    )


def file_uses(evidence: Evidence):
    """Every place (a value: one unit, one indicator) of the evidence's round that cites the
    same file (by content hash), by unit and indicator: a queryset, for the paged list.

    One row a place, as `file_places` counts them: a value citing the file twice is listed
    once (by its first citation), so the list's count is the card's count plus one."""
    qs = _cited_in_round(evidence.value.submission.round_id)
    qs = qs.filter(sha256=evidence.sha256) if evidence.sha256 else qs.filter(pk=evidence.pk)
    first_of_each_value = qs.order_by().values("value_id").annotate(first=Min("pk")).values("first")
    return Evidence.objects.filter(pk__in=first_of_each_value).select_related("value__submission__unit", "value__indicator").order_by(
        by_name("value__submission__unit__name"), "value__indicator__order", "id"
    )


def _num(value: Decimal | None) -> str:
    return formatting.number(scoring.round4(value))  # "0,8", "1.234.567": at most 4 decimals


# --- history and threads -------------------------------------------------------------------


def history(submission: Submission, *, limit: int = 50) -> list[AuditEntry]:
    """The audit trail of a submission and its values, newest first (three queries)."""
    value_ids = [str(pk) for pk in IndicatorValue.objects.filter(submission=submission).values_list("pk", flat=True)]
    sub_ct = ContentType.objects.get_for_model(Submission)
    val_ct = ContentType.objects.get_for_model(IndicatorValue)
    return list(
        AuditEntry.objects.filter(
            Q(target_type=sub_ct, target_id=str(submission.pk)) | Q(target_type=val_ct, target_id__in=value_ids)
        ).select_related("actor")[:limit]
    )


@dataclass
class Thread:
    value: IndicatorValue
    clarifications: list[Clarification]

    @property
    def pending(self) -> bool:
        return any(c.status == ClarificationStatus.OPEN for c in self.clarifications)


def threads_for_officer(submission: Submission) -> list[Thread]:
    """Every indicator that was ever questioned, with its whole thread (three queries)."""
    clarifications = list(
        _threads().filter(submission=submission).select_related("value__indicator").order_by(
            "value__indicator__order", "round_number", "id"
        )
    )
    grouped: dict[int, Thread] = {}
    for c in clarifications:
        grouped.setdefault(c.value_id, Thread(value=c.value, clarifications=[])).clarifications.append(c)
    return list(grouped.values())


# --- the officer's view of a return ----------------------------------------------------------


@dataclass
class ReturnedItem:
    value: IndicatorValue
    clarification: Clarification  # the latest question on the value

    @property
    def answered(self) -> bool:
        return self.clarification.status != ClarificationStatus.OPEN


@dataclass
class ReturnedItems:
    """What a returned submission asks of the province: the items, the general note, who."""

    items: list[ReturnedItem]
    note: str = ""
    asked_by: User | None = None
    asked_at: object = None

    @property
    def n_open(self) -> int:
        return sum(1 for i in self.items if not i.answered)


def returned_items(submission: Submission) -> ReturnedItems | None:
    """The items a return sent back, each with its latest question (one query); None unless
    the submission is returned (answered and resent, the thread page keeps the history)."""
    if submission.status != S.RETURNED:
        return None
    latest: dict[int, Clarification] = {}
    for c in (
        Clarification.objects.filter(submission=submission, value__awaiting_clarification=True)
        .select_related("value__indicator__main_index", "asked_by", "previous_reviewed_by")
        .order_by("value__indicator__order", "round_number", "id")
    ):
        latest[c.value_id] = c  # the last round's question wins
    items = [ReturnedItem(value=c.value, clarification=c) for c in latest.values()]
    newest = max((i.clarification for i in items), key=lambda c: (c.round_number, c.asked_at), default=None)
    return ReturnedItems(
        items=items,
        note=newest.return_note if newest else "",
        asked_by=newest.asked_by if newest else None,
        asked_at=newest.asked_at if newest else None,
    )
