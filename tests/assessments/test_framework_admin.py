"""Framework files through the admin: upload with full validation and a diff preview, download."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import AuditEntry, Interface
from assessments.framework_loader import load_framework_file
from assessments.models import Framework, Indicator
from tests import factories

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parents[2] / "seeds" / "frameworks" / "922-tinh.yaml"
UPLOAD = "/quan-tri/assessments/framework/nap-tep/"


def yaml_file(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("bo-chi-so.yaml", text.encode("utf-8"), content_type="application/x-yaml")


def test_a_new_framework_is_previewed_then_loaded_audited_as_admin(admin_client_):
    text = SEED.read_text(encoding="utf-8")
    r = admin_client_.post(UPLOAD, {"file": yaml_file(text)})
    assert r.status_code == 200
    assert "Bộ chỉ số mới" in r.content.decode()
    assert not Framework.objects.exists()
    r = admin_client_.post(UPLOAD, {"confirm": "1", "text": text})
    assert r.status_code == 302
    fw = Framework.objects.get(code="922-tinh")
    assert AuditEntry.objects.get(action="framework.load").interface == Interface.ADMIN
    assert fw.indicators.count() == 98


def test_every_problem_is_listed_with_its_line(admin_client_):
    text = SEED.read_text(encoding="utf-8").replace("format: dtiportal-framework/1", "format: khac", 1)
    text = text.replace("aggregation: total_points", "aggregation: tong", 1)
    r = admin_client_.post(UPLOAD, {"file": yaml_file(text)})
    body = r.content.decode()
    assert "Tệp có lỗi; chưa nạp gì" in body
    assert body.count("dòng ") >= 2
    assert not Framework.objects.exists()


def test_a_changed_file_previews_the_differences(admin_client_):
    text = SEED.read_text(encoding="utf-8")
    load_framework_file(text)
    name = Indicator.objects.get(framework__code="922-tinh", code="1.1").name_vi
    changed = text.replace(name, name + " (sửa đổi)", 1)
    r = admin_client_.post(UPLOAD, {"file": yaml_file(changed)})
    body = r.content.decode()
    assert "Chỉ số thay đổi: 1.1" in body
    assert "(sửa đổi)" in body and "+" in body
    admin_client_.post(UPLOAD, {"confirm": "1", "text": changed})
    assert Indicator.objects.get(framework__code="922-tinh", code="1.1").name_vi.endswith("(sửa đổi)")


def test_a_framework_used_by_a_round_cannot_be_changed_in_place(admin_client_, province_a):
    text = SEED.read_text(encoding="utf-8")
    fw, _ = load_framework_file(text)
    factories.make_round(framework=fw, units=[province_a])
    changed = text.replace("illustrative: true", "illustrative: false", 1)
    r = admin_client_.post(UPLOAD, {"file": yaml_file(changed)})
    assert "đã được dùng cho đợt đánh giá" in r.content.decode()
    r = admin_client_.post(UPLOAD, {"confirm": "1", "text": changed})
    assert Framework.objects.get(code="922-tinh").source_text == text


def test_bad_uploads_are_refused_clearly(admin_client_):
    r = admin_client_.post(UPLOAD, {"file": SimpleUploadedFile("x.yaml", b"\xff\xfe\x00")}, follow=True)
    assert "UTF-8" in r.content.decode()
    r = admin_client_.post(UPLOAD, {}, follow=True)
    assert "Hãy chọn một tệp" in r.content.decode()


def test_download_returns_the_framework_file(admin_client_):
    fw, _ = load_framework_file(SEED.read_text(encoding="utf-8"))
    r = admin_client_.get(f"/quan-tri/assessments/framework/{fw.pk}/tai-tep/")
    assert r.status_code == 200
    assert r["Content-Disposition"].endswith('922-tinh.yaml"')
    assert "dtiportal-framework/1" in r.content.decode()
    assert admin_client_.get("/quan-tri/assessments/framework/").status_code == 200
    assert "tai-tep" in admin_client_.get(f"/quan-tri/assessments/framework/{fw.pk}/change/").content.decode()


def test_non_staff_are_sent_to_the_admin_login(officer_a_client, reviewer_client):
    for c in (officer_a_client, reviewer_client):
        assert c.get(UPLOAD).status_code == 302


def test_download_serves_the_file_as_loaded_and_never_fails(admin_client_):
    fw, _ = load_framework_file(SEED.read_text(encoding="utf-8"))
    assert admin_client_.get(f"/quan-tri/assessments/framework/{fw.pk}/tai-tep/").content.decode() == SEED.read_text(encoding="utf-8")
    incomplete = factories.make_framework()  # built row by row, no decision date: cannot be exported
    r = admin_client_.get(f"/quan-tri/assessments/framework/{incomplete.pk}/tai-tep/", follow=True)
    assert r.status_code == 200
    assert "Không xuất được tệp" in r.content.decode()
    assert admin_client_.get("/quan-tri/assessments/framework/999999/tai-tep/").status_code == 404
