"""The officer types a ratio, sees the points without a reload, attaches a file and submits."""

from __future__ import annotations

import hashlib
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Interface
from assessments import services
from assessments.models import Evidence, GeneralInfoValue, IndicatorValue, MainIndex, Submission
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _prefill_all_but_the_ratio(officer, sub):
    """Everything complete except indicator 1.3 and its evidence, through the services."""
    values = {v.indicator.code: v for v in IndicatorValue.objects.filter(submission=sub).select_related("indicator")}
    nts = MainIndex.objects.get(framework=sub.round.framework, code="NTS")
    hts = MainIndex.objects.get(framework=sub.round.framework, code="HTS")
    services.save_main_index(actor=officer, submission=sub, main_index=nts, rows={
        values["1.1"].pk: {"inputs": {"choice": "chu_tich"}, "version": 0},
        values["1.2"].pk: {"inputs": {"answer": "yes"}, "version": 0},
        values["1.4"].pk: {"inputs": {"count": "12"}, "version": 0},
    }, interface=Interface.WEB)
    services.save_main_index(actor=officer, submission=sub, main_index=hts, rows={
        values["2.1"].pk: {"inputs": {"numerator": "8", "denominator": "10"}, "version": 0},
        values["2.2"].pk: {"inputs": {"value": "90"}, "version": 0},
    })
    for code in ("1.1", "1.2", "2.1"):
        services.add_evidence(actor=officer, value=values[code], upload=SimpleUploadedFile("a.pdf", PDF),
                              doc_number="1/KH", doc_date=__import__("datetime").date(2025, 1, 2), issuing_body="UBND", summary="KH")
    gv = GeneralInfoValue.objects.get(submission=sub)
    services.save_general_info(actor=officer, submission=sub, rows={gv.pk: {"value": "1000", "version": 0}})
    return values["1.3"], nts


def test_officer_types_a_ratio_attaches_evidence_and_submits(page, login, screenshot, officer_a, province_a, tmp_path):
    rnd = factories.make_round(units=[province_a])
    sub = rnd.submissions.get()
    ratio, nts = _prefill_all_but_the_ratio(officer_a, sub)

    login("officer_a")
    page.goto(f"/tu-danh-gia/ho-so/{sub.pk}/chi-so/{nts.pk}/")
    page.evaluate("window.__same_page = true")
    page.fill(f"#id_v{ratio.pk}-numerator", "75")
    page.fill(f"#id_v{ratio.pk}-denominator", "100")
    points = page.locator(f"#points-{ratio.pk} [data-points]")
    points.wait_for()
    assert points.inner_text() == "15,00"
    # A rule violation shows up live too, still without a reload.
    page.fill(f"#id_v{ratio.pk}-numerator", "150")
    page.locator(f"#points-{ratio.pk} .text-danger").wait_for()
    assert "không được lớn hơn mẫu số" in page.locator(f"#points-{ratio.pk}").inner_text()
    assert page.evaluate("window.__same_page") is True
    IndicatorValue.objects.get(pk=ratio.pk).self_points is None  # noqa: B015 - nothing saved by typing
    page.fill(f"#id_v{ratio.pk}-numerator", "75")
    points.wait_for()
    screenshot("officer-entry-ratio")
    page.click("button:has-text('Lưu bản nháp')")
    page.locator(".alert-success").wait_for()
    assert IndicatorValue.objects.get(pk=ratio.pk).self_points == Decimal("15.00")

    page.goto(f"/tu-danh-gia/gia-tri/{ratio.pk}/tai-lieu/")
    pdf = tmp_path / "bao-cao.pdf"
    pdf.write_bytes(PDF)
    page.set_input_files("#id_file", str(pdf))
    page.fill("#id_doc_number", "45/BC-UBND")
    page.fill("#id_doc_date", "20/01/2025")
    page.fill("#id_issuing_body", "UBND tỉnh Đà Nẵng")
    page.fill("#id_summary", "Báo cáo kết quả giải quyết thủ tục hành chính")
    screenshot("officer-evidence-form")
    page.click("button:has-text('Tải lên')")
    page.locator(".alert-success").wait_for()
    ev = Evidence.objects.get(value_id=ratio.pk)
    assert ev.sha256 == hashlib.sha256(PDF).hexdigest() and ev.doc_number == "45/BC-UBND"

    page.goto(f"/tu-danh-gia/ho-so/{sub.pk}/gui/")
    assert "Hồ sơ đã đủ" in page.content()
    page.click("form button[type=submit]:has-text('Gửi hồ sơ')")
    page.locator(".alert-success").wait_for()
    screenshot("officer-overview-submitted")
    assert Submission.objects.get(pk=sub.pk).status == "submitted"
