"""The officer's progress board (issue 17): per contributor, the indicators assigned, handed in
and accepted, and what is overdue; its query count does not grow with the contributors."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from assessments import services
from assessments.models import Assignment
from tests import factories

from .contribution_helpers import FIGURES, assign, fill

pytestmark = pytest.mark.django_db


def board_url(sub) -> str:
    return reverse("assessments:contributions", args=[sub.pk])


def row(html: str, username: str) -> str:
    (found,) = re.findall(rf'<tr data-contributor="{username}">(.*?)</tr>', html, flags=re.S)
    return found


def counts(html: str, username: str) -> dict[str, int]:
    return {k: int(v) for k, v in re.findall(r'data-count="(\w+)">(\d+)<', row(html, username))}


def overdue(assignment, sub):
    Assignment.objects.filter(pk=assignment.pk).update(due_at=sub.round.opens_at)


def contributor(department, n):
    return factories.UserFactory(username=f"contributor_{n}", role=Role.CONTRIBUTOR, unit=department)


@pytest.fixture
def two_contributors(sub_a, officer_a, contributor_a, department_a):
    """contributor_a: 1.3 accepted, 2.1 and 2.2 not handed in and overdue; contributor_2: 1.4
    handed in, awaiting the officer."""
    accepted = assign(sub_a, officer_a, contributor_a, codes=("1.3",))
    fill(accepted, contributor_a, **FIGURES)
    services.hand_in(actor=contributor_a, assignment=accepted)
    services.accept(actor=officer_a, assignment=accepted)
    late = assign(sub_a, officer_a, contributor_a, codes=("2.1", "2.2"))
    overdue(late, sub_a)
    second = contributor(department_a, 2)
    waiting = assign(sub_a, officer_a, second, codes=("1.4",))
    fill(waiting, second, **FIGURES)
    services.hand_in(actor=second, assignment=waiting)
    return {"accepted": accepted, "late": late, "waiting": waiting}


def test_each_contributor_has_a_row_with_their_own_counts(officer_a_client, sub_a, two_contributors):
    html = officer_a_client.get(board_url(sub_a)).content.decode()
    assert counts(html, "contributor_a") == {"assigned": 3, "handed_in": 1, "accepted": 1, "overdue": 2}
    assert counts(html, "contributor_2") == {"assigned": 1, "handed_in": 1, "accepted": 0, "overdue": 0}


def test_the_board_marks_the_overdue_assignment_and_no_other(officer_a_client, sub_a, two_contributors):
    html = officer_a_client.get(board_url(sub_a)).content.decode()
    assert re.findall(r'data-overdue="(\d+)"', html) == [str(two_contributors["late"].pk)]


def test_a_handed_in_assignment_past_its_due_date_is_not_overdue(officer_a_client, sub_a, two_contributors):
    overdue(two_contributors["waiting"], sub_a)
    html = officer_a_client.get(board_url(sub_a)).content.decode()
    assert counts(html, "contributor_2")["overdue"] == 0


def test_a_sent_back_assignment_past_its_due_date_is_overdue(officer_a_client, sub_a, officer_a, two_contributors):
    services.send_back(actor=officer_a, assignment=two_contributors["waiting"], reason="Thiếu nguồn số liệu")
    overdue(two_contributors["waiting"], sub_a)
    html = officer_a_client.get(board_url(sub_a)).content.decode()
    assert counts(html, "contributor_2")["overdue"] == 1


def test_the_board_costs_the_same_queries_for_one_or_five_contributors(
    officer_a_client, sub_a, officer_a, department_a, django_assert_max_num_queries
):
    codes = ["1.1", "1.2", "1.3", "1.4", "2.1"]
    assign(sub_a, officer_a, contributor(department_a, 1), codes=codes[:1])
    with CaptureQueriesContext(connection) as one:
        assert officer_a_client.get(board_url(sub_a)).status_code == 200
    # The session, the user, the submission, the board (one query), the unread count, the form
    # (its general-information items one query of their own, whatever the number of contributors),
    # who holds each indicator already (one query) and the submission's tabs (one).
    assert len(one.captured_queries) <= 12
    for n, code in enumerate(codes[1:], start=2):
        assign(sub_a, officer_a, contributor(department_a, n), codes=(code,))
    with django_assert_max_num_queries(len(one.captured_queries)):
        html = officer_a_client.get(board_url(sub_a)).content.decode()
    assert html.count("<tr data-contributor=") == 5
