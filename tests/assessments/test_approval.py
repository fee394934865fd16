"""The province leader's approval before sending (issue 17), through the pages people use:
the officer asks, the leader of the province approves or returns with a reason, and only an
approved submission is sent when the province has a leader account."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import audit
from accounts.models import AuditEntry, Notification, Role
from assessments import history, services
from assessments.models import Round, Submission, SubmissionStatus
from assessments.workflow import Action, TransitionConflict, transition
from tests.conftest import _client_for
from tests.factories import UserFactory
from tests.review.conftest import fill

pytestmark = pytest.mark.django_db
S = SubmissionStatus


@pytest.fixture
def leader_client(client_class_, leader_a):
    return _client_for(client_class_, leader_a)


@pytest.fixture
def leader_b(province_b):
    return UserFactory(username="leader_b", role=Role.PROVINCE_LEADER, unit=province_b)


@pytest.fixture
def leader_b_client(client_class_, leader_b):
    return _client_for(client_class_, leader_b)


@pytest.fixture
def filled_a(sub_a):
    fill(sub_a)
    return sub_a


def _at(sub, status):
    Submission.objects.filter(pk=sub.pk).update(status=status)
    sub.refresh_from_db()
    return sub


def _url(name, sub):
    return reverse(f"assessments:{name}", args=[sub.pk])


def _status(sub):
    return Submission.objects.get(pk=sub.pk).status


# --- The officer asks -------------------------------------------------------------------------


def test_the_officer_asks_the_leader_and_the_leader_is_told(officer_a_client, filled_a, leader_a):
    response = officer_a_client.post(_url("request_approval", filled_a))
    assert response.status_code == 302 and response["Location"] == _url("submit", filled_a)
    assert _status(filled_a) == S.AWAITING_APPROVAL
    assert AuditEntry.objects.filter(action="submission.request_approval", target_id=str(filled_a.pk)).count() == 1
    assert Notification.objects.filter(recipient=leader_a, kind="approval.requested").count() == 1


def test_asking_approval_without_a_leader_account_is_refused(officer_a_client, filled_a):
    response = officer_a_client.post(_url("request_approval", filled_a), follow=True)
    assert "Bạn không có quyền xin lãnh đạo tỉnh phê duyệt cho hồ sơ này." in response.content.decode()
    assert _status(filled_a) == S.DRAFT


def test_asking_approval_after_the_deadline_is_refused(officer_a_client, filled_a, leader_a):
    Round.objects.filter(pk=filled_a.round_id).update(closes_at=timezone.now() - dt.timedelta(seconds=1))
    response = officer_a_client.post(_url("request_approval", filled_a), follow=True)
    assert "Đã quá hạn nộp; không thể xin hoặc phê duyệt hồ sơ." in response.content.decode()
    assert _status(filled_a) == S.DRAFT


def test_asking_approval_is_a_post_only(officer_a_client, filled_a, leader_a):
    assert officer_a_client.get(_url("request_approval", filled_a)).status_code == 405


def test_another_province_s_officer_cannot_ask_for_province_a(officer_b_client, filled_a, leader_a):
    assert officer_b_client.post(_url("request_approval", filled_a)).status_code == 404
    assert _status(filled_a) == S.DRAFT


def test_the_leader_cannot_ask_through_the_officer_s_route(leader_client, filled_a):
    assert leader_client.post(_url("request_approval", filled_a)).status_code == 404


def test_asking_twice_loses_to_the_first(officer_a, filled_a, leader_a):
    stale = Submission.objects.get(pk=filled_a.pk)
    transition(filled_a, Action.REQUEST_APPROVAL, actor=officer_a)
    with pytest.raises(TransitionConflict):
        transition(stale, Action.REQUEST_APPROVAL, actor=officer_a)


# --- Sending needs the approval when the province has a leader -------------------------------


def test_sending_a_draft_is_refused_when_the_province_has_a_leader(officer_a_client, filled_a, leader_a):
    response = officer_a_client.post(_url("submit", filled_a))
    assert "hồ sơ phải được lãnh đạo tỉnh phê duyệt trước khi gửi" in response.content.decode()
    assert _status(filled_a) == S.DRAFT


def test_sending_a_draft_is_allowed_when_the_province_has_no_leader(officer_a_client, filled_a):
    assert officer_a_client.post(_url("submit", filled_a)).status_code == 302
    assert _status(filled_a) == S.SUBMITTED


def test_an_approved_submission_is_sent(officer_a_client, filled_a, leader_a):
    _at(filled_a, S.APPROVED)
    assert officer_a_client.post(_url("submit", filled_a)).status_code == 302
    assert _status(filled_a) == S.SUBMITTED


def test_an_approved_submission_after_the_deadline_is_refused_as_any_late_sending(officer_a_client, filled_a, leader_a):
    _at(filled_a, S.APPROVED)
    Round.objects.filter(pk=filled_a.round_id).update(closes_at=timezone.now() - dt.timedelta(seconds=1))
    response = officer_a_client.post(_url("submit", filled_a))
    assert "Đã quá hạn nộp; không thể gửi hồ sơ." in response.content.decode()
    assert _status(filled_a) == S.APPROVED


def test_the_submit_page_offers_asking_the_leader_and_states_the_rule(officer_a_client, filled_a, leader_a):
    page = officer_a_client.get(_url("submit", filled_a)).content.decode()
    assert "Xin lãnh đạo tỉnh phê duyệt" in page and _url("request_approval", filled_a) in page
    assert "chỉ hồ sơ đã được phê duyệt mới gửi được đến Cục" in page
    assert 'action="' + _url("submit", filled_a) not in page


def test_the_submit_page_without_a_leader_says_the_officer_sends_directly(officer_a_client, filled_a):
    page = officer_a_client.get(_url("submit", filled_a)).content.decode()
    assert "Tỉnh chưa có tài khoản lãnh đạo tỉnh trên hệ thống" in page
    assert "Xin lãnh đạo tỉnh phê duyệt" not in page


def test_the_officer_reads_that_the_submission_awaits_the_leader_and_cannot_edit(officer_a_client, filled_a, leader_a):
    _at(filled_a, S.AWAITING_APPROVAL)
    page = officer_a_client.get(_url("submit", filled_a)).content.decode()
    assert "Hồ sơ đang chờ lãnh đạo tỉnh phê duyệt và không sửa được." in page
    response = officer_a_client.post(_url("general_info", filled_a), {})
    assert "Muốn sửa, hãy đề nghị lãnh đạo tỉnh trả lại hồ sơ." in response.content.decode()


# --- The leader's pages -----------------------------------------------------------------------


def test_the_leader_lands_on_what_awaits_approval(leader_client, filled_a, leader_a):
    _at(filled_a, S.AWAITING_APPROVAL)
    page = leader_client.get("/").content.decode()
    assert _url("approval", filled_a) in page
    assert "Chưa có hồ sơ nào chờ lãnh đạo tỉnh phê duyệt." not in page


def test_the_approval_page_shows_the_self_score_what_is_missing_and_the_contributions(leader_client, sub_a):
    _at(sub_a, S.AWAITING_APPROVAL)
    page = leader_client.get(_url("approval", sub_a)).content.decode()
    assert 'id="total-points"' in page
    assert "Chưa nhập số liệu" in page  # the submit check's list (nothing is filled in)
    assert "Chưa có chỉ số nào được giao cho sở, ngành, xã" in page
    assert _url("approve", sub_a) in page and _url("return_to_officer", sub_a) in page
    assert "Lưu bản nháp" not in page


def test_the_approval_page_of_a_draft_offers_no_approval(leader_client, sub_a):
    page = leader_client.get(_url("approval", sub_a)).content.decode()
    assert _url("approve", sub_a) not in page
    assert "không có gì chờ lãnh đạo tỉnh phê duyệt" in page


@pytest.mark.parametrize("who", ["leader_b_client", "officer_a_client", "reviewer_client", "admin_client_"])
def test_only_the_province_s_own_leader_reads_the_approval_page(request, who, sub_a, leader_a):
    _at(sub_a, S.AWAITING_APPROVAL)
    assert request.getfixturevalue(who).get(_url("approval", sub_a)).status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(client, sub_a):
    response = client.get(_url("approval", sub_a))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_the_leader_reads_no_officer_page(leader_client, sub_a):
    assert leader_client.get(_url("overview", sub_a)).status_code == 404


def test_the_leader_approves_and_who_and_when_are_kept(leader_client, leader_a, officer_a, filled_a):
    _at(filled_a, S.AWAITING_APPROVAL)
    before = timezone.now()
    response = leader_client.post(_url("approve", filled_a), {"confirm": "1"})
    assert response.status_code == 302
    sub = Submission.objects.get(pk=filled_a.pk)
    assert (sub.status, sub.approved_by) == (S.APPROVED, leader_a)
    assert sub.approved_at >= before
    assert AuditEntry.objects.filter(action="submission.approve", actor=leader_a).count() == 1
    assert Notification.objects.filter(recipient=officer_a, kind="approval.approved").count() == 1


def test_approving_without_the_confirmation_changes_nothing(leader_client, filled_a):
    _at(filled_a, S.AWAITING_APPROVAL)
    response = leader_client.post(_url("approve", filled_a), {})
    assert response.status_code == 400
    assert "Hãy đánh dấu ô xác nhận" in response.content.decode()
    assert _status(filled_a) == S.AWAITING_APPROVAL


def test_approving_a_draft_is_refused_with_its_status(leader_client, filled_a):
    response = leader_client.post(_url("approve", filled_a), {"confirm": "1"})
    assert response.status_code == 400
    assert "Không thể phê duyệt hồ sơ khi hồ sơ đang ở trạng thái “Nháp”." in response.content.decode()


def test_approving_after_the_deadline_is_refused(leader_client, filled_a):
    _at(filled_a, S.AWAITING_APPROVAL)
    Round.objects.filter(pk=filled_a.round_id).update(closes_at=timezone.now() - dt.timedelta(seconds=1))
    assert leader_client.post(_url("approve", filled_a), {"confirm": "1"}).status_code == 400
    assert _status(filled_a) == S.AWAITING_APPROVAL


def test_approving_is_a_post_only(leader_client, filled_a):
    assert leader_client.get(_url("approve", filled_a)).status_code == 405
    assert leader_client.get(_url("return_to_officer", filled_a)).status_code == 405


def test_another_province_s_leader_cannot_approve(leader_b_client, filled_a, leader_a):
    _at(filled_a, S.AWAITING_APPROVAL)
    assert leader_b_client.post(_url("approve", filled_a), {"confirm": "1"}).status_code == 404
    assert _status(filled_a) == S.AWAITING_APPROVAL


def test_two_approvals_of_the_same_submission_exactly_one_wins(leader_a, filled_a):
    _at(filled_a, S.AWAITING_APPROVAL)
    stale = Submission.objects.get(pk=filled_a.pk)
    transition(filled_a, Action.APPROVE, actor=leader_a)
    with pytest.raises(TransitionConflict):
        transition(stale, Action.APPROVE, actor=leader_a)
    assert AuditEntry.objects.filter(action="submission.approve").count() == 1


def test_returning_needs_a_reason(leader_client, filled_a):
    _at(filled_a, S.AWAITING_APPROVAL)
    response = leader_client.post(_url("return_to_officer", filled_a), {"reason": "   "})
    assert response.status_code == 400
    assert "Hãy ghi lý do trả lại hồ sơ cho cán bộ tỉnh." in response.content.decode()
    assert _status(filled_a) == S.AWAITING_APPROVAL


def test_a_reason_too_long_is_refused_in_words(leader_client, filled_a):
    _at(filled_a, S.AWAITING_APPROVAL)
    response = leader_client.post(_url("return_to_officer", filled_a), {"reason": "x" * 5000})
    assert response.status_code == 400
    assert "Lý do quá dài (tối đa 2000 ký tự)." in response.content.decode()


def test_the_leader_returns_an_approved_submission_and_the_approval_is_cleared(leader_client, leader_a, filled_a):
    Submission.objects.filter(pk=filled_a.pk).update(status=S.APPROVED, approved_by=leader_a, approved_at=timezone.now())
    assert leader_client.post(_url("return_to_officer", filled_a), {"reason": "Sửa chỉ số 1.2"}).status_code == 302
    sub = Submission.objects.get(pk=filled_a.pk)
    assert (sub.status, sub.approved_by, sub.approved_at) == (S.DRAFT, None, None)
    assert AuditEntry.objects.get(action="submission.return_to_officer").note == "Sửa chỉ số 1.2"


def test_the_officer_reads_the_leader_s_reason_on_the_submit_page(leader_client, officer_a_client, filled_a):
    _at(filled_a, S.AWAITING_APPROVAL)
    leader_client.post(_url("return_to_officer", filled_a), {"reason": "Thiếu văn bản chỉ đạo"})
    page = officer_a_client.get(_url("submit", filled_a)).content.decode()
    assert 'id="leader-return"' in page and "Lý do: Thiếu văn bản chỉ đạo" in page


def test_the_leader_s_reason_is_gone_once_the_officer_asks_again(leader_client, officer_a_client, filled_a):
    _at(filled_a, S.AWAITING_APPROVAL)
    leader_client.post(_url("return_to_officer", filled_a), {"reason": "Thiếu văn bản chỉ đạo"})
    officer_a_client.post(_url("request_approval", filled_a))
    assert 'id="leader-return"' not in officer_a_client.get(_url("submit", filled_a)).content.decode()


# --- Reviewers ---------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [S.AWAITING_APPROVAL, S.APPROVED])
def test_reviewers_get_404_while_the_submission_is_with_the_leader(reviewer_client, lead_client, sub_a, status):
    _at(sub_a, status)
    for client in (reviewer_client, lead_client):
        assert client.get(reverse("review:submission", args=[sub_a.pk])).status_code == 404
        assert client.get(_url("overview", sub_a)).status_code == 404


def test_reviewers_read_who_approved_and_when(reviewer_client, officer_a, leader_a, filled_a):
    _at(filled_a, S.AWAITING_APPROVAL)
    services.approve(actor=leader_a, submission=filled_a)
    services.submit(actor=officer_a, submission=filled_a)
    page = reviewer_client.get(reverse("review:submission", args=[filled_a.pk])).content.decode()
    assert f"Lãnh đạo tỉnh phê duyệt: {leader_a.display_name}," in page


def test_the_trail_names_the_approval(leader_a, filled_a):
    _at(filled_a, S.AWAITING_APPROVAL)
    services.approve(actor=leader_a, submission=filled_a)
    [event] = history.describe(audit.history_for(filled_a))
    assert (event.title, event.who) == ("Phê duyệt hồ sơ", leader_a.display_name)


def test_the_overview_of_an_approved_submission_leads_the_officer_to_sending(officer_a_client, filled_a, leader_a):
    _at(filled_a, S.APPROVED)
    page = officer_a_client.get(_url("overview", filled_a)).content.decode()
    assert f'href="{_url("submit", filled_a)}"><i class="bi bi-send"' in page


def test_the_approval_page_lists_each_contributor_s_progress(leader_client, sub_a, handed_in, contributor_a):
    _at(sub_a, S.AWAITING_APPROVAL)
    page = leader_client.get(_url("approval", sub_a)).content.decode()
    table = page[page.index('id="contribution-statuses"'):]
    table = table[: table.index("</table>")]
    row = re.search(rf"<tr><td>{re.escape(contributor_a.display_name)} .*?</tr>", table, re.S).group()
    # assigned, handed in, accepted, overdue: the two indicators handed in, none accepted yet
    assert re.findall(r'<td class="text-end[^"]*">(\d+)</td>', row) == ["2", "2", "0", "0"]
