"""Reviewers export a submission with its three scores."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from assessments.models import SubmissionStatus
from tests.assessments.conftest import value

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
    row = next(r for r in wb["Chi tiet"].iter_rows(min_row=4, values_only=True) if r[0] == "1.2")
    assert row[4] == "Có" and row[5:9] == (10, 5, "Thiếu văn bản", 5)
    assert wb["Tong hop"]["A2"].value == "Nhận thức số"


def test_drafts_are_404_and_officers_403(reviewer_client, officer_a_client, client, sub_a):
    assert reviewer_client.get(f"/tham-dinh/ho-so/{sub_a.pk}/excel/").status_code == 404
    sub_a.status = SubmissionStatus.SUBMITTED
    sub_a.save()
    assert officer_a_client.get(f"/tham-dinh/ho-so/{sub_a.pk}/excel/").status_code == 403
    assert client.get(f"/tham-dinh/ho-so/{sub_a.pk}/excel/").status_code == 302
    assert reviewer_client.post(f"/tham-dinh/ho-so/{sub_a.pk}/excel/").status_code == 405
