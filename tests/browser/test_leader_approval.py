"""The province leader's approval walked in headless Chromium (issue 17): the officer asks the
leader to approve; the leader returns it with a reason; the officer reads the reason and asks
again; the leader approves; the officer sends; the reviewer reads who approved and when.
Screenshots: test-artifacts/screenshots/approval-*.png."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from assessments.models import Submission, SubmissionStatus
from tests import factories
from tests.review.conftest import fill

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REASON = "Đề nghị bổ sung văn bản chỉ đạo của UBND tỉnh cho chỉ số 1.2"


@pytest.fixture
def filled(province_a, officer_a):
    factories.UserFactory(username="leader", full_name="Hà Văn Nam", role=Role.PROVINCE_LEADER, unit=province_a)
    factories.UserFactory(username="reviewer", full_name="Lê Văn Thẩm", role=Role.REVIEWER)
    sub = factories.make_round(units=[province_a]).submissions.get()
    fill(sub)
    return sub


def _switch(page, login, username):
    page.context.clear_cookies()
    login(username)


def test_officer_asks_leader_returns_then_approves_and_the_reviewer_sees_the_approval(page, login, screenshot, filled):
    sub = filled

    # The officer's send page: the rule, and the request instead of "Gửi hồ sơ".
    login("officer_a")
    page.goto(f"/tu-danh-gia/ho-so/{sub.pk}/gui/")
    expect(page.locator("#approval-rule")).to_contain_text("chỉ hồ sơ đã được phê duyệt mới gửi được")
    expect(page.get_by_role("button", name="Gửi hồ sơ")).to_have_count(0)
    page.get_by_role("button", name="Xin lãnh đạo tỉnh phê duyệt").click()
    expect(page.get_by_text("Đã gửi đề nghị phê duyệt đến lãnh đạo tỉnh.")).to_be_visible()
    expect(page.locator("#approval-status")).to_contain_text("Hồ sơ đang chờ lãnh đạo tỉnh phê duyệt")
    screenshot("approval-1-officer-awaiting")

    # The leader lands on it, reads the self-score and returns it with a reason.
    _switch(page, login, "leader")
    page.locator("#approvals").get_by_role("link").first.click()
    expect(page.locator("#total-points")).to_be_visible()
    expect(page.locator("#missing")).to_contain_text("Hồ sơ đã đủ số liệu")
    screenshot("approval-2-leader-page")
    page.fill("#return-reason", REASON)
    page.get_by_role("button", name="Trả lại cho cán bộ tỉnh").click()
    expect(page.get_by_text("Đã trả lại hồ sơ cho cán bộ tỉnh.")).to_be_visible()

    # The officer reads the reason on the send page and asks again.
    _switch(page, login, "officer_a")
    page.goto(f"/tu-danh-gia/ho-so/{sub.pk}/gui/")
    expect(page.locator("#leader-return")).to_contain_text(REASON)
    expect(page.locator("#leader-return")).to_contain_text("Hà Văn Nam")
    screenshot("approval-3-officer-returned")
    page.get_by_role("button", name="Xin lãnh đạo tỉnh phê duyệt").click()
    expect(page.locator("#approval-status")).to_be_visible()

    # The leader approves, after ticking the confirmation (the browser refuses without it).
    _switch(page, login, "leader")
    page.goto(f"/tu-danh-gia/ho-so/{sub.pk}/phe-duyet/")
    page.get_by_role("button", name="Phê duyệt").click()
    assert Submission.objects.get(pk=sub.pk).status == SubmissionStatus.AWAITING_APPROVAL
    page.check("#approve-confirm")
    page.get_by_role("button", name="Phê duyệt").click()
    expect(page.get_by_text("Đã phê duyệt hồ sơ.")).to_be_visible()
    expect(page.locator("#approved-by")).to_contain_text("Lãnh đạo tỉnh phê duyệt: Hà Văn Nam")
    screenshot("approval-4-leader-approved")

    # The officer sends the approved submission.
    _switch(page, login, "officer_a")
    page.goto(f"/tu-danh-gia/ho-so/{sub.pk}/gui/")
    expect(page.locator("#approval-status")).to_contain_text("Lãnh đạo tỉnh phê duyệt: Hà Văn Nam")
    page.get_by_role("button", name="Gửi hồ sơ").click()
    expect(page.get_by_text("Đã gửi hồ sơ đến Cục Chuyển đổi số quốc gia để thẩm định.")).to_be_visible()

    # The reviewer reads who approved and when.
    _switch(page, login, "reviewer")
    page.goto(f"/tham-dinh/ho-so/{sub.pk}/")
    approved = Submission.objects.get(pk=sub.pk)
    expect(page.locator("#approved-by")).to_contain_text("Lãnh đạo tỉnh phê duyệt: Hà Văn Nam,")
    assert approved.status == SubmissionStatus.SUBMITTED and approved.approved_at is not None
    screenshot("approval-5-reviewer-header")
