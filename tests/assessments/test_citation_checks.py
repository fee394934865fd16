"""Citation form checks: conventions, so warnings that save anyway, never refusals."""

from __future__ import annotations

import datetime

import pytest

from assessments.models import Evidence
from assessments.services import citation_warnings
from tests.assessments.conftest import PDF_BYTES, value
from tests.assessments.test_evidence import upload


@pytest.mark.parametrize("number", ["123/QĐ-UBND", "45/KH-UBND", "12/2024/NĐ-CP", "922/QĐ-BTTTT", "7/BC-STTTT"])
def test_a_document_number_in_the_official_form_passes(number):
    assert citation_warnings(doc_number=number, doc_date=datetime.date(2025, 3, 1), year=2025) == []


@pytest.mark.parametrize("number", ["???", "QĐ-UBND", "123/qđ-ubnd", "123 QĐ UBND", "123/"])
def test_a_document_number_in_another_form_is_a_warning(number):
    assert citation_warnings(doc_number=number, doc_date=datetime.date(2025, 3, 1), year=2025) == [
        f"Số hiệu “{number}” không theo mẫu chính thức (ví dụ 123/QĐ-UBND, 45/KH-UBND, 12/2024/NĐ-CP)."
    ]


@pytest.mark.parametrize(
    ("date", "warned"),
    [
        (datetime.date(2020, 1, 1), False),  # five years before the assessed year: still in force
        (datetime.date(2025, 12, 31), False),
        (datetime.date(2019, 12, 31), True),
        (datetime.date(2026, 1, 1), True),  # after the assessed year
        (datetime.date(1900, 1, 1), True),
    ],
)
def test_a_date_outside_the_assessed_year_and_its_window_is_a_warning(date, warned):
    found = citation_warnings(doc_number="45/KH-UBND", doc_date=date, year=2025)
    expected = (
        [f"Ngày ban hành {date:%d/%m/%Y} nằm ngoài khoảng 01/01/2020–31/12/2025 (năm đánh giá 2025 và 5 năm trước)."]
        if warned
        else []
    )
    assert found == expected


@pytest.mark.django_db
def test_an_unconventional_citation_is_saved_and_the_officer_warned(officer_a_client, sub_a):
    v = value(sub_a, "1.2")
    response = upload(officer_a_client, v, PDF_BYTES, doc_number="???", doc_date="01/01/1900")
    assert response.status_code == 302
    assert Evidence.objects.get(value=v).doc_number == "???"  # a warning, not a refusal
    html = officer_a_client.get(response["Location"]).content.decode()
    assert "Lưu ý: Số hiệu “???” không theo mẫu chính thức" in html
    assert "Lưu ý: Ngày ban hành 01/01/1900 nằm ngoài khoảng 01/01/2020–31/12/2025" in html


@pytest.mark.django_db
def test_a_conventional_citation_brings_no_warning(officer_a_client, sub_a):
    response = upload(officer_a_client, value(sub_a, "1.2"), PDF_BYTES)
    assert "Lưu ý:" not in officer_a_client.get(response["Location"]).content.decode()
