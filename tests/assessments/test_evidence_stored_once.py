"""One document is stored once, however many values cite it (a national decision every
province attaches), and a value does not cite the same document twice.

Stored objects are counted through the storage's own API (listdir), which the filesystem and
django-storages' S3 backend both answer."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import AuditEntry
from assessments import services
from assessments.models import Evidence
from assessments.services import evidence as evidence_service
from tests.assessments.conftest import PDF_BYTES, png_bytes, value

pytestmark = pytest.mark.django_db

CITATION = {"doc_number": "749/QĐ-TTg", "doc_date": "03/06/2020", "issuing_body": "Thủ tướng Chính phủ", "summary": "Chương trình Chuyển đổi số quốc gia"}
DUPLICATE = "Tệp này đã được đính kèm cho chỉ số này (“qd-749.pdf”"


def stored_objects(storage=default_storage, folder: str = "") -> list[str]:
    """Every stored file's name, walking the storage's folders (filesystem or bucket)."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # the filesystem's media folder before the first file
        return []
    prefix = f"{folder}/" if folder else ""
    return [prefix + f for f in files] + [n for d in folders for n in stored_objects(storage, prefix + d)]


def upload(client, v, content=PDF_BYTES, name="qd-749.pdf", **extra):
    data = {**CITATION, **extra, "file": SimpleUploadedFile(name, content, content_type="application/pdf")}
    return client.post(f"/tu-danh-gia/gia-tri/{v.pk}/tai-lieu/", data)


def downloaded(client, ev) -> bytes:
    response = client.get(f"/tu-danh-gia/tai-lieu/{ev.pk}/")
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_one_file_attached_to_three_values_is_stored_once(officer_a_client, sub_a):
    values = [value(sub_a, code) for code in ("1.1", "1.2", "1.3")]

    for v in values:
        assert upload(officer_a_client, v).status_code == 302

    rows = list(Evidence.objects.filter(value__in=values))
    assert len(rows) == 3 and len({ev.file.name for ev in rows}) == 1
    assert stored_objects() == [rows[0].file.name]
    assert [downloaded(officer_a_client, ev) for ev in rows] == [PDF_BYTES] * 3


def test_one_file_attached_to_three_values_is_one_object_in_s3(officer_a_client, sub_a, moto_s3):
    for code in ("1.1", "1.2", "1.3"):
        assert upload(officer_a_client, value(sub_a, code)).status_code == 302

    keys = [o["Key"] for o in moto_s3.list_objects_v2(Bucket="dti-evidence")["Contents"]]
    assert Evidence.objects.count() == 3
    assert keys == [Evidence.objects.first().file.name]
    assert {ev.file.name for ev in Evidence.objects.all()} == set(keys)


def test_another_province_attaching_the_same_file_names_the_stored_one(officer_a_client, officer_b_client, sub_a, sub_b):
    upload(officer_a_client, value(sub_a, "1.2"))
    upload(officer_b_client, value(sub_b, "1.2"))

    a, b = Evidence.objects.order_by("pk")
    assert a.file.name == b.file.name and len(stored_objects()) == 1
    assert downloaded(officer_b_client, b) == PDF_BYTES


def test_removing_one_citation_keeps_the_file_for_the_others(officer_a_client, sub_a):
    for code in ("1.1", "1.2", "1.3"):
        upload(officer_a_client, value(sub_a, code))
    first, *others = Evidence.objects.order_by("pk")

    assert officer_a_client.post(f"/tu-danh-gia/tai-lieu/{first.pk}/go/").status_code == 302

    first.refresh_from_db()
    assert first.removed_at is not None
    assert stored_objects() == [first.file.name]
    assert [downloaded(officer_a_client, ev) for ev in others] == [PDF_BYTES, PDF_BYTES]


def test_replacing_one_citation_keeps_the_file_for_the_others(officer_a_client, sub_a):
    upload(officer_a_client, value(sub_a, "1.1"))
    upload(officer_a_client, value(sub_a, "1.2"))
    old, other = Evidence.objects.order_by("pk")

    upload(officer_a_client, value(sub_a, "1.1"), png_bytes(), name="ban-moi.png", replaces=str(old.pk))

    assert len(stored_objects()) == 2  # the shared PDF and the new image
    assert downloaded(officer_a_client, other) == PDF_BYTES


def test_a_failed_write_naming_a_stored_file_leaves_that_file(officer_a, sub_a, monkeypatch):
    kept = services.add_evidence(actor=officer_a, value=value(sub_a, "1.1"), upload=SimpleUploadedFile("a.pdf", PDF_BYTES),
                                 doc_number="1/QĐ-UBND", doc_date=dt.date(2025, 3, 15), issuing_body="UBND", summary="x")

    def broken_audit(**kwargs):
        raise RuntimeError("the database write failed")

    monkeypatch.setattr(evidence_service, "_record_upload", broken_audit)
    with pytest.raises(RuntimeError):
        services.add_evidence(actor=officer_a, value=value(sub_a, "1.2"), upload=SimpleUploadedFile("b.pdf", PDF_BYTES),
                              doc_number="1/QĐ-UBND", doc_date=dt.date(2025, 3, 15), issuing_body="UBND", summary="x")

    assert Evidence.objects.get() == kept and stored_objects() == [kept.file.name]


def test_the_same_file_twice_on_one_value_is_refused_and_nothing_is_stored(officer_a_client, sub_a):
    v = value(sub_a, "1.2")
    upload(officer_a_client, v)

    response = upload(officer_a_client, v, name="qd-749-lan-2.pdf")

    assert response.status_code == 200
    assert DUPLICATE in response.content.decode()
    assert Evidence.objects.filter(value=v).count() == 1 and len(stored_objects()) == 1
    assert AuditEntry.objects.filter(action="evidence.add").count() == 1


def test_the_refused_second_upload_keeps_the_citation_typed(officer_a_client, sub_a):
    v = value(sub_a, "1.2")
    upload(officer_a_client, v)

    html = upload(officer_a_client, v).content.decode()

    assert 'value="749/QĐ-TTg"' in html and "Chưa tải lên; hãy sửa các ô được đánh dấu." in html


def test_the_same_file_may_replace_its_earlier_version(officer_a_client, sub_a):
    v = value(sub_a, "1.2")
    upload(officer_a_client, v)
    old = Evidence.objects.get()

    response = upload(officer_a_client, v, doc_number="750/QĐ-TTg", replaces=str(old.pk))

    assert response.status_code == 302
    old.refresh_from_db()
    assert old.replaced_by.doc_number == "750/QĐ-TTg" and old.replaced_by.file.name == old.file.name
    assert len(stored_objects()) == 1


def test_a_removed_file_may_be_attached_again(officer_a_client, sub_a):
    v = value(sub_a, "1.2")
    upload(officer_a_client, v)
    officer_a_client.post(f"/tu-danh-gia/tai-lieu/{Evidence.objects.get().pk}/go/")

    assert upload(officer_a_client, v).status_code == 302

    assert Evidence.objects.filter(value=v, removed_at__isnull=True).count() == 1
