"""Evidence: citations, type by content, size limit while streaming, private serving, history."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import AuditEntry
from assessments.evidence import EvidenceSizeLimitHandler
from assessments.models import Evidence
from tests.assessments.conftest import EXE_BYTES, PDF_BYTES, docx_bytes, png_bytes, send, value

pytestmark = pytest.mark.django_db

CITATION = {"doc_number": "123/KH-UBND", "doc_date": "15/03/2025", "issuing_body": "UBND tỉnh", "summary": "Kế hoạch chuyển đổi số năm 2025"}


def stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def upload(client, v, content, name="ke-hoach.pdf", **extra):
    data = {**CITATION, **extra, "file": SimpleUploadedFile(name, content, content_type="application/pdf")}
    return client.post(f"/tu-danh-gia/gia-tri/{v.pk}/tai-lieu/", data)


def test_officer_attaches_a_pdf_with_its_citation(officer_a_client, officer_a, sub_a, settings):
    v = value(sub_a, "1.2")
    response = upload(officer_a_client, v, PDF_BYTES)
    assert response.status_code == 302
    ev = Evidence.objects.get(value=v)
    assert (ev.doc_number, ev.doc_date.isoformat(), ev.issuing_body) == ("123/KH-UBND", "2025-03-15", "UBND tỉnh")
    assert ev.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    assert ev.content_type == "application/pdf" and ev.size == len(PDF_BYTES) and ev.uploaded_by == officer_a
    assert ev.original_name == "ke-hoach.pdf" and "ke-hoach" not in ev.file.name  # stored under a random name
    assert len(stored_files(settings)) == 1
    audit = AuditEntry.objects.get(action="evidence.add")
    assert audit.new["sha256"] == ev.sha256 and audit.new["doc_number"] == "123/KH-UBND"


@pytest.mark.parametrize("content,name", [(png_bytes(), "anh.png"), (docx_bytes(), "bao-cao.docx")])
def test_images_and_word_files_are_accepted_by_content(officer_a_client, sub_a, content, name):
    assert upload(officer_a_client, value(sub_a, "1.2"), content, name=name).status_code == 302
    assert Evidence.objects.count() == 1


@pytest.mark.parametrize("content", [EXE_BYTES, b"<html><script>alert(1)</script></html>"])
def test_a_file_disguised_by_its_extension_is_refused_and_nothing_is_stored(officer_a_client, sub_a, settings, content):
    response = upload(officer_a_client, value(sub_a, "1.2"), content, name="ke-hoach.pdf")
    assert response.status_code == 200
    assert "Loại tệp không được chấp nhận" in response.content.decode()
    assert not Evidence.objects.exists() and stored_files(settings) == []
    assert not AuditEntry.objects.filter(action__startswith="evidence").exists()


def test_allowed_types_are_configurable(officer_a_client, sub_a, settings):
    settings.EVIDENCE_ALLOWED_TYPES = ["pdf"]
    response = upload(officer_a_client, value(sub_a, "1.2"), png_bytes(), name="anh.png")
    assert "Loại tệp không được chấp nhận" in response.content.decode()


def test_an_oversized_file_is_refused_with_the_citation_kept(officer_a_client, sub_a, settings):
    settings.EVIDENCE_MAX_BYTES = 1024
    response = upload(officer_a_client, value(sub_a, "1.2"), PDF_BYTES + b"0" * 5000)
    html = response.content.decode()
    assert response.status_code == 200
    assert "vượt quá dung lượng cho phép (1 KB)" in html
    assert 'value="123/KH-UBND"' in html  # the citation typed is kept
    assert not Evidence.objects.exists() and stored_files(settings) == []


def test_the_size_limit_stops_reading_while_streaming():
    handler = EvidenceSizeLimitHandler(request=None, limit=10)
    handler.new_file("file", "x.pdf", "application/pdf", None)
    assert handler.receive_data_chunk(b"12345", 0) == b"12345"
    from django.core.files.uploadhandler import SkipFile

    with pytest.raises(SkipFile):
        handler.receive_data_chunk(b"678901", 5)


def test_a_declared_oversize_part_is_skipped_before_reading():
    from django.core.files.uploadhandler import SkipFile

    handler = EvidenceSizeLimitHandler(request=None, limit=10)
    with pytest.raises(SkipFile):
        handler.new_file("file", "x.pdf", "application/pdf", 11)


def test_a_missing_citation_field_is_refused(officer_a_client, sub_a, settings):
    response = upload(officer_a_client, value(sub_a, "1.2"), PDF_BYTES, doc_number="", doc_date="31/02/2025")
    html = response.content.decode()
    assert "Ngày không hợp lệ" in html
    assert not Evidence.objects.exists() and stored_files(settings) == []


def test_download_is_an_attachment_that_is_never_sniffed(officer_a_client, sub_a):
    upload(officer_a_client, value(sub_a, "1.2"), PDF_BYTES)
    ev = Evidence.objects.get()
    response = officer_a_client.get(f"/tu-danh-gia/tai-lieu/{ev.pk}/")
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_reviewer_previews_a_pdf_inline_under_a_restrictive_policy(officer_a_client, reviewer_client, sub_a):
    upload(officer_a_client, value(sub_a, "1.2"), PDF_BYTES)
    ev = Evidence.objects.get()
    send(sub_a)
    response = reviewer_client.get(f"/tu-danh-gia/tai-lieu/{ev.pk}/?inline=1")
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in response["Content-Security-Policy"]


def test_replacing_a_file_keeps_the_old_version_in_the_history(officer_a_client, sub_a):
    v = value(sub_a, "1.2")
    upload(officer_a_client, v, PDF_BYTES)
    old = Evidence.objects.get()
    response = upload(officer_a_client, v, png_bytes(), name="ban-moi.png", replaces=str(old.pk))
    assert response.status_code == 302
    old.refresh_from_db()
    new = Evidence.objects.exclude(pk=old.pk).get()
    assert old.replaced_by == new and not old.is_current and new.is_current
    assert officer_a_client.get(f"/tu-danh-gia/tai-lieu/{old.pk}/").status_code == 200  # still downloadable
    page = officer_a_client.get(f"/tu-danh-gia/gia-tri/{v.pk}/tai-lieu/").content.decode()
    assert "Các phiên bản trước" in page and "ban-moi.png" in page
    assert AuditEntry.objects.filter(action="evidence.replace").exists()


def test_removing_a_file_keeps_it_for_the_history(officer_a_client, sub_a):
    upload(officer_a_client, value(sub_a, "1.2"), PDF_BYTES)
    ev = Evidence.objects.get()
    officer_a_client.get(f"/tu-danh-gia/tai-lieu/{ev.pk}/go/")  # the confirmation page removes nothing
    ev.refresh_from_db()
    assert ev.removed_at is None
    officer_a_client.post(f"/tu-danh-gia/tai-lieu/{ev.pk}/go/")
    ev.refresh_from_db()
    assert ev.removed_at is not None and ev.file.storage.exists(ev.file.name)


def test_evidence_cannot_be_added_after_submission(officer_a_client, sub_a, settings):
    from assessments.models import Submission

    Submission.objects.filter(pk=sub_a.pk).update(status="submitted")
    response = upload(officer_a_client, value(sub_a, "1.2"), PDF_BYTES)
    assert response.status_code == 302
    assert not Evidence.objects.exists() and stored_files(settings) == []


def test_evidence_is_stored_in_s3_and_served_through_the_view(officer_a_client, officer_b_client, sub_a, moto_s3):
    upload(officer_a_client, value(sub_a, "1.2"), PDF_BYTES)
    ev = Evidence.objects.get()
    keys = [o["Key"] for o in moto_s3.list_objects_v2(Bucket="dti-evidence")["Contents"]]
    assert keys == [ev.file.name]
    assert moto_s3.get_object(Bucket="dti-evidence", Key=ev.file.name)["Body"].read() == PDF_BYTES
    response = officer_a_client.get(f"/tu-danh-gia/tai-lieu/{ev.pk}/")
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert officer_b_client.get(f"/tu-danh-gia/tai-lieu/{ev.pk}/").status_code == 404


def test_a_refused_file_leaves_s3_empty(officer_a_client, sub_a, moto_s3):
    upload(officer_a_client, value(sub_a, "1.2"), EXE_BYTES)
    assert moto_s3.list_objects_v2(Bucket="dti-evidence").get("KeyCount") == 0


def test_upload_still_checks_csrf(officer_a, sub_a):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(officer_a)
    data = {**CITATION, "file": SimpleUploadedFile("a.pdf", PDF_BYTES)}
    assert client.post(f"/tu-danh-gia/gia-tri/{value(sub_a, '1.2').pk}/tai-lieu/", data).status_code == 403
    assert not Evidence.objects.exists()


def test_a_file_replaced_many_times_shows_its_whole_history_once(sub_a, officer_a):
    import datetime as dt

    from django.utils import timezone

    from assessments.selectors import evidence_page_context

    v = value(sub_a, "1.2")
    fields = dict(content_type="application/pdf", doc_number="1/KH", doc_date="2025-03-01", issuing_body="UBND", summary="…")
    versions = Evidence.objects.bulk_create(
        Evidence(value=v, file=f"x{i}", original_name=f"v{i}.pdf", uploaded_at=timezone.now() + dt.timedelta(seconds=i), **fields)
        for i in range(300)
    )
    for older, newer in zip(versions[:-1], versions[1:], strict=True):
        older.replaced_by = newer
    Evidence.objects.bulk_update(versions[:-1], ["replaced_by"])
    context = evidence_page_context(v)
    (current,) = context["current"]
    assert current.original_name == "v299.pdf"
    assert [e.original_name for e in current.history] == [f"v{i}.pdf" for i in range(298, -1, -1)]
