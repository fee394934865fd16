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
from ..models import Evidence, IndicatorValue
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
            sub = lock_submission(value.submission)
            value = IndicatorValue.objects.select_related("indicator").get(pk=value.pk)
            check_province_may_edit(actor, sub, [value])
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
            _record_upload(actor=actor, value=value, unit=sub.unit, evidence=ev, replaces=replaces, interface=interface)
    except Exception:
        if stored_name:
            ev.file.storage.delete(stored_name)
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
