"""A province's season walked end to end in headless Chromium on the real stack (issue 17).

The officer assigns 1.3 to the Home Affairs department and 1.4 + 2.1 to the Information and
Communications department; both contributors type their figures as Vietnamese write them and
hand in; the officer accepts one and sends the other back with a reason; the contributor reads
the reason, fixes the figure and hands in again; the officer accepts it, fills in the rest and
asks the leader; the send button is refused until the leader approves; the officer sends; the
Authority's reviewer reads, per value, who entered it and who approved the submission.

Each persona has its own browser context (its own session, as on separate computers) and
logs in through the login form; only the starting world (round, province, departments,
accounts) is built with the factories. Screenshots: test-artifacts/screenshots/season-*.png.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Role
from assessments.models import Assignment, AssignmentStatus, IndicatorValue, Submission, SubmissionStatus
from results.models import RankingSnapshot
from tests import factories
from tests.browser.walks import persona, until  # noqa: F401 - persona is a fixture
from tests.conftest import ARTIFACTS
from tests.results.conftest import celery_worker  # noqa: F401 - a real worker on the Redis broker

pytestmark = [pytest.mark.browser, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

REASON = "Số buổi tuyên truyền phải tính cả các buổi ở cấp xã"
BY = "Số liệu do {} ({}) nhập; cán bộ tỉnh đã chấp nhận."
LABEL = {
    "1.3": "1.3 Tỷ lệ hồ sơ xử lý trực tuyến toàn trình",
    "1.4": "1.4 Số buổi tuyên truyền về chuyển đổi số",
    "2.1": "2.1 Tỷ lệ dân số trưởng thành có điện thoại thông minh",
}


@pytest.fixture
def season(province_a):
    """The starting world: an open round for Đà Nẵng, its officer and leader, two departments
    with a contributor each, and a reviewer of the Authority."""
    noivu = factories.SubUnitFactory(code="48-noivu", name="Sở Nội vụ thành phố Đà Nẵng", parent=province_a)
    tttt = factories.SubUnitFactory(code="48-tttt", name="Sở Thông tin và Truyền thông thành phố Đà Nẵng", parent=province_a)
    people = {
        "officer": factories.UserFactory(username="canbo_dn", full_name="Nguyễn Thị Hạnh", role=Role.OFFICER, unit=province_a),
        "noivu": factories.UserFactory(username="noivu_dn", full_name="Trần Thị Thu", role=Role.CONTRIBUTOR, unit=noivu),
        "tttt": factories.UserFactory(username="tttt_dn", full_name="Lê Minh Quân", role=Role.CONTRIBUTOR, unit=tttt),
        "leader": factories.UserFactory(username="lanhdao_dn", full_name="Hà Văn Nam", role=Role.PROVINCE_LEADER, unit=province_a),
        "reviewer": factories.UserFactory(username="thamdinh", full_name="Lê Văn Thẩm", role=Role.REVIEWER),
        "lead": factories.UserFactory(username="truongnhom", full_name="Vũ Thị Duyệt", role=Role.LEAD_REVIEWER),
    }
    sub = factories.make_round(units=[province_a]).submissions.get()
    return sub, people


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"season-{name}.png"), full_page=True)


def board_row(page, user):
    return page.locator(f'#progress-board tr[data-contributor="{user.username}"]')


def expect_counts(page, user, *, assigned, handed_in, accepted):
    row = board_row(page, user)
    expect(row.locator('[data-count="assigned"]')).to_have_text(str(assigned))
    expect(row.locator('[data-count="handed_in"]')).to_have_text(str(handed_in))
    expect(row.locator('[data-count="accepted"]')).to_have_text(str(accepted))


def flash(page, text):
    expect(page.locator(".alert-success", has_text=text)).to_be_visible()


def assign(page, contributor, codes, due: str):
    page.get_by_role("combobox", name="Giao cho").select_option(label=f"{contributor.display_name} — {contributor.unit.name}")
    for code in codes:
        page.get_by_label(LABEL[code]).check()
    page.get_by_label("Hạn hoàn thành").fill(due)
    page.get_by_role("button", name="Giao", exact=True).click()
    flash(page, f"Đã giao {len(codes)} chỉ số cho {contributor.display_name}.")


def enter_and_hand_in(page, figures: dict[str, str]):
    """On the contributor's assignment page: type the figures (field id suffix → text), save,
    hand in."""
    for field, text in figures.items():
        page.locator(f"[id$='-{field}']").fill(text)
    page.get_by_role("button", name="Lưu", exact=True).click()
    flash(page, "Đã lưu (")
    hand_in(page)


def hand_in(page):
    page.get_by_role("button", name="Nộp cho tỉnh").click()
    flash(page, "Đã nộp số liệu cho cán bộ tỉnh.")
    expect(page.locator("#assignment-status")).to_contain_text("Đã nộp")
    expect(page.get_by_role("button", name="Nộp cho tỉnh")).to_have_count(0)
    expect(page.locator("fieldset[data-code] input").first).to_be_disabled()  # until sent back


def open_review(page, contributor):
    board_row(page, contributor).get_by_role("link").first.click()
    expect(page.locator("h2", has_text=contributor.display_name)).to_be_visible()


def attach_evidence(page, value_pk: int, tmp_path, code: str):
    page.locator(f"#evidence-link-{value_pk}").click()
    pdf = tmp_path / f"van-ban-{code}.pdf"
    # One document per indicator (the same bytes under four indicators would be one file reused).
    pdf.write_bytes(f"%PDF-1.4\n% Đà Nẵng {code}\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n".encode())
    page.set_input_files("#id_file", str(pdf))
    page.fill("#id_doc_number", f"{len(code) + 40}/KH-UBND")
    page.fill("#id_doc_date", "15/03/2025")
    page.fill("#id_issuing_body", "UBND thành phố Đà Nẵng")
    page.fill("#id_summary", f"Văn bản kiểm chứng chỉ số {code}")
    page.get_by_role("button", name="Tải lên", exact=True).click()
    flash(page, "Đã tải lên tài liệu kiểm chứng.")
    expect(page.locator("[id^=evidence-]", has_text=f"Văn bản kiểm chứng chỉ số {code}")).to_be_visible()
    page.get_by_role("link", name="Về trang nhập số liệu").click()
    expect(page.locator(f"#evidence-link-{value_pk}")).to_contain_text("(1)")


def test_a_province_season_from_assignment_to_the_reviewer_reading_who_entered_and_who_approved(
    persona, season, tmp_path, settings, celery_worker,  # noqa: F811
):
    settings.RESULTS_RECOMPUTE_DELAY = 0
    sub, people = season
    noivu, tttt = people["noivu"], people["tttt"]
    values = dict(IndicatorValue.objects.filter(submission=sub).values_list("indicator__code", "pk"))
    due = timezone.localtime(timezone.now() + dt.timedelta(days=7)).strftime("%d/%m/%Y")

    # 1. The officer opens the submission from her home page and assigns the indicators.
    officer = persona(people["officer"])
    officer.locator(f'a[href="/tu-danh-gia/ho-so/{sub.pk}/"]').first.click()
    officer.locator("#contributions-tab").click()
    expect(officer.locator("#progress-board-empty")).to_be_visible()
    assign(officer, noivu, ["1.3"], due)
    assign(officer, tttt, ["1.4", "2.1"], due)
    expect_counts(officer, noivu, assigned=1, handed_in=0, accepted=0)
    expect_counts(officer, tttt, assigned=2, handed_in=0, accepted=0)
    expect(officer.locator("#assign-form")).to_contain_text(f"{LABEL['1.3']} — đang giao cho {noivu.display_name}")
    shot(officer, "01-officer-assigned")

    # 2. Home Affairs sees only its indicator, types "42.000" of "50.000" and hands in.
    home_affairs = persona(noivu)
    expect(home_affairs.locator("#assignment-list")).to_contain_text("Đã giao")
    home_affairs.locator("#assignment-list a").first.click()
    expect(home_affairs.locator("fieldset[data-code]")).to_have_count(1)
    expect(home_affairs.locator('fieldset[data-code="1.3"]')).to_be_visible()
    home_affairs.locator("[id$='-numerator']").fill("42.000")
    home_affairs.locator("[id$='-denominator']").fill("50.000")
    home_affairs.get_by_role("button", name="Lưu", exact=True).click()
    flash(home_affairs, "Đã lưu (1 chỉ số thay đổi).")
    expect(home_affairs.locator("[id$='-numerator']")).to_have_value("42.000")  # read back as typed
    shot(home_affairs, "02-home-affairs-saved")
    hand_in(home_affairs)
    shot(home_affairs, "03-home-affairs-handed-in")

    # 3. Information and Communications types its two figures and hands in.
    info = persona(tttt)
    info.locator("#assignment-list a").first.click()
    expect(info.locator("fieldset[data-code]")).to_have_count(2)
    enter_and_hand_in(info, {"count": "6", "numerator": "1.150.000", "denominator": "1.437.500"})

    # 4. The officer's board counts the hand-ins; she accepts Home Affairs' figure.
    officer.reload()
    expect_counts(officer, noivu, assigned=1, handed_in=1, accepted=0)
    expect_counts(officer, tttt, assigned=2, handed_in=2, accepted=0)
    shot(officer, "04-officer-board-handed-in")
    open_review(officer, noivu)
    expect(officer.locator('#review-rows tr[data-code="1.3"] .contributed')).to_contain_text("42.000")
    shot(officer, "05-officer-reviews-home-affairs")
    officer.get_by_role("button", name="Chấp nhận").click()
    flash(officer, "Đã chấp nhận; số liệu đã vào hồ sơ của tỉnh.")
    expect_counts(officer, noivu, assigned=1, handed_in=1, accepted=1)

    # 5. She sends Information and Communications' figures back: a reason is required.
    open_review(officer, tttt)
    expect(officer.locator('#review-rows tr[data-code="2.1"] .contributed')).to_contain_text("1.150.000")
    officer.get_by_role("button", name="Trả lại").click()
    expect(officer.locator("#send-back-form .invalid-feedback")).to_be_visible()
    assert Assignment.objects.get(contributor=tttt).status == AssignmentStatus.HANDED_IN
    officer.get_by_label("Lý do trả lại").fill(REASON)
    officer.get_by_role("button", name="Trả lại").click()
    flash(officer, f"Đã trả lại cho {tttt.display_name}.")
    expect_counts(officer, tttt, assigned=2, handed_in=0, accepted=0)
    shot(officer, "06-officer-sent-back")

    # 6. The contributor reads the reason, fixes the count and hands in again.
    info.goto("/")
    expect(info.locator("#assignment-list")).to_contain_text("Bị trả lại")
    info.locator("#assignment-list a").first.click()
    expect(info.locator("#send-back-reason")).to_contain_text(REASON)
    expect(info.locator("[id$='-count']")).to_have_value("6")
    shot(info, "07-info-reads-the-reason")
    enter_and_hand_in(info, {"count": "12"})

    # 7. The officer accepts the fixed figures; the board shows everything accepted.
    officer.locator("#contributions-tab").click()
    expect_counts(officer, tttt, assigned=2, handed_in=2, accepted=0)
    open_review(officer, tttt)
    expect(officer.locator('#review-rows tr[data-code="1.4"] .contributed')).to_contain_text("12")
    officer.get_by_role("button", name="Chấp nhận").click()
    flash(officer, "Đã chấp nhận; số liệu đã vào hồ sơ của tỉnh.")
    expect_counts(officer, tttt, assigned=2, handed_in=2, accepted=2)
    shot(officer, "08-officer-board-all-accepted")

    # 8. The officer fills in what is left: her own figures, the general information, the
    # evidence; the accepted figures are on her entry page.
    officer.locator(".submission-tabs a", has_text="1. ").click()
    expect(officer.locator(f"#id_v{values['1.3']}-numerator")).to_have_value("42.000")
    expect(officer.locator(f"#value-{values['1.3']} .contributed-by")).to_have_text(BY.format(noivu.display_name, noivu.unit.name))
    expect(officer.locator(f"#value-{values['1.1']} .contributed-by")).to_have_count(0)
    officer.select_option(f"#id_v{values['1.1']}-choice", "chu_tich")
    officer.check(f"#id_v{values['1.2']}-answer-yes")
    officer.get_by_role("button", name="Lưu bản nháp").click()
    flash(officer, "Đã lưu bản nháp (")
    shot(officer, "09-officer-entry-nts")
    for code in ("1.1", "1.2", "1.3"):
        attach_evidence(officer, values[code], tmp_path, code)
    officer.locator(".submission-tabs a", has_text="2. ").click()
    expect(officer.locator(f"#id_v{values['2.1']}-numerator")).to_have_value("1.150.000")
    officer.fill(f"#id_v{values['2.2']}-value", "90")
    officer.get_by_role("button", name="Lưu bản nháp").click()
    flash(officer, "Đã lưu bản nháp (")
    attach_evidence(officer, values["2.1"], tmp_path, "2.1")
    officer.locator(".submission-tabs a", has_text="Thông tin chung").click()
    officer.locator("input[inputmode=decimal]:not([disabled])").first.fill("1.220.190")
    officer.get_by_role("button", name="Lưu thông tin chung").click()
    flash(officer, "Đã lưu thông tin chung.")

    # 9. The send page: complete, but no "Gửi hồ sơ" before the leader approves; she asks.
    officer.locator(".submission-tabs a", has_text="Gửi hồ sơ").click()
    expect(officer.get_by_text("Hồ sơ đã đủ số liệu")).to_be_visible()
    expect(officer.locator("#approval-rule")).to_contain_text("chỉ hồ sơ đã được phê duyệt mới gửi được")
    expect(officer.get_by_role("button", name="Gửi hồ sơ")).to_have_count(0)
    shot(officer, "10-officer-send-page-before-approval")
    officer.get_by_role("button", name="Xin lãnh đạo tỉnh phê duyệt").click()
    flash(officer, "Đã gửi đề nghị phê duyệt đến lãnh đạo tỉnh.")
    expect(officer.locator("#approval-status")).to_contain_text("đang chờ lãnh đạo tỉnh phê duyệt")
    expect(officer.get_by_role("button", name="Gửi hồ sơ")).to_have_count(0)

    # 10. The leader reads the submission with each contributor's status and approves.
    leader = persona(people["leader"])
    leader.locator("#approvals").get_by_role("link").first.click()
    expect(leader.locator("#missing")).to_contain_text("Hồ sơ đã đủ số liệu")
    # 10 + 10 + 42.000/50.000 × 20 + 20 (12 sessions) + 20 (1.150.000/1.437.500 = the 0.8 target) + 9
    expect(leader.locator("#total-points")).to_have_text("85,80")
    statuses = leader.locator("#contribution-statuses tbody tr")
    expect(statuses.filter(has_text=noivu.display_name).locator("td")).to_have_text([re.compile(noivu.unit.name), "1", "1", "1", "0"])
    expect(statuses.filter(has_text=tttt.display_name).locator("td")).to_have_text([re.compile(tttt.unit.name), "2", "2", "2", "0"])
    shot(leader, "11-leader-approval-page")
    leader.get_by_role("button", name="Phê duyệt").click()  # not ticked: the browser refuses
    assert leader.locator("#approve-confirm").evaluate("box => box.validity.valueMissing") is True
    assert Submission.objects.get(pk=sub.pk).status == SubmissionStatus.AWAITING_APPROVAL
    leader.get_by_label(re.compile("đã xem")).check()
    leader.get_by_role("button", name="Phê duyệt").click()
    flash(leader, "Đã phê duyệt hồ sơ.")
    approved_at = Submission.objects.get(pk=sub.pk).approved_at
    when = timezone.localtime(approved_at).strftime("%H:%M %d/%m/%Y")
    expect(leader.locator("#approved-by")).to_contain_text(f"Lãnh đạo tỉnh phê duyệt: Hà Văn Nam, {when}")

    # 11. The officer sends the approved submission.
    officer.reload()
    expect(officer.locator("#approval-status")).to_contain_text(f"Lãnh đạo tỉnh phê duyệt: Hà Văn Nam, {when}")
    shot(officer, "12-officer-send-page-approved")
    officer.get_by_role("button", name="Gửi hồ sơ").click()
    flash(officer, "Đã gửi hồ sơ đến Cục Chuyển đổi số quốc gia để thẩm định.")
    assert Submission.objects.get(pk=sub.pk).status == SubmissionStatus.SUBMITTED

    # 12. The Authority's reviewer finds the submission, reads who approved and, per value,
    # who entered it.
    reviewer = persona(people["reviewer"])
    reviewer.get_by_role("link", name="Danh sách hồ sơ").first.click()
    reviewer.get_by_role("link", name="Đà Nẵng").first.click()
    expect(reviewer.locator("#approved-by")).to_have_text(re.compile(rf"Lãnh đạo tỉnh phê duyệt: Hà Văn Nam, {when}"))
    shot(reviewer, "13-reviewer-submission")
    reviewer.get_by_role("link", name="1. Nhận thức số").click()
    expect(reviewer.locator(f"#ind-{values['1.3']} .contributed-by")).to_have_text(BY.format(noivu.display_name, noivu.unit.name))
    expect(reviewer.locator(f"#ind-{values['1.4']} .contributed-by")).to_have_text(BY.format(tttt.display_name, tttt.unit.name))
    expect(reviewer.locator(f"#ind-{values['1.1']} .contributed-by")).to_have_count(0)  # the officer's own
    expect(reviewer.locator("#approved-by")).to_contain_text(f"Lãnh đạo tỉnh phê duyệt: Hà Văn Nam, {when}")
    shot(reviewer, "14-reviewer-appraisal-nts")
    reviewer.get_by_role("link", name="Đà Nẵng").click()  # the breadcrumb, back to the submission
    reviewer.get_by_role("link", name="2. Hạ tầng số").click()
    expect(reviewer.locator(f"#ind-{values['2.1']} .contributed-by")).to_have_text(BY.format(tttt.display_name, tttt.unit.name))
    shot(reviewer, "15-reviewer-appraisal-hts")
    assert IndicatorValue.objects.get(pk=values["1.3"]).inputs == {"numerator": "42000", "denominator": "50000"}

    # 13. Beyond "sent": the reviewer appraises (the self-scores stand; 2.3, measured, and 3.1,
    # unscored, have none and are scored one by one), the lead signs off, and a real Celery
    # worker recomputes the round on commit.
    reviewer.get_by_role("link", name="Đà Nẵng").click()
    reviewer.get_by_role("button", name="Bắt đầu thẩm định").click()
    expect(reviewer.locator(".alert-success")).to_be_visible()
    for main, accept_rest, own in (
        ("1. Nhận thức số", True, {}), ("2. Hạ tầng số", True, {"2.3": "10"}), ("3. Đô thị thông minh", False, {"3.1": "0"}),
    ):
        reviewer.get_by_role("link", name=main).first.click()
        if accept_rest:
            reviewer.locator("#accept-remaining button").click()
            expect(reviewer.locator(".alert-success")).to_be_visible()
        for code, points in own.items():
            reviewer.fill(f"#points-{values[code]}", points)
            reviewer.fill(f"#reason-{values[code]}", "Số liệu lấy từ Nền tảng đo lường chuyển đổi số quốc gia")
            reviewer.locator(f"#ind-{values[code]} button[type=submit]").click()
            expect(reviewer.locator(f"#ind-{values[code]} .badge.text-bg-success")).to_be_visible()
        expect(reviewer.locator(".badge", has_text="Chưa thẩm định")).to_have_count(0)
    lead = persona(people["lead"])
    lead.locator("#sign-off-queue").get_by_role("link", name=f"Đà Nẵng · {sub.round.year}").click()  # ready to sign
    lead.get_by_role("link", name="Ký duyệt kết quả thẩm định").click()
    lead.locator("#sign-off-dialog").get_by_role("button", name="Ký duyệt kết quả thẩm định").click()
    expect(lead.locator(".alert-success")).to_be_visible()
    assert Submission.objects.get(pk=sub.pk).status == SubmissionStatus.SIGNED_OFF
    assert until(lambda: RankingSnapshot.objects.filter(round=sub.round, is_current=True, unit_count=1).exists())
    lead.get_by_role("link", name="Kết quả tạm tính").click()
    lead.get_by_role("link", name=re.compile(str(sub.round.year))).first.click()
    row = lead.locator("#provisional-table tbody tr", has_text="Đà Nẵng")
    expect(row.locator("td").last).to_have_text("95,80")  # 85,80 + 10 for the measured 2.3
    shot(lead, "16-lead-provisional-results")

