"""Evidence: attaching a file with its citation, replacing it, taking it out of the list."""

from __future__ import annotations

import datetime
import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import audit
from accounts.models import Interface
from core import formatting

from .. import evidence as evidence_files
from ..models import ContributedEvidence, Evidence, IndicatorValue
from .checks import check_province_may_edit, lock_submission
from .errors import AssessmentError, ValidationFailed


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


# The official form of a document number (Decree 30/2020/NĐ-CP, Appendix I): the number, the
# year for legal documents, then the kind and the issuing body: 123/QĐ-UBND, 45/KH-UBND,
# 12/2024/NĐ-CP, 922/QĐ-BTTTT. A convention, so a number in another form is a warning.
DOC_NUMBER = re.compile(r"\d{1,6}(?:/\d{4})?/[A-ZĐ]{1,10}(?:-[A-ZĐ0-9]{1,20}){0,3}")
# Plans and decisions stay in force for several years: a document up to five years older than
# the assessed year still counts; one dated after the assessed year is outside it.
CITATION_YEARS_BEFORE = 5


def checked_upload(upload, *, doc_number, doc_date, issuing_body, summary) -> evidence_files.Inspected:
    """The file (size, type by content, hash) and its citation, checked before anything is
    stored, for the officer's and the contributor's uploads alike: ValidationFailed names
    every field at fault."""
    errors = _citation_errors(doc_number=doc_number, doc_date=doc_date, issuing_body=issuing_body, summary=summary)
    info = None
    if upload is None:
        errors["file"] = _("Hãy chọn tệp tài liệu kiểm chứng.")
    else:
        try:
            info = evidence_files.inspect_upload(upload)
        except evidence_files.EvidenceFileError as exc:
            errors["file"] = str(exc)
    if errors:
        raise ValidationFailed({"form": errors}, _("Chưa tải lên; hãy sửa các ô được đánh dấu."))
    return info


def citation_warnings(*, doc_number: str, doc_date: datetime.date | None, year: int) -> list[str]:
    """Conventions a citation does not follow (saved anyway, shown to the officer)."""
    out = []
    number = (doc_number or "").strip()
    if number and not DOC_NUMBER.fullmatch(number):
        out.append(
            _("Số hiệu “%(number)s” không theo mẫu chính thức (ví dụ 123/QĐ-UBND, 45/KH-UBND, 12/2024/NĐ-CP).")
            % {"number": number[:100]}
        )
    first = datetime.date(year - CITATION_YEARS_BEFORE, 1, 1)
    last = datetime.date(year, 12, 31)
    if doc_date is not None and not first <= doc_date <= last:
        out.append(
            _("Ngày ban hành %(date)s nằm ngoài khoảng %(first)s–%(last)s (năm đánh giá %(year)s và %(n)s năm trước).")
            % {
                "date": formatting.date(doc_date, "d/m/Y"),
                "first": formatting.date(first, "d/m/Y"),
                "last": formatting.date(last, "d/m/Y"),
                "year": year,
                "n": CITATION_YEARS_BEFORE,
            }
        )
    return out


def stored_name(sha256: str, size: int) -> str | None:
    """The name of a stored file with this content, if one is kept already (any row's).

    One document is stored once, however many rows cite it: a national decision every province
    attaches is one object, not 500. Only names the database gives and the storage confirms
    (`exists`, which S3 answers too); a content stored nowhere yet is None."""
    for model in (Evidence, ContributedEvidence):
        names = model.objects.filter(sha256=sha256, size=size).order_by().values_list("file", flat=True).distinct()
        for name in names[:5]:
            if name and model._meta.get_field("file").storage.exists(name):
                return name
    return None


def store_once(row, upload, info) -> str | None:
    """Point an unsaved row's `file` at the stored copy of the upload's content, or store it.

    Returns the name written now — the caller deletes it again if its transaction fails — or
    None when an existing file was named: that one belongs to other rows too and is never
    deleted here. Nothing deletes a stored file another row names (docs/backup-restore.md)."""
    existing = stored_name(info.sha256, info.size)
    if existing:
        row.file = existing
        return None
    row.file.save(row.original_name, upload, save=False)
    return row.file.name


def _already_attached(value: IndicatorValue, sha256: str, replaces: Evidence | None) -> Evidence | None:
    """The value's current evidence with this content, other than the one being replaced."""
    qs = Evidence.objects.filter(value=value, sha256=sha256, replaced_by__isnull=True, removed_at__isnull=True)
    return qs.exclude(pk=replaces.pk).first() if replaces is not None else qs.first()


def _record_upload(*, actor, value, unit, evidence: Evidence, replaces: Evidence | None, interface: str) -> None:
    audit.record(
        action="evidence.replace" if replaces else "evidence.add",
        actor=actor,
        target=value,
        unit=unit,
        old={"evidence": replaces.pk, "file": replaces.original_name, "sha256": replaces.sha256} if replaces else None,
        new={
            "evidence": evidence.pk,
            "file": evidence.original_name,
            "sha256": evidence.sha256,
            "size": evidence.size,
            "doc_number": evidence.doc_number,
            "doc_date": evidence.doc_date,
            "issuing_body": evidence.issuing_body,
            "summary": evidence.summary,
        },
        interface=interface,
    )


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
    stored file is removed again if the database write fails, so a refusal leaves no trace. A
    content stored already is named again, not stored twice (`store_once`); the same content
    twice on one value (a double click, a re-upload) is refused unless it replaces a version.
    """
    info = checked_upload(upload, doc_number=doc_number, doc_date=doc_date, issuing_body=issuing_body, summary=summary)
    written = None
    try:
        with transaction.atomic():
            sub = lock_submission(value.submission)
            value = IndicatorValue.objects.select_related("indicator").get(pk=value.pk)
            check_province_may_edit(actor, sub, [value])
            if value.indicator.automatic:
                raise AssessmentError(_("Chỉ số đo tự động không cần tài liệu kiểm chứng."))
            if replaces is not None:
                replaces = Evidence.objects.select_for_update().get(pk=replaces.pk)
                if replaces.value_id != value.pk or not replaces.is_current:
                    raise AssessmentError(_("Tài liệu cần thay thế không còn hiệu lực; hãy tải lại trang."))
            twin = _already_attached(value, info.sha256, replaces)
            if twin is not None:
                raise ValidationFailed(
                    {"form": {"file": _(
                        "Tệp này đã được đính kèm cho chỉ số này (“%(name)s”, tải lên lúc %(time)s); không tải lên lần nữa. "
                        "Để thay phiên bản cũ, hãy chọn “Thay thế” ở tệp đó."
                    ) % {"name": twin.original_name[:100], "time": formatting.moment(twin.uploaded_at)}}},
                    _("Chưa tải lên; hãy sửa các ô được đánh dấu."),
                )
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
            written = store_once(ev, upload, info)
            ev.save()
            if replaces is not None:
                Evidence.objects.filter(pk=replaces.pk).update(replaced_by=ev)
            _record_upload(actor=actor, value=value, unit=sub.unit, evidence=ev, replaces=replaces, interface=interface)
    except Exception:
        if written:  # only a file this call wrote: a reused one is other rows' too
            Evidence._meta.get_field("file").storage.delete(written)
        raise
    return ev


@transaction.atomic
def remove_evidence(*, actor, evidence: Evidence, interface: str = Interface.WEB) -> Evidence:
    """Take a file out of the current list; the row and the file stay for the history."""
    sub = lock_submission(evidence.value.submission)
    value = IndicatorValue.objects.select_related("indicator").get(pk=evidence.value_id)
    check_province_may_edit(actor, sub, [value])
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
