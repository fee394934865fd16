"""A province's own round walked from opening to publication in headless Chromium (issue 18).

Đà Nẵng runs its own index of its departments. Its admin opens the round through the round
pages; each department's officer types the figures as Vietnamese write them, attaches the
evidence and sends; the province's reviewer appraises (one score adjusted, with the reason),
its lead signs off, a real Celery worker recomputes; the admin publishes after the
confirmation, and anyone reads the province's ranking under its code, its name in the
masthead. The national reviewer's pages never list the province's round.

Every persona is a province-only account (an officer of no national unit) holding its role in
the province's Authority (AuthorityRole), except the national reviewer. Only that starting
world is built with the factories. Screenshots: test-artifacts/screenshots/provincial-*.png.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Role
from assessments.models import IndicatorValue, Round, SubmissionStatus
from results.models import Publication, RankingSnapshot
from tests import factories
from tests.browser.walks import persona, until  # noqa: F401 - persona is a fixture
from tests.conftest import ARTIFACTS
from tests.results.conftest import celery_worker, departments_of, provincial_authority  # noqa: F401 - a real worker

pytestmark = [pytest.mark.browser, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

AUTHORITY = "Sở Khoa học và Công nghệ thành phố Đà Nẵng"
FINANCE, HOME_AFFAIRS = "Sở Tài chính thành phố Đà Nẵng", "Sở Nội vụ thành phố Đà Nẵng"
ADJUST_REASON = "Quyết định kiện toàn Ban chỉ đạo do Phó Giám đốc ký, không phải Giám đốc Sở"
MEASURED = "Số liệu lấy từ Nền tảng đo lường chuyển đổi số quốc gia"

# What each department types (Vietnamese grouping), and what it scores itself:
# Tài chính: 10 + 10 + 42.000/50.000 × 20 + 20 (12 sessions) + 20 (0.8 of the 0.8 target) + 9 = 85,80
# Nội vụ:     5 + 10 + 30.000/50.000 × 20 + 10 (6 sessions)  + 10 (0.4 of 0.8)             + 8 = 55,00
FIGURES = {
    FINANCE: {"1.1": "chu_tich", "1.3": ("42.000", "50.000"), "1.4": "12", "2.1": ("1.150.000", "1.437.500"), "2.2": "90",
              "TT.1": "1.250"},
    HOME_AFFAIRS: {"1.1": "pho_chu_tich", "1.3": ("30.000", "50.000"), "1.4": "6", "2.1": ("575.000", "1.437.500"),
                   "2.2": "80", "TT.1": "860"},
}
SELF_TOTAL = {FINANCE: "85,80", HOME_AFFAIRS: "55,00"}
# The reviewer scores the measured 2.3 and the unscored 3.1; 1.1 of Tài chính is cut from 10 to 5.
MEASURED_POINTS = {FINANCE: "10", HOME_AFFAIRS: "5"}
REVIEWED_TOTAL = {FINANCE: "90,80", HOME_AFFAIRS: "60,00"}
INDEX = {FINANCE: "0,9080", HOME_AFFAIRS: "0,6000"}  # the published index: points over the framework's 100


@pytest.fixture
def province(province_a, province_b):
    """Đà Nẵng's Authority, two departments with an officer each, its reviewer, lead and admin;
    and a reviewer of the national Authority."""
    authority = provincial_authority(province_a, code="da-nang", name=AUTHORITY)
    departments = departments_of(province_a, [FINANCE, HOME_AFFAIRS], prefix="48")
    framework = factories.make_framework("da-nang-2025", authority=authority)

    def holder(username, full_name, role, unit=None):
        user = factories.UserFactory(username=username, full_name=full_name, role=Role.OFFICER, unit=None)
        factories.AuthorityRoleFactory(user=user, authority=authority, role=role, unit=unit)
        return user

    people = {
        FINANCE: holder("taichinh_dn", "Phan Thị Lan", Role.OFFICER, departments[0]),
        HOME_AFFAIRS: holder("noivu_dn", "Đặng Văn Bình", Role.OFFICER, departments[1]),
        "reviewer": holder("thamdinh_dn", "Lê Thị Mai", Role.REVIEWER),
        "lead": holder("truongnhom_dn", "Võ Văn Hùng", Role.LEAD_REVIEWER),
        "admin": holder("quantri_dn", "Ngô Thị Hoa", Role.ADMIN),
        "national_reviewer": factories.UserFactory(username="thamdinh_qg", full_name="Trần Văn Quốc", role=Role.REVIEWER),
    }
    factories.make_round(units=[province_b])  # the national round the national reviewer works on
    return authority, framework, departments, people


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"provincial-{name}.png"), full_page=True)


def flash(page, text):
    expect(page.locator(".alert-success", has_text=text)).to_be_visible()


def attach_evidence(page, value_pk: int, tmp_path, name: str):
    page.locator(f"#evidence-link-{value_pk}").click()
    pdf = tmp_path / f"{name}.pdf"
    pdf.write_bytes(f"%PDF-1.4\n% {name}\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n".encode())
    page.set_input_files("#id_file", str(pdf))
    page.fill("#id_doc_number", "15/QĐ-STC")
    page.fill("#id_doc_date", "15/03/2025")
    page.fill("#id_issuing_body", "UBND thành phố Đà Nẵng")
    page.fill("#id_summary", f"Văn bản kiểm chứng {name}")
    page.get_by_role("button", name="Tải lên", exact=True).click()
    flash(page, "Đã tải lên tài liệu kiểm chứng.")
    page.get_by_role("link", name="Về trang nhập số liệu").click()
    expect(page.locator(f"#evidence-link-{value_pk}")).to_contain_text("(1)")


def enter_and_send(page, sub, figures, tmp_path, slug):
    values = dict(IndicatorValue.objects.filter(submission=sub).values_list("indicator__code", "pk"))
    page.locator(f'a[href="/tu-danh-gia/ho-so/{sub.pk}/"]').first.click()
    page.locator(".submission-tabs a", has_text="1. ").click()
    page.select_option(f"#id_v{values['1.1']}-choice", figures["1.1"])
    page.check(f"#id_v{values['1.2']}-answer-yes")
    page.fill(f"#id_v{values['1.3']}-numerator", figures["1.3"][0])
    page.fill(f"#id_v{values['1.3']}-denominator", figures["1.3"][1])
    page.fill(f"#id_v{values['1.4']}-count", figures["1.4"])
    page.get_by_role("button", name="Lưu bản nháp").click()
    flash(page, "Đã lưu bản nháp (")
    expect(page.locator(f"#id_v{values['1.3']}-numerator")).to_have_value(figures["1.3"][0])  # read back as typed
    shot(page, f"02-{slug}-entry-nts")
    for code in ("1.1", "1.2", "1.3"):
        attach_evidence(page, values[code], tmp_path, f"{slug}-{code}")
    page.locator(".submission-tabs a", has_text="2. ").click()
    page.fill(f"#id_v{values['2.1']}-numerator", figures["2.1"][0])
    page.fill(f"#id_v{values['2.1']}-denominator", figures["2.1"][1])
    page.fill(f"#id_v{values['2.2']}-value", figures["2.2"])
    page.get_by_role("button", name="Lưu bản nháp").click()
    flash(page, "Đã lưu bản nháp (")
    attach_evidence(page, values["2.1"], tmp_path, f"{slug}-2.1")
    page.locator(".submission-tabs a", has_text="Thông tin chung").click()
    page.locator("input[inputmode=decimal]:not([disabled])").first.fill(figures["TT.1"])
    page.get_by_role("button", name="Lưu thông tin chung").click()
    flash(page, "Đã lưu thông tin chung.")
    page.locator(".submission-tabs a", has_text="Gửi hồ sơ").click()
    expect(page.get_by_text("Hồ sơ đã đủ số liệu")).to_be_visible()
    shot(page, f"03-{slug}-send-page")
    page.get_by_role("button", name="Gửi hồ sơ").click()
    flash(page, f"Đã gửi hồ sơ đến {AUTHORITY} để thẩm định.")


def appraise(page, unit_name, values, *, measured, adjust=None):
    """On the review queue: open the unit's submission, start, adjust (points, reason) where
    told, score the measured 2.3 and the unscored 3.1, accept the rest of each main index."""
    page.get_by_role("link", name=unit_name).click()
    page.get_by_role("button", name="Bắt đầu thẩm định").click()
    expect(page.locator(".alert-success")).to_be_visible()
    own = {"1. Nhận thức số": dict([adjust]) if adjust else {}, "2. Hạ tầng số": {"2.3": measured}, "3. Đô thị thông minh": {"3.1": "0"}}
    reasons = {"2.3": MEASURED, "3.1": "Đơn vị chưa có đề án", "1.1": ADJUST_REASON}
    for main, scores in own.items():
        page.get_by_role("link", name=main).first.click()
        for code, points in scores.items():
            page.fill(f"#points-{values[code]}", points)
            page.fill(f"#reason-{values[code]}", reasons[code])
            page.locator(f"#ind-{values[code]} button[type=submit]").click()
            expect(page.locator(f"#ind-{values[code]} .badge.text-bg-success")).to_be_visible()
        if page.locator("#accept-remaining button").count():
            page.locator("#accept-remaining button").click()
            expect(page.locator(".alert-success")).to_be_visible()
        expect(page.locator(".badge", has_text="Chưa thẩm định")).to_have_count(0)


def test_a_province_runs_its_own_round_from_opening_to_publication(
    browser, live_server, persona, province, tmp_path, settings, celery_worker,  # noqa: F811
):
    settings.RESULTS_RECOMPUTE_DELAY = 0
    authority, framework, departments, people = province
    national_round = Round.objects.get(authority__is_national=True)

    # 1. The province's admin opens the round of its departments through the round pages.
    admin = persona(people["admin"])
    admin.get_by_role("link", name="Đợt đánh giá và hạn nộp").click()
    admin.get_by_role("link", name="Mở đợt mới").click()
    admin.get_by_label("Năm đánh giá").fill("2025")
    admin.get_by_label("Bộ chỉ số").select_option(str(framework.pk))
    admin.get_by_label("Nhóm đơn vị").select_option("so-nganh")
    admin.get_by_label("Mở từ").fill(timezone.localtime(timezone.now() - dt.timedelta(hours=1)).strftime("%d/%m/%Y %H:%M"))
    admin.get_by_label("Hạn nộp").fill((timezone.localdate() + dt.timedelta(days=20)).strftime("%d/%m/%Y"))
    shot(admin, "01-admin-opens")
    admin.get_by_role("button", name="Mở đợt", exact=True).click()
    expect(admin.locator(".alert-success")).to_be_visible()
    rnd = Round.objects.get(year=2025, ranking_group="so-nganh")
    assert rnd.authority == authority
    assert sorted(rnd.submissions.values_list("unit__name", flat=True)) == sorted([FINANCE, HOME_AFFAIRS])
    expect(admin.locator("#round-phase")).to_have_text("Đang nhận hồ sơ")
    shot(admin, "01-admin-round-open")
    subs = {name: rnd.submissions.get(unit__name=name) for name in (FINANCE, HOME_AFFAIRS)}

    # 2. Each department's officer enters its figures with evidence and sends.
    for name, slug in ((FINANCE, "taichinh"), (HOME_AFFAIRS, "noivu")):
        officer = persona(people[name])
        enter_and_send(officer, subs[name], FIGURES[name], tmp_path, slug)
        assert rnd.submissions.get(pk=subs[name].pk).status == SubmissionStatus.SUBMITTED
        officer.context.close()

    # 3. The province's reviewer finds both in the round's queue, with the self-scores.
    reviewer = persona(people["reviewer"])
    reviewer.locator("tbody tr", has_text=str(rnd)).get_by_role("link", name="Danh sách hồ sơ").click()
    for name in (FINANCE, HOME_AFFAIRS):
        row = reviewer.locator("tbody tr", has_text=name)
        expect(row.locator("td.points").first).to_have_text(SELF_TOTAL[name])
    shot(reviewer, "04-reviewer-queue")
    queue = reviewer.url

    # 4. She appraises: Tài chính's 1.1 cut from 10 to 5 with the reason; the rest accepted.
    values = {n: dict(IndicatorValue.objects.filter(submission=s).values_list("indicator__code", "pk")) for n, s in subs.items()}
    appraise(reviewer, FINANCE, values[FINANCE], measured=MEASURED_POINTS[FINANCE], adjust=("1.1", "5"))
    reviewer.get_by_role("link", name="1. Nhận thức số").first.click()
    expect(reviewer.locator(f"#ind-{values[FINANCE]['1.1']}")).to_contain_text(ADJUST_REASON)
    shot(reviewer, "05-reviewer-adjusted")
    reviewer.goto(queue)
    appraise(reviewer, HOME_AFFAIRS, values[HOME_AFFAIRS], measured=MEASURED_POINTS[HOME_AFFAIRS])
    reviewer.goto(queue)
    for name in (FINANCE, HOME_AFFAIRS):
        expect(reviewer.locator("tbody tr", has_text=name).locator("td.points").last).to_have_text(REVIEWED_TOTAL[name])
    shot(reviewer, "06-reviewer-queue-appraised")

    # 5. The province's lead signs both off; the real worker recomputes the round.
    lead = persona(people["lead"])
    for name in (FINANCE, HOME_AFFAIRS):
        lead.goto("/")
        lead.locator("#sign-off-queue").get_by_role("link", name=f"{name} · 2025").click()
        lead.get_by_role("link", name="Ký duyệt kết quả thẩm định").click()
        shot(lead, "07-lead-sign-off-dialog")
        lead.locator("#sign-off-dialog").get_by_role("button", name="Ký duyệt kết quả thẩm định").click()
        expect(lead.locator(".alert-success")).to_be_visible()
        assert rnd.submissions.get(pk=subs[name].pk).status == SubmissionStatus.SIGNED_OFF
    assert until(lambda: RankingSnapshot.objects.filter(round=rnd, is_current=True, unit_count=2).exists())

    # 6. The admin publishes, after the confirmation page.
    admin.goto(f"/tu-danh-gia/quan-tri/dot/{rnd.pk}/")
    shot(admin, "08-admin-ready-to-publish")
    admin.get_by_role("link", name="Công bố kết quả…").click()
    expect(admin.locator(".confirm-statement")).to_be_visible()
    shot(admin, "09-admin-publish-confirm")
    admin.get_by_role("button", name="Công bố kết quả").click()
    expect(admin.locator(".alert-success")).to_contain_text("Đã công bố kết quả (phiên bản 1)")
    assert Publication.objects.filter(round=rnd, is_active=True).exists()

    # 7. Anyone reads the province's ranking under its code, its name in the masthead.
    public = browser.new_context(base_url=live_server.url, locale="vi-VN", viewport={"width": 1366, "height": 900}).new_page()
    public.goto("/ket-qua/tinh/da-nang/2025/so-nganh/")
    expect(public.locator("#authority-masthead")).to_contain_text(AUTHORITY)
    rows = public.locator("#ranking-table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text(FINANCE)
    expect(rows.nth(0)).to_contain_text(INDEX[FINANCE])
    expect(rows.nth(1)).to_contain_text(HOME_AFFAIRS)
    expect(rows.nth(1)).to_contain_text(INDEX[HOME_AFFAIRS])
    expect(rows.nth(0).locator("td").first).to_have_text("1")
    expect(rows.nth(1).locator("td").first).to_have_text("2")
    shot(public, "10-public-ranking")
    public.context.close()

    # 8. The national reviewer's pages never list the province's round or its departments.
    # Their home lists the national round (Quảng Nam's) and no other.
    national = persona(people["national_reviewer"])
    expect(national.locator("tbody tr")).to_have_count(1)
    expect(national.locator("tbody tr")).to_contain_text(str(national_round))
    shot(national, "11-national-reviewer-home")
    national.goto("/tham-dinh/")
    expect(national.locator(".list-group-item")).to_have_count(1)
    expect(national.locator(".list-group-item")).to_contain_text(str(national_round))
    shot(national, "12-national-reviewer-review-index")
    response = national.goto(f"/tham-dinh/dot/{rnd.pk}/")
    assert response.status == 404
