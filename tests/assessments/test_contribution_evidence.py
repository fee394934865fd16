"""A contributor's evidence with citations (issue 17), through HTTP: the officer's form and
file checks, one stored file however often it is cited, the officer's review, acceptance into
the province's evidence (author kept), a send-back keeping the files, the reviewer's view."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts.models import AuditEntry
from assessments import services
from assessments.models import Assignment, ContributedEvidence, Evidence, SubmissionStatus
from tests.assessments.conftest import EXE_BYTES, PDF_BYTES, png_bytes, send, value
from tests.assessments.contribution_helpers import FIGURES, assign, fill
from tests.assessments.test_evidence import CITATION, stored_files

pytestmark = pytest.mark.django_db


@pytest.fixture
def contributor_client(client, contributor_a):
    client.force_login(contributor_a)
    return client


def cv_of(assignment, code):
    return assignment.values.get(indicator__code=code)


def page_url(assignment, code):
    return reverse("assessments:contribution_evidence", args=[assignment.pk, cv_of(assignment, code).pk])


def upload(client, assignment, code, content=PDF_BYTES, name="bao-cao-noi-vu.pdf", **extra):
    data = {**CITATION, **extra, "file": SimpleUploadedFile(name, content, content_type="application/pdf")}
    return client.post(page_url(assignment, code), data)


def officer_evidence(sub, code, user, content=PDF_BYTES, name="ke-hoach-tinh.pdf"):
    """The officer's own upload, through the officer's service (the province's library)."""
    return services.add_evidence(
        actor=user, value=value(sub, code), upload=SimpleUploadedFile(name, content), doc_number="45/KH-UBND",
        doc_date=__import__("datetime").date(2025, 2, 1), issuing_body="UBND tỉnh", summary="Kế hoạch của tỉnh",
    )


def accept(officer, assignment, contributor):
    fill(assignment, contributor, **FIGURES)
    services.hand_in(actor=contributor, assignment=assignment)
    return services.accept(actor=officer, assignment=assignment)


# --- Attaching -------------------------------------------------------------------------------


def test_the_contributor_attaches_a_pdf_with_its_citation_to_an_assigned_indicator(contributor_client, contributor_a, assignment):
    response = upload(contributor_client, assignment, "1.3")
    assert response.status_code == 302
    ce = ContributedEvidence.objects.get()
    assert ce.contributed == cv_of(assignment, "1.3") and ce.uploaded_by == contributor_a
    assert (ce.doc_number, ce.doc_date.isoformat(), ce.issuing_body) == ("123/KH-UBND", "2025-03-15", "UBND tỉnh")
    assert ce.sha256 == hashlib.sha256(PDF_BYTES).hexdigest() and "bao-cao" not in ce.file.name
    assert AuditEntry.objects.get(action="contribution.evidence_add").new["code"] == "1.3"


def test_the_contributor_s_file_is_not_the_province_s_evidence_before_acceptance(contributor_client, assignment, sub_a):
    upload(contributor_client, assignment, "1.3")
    assert not Evidence.objects.filter(value__submission=sub_a).exists()


def test_the_entry_page_lists_the_file_under_its_indicator(contributor_client, assignment):
    upload(contributor_client, assignment, "1.3")
    body = contributor_client.get(reverse("assessments:contribution", args=[assignment.pk])).content.decode()
    row = body.split('data-code="1.3"')[1].split("</fieldset>")[0]
    assert "bao-cao-noi-vu.pdf" in row and "123/KH-UBND" in row


def test_a_citation_without_its_fields_is_refused_in_vietnamese_and_nothing_is_stored(contributor_client, assignment, settings):
    response = upload(contributor_client, assignment, "1.3", doc_number="", issuing_body="", summary="")
    body = response.content.decode()
    assert response.status_code == 200 and "Chưa tải lên; hãy sửa các ô được đánh dấu." in body
    assert not ContributedEvidence.objects.exists() and stored_files(settings) == []


def test_a_future_document_date_is_refused(contributor_client, assignment):
    response = upload(contributor_client, assignment, "1.3", doc_date="01/01/2099")
    assert "Ngày ban hành không thể ở tương lai." in response.content.decode()
    assert not ContributedEvidence.objects.exists()


@pytest.mark.parametrize("content", [EXE_BYTES, b"<html><script>alert(1)</script></html>"])
def test_a_file_disguised_by_its_extension_is_refused_by_content(contributor_client, assignment, settings, content):
    response = upload(contributor_client, assignment, "1.3", content=content, name="ke-hoach.pdf")
    assert "Loại tệp không được chấp nhận" in response.content.decode()
    assert not ContributedEvidence.objects.exists() and stored_files(settings) == []


def test_a_file_over_the_limit_is_refused_while_it_streams(contributor_client, assignment, settings):
    settings.EVIDENCE_MAX_BYTES = 1024
    response = upload(contributor_client, assignment, "1.3", content=PDF_BYTES + b"0" * 4096)
    assert "Tệp vượt quá dung lượng cho phép (1 KB)" in response.content.decode()
    assert not ContributedEvidence.objects.exists() and stored_files(settings) == []


def test_a_questionable_document_number_is_saved_with_a_warning(contributor_client, assignment):
    response = upload(contributor_client, assignment, "1.3", doc_number="so 5 ngay 3")
    body = contributor_client.get(response["Location"]).content.decode()
    assert ContributedEvidence.objects.count() == 1 and "không theo mẫu chính thức" in body


def test_after_hand_in_the_contributor_can_no_longer_attach(contributor_client, contributor_a, assignment):
    fill(assignment, contributor_a, **FIGURES)
    services.hand_in(actor=contributor_a, assignment=assignment)
    response = upload(contributor_client, assignment, "1.3")
    assert response.status_code == 302 and not ContributedEvidence.objects.exists()
    body = contributor_client.get(response["Location"]).content.decode()
    assert "Số liệu đã nộp; chỉ sửa được khi tỉnh trả lại." in body


def test_the_contributor_removes_a_file_and_it_stays_in_the_history(contributor_client, assignment):
    upload(contributor_client, assignment, "1.3")
    ce = ContributedEvidence.objects.get()
    response = contributor_client.post(reverse("assessments:contributed_evidence_remove", args=[ce.pk]))
    ce.refresh_from_db()
    assert response.status_code == 302 and ce.removed_at is not None
    assert AuditEntry.objects.filter(action="contribution.evidence_remove").count() == 1


# --- One stored file ---------------------------------------------------------------------------


def test_the_same_content_uploaded_for_two_indicators_is_stored_once(contributor_client, assignment, settings):
    upload(contributor_client, assignment, "1.3")
    upload(contributor_client, assignment, "1.4", name="ban-sao.pdf")
    first, second = ContributedEvidence.objects.order_by("pk")
    assert first.file.name == second.file.name and len(stored_files(settings)) == 1


def test_a_content_the_province_keeps_already_is_not_stored_again(contributor_client, assignment, sub_a, officer_a, settings):
    officer_evidence(sub_a, "1.2", officer_a)
    upload(contributor_client, assignment, "1.3")
    assert ContributedEvidence.objects.get().file.name == Evidence.objects.get().file.name
    assert len(stored_files(settings)) == 1


def cite(client, assignment, code, evidence_pk):
    url = reverse("assessments:contribution_evidence_cite", args=[assignment.pk, cv_of(assignment, code).pk])
    return client.post(url, {"evidence": evidence_pk})


def test_the_contributor_cites_their_file_again_on_another_indicator_with_its_citation(contributor_client, assignment, settings):
    upload(contributor_client, assignment, "1.3")
    first = ContributedEvidence.objects.get()
    page = contributor_client.get(page_url(assignment, "1.4")).content.decode()
    assert "bao-cao-noi-vu.pdf" in page.split('id="library"')[1]
    assert cite(contributor_client, assignment, "1.4", first.pk).status_code == 302
    again = ContributedEvidence.objects.get(contributed=cv_of(assignment, "1.4"))
    assert (again.file.name, again.sha256, again.doc_number) == (first.file.name, first.sha256, "123/KH-UBND")
    assert len(stored_files(settings)) == 1
    assert AuditEntry.objects.get(action="contribution.evidence_cite").new["evidence"] == again.pk


def test_the_province_s_own_evidence_is_not_offered_to_the_contributor(contributor_client, assignment, sub_a, officer_a):
    officer_evidence(sub_a, "1.2", officer_a)
    page = contributor_client.get(page_url(assignment, "1.3")).content.decode()
    assert "45/KH-UBND" not in page and "ke-hoach-tinh.pdf" not in page


def test_the_province_s_evidence_cannot_be_cited_by_its_id(contributor_client, assignment, sub_a, officer_a):
    theirs = officer_evidence(sub_a, "1.2", officer_a)
    response = cite(contributor_client, assignment, "1.3", theirs.pk)
    assert response.status_code == 302 and not ContributedEvidence.objects.exists()
    body = contributor_client.get(response["Location"]).content.decode()
    assert "Tệp này không còn trong danh sách tài liệu của bạn" in body


def test_another_contributor_s_file_cannot_be_cited(contributor_client, assignment, sub_a, officer_a, department_a):
    from accounts.models import Role
    from tests import factories

    other = factories.UserFactory(username="contributor_2", role=Role.CONTRIBUTOR, unit=department_a)
    theirs = assign(sub_a, officer_a, other, codes=("1.2",))
    their_client = Client()
    their_client.force_login(other)
    upload(their_client, theirs, "1.2")
    assert cite(contributor_client, assignment, "1.3", ContributedEvidence.objects.get().pk).status_code == 302
    assert ContributedEvidence.objects.count() == 1


# --- Who reads it --------------------------------------------------------------------------------


def test_the_officer_reads_the_contributor_s_evidence_on_the_review_page(officer_a_client, contributor_client, assignment, contributor_a):
    upload(contributor_client, assignment, "1.3")
    fill(assignment, contributor_a, **FIGURES)
    services.hand_in(actor=contributor_a, assignment=assignment)
    body = officer_a_client.get(reverse("assessments:contribution_review", args=[assignment.pk])).content.decode()
    row = body.split('data-code="1.3"')[1].split("</tr>")[0]
    assert "bao-cao-noi-vu.pdf" in row and "123/KH-UBND" in row and "Kế hoạch chuyển đổi số năm 2025" in row


def test_the_officer_downloads_the_contributor_s_file(officer_a_client, contributor_client, assignment):
    upload(contributor_client, assignment, "1.3")
    response = officer_a_client.get(reverse("assessments:contributed_evidence_download", args=[ContributedEvidence.objects.get().pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF_BYTES
    assert response["X-Content-Type-Options"] == "nosniff"


def test_another_contributor_of_the_province_cannot_read_the_file(client, contributor_client, assignment, department_a):
    from accounts.models import Role
    from tests import factories

    upload(contributor_client, assignment, "1.3")
    other = factories.UserFactory(username="contributor_2", role=Role.CONTRIBUTOR, unit=department_a)
    client.force_login(other)
    response = client.get(reverse("assessments:contributed_evidence_download", args=[ContributedEvidence.objects.get().pk]))
    assert response.status_code == 404


def test_another_province_s_officer_cannot_read_the_file(client, contributor_client, assignment, officer_b):
    upload(contributor_client, assignment, "1.3")
    client.force_login(officer_b)
    response = client.get(reverse("assessments:contributed_evidence_download", args=[ContributedEvidence.objects.get().pk]))
    assert response.status_code == 404


def test_the_evidence_page_of_another_assignment_s_indicator_is_404(contributor_client, assignment, sub_a, officer_a, contributor_a):
    other = assign(sub_a, officer_a, contributor_a, codes=("1.2",))
    response = contributor_client.get(
        reverse("assessments:contribution_evidence", args=[assignment.pk, cv_of(other, "1.2").pk])
    )
    assert response.status_code == 404


# --- Acceptance and send-back ------------------------------------------------------------------


def test_on_acceptance_the_file_becomes_the_province_s_evidence_by_its_contributor(contributor_client, assignment, officer_a, contributor_a, sub_a, settings):
    upload(contributor_client, assignment, "1.3")
    accept(officer_a, assignment, contributor_a)
    ev = Evidence.objects.get(value=value(sub_a, "1.3"))
    ce = ContributedEvidence.objects.get()
    assert ev.uploaded_by == contributor_a and ev.file.name == ce.file.name and ce.accepted_as == ev
    assert (ev.doc_number, ev.issuing_body, ev.summary) == ("123/KH-UBND", "UBND tỉnh", "Kế hoạch chuyển đổi số năm 2025")
    assert len(stored_files(settings)) == 1
    entry = AuditEntry.objects.get(action="evidence.add")
    assert entry.actor == officer_a and entry.new["contributed_evidence"] == ce.pk and entry.new["contributor"] == contributor_a.pk


def test_a_removed_file_does_not_reach_the_province(contributor_client, assignment, officer_a, contributor_a, sub_a):
    upload(contributor_client, assignment, "1.3")
    contributor_client.post(reverse("assessments:contributed_evidence_remove", args=[ContributedEvidence.objects.get().pk]))
    accept(officer_a, assignment, contributor_a)
    assert not Evidence.objects.filter(value__submission=sub_a).exists()


def test_a_file_the_value_cites_already_is_not_added_twice(contributor_client, assignment, officer_a, contributor_a, sub_a):
    officer_evidence(sub_a, "1.3", officer_a)
    upload(contributor_client, assignment, "1.3")
    accept(officer_a, assignment, contributor_a)
    assert Evidence.objects.filter(value=value(sub_a, "1.3")).count() == 1


def test_a_sent_back_contribution_keeps_its_files_for_fixing(contributor_client, assignment, officer_a, contributor_a):
    upload(contributor_client, assignment, "1.3")
    fill(assignment, contributor_a, **FIGURES)
    services.hand_in(actor=contributor_a, assignment=assignment)
    services.send_back(actor=officer_a, assignment=assignment, reason="Thiếu quyết định của UBND")
    body = contributor_client.get(page_url(assignment, "1.3")).content.decode()
    assert "bao-cao-noi-vu.pdf" in body.split('id="contributed-evidence"')[1] and 'id="upload"' in body
    assert upload(contributor_client, assignment, "1.3", content=png_bytes(), name="anh.png").status_code == 302
    assert ContributedEvidence.objects.filter(removed_at__isnull=True).count() == 2


def test_the_reviewer_reads_the_accepted_file_as_the_province_s_evidence(client, contributor_client, assignment, officer_a, contributor_a, sub_a, reviewer):
    upload(contributor_client, assignment, "1.3")
    accept(officer_a, assignment, contributor_a)
    send(sub_a, SubmissionStatus.UNDER_REVIEW)
    client.force_login(reviewer)
    ev = Evidence.objects.get(value=value(sub_a, "1.3"))
    response = client.get(reverse("assessments:evidence_download", args=[ev.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF_BYTES
    assert Assignment.objects.get().status == "accepted"


def test_an_upload_without_the_csrf_token_is_refused(contributor_a, assignment, settings):
    client = Client(enforce_csrf_checks=True)
    client.force_login(contributor_a)
    response = upload(client, assignment, "1.3")
    assert response.status_code == 403 and not ContributedEvidence.objects.exists() and stored_files(settings) == []
