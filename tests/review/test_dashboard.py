"""The round dashboard, checked against a hand count on a small round built step by step.

The round closes at 17:00 on 20 March 2026; its review deadline is 17:00 on 10 April; the
dashboard is read on 15 April. Five provinces, each indicator set of the small framework
(6 values to enter, 4 of them with required evidence):

- A  sent 18/3, signed off 5/4 by the lead                      (reviewer R1)
- B  sent 19/3, returned 25/3, answered 28/3: on time by its first sending    (R1)
- C  extension to 25/3, sent 22/3: on time by its own deadline     (not assigned)
- D  sent 21/3, late; returned 1/4                                            (R2)
- E  never sent: a draft with 2 of 6 values and 1 of 4 files
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from accounts.models import AuditEntry, Role
from assessments.models import Evidence, IndicatorValue, Round, Submission
from assessments.workflow import Action, transition
from review import dashboard
from tests import factories
from tests.review.conftest import fill, send

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(month: int, day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, 0, tzinfo=VN)


NOW = at(4, 15)


def move(sub, action, actor, when, **kw):
    with time_machine.travel(when, tick=False):
        return transition(sub, action, actor=actor, **kw)


def send_at(sub, officer, when):
    with time_machine.travel(when, tick=False):
        return send(sub, officer)


@pytest.fixture
def world(lead_reviewer):
    names = ["An Giang", "Bắc Ninh", "Cà Mau", "Gia Lai", "Hà Nam"]
    units = [factories.UnitFactory(code=str(60 + i), name=n) for i, n in enumerate(names)]
    officers = [factories.UserFactory(role=Role.OFFICER, unit=u) for u in units]
    r1 = factories.UserFactory(username="r1", full_name="Reviewer Một", role=Role.REVIEWER)
    r2 = factories.UserFactory(username="r2", full_name="Reviewer Hai", role=Role.REVIEWER)
    with time_machine.travel(at(3, 1), tick=False):
        rnd = factories.make_round(units=units, opens_at=at(3, 1, 8), closes_at=at(3, 20, 17))
    Round.objects.filter(pk=rnd.pk).update(review_closes_at=at(4, 10, 17))
    rnd.refresh_from_db()
    a, b, c, d, e = (rnd.submissions.get(unit=u) for u in units)
    for sub in (a, b, c, d, e):
        fill(sub)
    Submission.objects.filter(pk__in=[a.pk, b.pk]).update(assigned_reviewer=r1)
    Submission.objects.filter(pk=d.pk).update(assigned_reviewer=r2)
    Submission.objects.filter(pk=c.pk).update(deadline_override=at(3, 25, 17))
    for sub in (a, b, c, d):
        sub.refresh_from_db()

    send_at(a, officers[0], at(3, 18))
    move(a, Action.START_REVIEW, r1, at(3, 30))
    IndicatorValue.objects.filter(submission=a).update(final_points=0)
    move(a, Action.SIGN_OFF, lead_reviewer, at(4, 5))

    send_at(b, officers[1], at(3, 19))
    move(b, Action.START_REVIEW, r1, at(3, 24))
    move(b, Action.RETURN, r1, at(3, 25))
    move(b, Action.RESUBMIT, officers[1], at(3, 28), extra_fields={"submitted_at": at(3, 28)})

    send_at(c, officers[2], at(3, 22))

    send_at(d, officers[3], at(3, 21))
    move(d, Action.START_REVIEW, r2, at(3, 31))
    move(d, Action.RETURN, r2, at(4, 1))

    IndicatorValue.objects.filter(submission=e).exclude(indicator__code__in=["1.1", "1.2"]).update(self_points=None)
    Evidence.objects.filter(value__submission=e).exclude(value__indicator__code="1.1").delete()
    return {"round": rnd, "subs": (a, b, c, d, e), "r1": r1, "r2": r2}


def build(world):
    rnd = Round.objects.get(pk=world["round"].pk)
    return dashboard.build(rnd, now=NOW)


def test_completeness_counts_values_entered_against_values_to_enter(world):
    dash = build(world)
    assert (dash.entered, dash.to_enter) == (4 * 6 + 2, 5 * 6)
    assert dash.completeness == Decimal("86.7")
    assert [(x.entered, x.to_enter) for x in dash.lines] == [(6, 6)] * 4 + [(2, 6)]


def test_evidence_counts_current_files_where_required(world):
    dash = build(world)
    assert (dash.evidence, dash.evidence_required) == (4 * 4 + 1, 5 * 4)
    assert dash.evidence_rate == Decimal("85.0")


def test_a_removed_file_no_longer_counts(world):
    a = world["subs"][0]
    Evidence.objects.filter(value__submission=a, value__indicator__code="1.1").update(removed_at=NOW)
    assert build(world).lines[0].evidence == 3


def test_on_time_rate_reads_the_first_sending_and_each_units_own_deadline(world):
    dash = build(world)
    assert [x.on_time for x in dash.lines] == [True, True, True, False, None]
    assert (dash.sent_on_time, dash.sent) == (3, 4)
    assert dash.on_time_rate == Decimal("75.0")
    assert dash.not_sent_late == 1 and dash.lines[4].not_sent_late


def test_states_and_their_age_in_days_since_the_last_change(world):
    dash = build(world)
    by_status = {st.status: (st.count, st.oldest_days) for st in dash.states}
    assert by_status == {
        "draft": (1, 45), "awaiting_approval": (0, None), "approved": (0, None), "submitted": (1, 24),
        "under_review": (0, None), "returned": (1, 14), "resubmitted": (1, 18), "signed_off": (1, 10),
        "published": (0, None), "excluded": (0, None),
    }
    assert [x.age_days for x in dash.lines] == [10, 18, 24, 14, 45]


def test_sent_submissions_not_signed_off_by_the_review_deadline_are_overdue(world):
    dash = build(world)
    assert [x.review_overdue for x in dash.lines] == [False, True, True, True, False]
    assert dash.review_overdue == 3


def test_before_the_review_deadline_nothing_is_overdue(world):
    rnd = Round.objects.get(pk=world["round"].pk)
    assert dashboard.build(rnd, now=at(4, 9)).review_overdue == 0


def test_workload_per_reviewer_and_the_unassigned(world):
    rows = [(str(w.reviewer or "-"), w.assigned, w.waiting, w.returned, w.signed, w.overdue) for w in build(world).workload]
    assert rows == [
        ("Reviewer Một", 2, 1, 0, 1, 1),
        ("Reviewer Hai", 1, 0, 1, 0, 1),
        ("-", 1, 1, 0, 0, 1),
    ]


# --- the pages -----------------------------------------------------------------------------


def url(world, name="review:dashboard"):
    return reverse(name, args=[world["round"].pk])


def test_the_lead_reads_the_figures_on_the_page(world, lead_client):
    with time_machine.travel(NOW, tick=False):
        html = lead_client.get(url(world)).content.decode()
    assert "86,7 %" in html and "85,0 %" in html and "75,0 %" in html
    assert "26 / 30" in html and "17 / 20" in html and "3 / 4" in html
    assert "17:00 10/04/2026" in html
    assert "3 hồ sơ quá hạn thẩm định" in html
    assert html.count('text-bg-danger">Quá hạn thẩm định') == 3  # the rows of B, C and D
    assert "Quá hạn, chưa gửi" in html
    assert 'name="review_closes_at"' in html


def test_a_reviewer_reads_it_without_the_deadline_form(world, reviewer_client):
    html = reviewer_client.get(url(world)).content.decode()
    assert "Tiến độ đợt đánh giá" in html
    assert 'name="review_closes_at"' not in html


def test_officers_may_not_read_it(world, officer_a_client, client):
    assert officer_a_client.get(url(world)).status_code == 403
    assert client.get(url(world)).status_code == 302


def test_the_csv_has_a_row_per_submission_and_the_page_figures(world, lead_client):
    with time_machine.travel(NOW, tick=False):
        response = lead_client.get(url(world, "review:dashboard_csv"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert header[:4] == ["Mã đơn vị", "Đơn vị", "Trạng thái", "Số ngày ở trạng thái này"]
    assert [r[1] for r in body] == ["An Giang", "Bắc Ninh", "Cà Mau", "Gia Lai", "Hà Nam"]
    col = {name: i for i, name in enumerate(header)}
    assert [r[col["Số liệu đã nhập"]] for r in body] == ["6", "6", "6", "6", "2"]
    assert [r[col["Gửi đúng hạn"]] for r in body] == ["có", "có", "có", "không", ""]
    assert [r[col["Quá hạn thẩm định"]] for r in body] == ["không", "có", "có", "có", "không"]
    assert body[4][col["Tỷ lệ hoàn thành (%)"]] == "33.3"


def test_the_csv_headers_follow_the_users_language(world, lead_client):
    lead_client.cookies["django_language"] = "en"
    response = lead_client.get(url(world, "review:dashboard_csv"), HTTP_ACCEPT_LANGUAGE="en")
    header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert (header[1], header[2], header[9], header[12]) == ("Unit", "Status", "Deadline", "Reviewer")


def test_the_page_costs_the_same_queries_for_five_or_fifteen_units(world, lead_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(7):
        lead_client.get(url(world))
    more = [factories.UnitFactory(code=str(80 + i)) for i in range(10)]
    for unit in more:
        sub = Submission.objects.create(round=world["round"], unit=unit)
        IndicatorValue.objects.bulk_create(
            [IndicatorValue(submission=sub, indicator=i) for i in world["round"].framework.indicators.all()]
        )
        fill(sub)
    with django_assert_max_num_queries(7):
        lead_client.get(url(world))


# --- the review deadline -------------------------------------------------------------------


def test_the_lead_sets_the_review_deadline_and_it_is_audited(world, lead_client, lead_reviewer):
    response = lead_client.post(url(world, "review:review_deadline"), {"review_closes_at": "30/04/2026 17:00"})
    assert response.status_code == 302
    rnd = Round.objects.get(pk=world["round"].pk)
    assert rnd.review_closes_at == at(4, 30, 17)
    assert AuditEntry.objects.filter(action="round.set_review_deadline", actor=lead_reviewer).count() == 1


def test_an_empty_review_deadline_clears_it(world, admin_client_):
    admin_client_.post(url(world, "review:review_deadline"), {"review_closes_at": ""})
    assert Round.objects.get(pk=world["round"].pk).review_closes_at is None


def test_a_review_deadline_before_the_round_closes_is_refused(world, lead_client):
    response = lead_client.post(url(world, "review:review_deadline"), {"review_closes_at": "01/03/2026 17:00"}, follow=True)
    assert "Hạn thẩm định phải sau hạn nộp của đợt." in response.content.decode()
    assert Round.objects.get(pk=world["round"].pk).review_closes_at == at(4, 10, 17)


def test_a_review_deadline_that_is_no_date_is_refused(world, lead_client):
    response = lead_client.post(url(world, "review:review_deadline"), {"review_closes_at": "ngày mai" * 50}, follow=True)
    assert response.status_code == 200
    assert "Hạn thẩm định không hợp lệ" in response.content.decode()
    assert Round.objects.get(pk=world["round"].pk).review_closes_at == at(4, 10, 17)


def test_a_reviewer_may_not_set_the_review_deadline(world, reviewer_client):
    assert reviewer_client.post(url(world, "review:review_deadline"), {"review_closes_at": "30/04/2026 17:00"}).status_code == 403
    assert reviewer_client.get(url(world, "review:review_deadline")).status_code == 405


def test_the_queue_and_the_reviewers_home_link_to_the_dashboard(world, reviewer_client):
    assert url(world) in reviewer_client.get(reverse("review:queue", args=[world["round"].pk])).content.decode()
    assert url(world) in reviewer_client.get(reverse("home")).content.decode()


def test_an_excluded_unit_is_neither_overdue_nor_anyone_s_work(world):
    """Hà Nam never sent; an admin excluded it after the deadline."""
    e = world["subs"][4]
    Submission.objects.filter(pk=e.pk).update(status="excluded")
    dash = build(world)
    assert dash.lines[4].review_overdue is False and dash.lines[4].not_sent_late is False
    assert sum(w.assigned for w in dash.workload) == 4
    assert {st.status: st.count for st in dash.states}["excluded"] == 1
