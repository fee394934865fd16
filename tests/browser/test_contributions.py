"""Contributions walked in headless Chromium (issue 17): the officer assigns 1.3 to the Home
Affairs department and 1.4 to a commune; both enter their figures and hand them in; the officer
accepts one and sends the other back with a reason; it is fixed, handed in again and accepted.
The Home Affairs contributor attaches a PDF with its citation to 1.3; the officer reads it on the
review page and, once accepted, it is the province's evidence on 1.3, uploaded by the contributor.
Screenshots: test-artifacts/screenshots/contrib-*.png."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from accounts.models import Role, UnitKind
from assessments.models import Assignment, AssignmentStatus, Evidence, IndicatorValue
from tests import factories
from tests.assessments.conftest import PDF_BYTES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REASON = "Số buổi tuyên truyền phải tính cả cấp xã"


@pytest.fixture
def draft(province_a, officer_a, contributor_a):
    commune = factories.SubUnitFactory(code="48-hoavang", name="Xã Hòa Vang", kind=UnitKind.COMMUNE, parent=province_a)
    second = factories.UserFactory(username="contributor_xa", full_name="Trần Văn Xã", role=Role.CONTRIBUTOR, unit=commune)
    rnd = factories.make_round(units=[province_a])
    return rnd.submissions.get(), contributor_a, second


def _switch(page, login, username):
    page.context.clear_cookies()
    login(username)


def _assign(page, sub, contributor, label):
    page.goto(f"/tu-danh-gia/ho-so/{sub.pk}/dong-gop/")
    page.select_option("#id_contributor", value=str(contributor.pk))
    page.get_by_label(label).check()
    page.fill("#id_due", "31/12/2099")
    page.get_by_role("button", name="Giao", exact=True).click()
    expect(page.get_by_text(f"Đã giao 1 chỉ số cho {contributor.display_name}.")).to_be_visible()


def _enter_and_hand_in(page, figures: dict, evidence=None, screenshot=None):
    page.locator("#assignment-list a").first.click()
    for field_id, text in figures.items():
        page.fill(f"[id$='-{field_id}']", text)
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.get_by_text("Đã lưu (1 chỉ số thay đổi).")).to_be_visible()
    if evidence:
        _attach(page, *evidence, screenshot=screenshot)
    page.get_by_role("button", name="Nộp cho tỉnh").click()
    expect(page.get_by_text("Đã nộp số liệu cho cán bộ tỉnh.")).to_be_visible()


def _attach(page, code, tmp_file, screenshot=None):
    """The evidence step: from the indicator's row to its page, the officer's citation form."""
    page.locator(f'fieldset[data-code="{code}"] [data-evidence-link]').click()
    page.set_input_files("#id_file", str(tmp_file))
    page.fill("#id_doc_number", "215/BC-SNV")
    page.fill("#id_doc_date", "10/03/2025")
    page.fill("#id_issuing_body", "Sở Nội vụ")
    page.fill("#id_summary", "Báo cáo hồ sơ xử lý trực tuyến toàn trình quý I")
    page.get_by_role("button", name="Tải lên").click()
    expect(page.get_by_text("Đã tải lên tài liệu kiểm chứng.")).to_be_visible()
    expect(page.locator("#contributed-evidence")).to_contain_text("215/BC-SNV")
    if screenshot:
        screenshot("contrib-2a-contributor-evidence")
    page.get_by_role("link", name="Về trang nhập số liệu").click()
    expect(page.locator(f'fieldset[data-code="{code}"] .contributed-evidence')).to_contain_text("bao-cao-quy-1.pdf")


def _review(page, sub, contributor):
    page.goto(f"/tu-danh-gia/ho-so/{sub.pk}/dong-gop/")
    page.locator(f'tr[data-contributor="{contributor.username}"] a').first.click()


def test_two_contributors_hand_in_one_is_accepted_one_sent_back_fixed_and_accepted(page, login, screenshot, draft, tmp_path):
    sub, noivu, xa = draft
    report = tmp_path / "bao-cao-quy-1.pdf"
    report.write_bytes(PDF_BYTES)

    login("officer_a")
    _assign(page, sub, noivu, "1.3 Tỷ lệ hồ sơ xử lý trực tuyến toàn trình")
    _assign(page, sub, xa, "1.4 Số buổi tuyên truyền về chuyển đổi số")
    board = page.locator("#progress-board")
    expect(board.locator('tr[data-contributor="contributor_xa"] [data-count="assigned"]')).to_have_text("1")
    screenshot("contrib-1-officer-board")

    _switch(page, login, noivu.username)
    expect(page.locator("#assignment-list")).to_contain_text("Đã giao")
    _enter_and_hand_in(page, {"numerator": "80", "denominator": "100"}, evidence=("1.3", report), screenshot=screenshot)
    expect(page.locator('fieldset[data-code="1.1"]')).to_have_count(0)  # nothing else of the submission
    screenshot("contrib-2-contributor-handed-in")

    _switch(page, login, xa.username)
    _enter_and_hand_in(page, {"count": "6"})

    _switch(page, login, "officer_a")
    _review(page, sub, noivu)
    expect(page.locator('#review-rows tr[data-code="1.3"] .contributed')).to_contain_text("80")
    expect(page.locator('#review-rows tr[data-code="1.3"] .evidence')).to_contain_text("215/BC-SNV")
    expect(page.locator('#review-rows tr[data-code="1.3"] .evidence')).to_contain_text("Sở Nội vụ")
    screenshot("contrib-3-officer-review")
    page.get_by_role("button", name="Chấp nhận").click()
    expect(page.get_by_text("Đã chấp nhận; số liệu đã vào hồ sơ của tỉnh.")).to_be_visible()

    _review(page, sub, xa)
    page.get_by_role("button", name="Trả lại").click()  # no reason: refused, the form again
    expect(page.locator("#send-back-form")).to_be_visible()
    page.fill("#id_reason", REASON)
    page.get_by_role("button", name="Trả lại").click()
    expect(page.get_by_text(f"Đã trả lại cho {xa.display_name}.")).to_be_visible()

    _switch(page, login, xa.username)
    page.locator("#assignment-list a").first.click()
    expect(page.locator("#send-back-reason")).to_contain_text(REASON)
    screenshot("contrib-4-sent-back")
    page.fill("[id$='-count']", "12")
    page.get_by_role("button", name="Lưu", exact=True).click()
    page.get_by_role("button", name="Nộp cho tỉnh").click()
    expect(page.get_by_text("Đã nộp số liệu cho cán bộ tỉnh.")).to_be_visible()

    _switch(page, login, "officer_a")
    _review(page, sub, xa)
    page.get_by_role("button", name="Chấp nhận").click()
    expect(page.locator('#progress-board tr[data-contributor="contributor_xa"] [data-count="accepted"]')).to_have_text("1")
    screenshot("contrib-5-board-all-accepted")

    authors = dict(IndicatorValue.objects.filter(submission=sub, indicator__code__in=["1.3", "1.4"])
                   .values_list("indicator__code", "contributed_by__username"))
    assert authors == {"1.3": noivu.username, "1.4": xa.username}
    assert IndicatorValue.objects.get(submission=sub, indicator__code="1.4").inputs == {"count": 12}
    assert set(Assignment.objects.values_list("status", flat=True)) == {AssignmentStatus.ACCEPTED}
    evidence = Evidence.objects.get(value__submission=sub)
    assert (evidence.value.indicator.code, evidence.doc_number, evidence.uploaded_by) == ("1.3", "215/BC-SNV", noivu)
