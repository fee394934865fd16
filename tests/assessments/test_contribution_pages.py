"""The contribution pages through HTTP: the officer's board, assignment and review; the
contributor's list, entry and hand-in. Outsiders 404, wrong role 403, wrong method 405."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import Role
from assessments import services
from assessments.models import (
    Assignment,
    AssignmentStatus,
    ContributedValue,
    IndicatorValue,
    Submission,
    SubmissionStatus,
)
from tests import factories

from .conftest import entry_post, entry_url
from .contribution_helpers import FIGURES, assign, indicators

pytestmark = pytest.mark.django_db
S = AssignmentStatus


@pytest.fixture
def contributor_client(client, contributor_a):
    client.force_login(contributor_a)
    return client


def _board(sub):
    return reverse("assessments:contributions", args=[sub.pk])


# --- The officer's board and assignment -----------------------------------------------------


def test_the_board_counts_each_contributor_s_assigned_handed_in_and_accepted_indicators(officer_a_client, handed_in, sub_a):
    body = officer_a_client.get(_board(sub_a)).content.decode()
    assert 'data-count="assigned">2<' in body and 'data-count="handed_in">2<' in body
    assert 'data-count="accepted">0<' in body and 'data-count="overdue">0<' in body


def test_the_board_counts_an_overdue_assignment(officer_a_client, assignment, sub_a):
    Assignment.objects.filter(pk=assignment.pk).update(due_at=sub_a.round.opens_at)
    body = officer_a_client.get(_board(sub_a)).content.decode()
    assert 'text-danger fw-semibold" data-count="overdue">2<' in body


def test_the_officer_assigns_a_whole_main_index_with_a_date_alone_due_at_23_59(officer_a_client, sub_a, contributor_a):
    main = sub_a.round.framework.main_indices.get(code="HTS")
    response = officer_a_client.post(_board(sub_a), {"contributor": contributor_a.pk, "main_index": main.pk,
                                                    "due": "25/12/2099", "note": "Cả chỉ số Hạ tầng số"})
    assert response.status_code == 302
    a = Assignment.objects.get()
    assert sorted(a.indicators.values_list("code", flat=True)) == ["2.1", "2.2"]  # 2.3 is measured automatically
    assert a.due_at.astimezone(__import__("zoneinfo").ZoneInfo("Asia/Ho_Chi_Minh")).strftime("%H:%M %d/%m/%Y") == "23:59 25/12/2099"


def test_the_assignment_form_offers_only_the_province_s_contributors(officer_a_client, sub_a, province_b, contributor_a):
    factories.UserFactory(username="contributor_b", role=Role.CONTRIBUTOR, unit=factories.SubUnitFactory(parent=province_b))
    body = officer_a_client.get(_board(sub_a)).content.decode()
    assert "contributor_a" in body and "contributor_b" not in body


def test_assigning_nothing_shows_a_vietnamese_error_and_makes_nothing(officer_a_client, sub_a, contributor_a):
    response = officer_a_client.post(_board(sub_a), {"contributor": contributor_a.pk, "due": "25/12/2099"})
    assert response.status_code == 200 and "Hãy chọn một chỉ số chính" in response.content.decode()
    assert not Assignment.objects.exists()


def test_a_bad_due_date_shows_the_format(officer_a_client, sub_a, contributor_a):
    ind = indicators(sub_a, "1.4")[0]
    response = officer_a_client.post(_board(sub_a), {"contributor": contributor_a.pk, "indicators": [ind.pk], "due": "31/02/2099"})
    assert "dd/mm/yyyy" in response.content.decode() and not Assignment.objects.exists()


def test_the_board_of_another_province_is_404(officer_b, client, sub_a):
    client.force_login(officer_b)
    assert client.get(_board(sub_a)).status_code == 404


def test_the_board_is_refused_to_a_contributor(contributor_client, sub_a):
    assert contributor_client.get(_board(sub_a)).status_code == 403


def test_the_board_answers_put_with_405(officer_a_client, sub_a):
    assert officer_a_client.put(_board(sub_a)).status_code == 405


# --- Review, accept, send back --------------------------------------------------------------


def test_the_review_shows_the_contributor_s_figures_beside_the_current_ones(officer_a_client, handed_in, sub_a):
    IndicatorValue.objects.filter(submission=sub_a, indicator__code="1.4").update(inputs={"count": 2})
    body = officer_a_client.get(reverse("assessments:contribution_review", args=[handed_in.pk])).content.decode()
    assert "id=\"accept-form\"" in body and "id=\"send-back-form\"" in body
    row = body[body.index('data-code="1.4"'):]
    assert row.index("6") < row.index("2")


def test_accepting_through_the_page_saves_the_province_s_value(officer_a_client, handed_in, sub_a, contributor_a):
    response = officer_a_client.post(reverse("assessments:contribution_accept", args=[handed_in.pk]))
    assert response.status_code == 302
    assert IndicatorValue.objects.get(submission=sub_a, indicator__code="1.4").contributed_by == contributor_a


def test_sending_back_without_a_reason_shows_the_form_again(officer_a_client, handed_in):
    response = officer_a_client.post(reverse("assessments:contribution_send_back", args=[handed_in.pk]), {"reason": ""})
    assert response.status_code == 200 and Assignment.objects.get().status == S.HANDED_IN


def test_sending_back_with_a_reason(officer_a_client, handed_in):
    response = officer_a_client.post(reverse("assessments:contribution_send_back", args=[handed_in.pk]), {"reason": "Sai số"})
    assert response.status_code == 302 and Assignment.objects.get().send_back_reason == "Sai số"


def test_another_province_s_officer_gets_404_on_review_and_accept(client, officer_b, handed_in):
    client.force_login(officer_b)
    assert client.get(reverse("assessments:contribution_review", args=[handed_in.pk])).status_code == 404
    assert client.post(reverse("assessments:contribution_accept", args=[handed_in.pk])).status_code == 404
    assert Assignment.objects.get().status == S.HANDED_IN


def test_the_accept_route_answers_get_with_405(officer_a_client, handed_in):
    assert officer_a_client.get(reverse("assessments:contribution_accept", args=[handed_in.pk])).status_code == 405


# --- The contributor ------------------------------------------------------------------------


def test_the_contributor_s_home_lists_their_assignment(contributor_client, assignment):
    body = contributor_client.get("/").content.decode()
    assert reverse("assessments:contribution", args=[assignment.pk]) in body
    assert "Chưa có chỉ số nào được giao cho bạn." not in body


def test_the_contributor_s_page_shows_exactly_the_assigned_indicators(contributor_client, assignment):
    body = contributor_client.get(reverse("assessments:contribution", args=[assignment.pk])).content.decode()
    assert 'data-code="1.3"' in body and 'data-code="1.4"' in body
    assert 'data-code="1.1"' not in body and 'data-code="1.2"' not in body


def test_the_contributor_saves_and_hands_in_through_the_pages(contributor_client, assignment):
    cv = {c.indicator.code: c for c in assignment.values.select_related("indicator")}
    url = reverse("assessments:contribution", args=[assignment.pk])
    response = contributor_client.post(url, {f"c{cv['1.3'].pk}-numerator": "80", f"c{cv['1.3'].pk}-denominator": "100",
                                             f"c{cv['1.4'].pk}-count": "6"})
    assert response.status_code == 302
    contributor_client.post(reverse("assessments:contribution_hand_in", args=[assignment.pk]))
    assert Assignment.objects.get().status == S.HANDED_IN


def test_an_invalid_figure_shows_the_page_again_with_what_was_typed(contributor_client, assignment):
    cv = assignment.values.get(indicator__code="1.4")
    response = contributor_client.post(reverse("assessments:contribution", args=[assignment.pk]), {f"c{cv.pk}-count": "-3"})
    assert response.status_code == 200 and 'value="-3"' in response.content.decode()


def test_a_hostile_post_of_an_unassigned_indicator_is_404_and_changes_nothing(contributor_client, assignment, sub_a):
    other = ContributedValue.objects.create(
        assignment=assign(sub_a, factories.UserFactory(role=Role.OFFICER, unit=sub_a.unit), factories.UserFactory(
            role=Role.CONTRIBUTOR, unit=factories.SubUnitFactory(parent=sub_a.unit)), codes=("1.1",)),
        indicator=indicators(sub_a, "1.2")[0],
    )
    own = assignment.values.get(indicator__code="1.4")
    url = reverse("assessments:contribution", args=[assignment.pk])
    response = contributor_client.post(url, {f"c{own.pk}-count": "6", f"c{other.pk}-answer": "yes"})
    assert response.status_code == 404
    assert not ContributedValue.objects.exclude(inputs={}).exists()
    value_pk = IndicatorValue.objects.get(submission=sub_a, indicator__code="1.1").pk
    response = contributor_client.post(url, {f"v{value_pk}-choice": "chu_tich"})
    assert response.status_code == 404 and IndicatorValue.objects.get(pk=value_pk).inputs == {}


def test_another_contributor_gets_404_on_the_assignment(client, assignment, province_a):
    other = factories.UserFactory(role=Role.CONTRIBUTOR, unit=factories.SubUnitFactory(parent=province_a))
    client.force_login(other)
    assert client.get(reverse("assessments:contribution", args=[assignment.pk])).status_code == 404
    assert client.post(reverse("assessments:contribution_hand_in", args=[assignment.pk])).status_code == 404


def test_the_officer_is_refused_the_contributor_s_page(officer_a_client, assignment):
    assert officer_a_client.get(reverse("assessments:contribution", args=[assignment.pk])).status_code == 403


def test_the_hand_in_route_answers_get_with_405(contributor_client, assignment):
    assert contributor_client.get(reverse("assessments:contribution_hand_in", args=[assignment.pk])).status_code == 405


def test_the_contributor_reads_the_send_back_reason(contributor_client, handed_in, officer_a):
    services.send_back(actor=officer_a, assignment=handed_in, reason="Thiếu văn bản")
    body = contributor_client.get(reverse("assessments:contribution", args=[handed_in.pk])).content.decode()
    assert 'id="send-back-reason"' in body and "Thiếu văn bản" in body


def test_the_reviewer_reads_who_entered_an_accepted_figure(officer_a_client, reviewer_client, handed_in, sub_a, contributor_a):
    officer_a_client.post(reverse("assessments:contribution_accept", args=[handed_in.pk]))
    Submission.objects.filter(pk=sub_a.pk).update(status=SubmissionStatus.UNDER_REVIEW)
    value = IndicatorValue.objects.select_related("indicator__main_index").get(submission=sub_a, indicator__code="1.4")
    page = reviewer_client.get(reverse("review:appraisal", args=[sub_a.pk, value.indicator.main_index_id])).content.decode()
    card = page[page.index(f'id="ind-{value.pk}"'):]
    card = card[: card.index("</section>")]
    assert (
        f"Số liệu do {contributor_a.display_name} ({contributor_a.unit.name}) nhập; cán bộ tỉnh đã chấp nhận." in card
    )


def _appraisal_card(reviewer_client, sub, code) -> str:
    """The reviewer's appraisal row of one indicator, as the page shows it."""
    value = IndicatorValue.objects.select_related("indicator__main_index").get(submission=sub, indicator__code=code)
    page = reviewer_client.get(reverse("review:appraisal", args=[sub.pk, value.indicator.main_index_id])).content.decode()
    card = page[page.index(f'id="ind-{value.pk}"'):]
    return card[: card.index("</section>")]


def _officer_saves(officer_client, sub, inputs):
    """The officer's save of the entry page of main index NTS (1.3 and 1.4 are its rows)."""
    nts = sub.round.framework.main_indices.get(code="NTS")
    response = officer_client.post(entry_url(sub, nts), entry_post(sub, nts, inputs))
    assert response.status_code == 302


def test_an_accepted_figure_the_officer_changes_no_longer_names_the_contributor(
    officer_a_client, reviewer_client, handed_in, sub_a
):
    officer_a_client.post(reverse("assessments:contribution_accept", args=[handed_in.pk]))
    _officer_saves(officer_a_client, sub_a, {"1.3": FIGURES["1.3"], "1.4": {"count": "7"}})
    Submission.objects.filter(pk=sub_a.pk).update(status=SubmissionStatus.UNDER_REVIEW)
    assert IndicatorValue.objects.get(submission=sub_a, indicator__code="1.4").inputs == {"count": 7}
    assert "contributed-by" not in _appraisal_card(reviewer_client, sub_a, "1.4")


def test_an_accepted_figure_saved_again_unchanged_still_names_the_contributor(
    officer_a_client, reviewer_client, handed_in, sub_a, contributor_a
):
    officer_a_client.post(reverse("assessments:contribution_accept", args=[handed_in.pk]))
    _officer_saves(officer_a_client, sub_a, {"1.3": FIGURES["1.3"], "1.4": {"count": "7"}})
    Submission.objects.filter(pk=sub_a.pk).update(status=SubmissionStatus.UNDER_REVIEW)
    assert f"Số liệu do {contributor_a.display_name} ({contributor_a.unit.name}) nhập" in _appraisal_card(
        reviewer_client, sub_a, "1.3"
    )


def test_a_figure_the_officer_typed_names_no_contributor_to_the_reviewer(reviewer_client, sub_a):
    Submission.objects.filter(pk=sub_a.pk).update(status=SubmissionStatus.UNDER_REVIEW)
    value = IndicatorValue.objects.select_related("indicator__main_index").get(submission=sub_a, indicator__code="1.4")
    page = reviewer_client.get(reverse("review:appraisal", args=[sub_a.pk, value.indicator.main_index_id])).content.decode()
    assert "contributed-by" not in page


def _accepted_1_4(officer_a_client, handed_in, sub_a):
    officer_a_client.post(reverse("assessments:contribution_accept", args=[handed_in.pk]))
    return IndicatorValue.objects.select_related("indicator__main_index").get(submission=sub_a, indicator__code="1.4")


def _card(page: str, value) -> str:
    card = page[page.index(f'id="value-{value.pk}"'):]
    return card[: card.index("</section>")]


def test_the_officer_s_entry_page_says_which_figure_a_contributor_entered(officer_a_client, handed_in, sub_a, contributor_a):
    value = _accepted_1_4(officer_a_client, handed_in, sub_a)
    page = officer_a_client.get(reverse("assessments:entry", args=[sub_a.pk, value.indicator.main_index_id])).content.decode()
    assert (
        f"Số liệu do {contributor_a.display_name} ({contributor_a.unit.name}) nhập; cán bộ tỉnh đã chấp nhận."
        in _card(page, value)
    )


def test_an_accepted_figure_the_officer_then_changes_is_hers_and_names_no_contributor(officer_a_client, handed_in, sub_a):
    value = _accepted_1_4(officer_a_client, handed_in, sub_a)
    entry = reverse("assessments:entry", args=[sub_a.pk, value.indicator.main_index_id])
    response = officer_a_client.post(entry, {f"v{value.pk}-count": "9", f"v{value.pk}-version": value.version})
    assert response.status_code == 302
    value.refresh_from_db()
    assert (value.inputs, value.contributed_by) == ({"count": 9}, None)
    assert "contributed-by" not in _card(officer_a_client.get(entry).content.decode(), value)


def test_the_assignment_form_says_who_holds_an_indicator_not_yet_accepted(officer_a_client, assignment, sub_a, contributor_a):
    body = officer_a_client.get(_board(sub_a)).content.decode()
    assert f"1.4 Số buổi tuyên truyền về chuyển đổi số — đang giao cho {contributor_a.display_name}" in body
    assert "1.1 Ban Chỉ đạo chuyển đổi số —" not in body  # not assigned: the plain label
