"""Writes of the assessments app: rounds, the province's values, evidence and submission.

Every service takes keyword-only arguments, checks who may do it and whether the state allows
it *now* (status, deadline, returned items), writes an audit row for every change and commits
all-or-nothing. Views only translate their exceptions into messages.

Edit rules, in one place (`_check_province_can_edit`):
- only an officer of the submission's own unit;
- DRAFT: everything, until the deadline (Submission.deadline: the unit's extension or the
  round's closing time);
- RETURNED: only the values a reviewer marked `awaiting_clarification` (and their evidence).
  The round's deadline does not apply here: a return happens during review, after the
  window closed, and the province must be able to answer it;
- any other status: nothing (the submission is with the reviewers).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connections, router, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access, audit
from accounts.models import Interface, Unit
from accounts.notifications import notify, reviewers_of

from . import evidence as evidence_files
from . import scoring
from .models import (
    Evidence,
    EvidenceRequirement,
    GeneralInfoItem,
    GeneralInfoValue,
    IndicatorValue,
    Level,
    Round,
    RuleType,
    Submission,
    SubmissionStatus,
)
from .workflow import Action, transition

S = SubmissionStatus
MINISTRY_GROUPS = frozenset({"bo-dvc", "bo-khac"})


# --- Errors the views show ------------------------------------------------------------------


class AssessmentError(Exception):
    """A refused write; the message is for the user."""


class ValidationFailed(AssessmentError):
    """Bad input. `errors` maps a row key (value id, or a form field name) to {field: message}."""

    def __init__(self, errors: Mapping[Any, Any], message: str | None = None):
        super().__init__(message or _("Có lỗi trong số liệu đã nhập; chưa lưu gì. Hãy sửa các ô được đánh dấu."))
        self.errors = dict(errors)


class StaleSave(AssessmentError):
    """Someone saved the same rows first. `conflicts` maps a row id to its current row."""

    def __init__(self, conflicts: Mapping[int, Any]):
        super().__init__(
            _(
                "Người khác vừa lưu một số chỉ số trong lúc bạn nhập; chưa lưu gì. "
                "Giá trị của họ hiện bên cạnh ô, giá trị bạn nhập vẫn được giữ. "
                "Kiểm tra rồi bấm Lưu lần nữa nếu muốn ghi đè."
            )
        )
        self.conflicts = dict(conflicts)


class Incomplete(AssessmentError):
    def __init__(self, missing: list):
        super().__init__(_("Hồ sơ chưa đầy đủ; chưa gửi. Hãy bổ sung các mục còn thiếu."))
        self.missing = missing


# --- Shared checks --------------------------------------------------------------------------


def _lock(submission: Submission) -> Submission:
    # Serialises edits with submission: a value cannot change after the status moved on.
    # The submission's row only, read afresh. Its round (with the framework) and unit are the
    # caller's, when it has them: they are not the submission's state, and joining them here
    # made PostgreSQL lock their rows too — every province's save in a round queued on it.
    locked = Submission.objects.select_for_update().get(pk=submission.pk)
    for name in ("round", "unit"):
        if Submission._meta.get_field(name).is_cached(submission):
            setattr(locked, name, getattr(submission, name))
    return locked


def deadline_passed(submission: Submission, now=None) -> bool:
    return (now or timezone.now()) >= submission.deadline


def _check_officer(actor, submission: Submission) -> None:
    if not (access.is_officer(actor) and actor.unit_id == submission.unit_id):
        raise AssessmentError(_("Chỉ cán bộ của đơn vị mới được cập nhật hồ sơ này."))


def _check_province_can_edit(actor, submission: Submission, values=()) -> None:
    _check_officer(actor, submission)
    if submission.status == S.DRAFT:
        if deadline_passed(submission):
            raise AssessmentError(
                _("Đã quá hạn nộp (%(deadline)s); hồ sơ không thể sửa.")
                % {"deadline": timezone.localtime(submission.deadline).strftime("%H:%M %d/%m/%Y")}
            )
        return
    if submission.status == S.RETURNED:
        for value in values:
            if not value.awaiting_clarification:
                raise AssessmentError(
                    _("Chỉ số %(code)s không nằm trong yêu cầu bổ sung; chỉ được sửa các chỉ số được yêu cầu.")
                    % {"code": value.indicator.code}
                )
        return
    raise AssessmentError(
        _("Hồ sơ đang ở trạng thái “%(status)s”; tỉnh không thể sửa.") % {"status": submission.get_status_display()}
    )


def value_is_editable(submission: Submission, value: IndicatorValue, now=None) -> bool:
    """For pages: may the province change this value now? (services re-check under a lock)."""
    if value.indicator.automatic:
        return False
    if submission.status == S.DRAFT:
        return not deadline_passed(submission, now)
    return submission.status == S.RETURNED and value.awaiting_clarification


def general_info_editable(submission: Submission, now=None) -> bool:
    return submission.status == S.DRAFT and not deadline_passed(submission, now)


def general_info_map(submission: Submission) -> dict[str, Decimal | None]:
    return {
        code: value
        for code, value in GeneralInfoValue.objects.filter(submission=submission).values_list("item__code", "value")
    }


# --- Rounds (admins) ------------------------------------------------------------------------


def units_for_round(*, ranking_group: str, opens_at, closes_at):
    """Units of the group that exist during the round's window (mergers end or start units)."""
    return (
        Unit.objects.filter(ranking_group=ranking_group)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=timezone.localdate(closes_at)))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=timezone.localdate(opens_at)))
        .order_by("name")
    )


@transaction.atomic
def open_round(*, actor, year: int, framework, ranking_group: str, opens_at, closes_at, interface: str = Interface.WEB) -> Round:
    """Open a round: one submission per valid unit, one empty value per indicator and item."""
    if not access.is_admin(actor):
        raise AssessmentError(_("Chỉ quản trị viên được mở đợt đánh giá."))
    errors = {}
    if closes_at <= opens_at:
        errors["closes_at"] = _("Hạn nộp phải sau thời điểm mở.")
    wants_ministry = ranking_group in MINISTRY_GROUPS
    if (framework.level == Level.MINISTRY) != wants_ministry:
        errors["framework"] = _("Bộ chỉ số %(fw)s không dùng cho nhóm đơn vị này.") % {"fw": framework}
    if Round.objects.filter(year=year, ranking_group=ranking_group).exists():
        errors["year"] = _("Đã có đợt đánh giá năm %(year)s cho nhóm đơn vị này.") % {"year": year}
    units = list(units_for_round(ranking_group=ranking_group, opens_at=opens_at, closes_at=closes_at))
    if not units and not errors:
        errors["ranking_group"] = _("Nhóm này không có đơn vị nào còn hiệu lực trong thời gian của đợt.")
    if errors:
        raise ValidationFailed({"form": errors}, _("Chưa mở được đợt đánh giá; hãy sửa các ô được đánh dấu."))
    rnd = Round.objects.create(
        year=year, framework=framework, ranking_group=ranking_group, opens_at=opens_at, closes_at=closes_at, created_by=actor
    )
    Submission.objects.bulk_create([Submission(round=rnd, unit=u) for u in units])
    submissions = list(Submission.objects.filter(round=rnd))
    indicators = list(framework.indicators.all())
    items = list(GeneralInfoItem.objects.filter(framework=framework))
    IndicatorValue.objects.bulk_create(
        [
            IndicatorValue(submission=s, indicator=i, source=i.source_vi if i.automatic else "")
            for s in submissions
            for i in indicators
        ],
        batch_size=2000,
    )
    GeneralInfoValue.objects.bulk_create([GeneralInfoValue(submission=s, item=it) for s in submissions for it in items])
    audit.record(
        action="round.open",
        actor=actor,
        target=rnd,
        new={
            "year": year,
            "framework": framework.code,
            "ranking_group": ranking_group,
            "opens_at": opens_at,
            "closes_at": closes_at,
            "units": len(submissions),
        },
        interface=interface,
    )
    return rnd


@transaction.atomic
def extend_deadline(*, actor, submission: Submission, deadline, reason: str, interface: str = Interface.WEB) -> Submission:
    """Give one unit its own deadline, with a reason (audited)."""
    if not access.is_admin(actor):
        raise AssessmentError(_("Chỉ quản trị viên được gia hạn."))
    sub = _lock(submission)
    errors = {}
    if not (reason or "").strip():
        errors["reason"] = _("Hãy nêu lý do gia hạn.")
    if deadline <= timezone.now():
        errors["deadline"] = _("Hạn mới phải ở tương lai.")
    elif deadline <= sub.round.closes_at:
        errors["deadline"] = _("Hạn mới phải sau hạn chung của đợt.")
    if errors:
        raise ValidationFailed({"form": errors}, _("Chưa gia hạn; hãy sửa các ô được đánh dấu."))
    old = {"deadline": sub.deadline, "reason": sub.deadline_override_reason}
    Submission.objects.filter(pk=sub.pk).update(deadline_override=deadline, deadline_override_reason=reason.strip())
    audit.record(
        action="submission.extend_deadline",
        actor=actor,
        target=sub,
        unit=sub.unit,
        old=old,
        new={"deadline": deadline, "reason": reason.strip()},
        note=reason.strip(),
        interface=interface,
    )
    sub.refresh_from_db()
    return sub


# --- Values ---------------------------------------------------------------------------------


def _json_inputs(cleaned: Mapping[str, Any]) -> dict[str, Any]:
    # Stored canonical: decimals as plain text ("1234.5"), so reading back is exact.
    return {k: scoring.format_decimal(v) if isinstance(v, Decimal) else v for k, v in cleaned.items()}


def _is_blank(raw) -> bool:
    return raw is None or (isinstance(raw, str) and raw.strip() == "")


@dataclass
class ScoredRow:
    inputs: dict = field(default_factory=dict)
    points: Decimal | None = None
    errors: dict = field(default_factory=dict)


def score_inputs(indicator, raw_inputs: Mapping[str, Any], general_information) -> ScoredRow:
    """Clean and score what the province typed for one indicator (no saving).

    All fields blank means "not filled yet": a draft may leave rows empty; completeness is
    checked at submission. One field of several blank is an error on that field.
    """
    fields = scoring.input_fields(indicator.rule)
    raw = {f: raw_inputs.get(f) for f in fields}
    if all(_is_blank(v) for v in raw.values()):
        return ScoredRow()
    result = scoring.score_component(
        indicator.rule, indicator.max_points, raw, general_information=general_information
    )
    if result.errors:
        return ScoredRow(errors=dict(result.errors))
    # Keep only the typed fields: a denominator taken from general information is not the province's input.
    return ScoredRow(inputs=_json_inputs({k: v for k, v in result.cleaned.items() if k in fields}), points=result.points)


@dataclass
class SaveOutcome:
    changed: int
    unchanged: int


def save_main_index(
    *, actor, submission: Submission, main_index, rows: Mapping[int, Mapping[str, Any]], interface: str = Interface.WEB
) -> SaveOutcome:
    """Save the values of one main index, all or nothing.

    `rows` maps an IndicatorValue id to {"inputs": {field: raw text}, "version": int}, the
    version the page was based on. Any invalid row → ValidationFailed, nothing saved. Any row
    changed by someone else since (its version moved) → StaleSave, nothing saved.
    """
    with transaction.atomic():
        sub = _lock(submission)
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
        _check_province_can_edit(actor, sub, [values[pk] for pk in rows])
        gi = general_info_map(sub)
        errors, stale, changes = {}, [], []
        for pk, row in rows.items():
            value = values[pk]
            scored = score_inputs(value.indicator, row.get("inputs", {}), gi)
            if scored.errors:
                errors[pk] = scored.errors
                continue
            if row.get("version") != value.version:
                stale.append(pk)
                continue
            if scored.inputs != (value.inputs or {}) or scored.points != value.self_points:
                changes.append((value, scored))
        if errors:
            error = ValidationFailed(errors)
            error.conflicts = _current_rows(stale)
            raise error
        if stale:
            raise StaleSave(_current_rows(stale))
        if changes:
            _write_changes(actor=actor, unit=sub.unit, changes=changes, interface=interface)
    return SaveOutcome(changed=len(changes), unchanged=len(rows) - len(changes))


def _current_rows(pks: list[int]) -> dict[int, IndicatorValue]:
    """The rows as they are now, with who saved them: what a conflict shows beside the inputs."""
    return IndicatorValue.objects.select_related("indicator", "updated_by").in_bulk(pks) if pks else {}


def _write_changes(*, actor, unit, changes: list[tuple[IndicatorValue, ScoredRow]], interface: str) -> None:
    """Write the changed rows and their audit rows in three statements, whatever their number.

    Compare-and-set on the version each row was read at: the rows that still have it are
    locked (FOR UPDATE), so none can move before COMMIT; a row missing from the lock was saved
    by someone else after our read, and the whole save rolls back (StaleSave).

    Plain SQL rather than the ORM: for a main index of 22 rows, Django compiled an OR of 22
    (pk, version) filters for the lock and a CASE/WHEN per row and column for the UPDATE, which
    cost more CPU than all the rest of the save. The values still go through the model fields
    (`get_db_prep_save`), so what is stored is what the ORM would store, on PostgreSQL and on SQLite.
    """
    db = connections[router.db_for_write(IndicatorValue)]  # the connection itself: the proxy costs per call
    table = IndicatorValue._meta.db_table
    field = IndicatorValue._meta.get_field
    pairs = ", ".join(["(%s, %s)"] * len(changes))
    # No join (the model's ordering joins the indicator): only the value rows are locked.
    for_update = " FOR UPDATE" if db.features.has_select_for_update else ""
    with db.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM {table} WHERE (id, version) IN (VALUES {pairs}){for_update}",
            [param for value, _ in changes for param in (value.pk, value.version)],
        )
        locked = {pk for (pk,) in cursor.fetchall()}
        moved = [value.pk for value, _ in changes if value.pk not in locked]
        if moved:
            raise StaleSave(_current_rows(moved))
        # One UPDATE: the same version step, time and author for every row, inputs and points by
        # id. The casts type the VALUES columns (a column of only NULL points would be text), and
        # the WITH form, rather than `(VALUES …) AS new(…)`, is one SQLite reads too.
        inputs, points = field("inputs"), field("self_points")
        rows = ", ".join([f"(%s, CAST(%s AS {inputs.db_type(db)}), CAST(%s AS {points.db_type(db)}))"] * len(changes))
        params = [
            param
            for value, scored in changes
            for param in (value.pk, inputs.get_db_prep_save(scored.inputs, db), points.get_db_prep_save(scored.points, db))
        ]
        cursor.execute(
            f"WITH new (id, inputs, self_points) AS (VALUES {rows}) "
            f"UPDATE {table} SET inputs = new.inputs, self_points = new.self_points, version = {table}.version + 1, "
            f"updated_at = %s, updated_by_id = %s FROM new WHERE {table}.id = new.id",
            [*params, field("updated_at").get_db_prep_save(timezone.now(), db), actor.pk],
        )
    audit.record_many(
        {
            "action": "value.update",
            "actor": actor,
            "target": value,
            "unit": unit,
            "old": {"inputs": value.inputs, "self_points": value.self_points},
            "new": {"inputs": scored.inputs, "self_points": scored.points},
            "interface": interface,
        }
        for value, scored in changes
    )


def save_general_info(
    *, actor, submission: Submission, rows: Mapping[int, Mapping[str, Any]], interface: str = Interface.WEB
) -> SaveOutcome:
    """Save general-information values (denominators); rescore the ratios that use them."""
    with transaction.atomic():
        sub = _lock(submission)
        _check_officer(actor, sub)
        if sub.status != S.DRAFT:
            raise AssessmentError(_("Thông tin chung chỉ sửa được khi hồ sơ còn là bản nháp."))
        _check_province_can_edit(actor, sub)
        items = {g.pk: g for g in GeneralInfoValue.objects.filter(submission=sub).select_related("item")}
        if any(pk not in items for pk in rows):
            raise AssessmentError(_("Dữ liệu gửi lên không thuộc hồ sơ này."))
        errors, stale, changes = {}, {}, []
        for pk, row in rows.items():
            gv = items[pk]
            raw = row.get("value")
            new = None
            if not _is_blank(raw):
                new, problem = scoring.clean_number(raw)  # bounded, non-negative
                if problem:
                    errors[pk] = {"value": problem}
                    continue
                if new != new.quantize(Decimal("0.01")) or new >= Decimal("1e16"):
                    errors[pk] = {"value": _("Tối đa 2 chữ số thập phân và 16 chữ số phần nguyên.")}
                    continue
            if row.get("version") != gv.version:
                stale[pk] = gv
                continue
            if new != gv.value:
                changes.append((gv, new))
        if errors:
            error = ValidationFailed(errors)
            error.conflicts = stale
            raise error
        if stale:
            raise StaleSave(stale)
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
    return SaveOutcome(changed=len(changes), unchanged=len(rows) - len(changes))


def _rescore_dependent_ratios(*, actor, submission, codes: set[str], interface) -> None:
    gi = general_info_map(submission)
    dependents = IndicatorValue.objects.filter(
        submission=submission, indicator__rule_type=RuleType.RATIO, indicator__automatic=False
    ).select_related("indicator")
    for value in dependents:
        if value.indicator.rule_params.get("denominator_from") not in codes or not value.inputs:
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


# --- Evidence -------------------------------------------------------------------------------


def _citation_errors(*, doc_number, doc_date, issuing_body, summary) -> dict:
    errors = {}
    for name, val, label in [
        ("doc_number", doc_number, _("Hãy nhập số hiệu văn bản.")),
        ("issuing_body", issuing_body, _("Hãy nhập cơ quan ban hành.")),
        ("summary", summary, _("Hãy nhập trích yếu nội dung.")),
    ]:
        if not (val or "").strip():
            errors[name] = label
    if doc_date is None:
        errors["doc_date"] = _("Hãy nhập ngày ban hành (dd/mm/yyyy).")
    elif doc_date > timezone.localdate():
        errors["doc_date"] = _("Ngày ban hành không thể ở tương lai.")
    return errors


def add_evidence(
    *,
    actor,
    value: IndicatorValue,
    upload,
    doc_number: str,
    doc_date,
    issuing_body: str,
    summary: str,
    replaces: Evidence | None = None,
    interface: str = Interface.WEB,
) -> Evidence:
    """Attach a file with its citation (or replace one, keeping the old in the history).

    The file is checked (size, type by content) and hashed before anything is stored; the
    stored file is removed again if the database write fails, so a refusal leaves no trace.
    """
    errors = _citation_errors(doc_number=doc_number, doc_date=doc_date, issuing_body=issuing_body, summary=summary)
    if upload is None:
        errors["file"] = _("Hãy chọn tệp tài liệu kiểm chứng.")
    else:
        try:
            info = evidence_files.inspect_upload(upload)
        except evidence_files.EvidenceFileError as exc:
            errors["file"] = str(exc)
    if errors:
        raise ValidationFailed({"form": errors}, _("Chưa tải lên; hãy sửa các ô được đánh dấu."))
    stored_name = None
    try:
        with transaction.atomic():
            sub = _lock(value.submission)
            value = IndicatorValue.objects.select_related("indicator").get(pk=value.pk)
            _check_province_can_edit(actor, sub, [value])
            if value.indicator.automatic:
                raise AssessmentError(_("Chỉ số đo tự động không cần tài liệu kiểm chứng."))
            if replaces is not None:
                replaces = Evidence.objects.select_for_update().get(pk=replaces.pk)
                if replaces.value_id != value.pk or not replaces.is_current:
                    raise AssessmentError(_("Tài liệu cần thay thế không còn hiệu lực; hãy tải lại trang."))
            ev = Evidence(
                value=value,
                original_name=(upload.name or "tai-lieu")[-255:],
                content_type=info.mime,
                size=info.size,
                sha256=info.sha256,
                doc_number=doc_number.strip(),
                doc_date=doc_date,
                issuing_body=issuing_body.strip(),
                summary=summary.strip(),
                uploaded_by=actor,
            )
            ev.value.submission = sub  # evidence_path reads round and unit from here
            ev.file.save(ev.original_name, upload, save=False)
            stored_name = ev.file.name
            ev.save()
            if replaces is not None:
                Evidence.objects.filter(pk=replaces.pk).update(replaced_by=ev)
            audit.record(
                action="evidence.replace" if replaces else "evidence.add",
                actor=actor,
                target=value,
                unit=sub.unit,
                old={"evidence": replaces.pk, "file": replaces.original_name, "sha256": replaces.sha256} if replaces else None,
                new={
                    "evidence": ev.pk,
                    "file": ev.original_name,
                    "sha256": ev.sha256,
                    "size": ev.size,
                    "doc_number": ev.doc_number,
                    "doc_date": ev.doc_date,
                    "issuing_body": ev.issuing_body,
                    "summary": ev.summary,
                },
                interface=interface,
            )
    except Exception:
        if stored_name:
            ev.file.storage.delete(stored_name)
        raise
    return ev


@transaction.atomic
def remove_evidence(*, actor, evidence: Evidence, interface: str = Interface.WEB) -> Evidence:
    """Take a file out of the current list; the row and the file stay for the history."""
    sub = _lock(evidence.value.submission)
    value = IndicatorValue.objects.select_related("indicator").get(pk=evidence.value_id)
    _check_province_can_edit(actor, sub, [value])
    moved = Evidence.objects.filter(pk=evidence.pk, removed_at__isnull=True, replaced_by__isnull=True).update(
        removed_at=timezone.now()
    )
    if moved != 1:
        raise AssessmentError(_("Tài liệu này đã được gỡ hoặc thay thế."))
    audit.record(
        action="evidence.remove",
        actor=actor,
        target=value,
        unit=sub.unit,
        old={"evidence": evidence.pk, "file": evidence.original_name, "sha256": evidence.sha256},
        interface=interface,
    )
    evidence.refresh_from_db()
    return evidence


# --- Submission -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Missing:
    kind: str  # value | evidence | general_info
    label: str
    url: str


def missing_items(submission: Submission) -> list[Missing]:
    """Exactly what stops a submission, each with a link to its field. Three queries."""
    out: list[Missing] = []
    values = (
        IndicatorValue.objects.filter(
            submission=submission, indicator__automatic=False, indicator__max_points__gt=0, indicator__main_index__max_points__gt=0
        )
        .select_related("indicator", "indicator__main_index")
        .order_by("indicator__order")
    )
    with_evidence = set(
        Evidence.objects.filter(value__submission=submission, replaced_by__isnull=True, removed_at__isnull=True).values_list(
            "value_id", flat=True
        )
    )
    for v in values:
        entry = reverse("assessments:entry", args=[submission.pk, v.indicator.main_index_id])
        name = f"{v.indicator.code} {v.indicator.name_vi}"
        if v.self_points is None:
            out.append(Missing("value", _("Chưa nhập số liệu: %(name)s") % {"name": name}, f"{entry}#value-{v.pk}"))
        if v.indicator.evidence == EvidenceRequirement.REQUIRED and v.pk not in with_evidence:
            out.append(
                Missing(
                    "evidence",
                    _("Chưa có tài liệu kiểm chứng bắt buộc: %(name)s") % {"name": name},
                    reverse("assessments:evidence", args=[v.pk]) + "#upload",
                )
            )
    gi_url = reverse("assessments:general_info", args=[submission.pk])
    for gv in GeneralInfoValue.objects.filter(submission=submission, value__isnull=True).select_related("item").order_by(
        "item__order"
    ):
        out.append(
            Missing("general_info", _("Chưa nhập thông tin chung: %(name)s") % {"name": gv.item.name_vi}, f"{gi_url}#gi-{gv.pk}")
        )
    return out


def submit(*, actor, submission: Submission, interface: str = Interface.WEB) -> Submission:
    """Send the self-assessment (or the answer to a return) to the reviewers."""
    with transaction.atomic():
        sub = _lock(submission)
        _check_officer(actor, sub)
        if sub.status == S.DRAFT:
            if deadline_passed(sub):
                raise AssessmentError(_("Đã quá hạn nộp; không thể gửi hồ sơ."))
            action, kind = Action.SUBMIT, "submission_arrived"
        elif sub.status == S.RETURNED:
            action, kind = Action.RESUBMIT, "submission_resubmitted"
        else:
            raise AssessmentError(
                _("Hồ sơ đang ở trạng thái “%(status)s”; không thể gửi.") % {"status": sub.get_status_display()}
            )
        missing = missing_items(sub)
        if missing:
            raise Incomplete(missing)
        sub = transition(sub, action, actor=actor, interface=interface, extra_fields={"submitted_at": timezone.now()})
        if action == Action.RESUBMIT:
            answered = list(
                IndicatorValue.objects.filter(submission=sub, awaiting_clarification=True).values_list("pk", flat=True)
            )
            IndicatorValue.objects.filter(pk__in=answered).update(awaiting_clarification=False)
            audit.record(
                action="value.clarification_answered",
                actor=actor,
                target=sub,
                unit=sub.unit,
                old={"awaiting_clarification": answered},
                new={"awaiting_clarification": []},
                interface=interface,
            )
        if action == Action.SUBMIT:
            message = _("%(unit)s đã gửi hồ sơ tự đánh giá %(round)s.")
        else:
            message = _("%(unit)s đã gửi bổ sung hồ sơ %(round)s.")
        notify(
            recipients=reviewers_of(sub),
            kind=kind,
            message=message % {"unit": sub.unit.name, "round": sub.round},
            url=reverse("assessments:overview", args=[sub.pk]),
        )
    return sub
