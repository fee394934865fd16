"""A reviewer previews a province's PDF evidence inside the appraisal page, in real Chromium:
the evidence answer may be framed by the portal (frame-ancestors 'self'), so the frame loads
the file instead of Chromium's "refused to connect" page, with no policy violation reported."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.models import Evidence
from tests import factories
from tests.review.conftest import fill, send

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _pdf(text: str) -> bytes:
    """A small, well-formed one-page PDF (objects, cross-reference table, trailer)."""
    stream = f"BT /F1 24 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


@pytest.fixture
def sent_with_pdf(rnd, province_a, officer_a):
    sub = rnd.submissions.get(unit=province_a)
    fill(sub, content=_pdf("Quyet dinh 12/QD-UBND"))
    return send(sub, officer_a)


@pytest.fixture
def rnd(province_a, province_b):
    return factories.make_round(units=[province_a, province_b])


def test_a_reviewer_previews_a_pdf_evidence_in_the_appraisal_page(page, login, reviewer, sent_with_pdf, screenshot):
    evidence = Evidence.objects.select_related("value__indicator").filter(value__submission=sent_with_pdf).first()
    evidence_url = reverse("review:evidence", args=[evidence.pk])
    problems = []
    page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text or "frame" in m.text else None)
    failed = []
    page.on("response", lambda r: failed.append((r.status, r.url)) if r.status >= 400 else None)

    login("reviewer")
    page.goto(f"/tham-dinh/ho-so/{sent_with_pdf.pk}/chi-so-chinh/{evidence.value.indicator.main_index_id}/")
    card = page.locator(f"iframe[title='{evidence.original_name}']").first
    with page.expect_response(lambda r: r.url.endswith(evidence_url)) as answered:
        card.locator("xpath=ancestor::details/summary").click()  # the preview opens, the lazy frame loads
    response = answered.value
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"

    frame = card.element_handle().content_frame()
    frame.wait_for_load_state()
    page.wait_for_timeout(1500)  # let Chromium's PDF viewer draw before the screenshot
    assert frame.url.endswith(evidence_url)  # a refused frame shows chrome-error://chromewebdata/
    assert not problems, problems
    assert not [f for f in failed if not f[1].endswith("/favicon.ico")], failed
    assert "frame-ancestors 'self'" in response.headers["content-security-policy"]
    screenshot("review-evidence-pdf-preview")
