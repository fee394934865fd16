"""A return walked in headless Chromium: the reviewer, who had adjusted 1.3, returns it with
a question and a note; the officer finds the question from the overview, answers on the
answer page and resends from that same page (the confirmation opens in a dialog); the
reviewer still sees the earlier appraisal, set aside, and re-appraising restores it.
Screenshots: test-artifacts/screenshots/return-*.png."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from assessments.models import IndicatorValue, SubmissionStatus
from review import services
from review.models import Clarification, EarlierAppraisal
from tests import factories
from tests.review.conftest import fill, send

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUESTION = "Mẫu số có gồm hồ sơ cấp xã không?"
NOTE = "Đề nghị gửi kèm văn bản có chữ ký, đóng dấu."
REASON = "Mẫu số chưa gồm hồ sơ cấp xã"


@pytest.fixture
def adjusted(province_a, officer_a):
    """Đà Nẵng's submission, sent; the reviewer has adjusted 1.3 from 16 to 12 with a reason."""
    reviewer = factories.UserFactory(username="reviewer", full_name="Lê Văn Thẩm", role=Role.REVIEWER)
    rnd = factories.make_round(units=[province_a])
    sub = rnd.submissions.get()
    fill(sub)
    sub = send(sub, officer_a)
    v = IndicatorValue.objects.select_related("indicator", "submission").get(submission=sub, indicator__code="1.3")
    services.appraise(value=v, actor=reviewer, points="12", reason=REASON)
    return sub, v


def _switch(page, login, username):
    page.context.clear_cookies()
    login(username)


def test_a_return_walked_from_question_to_reappraisal(page, login, screenshot, adjusted):
    sub, v = adjusted

    # The reviewer returns 1.3 with a question and a general note.
    login("reviewer")
    page.goto(f"/tham-dinh/ho-so/{sub.pk}/yeu-cau-bo-sung/")
    page.fill(f"#id_q_{v.pk}", QUESTION)
    page.fill("#id_note", NOTE)
    page.get_by_role("button", name="Gửi yêu cầu cho đơn vị").click()
    expect(page.get_by_text("Đã gửi yêu cầu bổ sung, giải trình cho đơn vị.")).to_be_visible()

    # The officer opens the overview: the returned item, its question and the note are there.
    _switch(page, login, "officer_a")
    page.goto(f"/tu-danh-gia/ho-so/{sub.pk}/")
    returned = page.locator("#returned-items")
    expect(returned).to_contain_text(QUESTION)
    expect(returned).to_contain_text(NOTE)
    expect(returned).to_contain_text("Điểm thẩm định trước khi trả lại: 12,00 (tạm không áp dụng)")
    screenshot("return-1-officer-overview")

    # From there to the answer page, straight to the question's thread.
    returned.get_by_role("link", name="Trả lời câu hỏi").click()
    page.wait_for_url(f"**/tham-dinh/giai-trinh/{sub.pk}/#thread-{v.pk}")
    thread = page.locator(f"#thread-{v.pk}")
    expect(thread).to_contain_text(QUESTION)
    thread.locator("textarea[name=body]").fill("Đã gồm 120 hồ sơ cấp xã; xem Báo cáo 45/BC-UBND.")
    thread.get_by_role("button", name="Gửi giải trình").click()
    expect(page.get_by_text("Đã gửi giải trình cho chỉ số 1.3.")).to_be_visible()

    # "Gửi bổ sung" on the same page: the dialog says what will happen, then sends.
    page.locator('a[data-confirm-dialog="resend-dialog"]').click()
    dialog = page.locator("#resend-dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("1 chỉ số được trả lại sẽ được gửi lại")
    expect(dialog).not_to_contain_text("câu hỏi chưa trả lời")  # answered above
    assert page.url.endswith(f"/tham-dinh/giai-trinh/{sub.pk}/#thread-{v.pk}")  # still the answer page
    screenshot("return-2-resend-dialog")
    dialog.get_by_role("button", name="Gửi bổ sung").click()
    expect(page.get_by_text("Đã gửi hồ sơ đến Cục Chuyển đổi số quốc gia để thẩm định.")).to_be_visible()
    sub.refresh_from_db()
    assert sub.status == SubmissionStatus.RESUBMITTED

    # The reviewer still sees the earlier appraisal, set aside until re-appraised …
    _switch(page, login, "reviewer")
    page.goto(f"/tham-dinh/ho-so/{sub.pk}/chi-so-chinh/{v.indicator.main_index_id}/")
    row = page.locator(f"#ind-{v.pk}")
    earlier = row.locator(".earlier-appraisal")
    expect(earlier).to_contain_text("12,00 điểm")
    expect(earlier).to_contain_text(REASON)
    expect(earlier).to_contain_text("Tạm không áp dụng")
    expect(row).to_contain_text("Đã gồm 120 hồ sơ cấp xã")
    screenshot("return-3-reviewer-earlier-appraisal")

    # … and the form starts from it: saving as it stands restores it.
    expect(row.locator(".set-aside")).to_contain_text("Trước khi trả lại: 12,00 điểm (tạm không áp dụng)")
    expect(row.locator(f"#points-{v.pk}")).to_have_value("12")
    expect(row.locator(f"#reason-{v.pk}")).to_have_value(REASON)
    row.get_by_role("button", name="Lưu điểm thẩm định").click()
    restored = page.locator(f"#ind-{v.pk} .earlier-appraisal")
    expect(restored).to_contain_text("Được giữ nguyên khi thẩm định lại")
    expect(restored).to_contain_text("12,00 điểm")
    screenshot("return-4-restored")
    assert Clarification.objects.get(value=v).earlier_appraisal == EarlierAppraisal.RESTORED
