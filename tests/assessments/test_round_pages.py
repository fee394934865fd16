"""The admins' round page and its actions, through the URLs: who may (others 403, the
anonymous to the login page), which methods, the happy path with its audit row, and deadlines
typed as a date alone, which mean 23:59 of that day in Vietnam's time."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from accounts.models import AuditEntry
from assessments.models import CloseOut, Round, Submission, SubmissionStatus
from tests import factories

from .conftest import send

pytestmark = pytest.mark.django_db
S = SubmissionStatus


def _closed(rnd) -> Round:
    now = timezone.now()
    Round.objects.filter(pk=rnd.pk).update(opens_at=now - dt.timedelta(days=30), closes_at=now - dt.timedelta(days=1))
    rnd.refresh_from_db()
    return rnd


def _local(moment) -> tuple:
    local = timezone.localtime(moment)
    return local.year, local.month, local.day, local.hour, local.minute, str(local.tzinfo)


def _next_year() -> int:
    return timezone.localdate().year + 1


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def page_url(rnd) -> str:
    return f"/tu-danh-gia/quan-tri/dot/{rnd.pk}/"


def start_url(rnd) -> str:
    return f"/tu-danh-gia/quan-tri/dot/{rnd.pk}/mo-nhan-ho-so/"


def deadline_url(rnd) -> str:
    return f"/tu-danh-gia/quan-tri/dot/{rnd.pk}/han-nop/"


def close_url(rnd) -> str:
    return f"/tu-danh-gia/quan-tri/dot/{rnd.pk}/dong-nhan-ho-so/"


def close_out_url(sub) -> str:
    return f"/tu-danh-gia/quan-tri/ho-so/{sub.pk}/khep/"


# --- The page ----------------------------------------------------------------------------------


def test_the_round_page_shows_its_state_deadline_and_counts(admin_client_, rnd, sub_a):
    send(sub_a)
    page = text(admin_client_.get(page_url(rnd)))
    deadline = timezone.localtime(rnd.closes_at).strftime("%H:%M %d/%m/%Y")
    assert "Đang nhận hồ sơ" in page and f"Hạn nộp {deadline}" in page
    assert "Nháp 1" in page and "Đã gửi 1" in page and "2 đơn vị theo trạng thái" in page


def test_an_open_round_s_page_offers_moving_the_deadline_and_closing_entry(admin_client_, rnd):
    html = admin_client_.get(page_url(rnd)).content.decode()
    assert f'action="{deadline_url(rnd)}"' in html and f'href="{close_url(rnd)}"' in html
    assert f'action="{start_url(rnd)}"' not in html


def test_the_deadline_form_says_a_date_alone_means_23_59_in_vietnam_time(admin_client_, rnd):
    page = text(admin_client_.get(page_url(rnd)))
    assert "Giờ Việt Nam (Asia/Ho_Chi_Minh). Chỉ nhập ngày (dd/mm/yyyy) nghĩa là hết ngày đó, 23:59" in page


ENTERED = re.compile(r">\s*\d+/\d+\s*<")


def _row(client, rnd, code="48") -> str:
    return re.search(rf'<tr id="unit-{code}">.*?</tr>', client.get(page_url(rnd)).content.decode(), re.S)[0]


def test_a_draft_past_its_deadline_is_offered_to_close_out_with_what_it_entered(admin_client_, rnd, sub_a):
    _closed(rnd)
    row = _row(admin_client_, rnd)
    assert f'href="{close_out_url(sub_a)}"' in row and ENTERED.search(row)
    assert "2 đơn vị chưa nộp đã quá hạn" in text(admin_client_.get(page_url(rnd)))


def test_a_draft_still_entering_shows_nothing_of_what_it_entered(admin_client_, rnd, sub_a):
    row = _row(admin_client_, rnd)
    assert "khep" not in row and not ENTERED.search(row)


def test_a_settled_round_offers_publication(admin_client_, rnd, sub_a, sub_b):
    _closed(rnd)
    send(sub_a, S.SIGNED_OFF)
    send(sub_b, S.EXCLUDED)
    html = admin_client_.get(page_url(rnd)).content.decode()
    assert f'href="/ket-qua/dot/{rnd.pk}/cong-bo/"' in html


def test_a_round_whose_every_unit_is_signed_off_before_the_deadline_offers_publication(admin_client_, rnd, sub_a, sub_b):
    send(sub_a, S.SIGNED_OFF)
    send(sub_b, S.SIGNED_OFF)
    html = admin_client_.get(page_url(rnd)).content.decode()
    assert f'href="/ket-qua/dot/{rnd.pk}/cong-bo/"' in html


def test_an_unsettled_round_says_why_it_cannot_be_published_yet(admin_client_, rnd, sub_a):
    _closed(rnd)
    send(sub_a, S.SIGNED_OFF)
    response = admin_client_.get(page_url(rnd))
    assert "/cong-bo/" not in response.content.decode()
    assert "Công bố được khi mọi hồ sơ đã ký duyệt hoặc đã khép lại (1/2)." in text(response)


def test_the_admin_s_home_reaches_the_round_pages(admin_client_):
    assert 'href="/tu-danh-gia/quan-tri/dot/"' in admin_client_.get("/").content.decode()


def test_the_round_page_query_count_is_constant(admin_client_, rnd, province_a, django_assert_max_num_queries):
    for i in range(5):
        factories.make_round(year=2030 + i, units=[province_a])
    units = [factories.UnitFactory(code=str(70 + i), name=f"Tỉnh {i}") for i in range(6)]
    big = factories.make_round(year=2040, units=units)
    with django_assert_max_num_queries(12):
        assert admin_client_.get(page_url(big)).status_code == 200


def test_a_missing_round_is_404(admin_client_):
    assert admin_client_.get("/tu-danh-gia/quan-tri/dot/999999/").status_code == 404


@pytest.mark.parametrize("url", [page_url, start_url, deadline_url, close_url])
def test_round_pages_refuse_officers_and_reviewers_and_send_the_anonymous_to_log_in(
    url, rnd, officer_a_client, reviewer_client, lead_client, client
):
    for c in (officer_a_client, reviewer_client, lead_client):
        assert c.get(url(rnd)).status_code == 403
        assert c.post(url(rnd)).status_code == 403
    assert client.get(url(rnd))["Location"].startswith("/tai-khoan/dang-nhap/")
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("url", [start_url, deadline_url, close_url])
def test_round_actions_answer_get_and_post_only(url, rnd, admin_client_):
    assert admin_client_.put(url(rnd)).status_code == 405
    assert admin_client_.delete(url(rnd)).status_code == 405


def test_the_round_page_answers_get_only(rnd, admin_client_):
    assert admin_client_.post(page_url(rnd)).status_code == 405


# --- Opening entry -----------------------------------------------------------------------------


def test_admin_opens_entry_now(admin_client_, admin_user, rnd):
    Round.objects.filter(pk=rnd.pk).update(opens_at=timezone.now() + dt.timedelta(days=3))
    response = admin_client_.post(start_url(rnd), {"closes_at": ""})
    assert response.status_code == 302 and response["Location"] == page_url(rnd)
    assert Round.objects.get(pk=rnd.pk).opens_at <= timezone.now()
    assert AuditEntry.objects.get(action="round.start").actor == admin_user


def test_a_round_created_closed_is_opened_with_a_date_only_deadline_at_23_59(admin_client_, rnd):
    _closed(rnd)
    response = admin_client_.post(start_url(rnd), {"closes_at": f"30/04/{_next_year()}"})
    assert response.status_code == 302
    assert _local(Round.objects.get(pk=rnd.pk).closes_at) == (_next_year(), 4, 30, 23, 59, "Asia/Ho_Chi_Minh")


def test_opening_a_round_created_closed_without_a_deadline_asks_for_one(admin_client_, rnd):
    _closed(rnd)
    response = admin_client_.post(start_url(rnd), {"closes_at": ""})
    assert response.status_code == 200
    assert "Hạn nộp mới phải ở tương lai." in text(response)
    assert not AuditEntry.objects.exists()


def test_opening_an_open_round_is_refused_with_its_reason(admin_client_, rnd):
    response = admin_client_.post(start_url(rnd), {}, follow=True)
    assert "không mở nhận hồ sơ được" in text(response)
    assert not AuditEntry.objects.exists()


# --- Moving the deadline -----------------------------------------------------------------------


def test_a_date_only_deadline_is_stored_as_23_59_local(admin_client_, rnd):
    response = admin_client_.post(deadline_url(rnd), {"closes_at": f"15/05/{_next_year()}"})
    assert response.status_code == 302
    stored = Round.objects.get(pk=rnd.pk).closes_at
    assert _local(stored) == (_next_year(), 5, 15, 23, 59, "Asia/Ho_Chi_Minh")


def test_a_deadline_with_a_time_is_that_moment(admin_client_, rnd):
    admin_client_.post(deadline_url(rnd), {"closes_at": f"15/05/{_next_year()} 17:00"})
    assert _local(Round.objects.get(pk=rnd.pk).closes_at)[3:5] == (17, 0)


def test_a_time_first_deadline_is_accepted(admin_client_, rnd):
    admin_client_.post(deadline_url(rnd), {"closes_at": f"08:30 15/05/{_next_year()}"})
    assert _local(Round.objects.get(pk=rnd.pk).closes_at)[2:5] == (15, 8, 30)


def test_moving_the_deadline_is_audited_with_its_note(admin_client_, admin_user, rnd):
    old = rnd.closes_at
    admin_client_.post(deadline_url(rnd), {"closes_at": f"15/05/{_next_year()}", "note": "Theo đề nghị"})
    entry = AuditEntry.objects.get(action="round.move_deadline")
    assert (entry.actor, entry.old["closes_at"], entry.note) == (admin_user, old.isoformat(), "Theo đề nghị")


@pytest.mark.parametrize("typed", ["31/02/2031", "2031-13-01", "ngày mai", "1" * 41, "15/05/2031 25:00"])
def test_a_deadline_that_is_no_date_is_refused_in_vietnamese(admin_client_, rnd, typed):
    response = admin_client_.post(deadline_url(rnd), {"closes_at": typed})
    assert response.status_code == 200
    assert "Hạn không hợp lệ; nhập ngày dd/mm/yyyy (hết ngày, 23:59) hoặc ngày và giờ dd/mm/yyyy hh:mm." in text(response)
    assert Round.objects.get(pk=rnd.pk).closes_at == rnd.closes_at


def test_a_past_deadline_is_refused_on_the_form(admin_client_, rnd):
    response = admin_client_.post(deadline_url(rnd), {"closes_at": "01/01/2020"})
    assert response.status_code == 200 and "Hạn nộp mới phải ở tương lai." in text(response)
    assert not AuditEntry.objects.exists()


def test_the_deadline_form_page_shows_the_current_deadline(admin_client_, rnd):
    current = timezone.localtime(rnd.closes_at).strftime("%H:%M %d/%m/%Y")
    assert f"Hạn hiện tại: {current}" in text(admin_client_.get(deadline_url(rnd)))


# --- Closing entry -----------------------------------------------------------------------------


def test_closing_entry_asks_first_and_says_what_it_does(admin_client_, rnd):
    response = admin_client_.get(close_url(rnd))
    page = text(response)
    assert response.status_code == 200
    assert "Đóng nhận hồ sơ" in page and "2 đơn vị đang nhập dở không sửa, không gửi được bản nháp nữa" in page
    assert Round.objects.get(pk=rnd.pk).closes_at == rnd.closes_at


def test_admin_closes_entry(admin_client_, admin_user, rnd, sub_a):
    response = admin_client_.post(close_url(rnd))
    assert response.status_code == 302 and response["Location"] == page_url(rnd)
    assert Round.objects.get(pk=rnd.pk).closes_at <= timezone.now()
    assert AuditEntry.objects.get(action="round.close_entry").actor == admin_user


def test_after_closing_entry_the_officer_cannot_save_the_draft(admin_client_, officer_a_client, rnd, sub_a, nts):
    from .conftest import FULL_NTS, entry_post, entry_url

    admin_client_.post(close_url(rnd))
    response = officer_a_client.post(entry_url(sub_a, nts), entry_post(sub_a, nts, FULL_NTS))
    assert "Đã quá hạn nộp" in text(response)
    assert not AuditEntry.objects.filter(action="value.update").exists()


def test_closing_a_closed_round_is_refused_with_its_reason(admin_client_, rnd):
    _closed(rnd)
    response = admin_client_.post(close_url(rnd), follow=True)
    assert "Không có hồ sơ nào đang nhận" in text(response)
    assert not AuditEntry.objects.exists()


# --- Closing out -------------------------------------------------------------------------------


def test_closing_out_asks_first_with_what_the_draft_entered(admin_client_, rnd, sub_a):
    _closed(rnd)
    page = text(admin_client_.get(close_out_url(sub_a)))
    assert "Khép hồ sơ của Đà Nẵng" in page
    assert "Bản nháp đã nhập 0/" in page and "Loại khỏi xếp hạng" in page and "Chấm theo số liệu đã nhập" in page


def test_a_draft_still_entering_cannot_be_closed_out_and_its_page_shows_nothing_of_it(admin_client_, rnd, sub_a):
    page = text(admin_client_.get(close_out_url(sub_a)))
    assert "chưa khép được hồ sơ" in page and "Bản nháp đã nhập" not in page


def test_admin_excludes_a_unit_that_did_not_submit(admin_client_, admin_user, rnd, sub_a):
    _closed(rnd)
    response = admin_client_.post(close_out_url(sub_a), {"kind": CloseOut.EXCLUDED, "reason": "Không gửi hồ sơ"})
    assert response.status_code == 302 and response["Location"] == page_url(rnd)
    assert Submission.objects.get(pk=sub_a.pk).status == S.EXCLUDED
    entry = AuditEntry.objects.get(action="submission.exclude")
    assert (entry.actor, entry.note) == (admin_user, "Không gửi hồ sơ")


def test_admin_scores_a_unit_as_is(admin_client_, rnd, sub_a):
    _closed(rnd)
    admin_client_.post(close_out_url(sub_a), {"kind": CloseOut.AS_IS, "reason": "Nộp muộn bằng công văn"})
    sub = Submission.objects.get(pk=sub_a.pk)
    assert (sub.status, sub.closeout_kind) == (S.SIGNED_OFF, CloseOut.AS_IS)
    assert AuditEntry.objects.filter(action__in=["submission.score_as_is", "review.fix_final_points"]).count() == 2


def test_a_close_out_without_a_reason_shows_the_form_again(admin_client_, rnd, sub_a):
    _closed(rnd)
    response = admin_client_.post(close_out_url(sub_a), {"kind": CloseOut.EXCLUDED, "reason": ""})
    assert response.status_code == 200 and 'id="id_reason_error"' in response.content.decode()
    assert Submission.objects.get(pk=sub_a.pk).status == S.DRAFT


def test_a_close_out_before_the_deadline_is_refused_with_its_reason(admin_client_, rnd, sub_a):
    response = admin_client_.post(close_out_url(sub_a), {"kind": CloseOut.EXCLUDED, "reason": "Không gửi"}, follow=True)
    assert "chưa qua" in text(response)
    assert Submission.objects.get(pk=sub_a.pk).status == S.DRAFT


def test_the_officer_reads_how_and_why_the_unit_was_closed_out(admin_client_, officer_a_client, rnd, sub_a):
    _closed(rnd)
    admin_client_.post(close_out_url(sub_a), {"kind": CloseOut.EXCLUDED, "reason": "Không gửi hồ sơ"})
    page = text(officer_a_client.get(f"/tu-danh-gia/ho-so/{sub_a.pk}/"))
    assert "Loại khỏi xếp hạng — đơn vị không nộp hồ sơ trước hạn" in page and "Lý do: Không gửi hồ sơ" in page


def test_close_out_refuses_officers_and_reviewers(rnd, sub_a, officer_a_client, reviewer_client, lead_client, client):
    _closed(rnd)
    data = {"kind": CloseOut.EXCLUDED, "reason": "x"}
    for c in (officer_a_client, reviewer_client, lead_client):
        assert c.get(close_out_url(sub_a)).status_code == 403
        assert c.post(close_out_url(sub_a), data).status_code == 403
    assert client.post(close_out_url(sub_a), data)["Location"].startswith("/tai-khoan/dang-nhap/")
    assert Submission.objects.get(pk=sub_a.pk).status == S.DRAFT


def test_close_out_answers_get_and_post_only(rnd, sub_a, admin_client_):
    assert admin_client_.put(close_out_url(sub_a)).status_code == 405


def test_the_close_out_page_has_a_breadcrumb_back_to_its_round(admin_client_, rnd, sub_a):
    _closed(rnd)
    html = admin_client_.get(close_out_url(sub_a)).content.decode()
    crumbs = re.search(r'<ol class="breadcrumb[^"]*">(.*?)</ol>', html, re.S)[1]
    assert 'href="/tu-danh-gia/quan-tri/dot/"' in crumbs and f'href="{page_url(rnd)}"' in crumbs
    assert re.search(r'aria-current="page">\s*Khép hồ sơ không nộp\s*<', crumbs)


def test_the_close_out_page_says_when_nothing_was_self_assessed(admin_client_, rnd, sub_a):
    _closed(rnd)
    page = text(admin_client_.get(close_out_url(sub_a)))
    assert "chưa có điểm tự đánh giá." in page and "tổng điểm tự đánh giá —" not in page


def test_the_close_out_page_gives_the_self_assessed_total_once_points_are_entered(admin_client_, rnd, sub_a):
    sub_a.values.filter(indicator__code="1.1").update(self_points=10)
    _closed(rnd)
    assert "1/6 chỉ số, tổng điểm tự đánh giá 10,00." in text(admin_client_.get(close_out_url(sub_a)))


def test_a_missing_submission_s_close_out_is_404(admin_client_):
    assert admin_client_.get("/tu-danh-gia/quan-tri/ho-so/999999/khep/").status_code == 404


# --- A date alone is the end of the day wherever a deadline is typed ---------------------------


def test_a_round_opened_with_a_date_only_deadline_closes_at_23_59(admin_client_, province_a):
    framework = factories.make_framework()
    response = admin_client_.post("/tu-danh-gia/quan-tri/dot/mo/", {
        "year": "2025", "framework": str(framework.pk), "ranking_group": "tinh-63",
        "opens_at": "01/03/2026 08:00", "closes_at": "30/04/2026",
    })
    assert response.status_code == 302
    assert _local(Round.objects.get().closes_at) == (2026, 4, 30, 23, 59, "Asia/Ho_Chi_Minh")


def test_a_unit_extension_typed_as_a_date_ends_at_23_59(admin_client_, rnd, sub_a):
    day = timezone.localtime(rnd.closes_at + dt.timedelta(days=3))
    admin_client_.post(f"/tu-danh-gia/quan-tri/ho-so/{sub_a.pk}/gia-han/", {"deadline": day.strftime("%d/%m/%Y"), "reason": "Lũ"})
    assert _local(Submission.objects.get(pk=sub_a.pk).deadline_override)[2:5] == (day.day, 23, 59)


def test_a_review_deadline_typed_as_a_date_ends_at_23_59(lead_client, rnd):
    day = timezone.localtime(rnd.closes_at + dt.timedelta(days=10))
    lead_client.post(f"/tham-dinh/dot/{rnd.pk}/han-tham-dinh/", {"review_closes_at": day.strftime("%d/%m/%Y")})
    assert _local(Round.objects.get(pk=rnd.pk).review_closes_at)[2:5] == (day.day, 23, 59)


def test_in_english_a_date_alone_is_also_the_end_of_the_day(admin_client_, rnd):
    admin_client_.post("/i18n/setlang/", {"language": "en", "next": "/"})
    admin_client_.post(deadline_url(rnd), {"closes_at": f"15/05/{_next_year()}"})
    assert _local(Round.objects.get(pk=rnd.pk).closes_at)[1:5] == (5, 15, 23, 59)


def test_the_round_list_shows_each_round_s_phase(admin_client_, rnd, sub_a):
    _closed(rnd)
    page = text(admin_client_.get("/tu-danh-gia/quan-tri/dot/"))
    assert "Giai đoạn" in page and "Đã đóng nhận hồ sơ" in page


def test_the_admin_s_home_links_each_round_to_its_page(admin_client_, rnd):
    assert f'href="{page_url(rnd)}"' in admin_client_.get("/").content.decode()


def test_the_admin_s_navigation_reaches_the_rounds(admin_client_):
    nav = re.search(r'<nav class="navbar.*?</nav>', admin_client_.get("/ket-qua/dot/").content.decode(), re.S)[0]
    assert 'href="/tu-danh-gia/quan-tri/dot/"' in nav


def test_a_reviewer_s_navigation_has_no_rounds_link(reviewer_client):
    nav = re.search(r'<nav class="navbar.*?</nav>', reviewer_client.get("/ket-qua/dot/").content.decode(), re.S)[0]
    assert "/tu-danh-gia/quan-tri/dot/" not in nav
