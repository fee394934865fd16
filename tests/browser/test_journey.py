"""The whole journey in headless Chromium, through the pages people use.

An admin opens a round; the officers of two provinces fill in their figures, attach evidence
and submit; a reviewer adjusts a score with a reason and returns an item; the officer answers
and resubmits; the lead reviewer signs both off; a real Celery worker on Redis recomputes the
ranking; the admin publishes; an anonymous visitor reads the ranking and a province profile.
Screenshots of every step go to test-artifacts/screenshots/journey-*.png (the key ones are
copied to docs/screenshots/ for the README).
"""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal

import pytest
from django.utils import timezone

from assessments.models import IndicatorValue, MainIndex, Round, Submission, SubmissionStatus
from results.models import Publication, RankingSnapshot
from tests import factories
from tests.results.conftest import celery_worker  # noqa: F401 - a real worker on the Redis broker

pytestmark = [pytest.mark.browser, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

S = SubmissionStatus

# What each province reports, by indicator code (the small test framework: every rule type).
REPORTS = {
    "48": {"1.1": "chu_tich", "1.2": "yes", "1.3": ("80", "100"), "1.4": "12", "2.1": ("70", "100"), "2.2": "90"},
    "49": {"1.1": "pho_chu_tich", "1.2": "yes", "1.3": ("50", "100"), "1.4": "6", "2.1": ("40", "100"), "2.2": "75"},
}
REQUIRED_EVIDENCE = ("1.1", "1.2", "1.3", "2.1")


def _pdf(tag: str) -> bytes:
    return f"%PDF-1.4\n% {tag}\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n".encode()


def _when(days: int) -> str:
    return timezone.localtime(timezone.now() + dt.timedelta(days=days)).strftime("%d/%m/%Y %H:%M")


def _wait_for(predicate, timeout=30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def _switch(page, login, username: str | None) -> None:
    """Sign the current person out (drop the session cookie) and sign the next one in."""
    page.context.clear_cookies()
    if username:
        login(username)


def _values(sub: Submission) -> dict[str, IndicatorValue]:
    return {v.indicator.code: v for v in IndicatorValue.objects.filter(submission=sub).select_related("indicator")}


def _officer_fills_and_submits(page, screenshot, sub: Submission, tmp_path, *, shots: bool) -> None:
    report = REPORTS[sub.unit.code]
    values = _values(sub)
    page.goto(f"/tu-danh-gia/ho-so/{sub.pk}/")
    if shots:
        screenshot("journey-03-officer-overview")
    for main in MainIndex.objects.filter(framework=sub.round.framework, max_points__gt=0).order_by("order"):
        page.goto(f"/tu-danh-gia/ho-so/{sub.pk}/chi-so/{main.pk}/")
        for code, raw in report.items():
            v = values[code]
            if v.indicator.main_index_id != main.pk:
                continue
            rule = v.indicator.rule_type
            if rule == "tiered":
                page.select_option(f"#id_v{v.pk}-choice", raw)
            elif rule == "yes_no":
                page.check(f"#id_v{v.pk}-answer-{raw}")
            elif rule == "ratio":
                page.fill(f"#id_v{v.pk}-numerator", raw[0])
                page.fill(f"#id_v{v.pk}-denominator", raw[1])
            elif rule == "count_threshold":
                page.fill(f"#id_v{v.pk}-count", raw)
            else:
                page.fill(f"#id_v{v.pk}-value", raw)
        if shots and main.code == "NTS":
            page.locator(f"#points-{values['1.3'].pk} [data-points]").wait_for()
            screenshot("journey-04-officer-entry")
        page.get_by_role("button", name="Lưu bản nháp").click()
        page.locator(".alert-success").wait_for()

    page.goto(f"/tu-danh-gia/ho-so/{sub.pk}/thong-tin-chung/")
    page.locator("input[inputmode=decimal]:not([disabled])").first.fill("1234567")
    page.get_by_role("button", name="Lưu thông tin chung").click()
    page.locator(".alert-success").wait_for()

    for code in REQUIRED_EVIDENCE:
        v = values[code]
        pdf = tmp_path / f"qd-{sub.unit.code}-{code}.pdf"
        pdf.write_bytes(_pdf(f"{sub.unit.code} {code}"))
        page.goto(f"/tu-danh-gia/gia-tri/{v.pk}/tai-lieu/")
        page.set_input_files("#id_file", str(pdf))
        page.fill("#id_doc_number", f"{10 + len(code)}/QĐ-UBND")
        page.fill("#id_doc_date", "15/03/2025")
        page.fill("#id_issuing_body", f"UBND {sub.unit.name}")
        page.fill("#id_summary", f"Văn bản kiểm chứng chỉ số {code}")
        if shots and code == "1.1":
            screenshot("journey-05-officer-evidence")
        page.get_by_role("button", name="Tải lên", exact=True).click()
        page.locator(".alert-success").wait_for()

    page.goto(f"/tu-danh-gia/ho-so/{sub.pk}/gui/")
    page.get_by_text("Hồ sơ đã đủ").wait_for()
    if shots:
        screenshot("journey-06-officer-submit")
    page.locator("form button[type=submit]", has_text="Gửi hồ sơ").click()
    page.locator(".alert-success").wait_for()
    sub.refresh_from_db()
    assert sub.status == S.SUBMITTED


def _appraise_all(page, sub: Submission, *, adjust: dict[str, tuple[str, str]] | None = None, shot=None) -> None:
    """Appraise every not-yet-appraised indicator of every main index (accept or adjust)."""
    adjust = adjust or {}
    values = _values(sub)
    for main in MainIndex.objects.filter(framework=sub.round.framework).order_by("order"):
        page.goto(f"/tham-dinh/ho-so/{sub.pk}/chi-so-chinh/{main.pk}/")
        for v in values.values():
            if v.indicator.main_index_id != main.pk:
                continue
            row = page.locator(f"#ind-{v.pk}")
            if row.locator(".badge.text-bg-success").count() and v.indicator.code not in adjust:
                continue
            points, reason = adjust.get(v.indicator.code, (None, None))
            if points is None and not page.input_value(f"#points-{v.pk}"):
                points = f"{v.indicator.max_points.normalize():f}"
                reason = "Số liệu lấy từ Nền tảng đo lường chuyển đổi số quốc gia"
            if points is not None:
                page.fill(f"#points-{v.pk}", points)
                page.fill(f"#reason-{v.pk}", reason)
            row.locator("button[type=submit]").click()
            done = page.locator(f"#ind-{v.pk} .badge.text-bg-success")
            try:
                done.wait_for()
            except Exception:  # say which indicator and what the page answered
                raise AssertionError(f"{v.indicator.code}: {page.locator(f'#ind-{v.pk}').inner_text()}") from None
        if shot and main.code == "NTS":
            shot()


def test_the_whole_journey_from_opening_a_round_to_the_public_ranking(
    page, login, screenshot, tmp_path, settings, celery_worker,  # noqa: F811
    province_a, province_b, officer_a, officer_b, reviewer, lead_reviewer, admin_user,
):
    settings.RESULTS_RECOMPUTE_DELAY = 0
    framework = factories.make_framework()

    # 1. The admin opens the round on the portal's own page.
    login("admin")
    page.goto("/tu-danh-gia/quan-tri/dot/mo/")
    page.get_by_label("Năm đánh giá").fill("2025")
    page.get_by_label("Bộ chỉ số").select_option(str(framework.pk))
    page.get_by_label("Nhóm đơn vị").select_option("tinh-63")
    page.get_by_label("Mở từ").fill(_when(-1))
    page.get_by_label("Hạn nộp").fill(_when(30))
    screenshot("journey-01-admin-open-round")
    page.get_by_role("button", name="Mở đợt", exact=True).click()
    page.locator(".alert-success").wait_for()
    screenshot("journey-02-admin-round-opened")
    rnd = Round.objects.get(year=2025, ranking_group="tinh-63")
    sub_a = rnd.submissions.get(unit=province_a)
    sub_b = rnd.submissions.get(unit=province_b)

    # 2. Officers of two provinces fill in, attach evidence and submit.
    _switch(page, login, "officer_a")
    _officer_fills_and_submits(page, screenshot, sub_a, tmp_path, shots=True)
    _switch(page, login, "officer_b")
    _officer_fills_and_submits(page, screenshot, sub_b, tmp_path, shots=False)
    # Province B cannot see province A's file.
    assert page.goto(f"/tu-danh-gia/ho-so/{sub_a.pk}/").status == 404

    # 3. The reviewer starts, adjusts a score with a reason, and returns an item of province A.
    _switch(page, login, "reviewer")
    page.goto(f"/tham-dinh/dot/{rnd.pk}/")
    assert page.locator("text=Quảng Nam").count() and page.locator("text=Đà Nẵng").count()
    screenshot("journey-07-review-queue")
    page.goto(f"/tham-dinh/ho-so/{sub_a.pk}/")
    page.get_by_role("button", name="Bắt đầu thẩm định").click()
    page.locator(".alert-success").wait_for()
    _appraise_all(
        page, sub_a,
        adjust={"1.4": ("15", "Chỉ 9 buổi có biên bản kèm theo")},
        shot=lambda: screenshot("journey-08-review-appraisal"),
    )
    v14 = _values(sub_a)["1.4"]
    assert v14.reviewed_points == Decimal("15.00") and v14.review_reason == "Chỉ 9 buổi có biên bản kèm theo"
    page.goto(f"/tham-dinh/ho-so/{sub_a.pk}/yeu-cau-bo-sung/")
    page.get_by_label("1.3 Tỷ lệ hồ sơ xử lý trực tuyến toàn trình").fill("Đề nghị gửi báo cáo có số liệu tháng 12.")
    screenshot("journey-09-review-return")
    page.get_by_role("button", name="Gửi yêu cầu cho đơn vị").click()
    page.locator(".alert-success").wait_for()
    sub_a.refresh_from_db()
    assert sub_a.status == S.RETURNED

    # 4. The officer answers, corrects the returned figure and resubmits.
    _switch(page, login, "officer_a")
    page.goto(f"/tham-dinh/giai-trinh/{sub_a.pk}/")
    page.locator("textarea[name=body]").fill("Đã cập nhật số liệu cả năm theo Báo cáo 45/BC-UBND.")
    screenshot("journey-10-officer-answer")
    page.get_by_role("button", name="Gửi giải trình").click()
    page.locator(".alert-success").wait_for()
    v13 = _values(sub_a)["1.3"]
    page.goto(f"/tu-danh-gia/ho-so/{sub_a.pk}/chi-so/{v13.indicator.main_index_id}/")
    page.fill(f"#id_v{v13.pk}-numerator", "90")
    page.get_by_role("button", name="Lưu bản nháp").click()
    page.locator(".alert-success").wait_for()
    page.goto(f"/tu-danh-gia/ho-so/{sub_a.pk}/gui/")
    page.locator("form button[type=submit]", has_text="Gửi bổ sung").click()
    page.locator(".alert-success").wait_for()
    sub_a.refresh_from_db()
    assert sub_a.status == S.RESUBMITTED

    # 5. The lead reviewer accepts the answer, appraises province B, and signs both off.
    _switch(page, login, "lead")
    page.goto(f"/tham-dinh/ho-so/{sub_a.pk}/chi-so-chinh/{v13.indicator.main_index_id}/")
    page.get_by_role("button", name="Chấp nhận giải trình").click()
    page.locator(".alert-success").wait_for()
    _appraise_all(page, sub_a, adjust={"1.3": ("18", "Số liệu cả năm: 90/100")})
    page.goto(f"/tham-dinh/ho-so/{sub_b.pk}/")
    page.get_by_role("button", name="Bắt đầu thẩm định").click()
    page.locator(".alert-success").wait_for()
    _appraise_all(page, sub_b)
    for sub in (sub_a, sub_b):
        page.goto(f"/tham-dinh/ho-so/{sub.pk}/")
        page.get_by_role("link", name="Ký duyệt kết quả thẩm định").click()  # asks first, in a dialog
        page.locator("#sign-off-dialog").get_by_role("button", name="Ký duyệt kết quả thẩm định").click()
        page.locator(".alert-success").wait_for()
        sub.refresh_from_db()
        assert sub.status == S.SIGNED_OFF
    screenshot("journey-11-lead-signed-off")

    # 6. The Celery worker (not this process) recomputes the ranking on commit of the sign-offs.
    assert _wait_for(lambda: RankingSnapshot.objects.filter(round=rnd, is_current=True, unit_count=2).exists())

    # 7. The admin publishes.
    _switch(page, login, "admin")
    page.goto(f"/ket-qua/dot/{rnd.pk}/")
    page.locator("#provisional-table").wait_for()
    page.get_by_role("link", name="Công bố kết quả…").click()  # the confirmation page
    page.fill("#publish-note", "Công bố tại phiên họp Ủy ban Quốc gia về chuyển đổi số")
    screenshot("journey-12-admin-publish")
    page.get_by_role("button", name="Công bố kết quả").click()
    page.locator(".alert-success").wait_for()
    assert Publication.objects.filter(round=rnd, is_active=True).exists()

    # 8. An anonymous visitor sees the ranking and a province profile.
    _switch(page, login, None)
    page.goto("/")
    page.get_by_role("link", name="Xem bảng xếp hạng DTI").click()
    page.wait_for_url("**/ket-qua/2025/tinh-63/")
    first = page.locator("#ranking-table tbody tr").first.inner_text()
    assert "Đà Nẵng" in first, first  # A scored higher than B on every indicator
    screenshot("journey-13-public-ranking")
    page.locator("#ranking-table a", has_text="Quảng Nam").click()
    page.wait_for_url("**/ket-qua/2025/tinh-63/49/")
    assert page.locator("#profile-rank").inner_text().startswith("2")
    screenshot("journey-14-public-profile")
