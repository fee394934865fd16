"""The public ranking, a unit's profile, the officer's own results and the exports in English:
the framework's English names where the file gives them, values with a decimal point.
Vietnamese stays the default."""

from __future__ import annotations

import csv
import io
import re
import subprocess

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.reading import english, text_of

pytestmark = pytest.mark.django_db


def ranking(client, rnd):
    return client.get(reverse("results:ranking", args=[rnd.year, rnd.ranking_group]))


def profile(client, rnd, code="48"):
    return client.get(reverse("results:profile", args=[rnd.year, rnd.ranking_group, code]))


def test_the_public_ranking_in_english_heads_its_columns_with_english_names(published, client):
    body = ranking(english(client), published).content.decode()
    assert 'title="Digital awareness">Digital awareness</button></th>' in body
    assert "Digital infrastructure" in body and "Nhận thức số" not in body


def test_the_public_ranking_in_english_writes_values_with_a_decimal_point(published, client):
    page = text_of(ranking(english(client), published))
    assert "Đà Nẵng 0.6000" in page and "0,6000" not in page


def test_the_public_ranking_stays_vietnamese_by_default(published, client):
    page = text_of(ranking(client, published))
    assert "Nhận thức số" in page and "Đà Nẵng 0,6000" in page
    assert "Digital awareness" not in page


def test_the_cached_vietnamese_table_is_not_served_to_an_english_reader(published, client):
    ranking(client, published)  # renders and caches the Vietnamese table
    page = text_of(ranking(english(client), published))
    assert "Digital awareness" in page and "Đà Nẵng 0.6000" in page


def test_a_profile_in_english_names_main_indices_and_pillars_in_english(published, client):
    page = text_of(profile(english(client), published))
    assert "Digital awareness" in page and "Digital government" in page
    assert "Nhận thức số" not in page and "Chính quyền số" not in page


def test_a_profile_in_english_writes_values_with_a_decimal_point(published, client):
    page = text_of(profile(english(client), published))
    assert "DTI 0.6000" in page and not re.search(r"\d,\d{4}\b", page)


def test_the_radar_of_a_profile_in_english_is_labelled_in_english(published, client):
    body = profile(english(client), published).content.decode()
    radar = re.search(r'<script id="radar-data" type="application/json">(.*?)</script>', body, re.S).group(1)
    assert '"Digital awareness"' in radar and "Nh\\u1eadn th\\u1ee9c s\\u1ed1" not in radar


def test_an_officers_own_results_in_english_name_main_indices_in_english(published, officer_a_client):
    page = text_of(english(officer_a_client).get(reverse("results:my_unit")))
    assert "Digital awareness" in page and "36.00 / 60.00" in page


def test_the_csv_in_english_heads_its_columns_with_english_names(published, client):
    response = english(client).get(reverse("results:ranking_csv", args=[published.year, published.ranking_group]))
    header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert "Digital awareness" in header and "Nhận thức số" not in header


def test_the_excel_in_english_heads_its_columns_with_english_names(published, client):
    response = english(client).get(reverse("results:ranking_xlsx", args=[published.year, published.ranking_group]))
    ws = load_workbook(io.BytesIO(response.content)).active
    headers = [c.value for row in ws.iter_rows(max_row=6) for c in row]
    assert "Digital awareness" in headers and "Digital infrastructure" in headers


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    return " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout.split())


def test_the_pdf_report_in_english_names_main_indices_in_english_with_english_numbers(published, client, tmp_path):
    response = english(client).get(reverse("results:profile_pdf", args=[published.year, published.ranking_group, "48"]))
    text = pdf_text(response.content, tmp_path)
    assert "Digital awareness" in text and "Nhận thức số" not in text
    assert "0.6000" in text and "0,6000" not in text


def test_the_pdf_report_stays_vietnamese_by_default(published, client, tmp_path):
    response = client.get(reverse("results:profile_pdf", args=[published.year, published.ranking_group, "48"]))
    text = pdf_text(response.content, tmp_path)
    assert "Nhận thức số" in text and "0,6000" in text and "Digital awareness" not in text
