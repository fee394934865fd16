"""The officer's Excel round trip: template, preview with per-row errors, all-or-nothing confirm."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import AuditEntry, Interface
from assessments import excel
from assessments.models import Round
from tests.assessments.conftest import send, value

pytestmark = pytest.mark.django_db


def url(sub, what):
    return {"template": f"/tu-danh-gia/ho-so/{sub.pk}/excel/mau/", "upload": f"/tu-danh-gia/ho-so/{sub.pk}/excel/nhap/",
            "confirm": f"/tu-danh-gia/ho-so/{sub.pk}/excel/xac-nhan/"}[what]


def template(client, sub):
    r = client.get(url(sub, "template"))
    assert r.status_code == 200
    assert r["Content-Type"] == excel.XLSX_TYPE
    return load_workbook(io.BytesIO(r.content))


def fill(wb, new: dict) -> SimpleUploadedFile:
    """new: {(code, field): cell value}."""
    ws = wb[excel.SHEET]
    for row in ws.iter_rows(min_row=excel.FIRST_ROW):
        key = (row[excel.COL["code"] - 1].value, row[excel.COL["field"] - 1].value)
        if key in new:
            row[excel.COL["new"] - 1].value = new[key]
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("so-lieu.xlsx", buf.getvalue(), content_type=excel.XLSX_TYPE)


GOOD = {("1.1", "choice"): "chu_tich", ("1.2", "answer"): "Có", ("1.3", "numerator"): 1500, ("1.3", "denominator"): 2000,
        ("1.4", "count"): 12, ("2.1", "numerator"): "600", ("2.1", "denominator"): "1000", ("2.2", "value"): 85.5}


def test_the_template_lists_every_indicator_with_its_rule_and_last_value(officer_a_client, sub_a):
    ws = template(officer_a_client, sub_a)[excel.SHEET]
    rows = list(ws.iter_rows(min_row=excel.FIRST_ROW, values_only=True))
    codes = [r[excel.COL["code"] - 1] for r in rows]
    assert codes == ["1.1", "1.2", "1.3", "1.3", "1.4", "2.1", "2.1", "2.2", "2.3", "3.1"]
    ratio = rows[2]
    assert "Số hồ sơ xử lý trực tuyến toàn trình" in ratio[excel.COL["rule"] - 1]
    assert ratio[excel.COL["label"] - 1] == "Số hồ sơ xử lý trực tuyến toàn trình"
    assert "tự động" in rows[8][excel.COL["note"] - 1]


def test_a_clean_file_applies_every_value_audited_as_import(officer_a_client, sub_a):
    upload = fill(template(officer_a_client, sub_a), GOOD)
    r = officer_a_client.post(url(sub_a, "upload"), {"file": upload})
    assert r.status_code == 200
    preview = r.context["preview"]
    assert not preview.has_errors and len(preview.changes) == 6
    assert value(sub_a, "1.1").self_points is None  # a preview saves nothing
    r = officer_a_client.post(url(sub_a, "confirm"))
    assert r.status_code == 302
    assert value(sub_a, "1.1").self_points == Decimal("10.00")
    assert value(sub_a, "1.3").inputs == {"numerator": "1500", "denominator": "2000"}
    assert value(sub_a, "2.2").self_points == Decimal("8.55")
    entries = AuditEntry.objects.filter(action="value.update", unit=sub_a.unit)
    assert entries.count() == 6 and set(entries.values_list("interface", flat=True)) == {Interface.IMPORT}


def test_mixed_good_and_bad_rows_preview_the_errors_and_confirming_changes_nothing(officer_a_client, sub_a):
    bad = {**GOOD, ("1.2", "answer"): "có lẽ", ("2.1", "numerator"): "5000", ("1.4", "count"): "2,5", ("2.3", "value"): 99}
    r = officer_a_client.post(url(sub_a, "upload"), {"file": fill(template(officer_a_client, sub_a), bad)})
    preview = r.context["preview"]
    errors = {row.code: row.errors for row in preview.rows if row.errors}
    assert set(errors) == {"1.2", "2.1", "1.4", "2.3"}
    assert errors["1.2"][0].startswith("Dòng 6:")
    assert "tự động" in errors["2.3"][0]
    assert "disabled" in r.content.decode()
    r = officer_a_client.post(url(sub_a, "confirm"), follow=True)
    assert "chưa áp dụng thay đổi nào" in r.content.decode()
    assert value(sub_a, "1.1").self_points is None  # the good rows are not applied either
    assert not AuditEntry.objects.filter(action="value.update").exists()


def test_after_the_deadline_the_import_page_says_so_and_previews_nothing(officer_a_client, sub_a):
    upload = fill(template(officer_a_client, sub_a), GOOD)
    Round.objects.filter(pk=sub_a.round_id).update(closes_at=timezone.now() - dt.timedelta(seconds=1))
    assert 'name="file"' not in officer_a_client.get(url(sub_a, "upload")).content.decode()
    r = officer_a_client.post(url(sub_a, "upload"), {"file": upload})
    assert "Đã quá hạn nộp (" in r.content.decode()
    assert r.context["preview"] is None and f"excel-import-{sub_a.pk}" not in officer_a_client.session


def test_a_value_changed_on_the_page_after_download_is_an_error(officer_a_client, sub_a):
    wb = template(officer_a_client, sub_a)
    v = value(sub_a, "1.2")
    v.inputs, v.self_points, v.version = {"answer": False}, Decimal("0"), 1
    v.save()
    r = officer_a_client.post(url(sub_a, "upload"), {"file": fill(wb, {("1.2", "answer"): "Có"})})
    assert "tải mẫu mới" in r.context["preview"].rows[1].errors[0]


def test_a_change_between_preview_and_confirm_rolls_everything_back(officer_a_client, sub_a):
    officer_a_client.post(url(sub_a, "upload"), {"file": fill(template(officer_a_client, sub_a), GOOD)})
    v = value(sub_a, "2.2")
    v.version = 5
    v.save()
    officer_a_client.post(url(sub_a, "confirm"))
    assert value(sub_a, "1.1").self_points is None


@pytest.mark.parametrize("content", [b"not excel", b"PK\x03\x04garbage"])
def test_a_file_that_is_not_excel_is_refused_clearly(officer_a_client, sub_a, content):
    r = officer_a_client.post(url(sub_a, "upload"), {"file": SimpleUploadedFile("x.xlsx", content)})
    assert r.status_code == 200 and r.context["preview"] is None
    assert "không phải tệp Excel" in r.content.decode()


def test_another_submissions_template_is_refused(officer_a_client, officer_b_client, sub_a, sub_b):
    upload = fill(template(officer_b_client, sub_b), GOOD)
    r = officer_a_client.post(url(sub_a, "upload"), {"file": upload})
    assert "không phải mẫu của hồ sơ này" in r.content.decode()


@pytest.mark.parametrize("what", ["template", "upload"])
def test_access_outsider_404_wrong_role_403(client, officer_b_client, reviewer_client, sub_a, what):
    assert officer_b_client.get(url(sub_a, what)).status_code == 404
    assert reviewer_client.get(url(sub_a, what)).status_code == 404  # a draft is the province's own
    send(sub_a)
    assert reviewer_client.get(url(sub_a, what)).status_code == 403
    assert client.get(url(sub_a, what)).status_code == 302


def test_confirm_is_post_only_and_needs_a_preview(officer_a_client, sub_a):
    assert officer_a_client.get(url(sub_a, "confirm")).status_code == 405
    r = officer_a_client.post(url(sub_a, "confirm"), follow=True)
    assert "Không còn bản xem trước" in r.content.decode()
