"""The officer's Excel template names its sheet with Vietnamese diacritics ("Số liệu"), and a
template downloaded before (sheet "So lieu") still imports."""

import io
import unicodedata

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from assessments import excel
from tests.assessments.test_excel import GOOD, fill, template, url

pytestmark = pytest.mark.django_db


def renamed(upload: SimpleUploadedFile, title: str) -> SimpleUploadedFile:
    """The filled template with its sheet renamed."""
    wb = load_workbook(io.BytesIO(upload.read()))
    wb.worksheets[0].title = title
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("so-lieu.xlsx", buf.getvalue(), content_type=excel.XLSX_TYPE)


def changes(client, sub, upload) -> int:
    preview = client.post(url(sub, "upload"), {"file": upload}).context["preview"]
    assert not preview.has_errors
    return len(preview.changes)


def test_the_template_names_its_sheet_with_diacritics(officer_a_client, sub_a):
    assert template(officer_a_client, sub_a).sheetnames == ["Số liệu"]


def test_a_filled_template_reads_back_under_its_sheet_name(officer_a_client, sub_a):
    assert changes(officer_a_client, sub_a, fill(template(officer_a_client, sub_a), GOOD)) == 6


def test_a_template_downloaded_before_the_diacritics_still_imports(officer_a_client, sub_a):
    upload = renamed(fill(template(officer_a_client, sub_a), GOOD), "So lieu")

    assert changes(officer_a_client, sub_a, upload) == 6


def test_a_sheet_name_written_decomposed_is_found(officer_a_client, sub_a):
    upload = renamed(fill(template(officer_a_client, sub_a), GOOD), unicodedata.normalize("NFD", "Số liệu"))

    assert changes(officer_a_client, sub_a, upload) == 6


def test_a_workbook_without_the_sheet_is_refused_naming_it(officer_a_client, sub_a):
    upload = renamed(fill(template(officer_a_client, sub_a), GOOD), "Trang khác")

    r = officer_a_client.post(url(sub_a, "upload"), {"file": upload})

    assert r.context["preview"] is None
    assert "Không thấy trang “Số liệu” trong tệp." in r.text
