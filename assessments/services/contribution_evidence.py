"""A contributor's evidence (issue 17): files with their citations on the assigned indicators,
under the officer's rules (the citation's fields, the file's size and type by content), the
contributor's until the officer accepts the contribution; then each becomes the province's
Evidence on that indicator's value, its author kept.

One document is stored once: a file whose content (SHA-256) is kept already — in any evidence
or contribution, services.evidence.store_once, the officer's uploads' rule too — is named again,
not written again (the province's library is cited by uploading its document, which is then
not stored a second time).
A contributor sees only their own files, so the picker (`library`) offers the files of their own
assignments on the submission: one decision cited on several indicators, uploaded once. Nothing
here deletes a stored file (removing takes a row out of the list), so a file named by many rows
stays for each of them.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import audit
from accounts.models import Interface

from .. import workflow
from ..models import Assignment, ContributedEvidence, ContributedValue, Evidence, IndicatorValue
from ..workflow import ContributionAction as CA
from .errors import AssessmentError
from .evidence import checked_upload, store_once

CITATION_FIELDS = ("doc_number", "doc_date", "issuing_body", "summary")


def check_contributor_may_edit(actor, assignment: Assignment) -> None:
    """The assignment's own contributor, while it is theirs to change (assigned or sent back)
    and the submission still takes contributions. Call it with the assignment locked."""
    if not workflow.TRANSITIONS[(workflow.Kind.CONTRIBUTION, CA.HAND_IN)].allowed(actor, assignment):
        raise AssessmentError(_("Bạn không được giao việc này."))
    if assignment.status not in workflow.CONTRIBUTOR_EDITABLE:
        raise AssessmentError(_("Số liệu đã nộp; chỉ sửa được khi tỉnh trả lại."))
    refusal = workflow.contribution_refusal(assignment.submission)
    if refusal:
        raise AssessmentError(str(refusal))


def _lock(assignment: Assignment, contributed_pk: int) -> tuple[Assignment, ContributedValue]:
    a = Assignment.objects.select_for_update().select_related("submission", "submission__round", "submission__unit").get(
        pk=assignment.pk
    )
    cv = ContributedValue.objects.select_related("indicator").filter(pk=contributed_pk, assignment=a).first()
    if cv is None:
        raise AssessmentError(_("Dữ liệu gửi lên không thuộc việc được giao."))
    cv.assignment = a
    return a, cv


def library(assignment: Assignment) -> list[ContributedEvidence]:
    """The files the contributor may cite again: their own, not removed, on any of their
    assignments of this submission; one row per content (its latest citation), newest first."""
    rows = (
        ContributedEvidence.objects.filter(
            contributed__assignment__submission_id=assignment.submission_id,
            contributed__assignment__contributor_id=assignment.contributor_id, removed_at__isnull=True,
        )
        .order_by("sha256", "-uploaded_at", "-id")
        .distinct("sha256")
    )
    return sorted(rows, key=lambda e: (e.uploaded_at, e.pk), reverse=True)


def _record(action: str, *, actor, a: Assignment, cv: ContributedValue, ce: ContributedEvidence, interface: str) -> None:
    audit.record(
        action=action,
        actor=actor,
        target=a,
        unit=a.submission.unit,
        old={"evidence": ce.pk, "code": cv.indicator.code, "file": ce.original_name} if action.endswith("remove") else None,
        new=None if action.endswith("remove") else {
            "evidence": ce.pk, "code": cv.indicator.code, "file": ce.original_name, "sha256": ce.sha256, "size": ce.size,
            "doc_number": ce.doc_number, "doc_date": ce.doc_date, "issuing_body": ce.issuing_body, "summary": ce.summary,
        },
        interface=interface,
    )


def add_contributed_evidence(
    *, actor, assignment: Assignment, contributed_pk: int, upload, doc_number: str, doc_date, issuing_body: str,
    summary: str, interface: str = Interface.WEB,
) -> ContributedEvidence:
    """Attach a file with its citation to one assigned indicator: the officer's checks (the
    citation's fields; size, type by content) before anything is stored; a content the province
    keeps already is named, not stored again; a refused write leaves no file behind."""
    info = checked_upload(upload, doc_number=doc_number, doc_date=doc_date, issuing_body=issuing_body, summary=summary)
    written = None
    try:
        with transaction.atomic():
            a, cv = _lock(assignment, contributed_pk)
            check_contributor_may_edit(actor, a)
            ce = ContributedEvidence(
                contributed=cv, original_name=(upload.name or "tai-lieu")[-255:], content_type=info.mime, size=info.size,
                sha256=info.sha256, doc_number=doc_number.strip(), doc_date=doc_date, issuing_body=issuing_body.strip(),
                summary=summary.strip(), uploaded_by=actor,
            )
            written = store_once(ce, upload, info)
            ce.save()
            _record("contribution.evidence_add", actor=actor, a=a, cv=cv, ce=ce, interface=interface)
    except Exception:
        if written:  # only a file this call wrote: a reused one is other rows' too
            ContributedEvidence._meta.get_field("file").storage.delete(written)
        raise
    return ce


@transaction.atomic
def cite_library_file(
    *, actor, assignment: Assignment, contributed_pk: int, evidence_pk: int, interface: str = Interface.WEB
) -> ContributedEvidence:
    """Cite one of the contributor's files (`library`) on another assigned indicator: the same
    stored file, its citation with it (the document is the same document)."""
    a, cv = _lock(assignment, contributed_pk)
    check_contributor_may_edit(actor, a)
    source = next((e for e in library(a) if e.pk == evidence_pk), None)
    if source is None:
        raise AssessmentError(_("Tệp này không còn trong danh sách tài liệu của bạn; hãy tải lại trang."))
    if cv.evidence.filter(sha256=source.sha256, removed_at__isnull=True).exists():
        raise AssessmentError(_("Chỉ số này đã có tệp này."))
    ce = ContributedEvidence.objects.create(
        contributed=cv, file=source.file.name, original_name=source.original_name, content_type=source.content_type,
        size=source.size, sha256=source.sha256, uploaded_by=actor, **{f: getattr(source, f) for f in CITATION_FIELDS},
    )
    _record("contribution.evidence_cite", actor=actor, a=a, cv=cv, ce=ce, interface=interface)
    return ce


@transaction.atomic
def remove_contributed_evidence(*, actor, evidence: ContributedEvidence, interface: str = Interface.WEB) -> None:
    """Take a file out of the contribution (the row stays for the history; the file too)."""
    a, cv = _lock(evidence.contributed.assignment, evidence.contributed_id)
    check_contributor_may_edit(actor, a)
    moved = ContributedEvidence.objects.filter(pk=evidence.pk, removed_at__isnull=True).update(removed_at=timezone.now())
    if moved != 1:
        raise AssessmentError(_("Tài liệu này đã được gỡ."))
    _record("contribution.evidence_remove", actor=actor, a=a, cv=cv, ce=evidence, interface=interface)


def accept_evidence(*, actor, assignment: Assignment, values: Mapping[int, IndicatorValue], interface: str) -> int:
    """On acceptance (inside its transaction): each current contributed file becomes Evidence
    on the province's value of its indicator — the same stored file, the citation, the
    contributor as `uploaded_by` — unless that value cites the same content already. Returns
    how many were added."""
    added = 0
    rows = ContributedEvidence.objects.filter(contributed__assignment=assignment, removed_at__isnull=True).select_related(
        "contributed", "contributed__indicator"
    )
    for ce in rows:
        value = values[ce.contributed.indicator_id]
        if Evidence.objects.filter(value=value, sha256=ce.sha256, replaced_by__isnull=True, removed_at__isnull=True).exists():
            continue
        ev = Evidence.objects.create(
            value=value, file=ce.file.name, original_name=ce.original_name, content_type=ce.content_type, size=ce.size,
            sha256=ce.sha256, uploaded_by=ce.uploaded_by, uploaded_at=ce.uploaded_at,
            **{f: getattr(ce, f) for f in CITATION_FIELDS},
        )
        ContributedEvidence.objects.filter(pk=ce.pk).update(accepted_as=ev)
        audit.record(
            action="evidence.add", actor=actor, target=value, unit=assignment.submission.unit,
            new={"evidence": ev.pk, "file": ev.original_name, "sha256": ev.sha256, "size": ev.size,
                 "doc_number": ev.doc_number, "doc_date": ev.doc_date, "issuing_body": ev.issuing_body, "summary": ev.summary,
                 "contributed_evidence": ce.pk, "contributor": assignment.contributor_id},
            interface=interface,
        )
        added += 1
    return added
