"""Reviewers export a submission with its three scores."""

import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from openpyxl import load_workbook

from assessments.models import SubmissionStatus
from tests.review.conftest import value

pytestmark = pytest.mark.django_db


def test_reviewer_exports_the_three_scores(reviewer_client, sub_a):
    sub_a.status = SubmissionStatus.UNDER_REVIEW
    sub_a.save()
    v = value(sub_a, "1.2")
    v.inputs, v.self_points, v.reviewed_points, v.review_reason, v.final_points = {"answer": True}, Decimal(10), Decimal(5), "Thiếu văn bản", Decimal(5)
    v.save()
    r = reviewer_client.get(f"/tham-dinh/ho-so/{sub_a.pk}/excel/")
    assert r.status_code == 200
    wb = load_workbook(io.BytesIO(r.content))
    row = next(r for r in wb["Chi tiết"].iter_rows(min_row=4, values_only=True) if r[0] == "1.2")
    assert row[4] == "Trả lời: Có" and row[5:9] == (10, 5, "Thiếu văn bản", 5)
    assert wb["Tổng hợp"]["A2"].value == "Nhận thức số"


def test_a_draft_is_not_found_by_reviewers(reviewer_client, rnd, province_b):
    draft = rnd.submissions.get(unit=province_b)
    assert draft.status == SubmissionStatus.DRAFT
    assert reviewer_client.get(f"/tham-dinh/ho-so/{draft.pk}/excel/").status_code == 404


def test_officers_are_refused_the_reviewers_export(officer_a_client, sub_a):
    assert officer_a_client.get(f"/tham-dinh/ho-so/{sub_a.pk}/excel/").status_code == 403


def test_an_anonymous_visitor_is_sent_to_log_in(client, sub_a):
    assert client.get(f"/tham-dinh/ho-so/{sub_a.pk}/excel/").status_code == 302


def test_the_export_answers_only_get(reviewer_client, sub_a):
    assert reviewer_client.post(f"/tham-dinh/ho-so/{sub_a.pk}/excel/").status_code == 405


def test_the_file_is_named_for_the_year_the_unit_and_the_day(reviewer_client, sub_a):
    with time_machine.travel(dt.datetime(2026, 3, 1, 20, 0, tzinfo=dt.UTC)):  # 2 March in Hà Nội
        r = reviewer_client.get(f"/tham-dinh/ho-so/{sub_a.pk}/excel/")
    expected = f"dti-{sub_a.round.year}-{sub_a.unit.code}-tham-dinh-20260302.xlsx"
    assert r["Content-Disposition"] == f'attachment; filename="{expected}"'


def test_the_review_export_names_its_sheets_with_diacritics(reviewer_client, sub_a):
    sub_a.status = SubmissionStatus.UNDER_REVIEW
    sub_a.save()

    r = reviewer_client.get(f"/tham-dinh/ho-so/{sub_a.pk}/excel/")

    assert load_workbook(io.BytesIO(r.content)).sheetnames == ["Chi tiết", "Tổng hợp"]
