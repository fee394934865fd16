"""The appraisal rows (a Jinja2 partial) on the page and as the htmx answer: the evidence
with its download link and date, the CSRF token the forms post with, and the scores."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.review.conftest import value

pytestmark = pytest.mark.django_db


def _page(client, sub, code):
    main = value(sub, code).indicator.main_index
    return client.get(reverse("review:appraisal", args=[sub.pk, main.pk])).content.decode()


def test_a_row_lists_its_evidence_with_a_download_link_and_a_vietnamese_date(reviewer_client, sub_a):
    v = value(sub_a, "1.1")
    evidence = v.evidence.get()
    page = _page(reviewer_client, sub_a, "1.1")
    assert f'href="{reverse("review:evidence", args=[evidence.pk])}?download=1"' in page
    assert evidence.doc_date.strftime("%d/%m/%Y") in page
    assert f'action="{reverse("review:appraise", args=[sub_a.pk, v.pk])}"' in page


def test_the_appraisal_form_posts_with_the_token_the_row_carries(sub_a, lead_reviewer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(lead_reviewer)
    page = _page(client, sub_a, "1.2")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    v = value(sub_a, "1.2")
    response = client.post(reverse("review:appraise", args=[sub_a.pk, v.pk]),
                           {"csrfmiddlewaretoken": token, "version": v.version, "points": "0", "reason": "Không có văn bản"})
    assert response.status_code == 302
    v.refresh_from_db()
    assert v.reviewed_points == 0 and v.review_reason == "Không có văn bản"


def test_the_htmx_answer_is_the_row_with_the_new_score_in_vietnamese(lead_client, sub_a):
    v = value(sub_a, "1.3")
    response = lead_client.post(
        reverse("review:appraise", args=[sub_a.pk, v.pk]),
        {"version": v.version, "points": "7,5", "reason": "Số liệu chưa khớp báo cáo"}, HTTP_HX_REQUEST="true",
    )
    row = response.content.decode()
    assert response.status_code == 200
    assert row.lstrip().startswith('<section class="card mb-3') and f'id="ind-{v.pk}"' in row
    assert 'value="7,50"' in row and '<td>7,50</td>' in row and "Số liệu chưa khớp báo cáo" in row and "Đã thẩm định" in row


def test_the_reviewer_reads_the_officers_explanation_of_a_warning_on_the_row(reviewer_client, sub_a):
    v = value(sub_a, "1.3")
    type(v).objects.filter(pk=v.pk).update(warning_note="Gồm cả lao động hợp đồng.")
    page = _page(reviewer_client, sub_a, "1.3")
    assert "Giải trình cảnh báo số liệu của đơn vị: Gồm cả lao động hợp đồng." in page
    assert "Giải trình cảnh báo số liệu của đơn vị" not in _page(reviewer_client, sub_a, "2.1")
