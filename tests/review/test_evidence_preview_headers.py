"""Evidence answers may be framed by the portal's own pages (the appraisal page's previews) and
by no one else; nothing else in their strict policy is loosened."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.models import Evidence

from .conftest import value


@pytest.fixture
def pdf(sub_a):
    return Evidence.objects.filter(value=value(sub_a, "1.1")).get()


def _policy(response) -> dict[str, str]:
    parts = (d.strip().split(" ", 1) for d in response["Content-Security-Policy"].split(";") if d.strip())
    return {name: (rest[0] if rest else "") for name, *rest in parts}


def test_a_reviewers_pdf_preview_may_be_framed_by_the_portal_only(reviewer_client, pdf):
    response = reviewer_client.get(reverse("review:evidence", args=[pdf.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("inline")
    assert _policy(response)["frame-ancestors"] == "'self'"
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_nothing_else_is_loosened_in_the_preview_policy(reviewer_client, pdf):
    response = reviewer_client.get(reverse("review:evidence", args=[pdf.pk]))
    assert _policy(response) == {
        "default-src": "'none'",
        "img-src": "'self' data:",
        "style-src": "'unsafe-inline'",
        "object-src": "'self'",
        "frame-ancestors": "'self'",
    }
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


def test_a_download_carries_the_same_headers(reviewer_client, pdf):
    response = reviewer_client.get(reverse("review:evidence", args=[pdf.pk]), {"download": "1"})
    assert response["Content-Disposition"].startswith("attachment")
    assert _policy(response)["default-src"] == "'none'"
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_the_officers_own_evidence_answer_has_the_same_framing_rule(officer_a_client, pdf):
    response = officer_a_client.get(reverse("assessments:evidence_download", args=[pdf.pk]), {"inline": "1"})
    assert response.status_code == 200
    assert _policy(response)["frame-ancestors"] == "'self'"
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_the_portals_pages_still_refuse_every_frame(reviewer_client, sub_a):
    response = reviewer_client.get(reverse("review:submission", args=[sub_a.pk]))
    assert response.status_code == 200
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
