"""Evidence through the API: upload with citation, list, read, download, remove."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import AuditEntry, Interface
from assessments.models import SubmissionStatus
from tests.api.conftest import value
from tests.assessments.conftest import PDF_BYTES, send

pytestmark = pytest.mark.django_db


def form(**extra):
    return {
        "file": SimpleUploadedFile("ke-hoach.pdf", PDF_BYTES, content_type="application/pdf"),
        "doc_number": "123/KH-UBND", "doc_date": "2025-03-15", "issuing_body": "UBND thành phố Đà Nẵng",
        "summary": "Kế hoạch chuyển đổi số năm 2025", **extra,
    }


def upload(api, user, v, **extra):
    return api(user).post(f"/api/values/{v.pk}/evidence/", form(**extra), format="multipart")


def test_officer_uploads_evidence_audited_as_api(api, officer_a, sub_a):
    v = value(sub_a, "1.2")
    r = upload(api, officer_a, v)
    assert r.status_code == 201, r.json()
    assert r.json()["doc_number"] == "123/KH-UBND"
    assert AuditEntry.objects.get(action="evidence.add").interface == Interface.API
    listed = api(officer_a).get(f"/api/values/{v.pk}/evidence/").json()
    assert [e["id"] for e in listed] == [r.json()["id"]]


def test_a_missing_citation_is_400_by_field(api, officer_a, sub_a):
    r = upload(api, officer_a, value(sub_a, "1.2"), doc_number="", doc_date="32/13/2025")
    assert r.status_code == 400
    assert {"doc_number", "doc_date"} <= set(r.json())


def test_a_disallowed_file_type_is_400(api, officer_a, sub_a):
    exe = SimpleUploadedFile("x.pdf", b"MZ" + b"\x00" * 300, content_type="application/pdf")
    r = upload(api, officer_a, value(sub_a, "1.2"), file=exe)
    assert r.status_code == 400
    assert "file" in r.json()["errors"]["form"]


def test_the_same_file_twice_on_one_value_is_400_and_not_stored(api, officer_a, sub_a):
    v = value(sub_a, "1.2")
    upload(api, officer_a, v)
    r = upload(api, officer_a, v)
    assert r.status_code == 400
    assert r.json()["errors"]["form"]["file"].startswith("Tệp này đã được đính kèm cho chỉ số này (“ke-hoach.pdf”")
    assert AuditEntry.objects.filter(action="evidence.add").count() == 1


@pytest.mark.parametrize("who,status", [("officer_b", 404), ("reviewer", 404), ("system", 404), ("anonymous", 401)])
def test_only_the_units_officers_upload(api, personas, sub_a, who, status):
    assert upload(api, personas[who], value(sub_a, "1.2")).status_code == status


@pytest.mark.parametrize("who,status", [("officer_a", 200), ("reviewer", 404), ("officer_b", 404), ("system", 404), ("anonymous", 401)])
def test_reading_a_draft_s_evidence_by_persona(api, personas, officer_a, sub_a, who, status):
    ev = upload(api, officer_a, value(sub_a, "1.2")).json()
    c = api(personas[who])
    assert c.get(f"/api/evidence/{ev['id']}/").status_code == status
    assert c.get(f"/api/evidence/{ev['id']}/file/").status_code == status
    assert c.get(f"/api/values/{value(sub_a, '1.2').pk}/evidence/").status_code == status


@pytest.mark.parametrize("who", ["officer_a", "reviewer", "admin"])
def test_a_sent_submission_s_evidence_is_read_and_downloaded_by_owner_and_reviewers(api, personas, officer_a, sub_a, who):
    ev = upload(api, officer_a, value(sub_a, "1.2")).json()
    send(sub_a, SubmissionStatus.UNDER_REVIEW)
    c = api(personas[who])
    assert c.get(f"/api/evidence/{ev['id']}/").json()["doc_number"] == "123/KH-UBND"
    r = c.get(f"/api/evidence/{ev['id']}/file/")
    assert r.status_code == 200
    assert b"".join(r.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize("who,status", [("officer_b", 404), ("reviewer", 404), ("system", 404), ("anonymous", 401), ("officer_a", 204)])
def test_removing_evidence_by_persona(api, personas, officer_a, sub_a, who, status):
    ev = upload(api, officer_a, value(sub_a, "1.2")).json()
    assert api(personas[who]).delete(f"/api/evidence/{ev['id']}/").status_code == status
    if status == 204:
        assert AuditEntry.objects.get(action="evidence.remove").interface == Interface.API
        assert api(officer_a).get(f"/api/values/{value(sub_a, '1.2').pk}/evidence/").json() == []


def test_automatic_indicators_take_no_evidence(api, officer_a, sub_a):
    assert upload(api, officer_a, value(sub_a, "2.3")).status_code == 409


def test_unknown_evidence_is_404(api, officer_a, rnd):
    assert api(officer_a).get("/api/evidence/424242/").status_code == 404
