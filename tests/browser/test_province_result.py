"""In Chromium: a reviewer adjusts an indicator with a reason, the lead signs off, and the
officer finds the reviewed and final points and the reason on the indicator, in the Excel,
and the appraisal in words in the value's history. Screenshots: test-artifacts/screenshots/
result-*.png."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from assessments import excel
from assessments.models import IndicatorValue, SubmissionStatus
from review import services as review
from tests import factories
from tests.assessments.result_helpers import filled_and_sent

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
REASON = "Mẫu số chưa gồm hồ sơ cấp xã"


def test_the_officer_reads_the_adjustment_and_its_reason_after_sign_off(
    page, login, screenshot, province_a, officer_a, reviewer, lead_reviewer
):
    sub = filled_and_sent(factories.make_round(units=[province_a]), province_a, officer_a)
    values = {v.indicator.code: v for v in IndicatorValue.objects.filter(submission=sub).select_related("indicator", "submission")}
    v13 = values["1.3"]
    nts = v13.indicator.main_index

    # The reviewer adjusts 1.3 from 16 to 10 on the appraisal page, with a reason.
    login("reviewer")
    page.goto(f"/tham-dinh/ho-so/{sub.pk}/chi-so-chinh/{nts.pk}/")
    page.fill(f"#points-{v13.pk}", "10")
    page.fill(f"#reason-{v13.pk}", REASON)
    page.locator(f"#ind-{v13.pk} button[type=submit]").click()
    page.locator(f"#ind-{v13.pk} .badge.text-bg-success").wait_for()
    screenshot("result-1-reviewer-adjusted")
    for code, v in values.items():  # the others accepted as self-scored
        if code != "1.3":
            v.refresh_from_db()
            review.appraise(value=v, actor=reviewer, points=str(v.self_points))

    # The lead reviewer signs off.
    page.context.clear_cookies()
    login("lead")
    page.goto(f"/tham-dinh/ho-so/{sub.pk}/")
    page.get_by_role("link", name="Ký duyệt kết quả thẩm định").click()  # asks first, in a dialog
    page.locator("#sign-off-dialog").get_by_role("button", name="Ký duyệt kết quả thẩm định").click()
    page.wait_for_load_state()
    sub.refresh_from_db()
    assert sub.status == SubmissionStatus.SIGNED_OFF

    # The officer reads the result on the indicator.
    page.context.clear_cookies()
    login("officer_a")
    page.goto(f"/tu-danh-gia/ho-so/{sub.pk}/chi-so/{nts.pk}/")
    assert "Đã ký duyệt; số liệu chỉ để xem." in page.locator(".alert-secondary").inner_text()
    result = page.locator(f"#result-{v13.pk}")
    assert result.locator("[data-self]").inner_text() == "16,00"
    assert result.locator("[data-reviewed]").inner_text() == "10,00"
    assert result.locator("[data-final]").inner_text() == "10,00"
    assert REASON in result.locator("[data-reason]").inner_text()
    page.locator(f"#value-{v13.pk}").scroll_into_view_if_needed()
    screenshot("result-2-officer-entry-row")

    # … on the overview …
    page.goto(f"/tu-danh-gia/ho-so/{sub.pk}/")
    assert page.locator("#final-total").inner_text() == "74,00"
    screenshot("result-3-officer-overview")

    # … on the result page …
    page.get_by_role("link", name="Kết quả thẩm định", exact=True).click()
    assert REASON in page.locator(f"#result-row-{v13.pk}").inner_text()
    screenshot("result-4-officer-result-page")

    # … in the Excel …
    page.goto(f"/tu-danh-gia/ho-so/{sub.pk}/excel/nhap/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải mẫu Excel của hồ sơ").click()
    ws = load_workbook(io.BytesIO(open(download.value.path(), "rb").read()))[excel.SHEET]
    first = next(r for r in ws.iter_rows(min_row=excel.FIRST_ROW, values_only=True) if r[excel.COL["code"] - 1] == "1.3")
    assert list(first[len(excel.COLUMNS) :]) == [16, 10, 10, REASON]

    # … and the appraisal in words in the value's history.
    page.goto(f"/tu-danh-gia/ho-so/{sub.pk}/chi-so/{nts.pk}/")
    page.locator(f"#value-{v13.pk}").get_by_role("link", name="Lịch sử").click()
    appraisal = page.locator("tr.history-event", has_text="Thẩm định")
    assert "Điểm thẩm định: — → 10,00" in appraisal.inner_text()
    assert f"Lý do điều chỉnh: {REASON}" in appraisal.inner_text()
    assert "review.appraise" not in page.content()
    screenshot("result-5-officer-value-history")
