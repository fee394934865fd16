"""A round from opening to publication without the Django admin, in headless Chromium (issue 16).

The admin opens a round with a deadline typed as a date alone (stored as 23:59 of that day in
Vietnam's time), moves the deadline (again a date alone), closes entry through the dialog,
excludes the unit that never submitted with a reason, and publishes; an anonymous visitor
reads the public ranking, where the excluded unit is listed as such with the reason.
Đà Nẵng's review is set up through the services (it is not what this test walks).
Screenshots: test-artifacts/screenshots/round-life-*.png.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from assessments.models import Round, SubmissionStatus
from results.models import Publication
from tests import factories
from tests.results.conftest import sign_off

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

S = SubmissionStatus
REASON = "Không gửi hồ sơ trước hạn, không có văn bản đề nghị gia hạn"


def _day(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def _end_of(day: dt.date) -> tuple:
    return (day.year, day.month, day.day, 23, 59, "Asia/Ho_Chi_Minh")


def _local(moment) -> tuple:
    local = timezone.localtime(moment)
    return (local.year, local.month, local.day, local.hour, local.minute, str(local.tzinfo))


def test_an_admin_runs_a_round_from_opening_to_publication(
    page, login, screenshot, province_a, province_b, officer_a, officer_b, lead_reviewer, admin_user
):
    framework = factories.make_framework()

    # 1. The admin opens the round; the deadline is typed as a date alone.
    login("admin")
    page.goto("/")
    page.get_by_role("link", name="Đợt đánh giá và hạn nộp").click()
    page.get_by_role("link", name="Mở đợt mới").click()
    page.get_by_label("Năm đánh giá").fill("2025")
    page.get_by_label("Bộ chỉ số").select_option(str(framework.pk))
    page.get_by_label("Nhóm đơn vị").select_option("tinh-63")
    page.get_by_label("Mở từ").fill(timezone.localtime(timezone.now() - dt.timedelta(days=1)).strftime("%d/%m/%Y %H:%M"))
    first = _day(20)
    page.get_by_label("Hạn nộp").fill(first.strftime("%d/%m/%Y"))
    expect(page.get_by_text("Chỉ nhập ngày (dd/mm/yyyy) nghĩa là hết ngày đó, 23:59")).to_be_visible()
    screenshot("round-life-01-open-with-a-date")
    page.get_by_role("button", name="Mở đợt", exact=True).click()
    expect(page.locator(".alert-success")).to_be_visible()
    rnd = Round.objects.get(year=2025, ranking_group="tinh-63")
    assert _local(rnd.closes_at) == _end_of(first)
    expect(page.locator("#round-phase")).to_have_text("Đang nhận hồ sơ")
    expect(page.locator("#round-deadline")).to_have_text(f"23:59 {first:%d/%m/%Y}")
    screenshot("round-life-02-round-page-open")

    # 2. The admin moves the deadline, a date alone again.
    moved = _day(27)
    page.locator("#round-deadline-form").get_by_label("Hạn nộp mới của đợt").fill(moved.strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Dời hạn nộp").click()
    expect(page.locator(".alert-success")).to_have_text("Đã dời hạn nộp của đợt.")
    rnd.refresh_from_db()
    assert _local(rnd.closes_at) == _end_of(moved)
    expect(page.locator("#round-deadline")).to_have_text(f"23:59 {moved:%d/%m/%Y}")

    # Đà Nẵng submits and is signed off (through the services); Quảng Nam never submits.
    sub_a = rnd.submissions.get(unit=province_a)
    sub_b = rnd.submissions.get(unit=province_b)
    sign_off(sub_a, lead_reviewer, "0.8")

    # 3. The admin closes entry: the dialog says what it does, then it is done.
    page.reload()
    page.get_by_role("link", name="Đóng nhận hồ sơ…").click()
    dialog = page.locator("#close-entry-dialog")
    expect(dialog).to_contain_text("1 đơn vị đang nhập dở không sửa, không gửi được bản nháp nữa")
    screenshot("round-life-03-close-entry-dialog")
    dialog.get_by_role("button", name="Đóng nhận hồ sơ").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã đóng nhận hồ sơ")
    rnd.refresh_from_db()
    assert rnd.closes_at <= timezone.now()
    expect(page.locator("#round-phase")).to_have_text("Đã đóng nhận hồ sơ")
    expect(page.locator("#round-to-close-out")).to_contain_text("1 đơn vị chưa nộp đã quá hạn")
    screenshot("round-life-04-entry-closed")

    # 4. The admin excludes Quảng Nam, which never submitted, with a reason.
    page.locator("#unit-49").get_by_role("link", name="Khép hồ sơ…").click()
    expect(page.get_by_role("heading", name=f"Khép hồ sơ của Quảng Nam ({rnd})?")).to_be_visible()
    page.get_by_label("Loại khỏi xếp hạng").check()
    page.get_by_label("Lý do").fill(REASON)
    screenshot("round-life-05-close-out")
    page.get_by_role("button", name="Khép hồ sơ").click()
    expect(page.locator(".alert-success")).to_have_text("Đã khép hồ sơ của Quảng Nam.")
    sub_b.refresh_from_db()
    assert (sub_b.status, sub_b.closeout_reason) == (S.EXCLUDED, REASON)
    expect(page.locator("#round-phase")).to_have_text("Đang thẩm định")
    expect(page.locator("#unit-49")).to_contain_text("Không nộp, loại khỏi xếp hạng")
    screenshot("round-life-06-ready-to-publish")

    # 5. The admin publishes, after the confirmation page.
    page.get_by_role("link", name="Công bố kết quả…").click()
    expect(page.locator(".confirm-statement")).to_contain_text("1 đơn vị không nộp hồ sơ được ghi trên trang kết quả")
    screenshot("round-life-07-publish-confirm")
    page.get_by_role("button", name="Công bố kết quả").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã công bố kết quả (phiên bản 1)")
    assert Publication.objects.filter(round=rnd, is_active=True).exists()
    page.goto(f"/tu-danh-gia/quan-tri/dot/{rnd.pk}/")
    expect(page.locator("#round-phase")).to_have_text("Đã công bố")

    # 6. Anyone reads the ranking: Đà Nẵng ranked, Quảng Nam listed as excluded, with the reason.
    page.context.clear_cookies()
    page.goto("/ket-qua/2025/tinh-63/")
    expect(page.locator("#ranking-table tbody tr")).to_have_count(1)
    expect(page.locator("#ranking-table tbody tr").first).to_contain_text("Đà Nẵng")
    excluded = page.locator("#ranking-closeouts tr.closeout-excluded")
    expect(excluded).to_contain_text("Quảng Nam")
    expect(excluded).to_contain_text("không nộp hồ sơ — loại khỏi xếp hạng")
    expect(excluded).to_contain_text(REASON)
    page.locator("#ranking-closeouts").scroll_into_view_if_needed()
    screenshot("round-life-08-public-ranking")
