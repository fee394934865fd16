"""Review work that shows: starting takes an unassigned submission, the pages say who holds
one, and the reviewer's home, the round list and the workload table count what really waits
(checked against a hand-counted round)."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from accounts.models import AuditEntry, Role
from assessments.models import Submission, SubmissionStatus
from tests import factories
from tests.review.conftest import value

pytestmark = pytest.mark.django_db
S = SubmissionStatus


def start(client, sub):
    return client.post(f"/tham-dinh/ho-so/{sub.pk}/bat-dau/", follow=True)


@pytest.fixture
def reviewer2(db):
    return factories.UserFactory(username="reviewer2", full_name="Trần Thị Hai", role=Role.REVIEWER)


def test_starting_an_unassigned_submission_assigns_the_reviewer_who_starts(reviewer_client, reviewer, sub_a):
    response = start(reviewer_client, sub_a)
    sub_a.refresh_from_db()
    assert sub_a.status == S.UNDER_REVIEW and sub_a.assigned_reviewer == reviewer
    row = AuditEntry.objects.get(action="review.assign", target_id=str(sub_a.pk))
    assert row.actor == reviewer and row.old == {"assigned_reviewer": None} and row.new == {"assigned_reviewer": "reviewer"}
    assert f"người thẩm định: {reviewer.display_name}" in response.content.decode()


def test_the_first_appraisal_also_takes_an_unassigned_submission(reviewer_client, reviewer, sub_a):
    v = value(sub_a, "1.1")
    reviewer_client.post(f"/tham-dinh/ho-so/{sub_a.pk}/gia-tri/{v.pk}/tham-dinh/", {"points": "10", "version": v.version})
    sub_a.refresh_from_db()
    assert sub_a.assigned_reviewer == reviewer


def test_the_lead_starting_keeps_the_assignment_made(lead_client, lead_reviewer, reviewer2, sub_a):
    lead_client.post(f"/tham-dinh/dot/{sub_a.round_id}/phan-cong/", {"submissions": [sub_a.pk], "reviewer": reviewer2.pk})
    start(lead_client, sub_a)
    sub_a.refresh_from_db()
    assert sub_a.status == S.UNDER_REVIEW and sub_a.assigned_reviewer == reviewer2


def test_another_reviewer_is_told_who_holds_it_and_who_may_reassign(reviewer_client, reviewer2, sub_a):
    Submission.objects.filter(pk=sub_a.pk).update(assigned_reviewer=reviewer2)
    html = reviewer_client.get(f"/tham-dinh/ho-so/{sub_a.pk}/").content.decode()
    note = re.search(r'id="holder-note">(.*?)</div>', html, re.S).group(1)
    assert "Trần Thị Hai" in note and "trưởng nhóm thẩm định phân công lại" in note
    response = start(reviewer_client, sub_a)
    assert "Hồ sơ này đã được phân công cho" in response.content.decode()
    sub_a.refresh_from_db()
    assert sub_a.status == S.SUBMITTED and sub_a.assigned_reviewer == reviewer2


def test_an_unassigned_waiting_submission_says_who_will_take_it(reviewer_client, sub_a):
    html = reviewer_client.get(f"/tham-dinh/ho-so/{sub_a.pk}/").content.decode()
    assert "Chưa phân công người thẩm định: người bắt đầu thẩm định" in html


# --- counts against a hand count -------------------------------------------------------------

# unit code → (status, assigned to the reviewer?)
ROUND = {
    "01": (S.SUBMITTED, False),
    "02": (S.RESUBMITTED, False),
    "04": (S.UNDER_REVIEW, True),
    "06": (S.RETURNED, True),
    "08": (S.SIGNED_OFF, True),
    "10": (S.PUBLISHED, False),
    "11": (S.DRAFT, False),  # the province's own: counted nowhere
    "12": (S.SIGNED_OFF, False),
}


@pytest.fixture
def counted_round(reviewer):
    units = [factories.UnitFactory(code=code, gso_code=code, name=f"Tỉnh {code}") for code in ROUND]
    rnd = factories.make_round(units=units)
    for sub in rnd.submissions.select_related("unit"):
        status, mine = ROUND[sub.unit.code]
        Submission.objects.filter(pk=sub.pk).update(status=status, assigned_reviewer=reviewer if mine else None)
    return rnd


def test_the_reviewers_home_counts_what_waits_for_them_and_for_anyone(reviewer_client, counted_round):
    response = reviewer_client.get("/")
    html = response.content.decode()
    assert re.search(r'id="my-todo">1<', html)  # 04: under review, theirs
    assert "và 2 hồ sơ chưa phân công đang chờ người nhận" in html  # 01 and 02
    rnd = next(r for r in response.context["rounds"] if r.pk == counted_round.pk)
    assert (rnd.n_units, rnd.n_waiting, rnd.n_signed) == (8, 3, 3)  # waiting 01 02 04; signed 08 10 12


def test_the_review_index_says_the_same(reviewer_client, counted_round):
    text = re.search(r'id="my-work">(.*?)</p>', reviewer_client.get("/tham-dinh/").content.decode(), re.S).group(1)
    assert "Bạn có 1 hồ sơ cần thẩm định và 1 hồ sơ đang chờ đơn vị giải trình." in text
    assert "2 hồ sơ đang chờ, chưa phân công cho ai" in text


def _cells(html: str, row_start: str) -> list[str]:
    row = re.search(row_start + r".*?</tr>", html, re.S).group(0)
    return re.findall(r'<td class="text-end">(\d+)</td>', row)


def test_the_workload_table_adds_up_to_the_round(reviewer_client, reviewer, counted_round):
    html = reviewer_client.get(f"/tham-dinh/dot/{counted_round.pk}/").content.decode()
    # assigned, to do, waiting for the province, done
    assert _cells(html, r'<tr class="table-primary"><td>' + re.escape(reviewer.display_name)) == ["3", "1", "1", "1"]
    assert _cells(html, r'<tr class="table-warning" id="workload-unassigned">') == ["4", "2", "0", "2"]


def test_the_queue_counts_every_state_of_the_round(reviewer_client, counted_round):
    html = reviewer_client.get(f"/tham-dinh/dot/{counted_round.pk}/").content.decode()
    counts = " ".join(re.search(r'id="status-counts">(.*?)</p>', html, re.S).group(1).split())
    assert "Tổng: <strong>8</strong>" in counts
    for label, n in [("Đã gửi", 1), ("Đang thẩm định", 1), ("Chờ giải trình", 1), ("Đã gửi bổ sung", 1),
                     ("Đã ký duyệt", 2), ("Đã công bố", 1), ("Đơn vị đang nhập", 1)]:
        assert f"{label}: {n} " in counts + " ", label


@pytest.fixture
def closed_round(reviewer):
    """Entry closed yesterday: one draft still within its own extension, two past the deadline,
    one submitted."""
    now = timezone.now()
    units = [factories.UnitFactory(code=code, gso_code=code, name=f"Tỉnh {code}") for code in ("21", "22", "23", "24")]
    rnd = factories.make_round(units=units, closes_at=now - dt.timedelta(days=1))
    Submission.objects.filter(round=rnd, unit__code="21").update(deadline_override=now + dt.timedelta(days=3))
    Submission.objects.filter(round=rnd, unit__code="24").update(status=S.SUBMITTED)
    return rnd


def _status_counts(client, rnd) -> str:
    html = client.get(f"/tham-dinh/dot/{rnd.pk}/").content.decode()
    return " ".join(re.search(r'id="status-counts">(.*?)</p>', html, re.S).group(1).split())


def test_after_the_deadline_the_queue_counts_only_extended_drafts_as_entering(reviewer_client, closed_round):
    assert "Đơn vị đang nhập: 1 (trong thời gian gia hạn)" in _status_counts(reviewer_client, closed_round)


def test_after_the_deadline_the_queue_counts_drafts_past_it_as_overdue(reviewer_client, closed_round):
    assert "Chưa nộp, đã quá hạn: 2" in _status_counts(reviewer_client, closed_round)
