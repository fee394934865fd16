"""Reminders before a deadline: beat's task, run in-process under a moving clock, and once by a
real worker. Stages: DEADLINE_REMINDER_DAYS = 7, 3, 1 days before, in Vietnam's calendar."""

from __future__ import annotations

import datetime as dt
import time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings as django_settings

from accounts.models import Notification, NotificationKind, OutgoingEmail
from assessments import tasks  # noqa: F401 — registers the task, as a worker's autodiscovery does
from assessments.models import DeadlineReminder, Submission, SubmissionStatus
from assessments.reminders import stage
from dtiportal.celery import app
from tests import factories
from tests.results.conftest import celery_worker  # noqa: F401 — the real worker fixture

VN = ZoneInfo("Asia/Ho_Chi_Minh")
# The round closes at 17:00 on Friday 20 March 2026, Vietnam time.
CLOSES = dt.datetime(2026, 3, 20, 17, 0, tzinfo=VN)
K = NotificationKind.DEADLINE_REMINDER


def at(day: int, hour: int = 9) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, 0, tzinfo=VN)


def run_beat_entry():
    """What beat does: send the task its schedule names (run here, in-process)."""
    entry = django_settings.CELERY_BEAT_SCHEDULE["deadline-reminders"]
    return app.tasks[entry["task"]].apply().get()


def reminders(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user, kind=K).order_by("created_at").values_list("message", flat=True))


@pytest.fixture
def rnd(province_a, province_b, settings):
    settings.DEADLINE_REMINDER_DAYS = (7, 3, 1)
    return factories.make_round(units=[province_a, province_b], opens_at=at(1), closes_at=CLOSES)


def test_the_stage_is_the_smallest_not_below_the_days_left():
    assert [stage(n, (1, 3, 7)) for n in (9, 8, 7, 5, 3, 2, 1, 0)] == [None, None, 7, 7, 3, 3, 1, 1]


@pytest.mark.django_db
def test_beat_runs_the_reminder_every_hour_or_so():
    entry = django_settings.CELERY_BEAT_SCHEDULE["deadline-reminders"]
    assert entry["task"] == "assessments.tasks.send_deadline_reminders"
    assert 0 < entry["schedule"] <= 24 * 3600


@pytest.mark.django_db
def test_nothing_is_sent_more_than_seven_days_before(rnd, officer_a):
    with time_machine.travel(at(12), tick=False):
        assert run_beat_entry() == 0
    assert reminders(officer_a) == []


@pytest.mark.django_db
def test_seven_days_before_the_officers_of_each_draft_are_reminded_once(rnd, officer_a, officer_b, reviewer):
    with time_machine.travel(at(13), tick=False):
        assert run_beat_entry() == 2
        assert run_beat_entry() == 0  # the next hour: already sent
    with time_machine.travel(at(13, 22), tick=False):
        assert run_beat_entry() == 0
    (message,) = reminders(officer_a)
    assert "còn 7 ngày" in message and "17:00 20/03/2026" in message and "Đà Nẵng" in message
    assert len(reminders(officer_b)) == 1
    assert Notification.objects.filter(recipient=reviewer).count() == 0
    assert OutgoingEmail.objects.filter(to=officer_a.email).count() == 1


@pytest.mark.django_db
def test_each_stage_fires_on_its_day_and_only_then(rnd, officer_a):
    sent_on = {}
    for day in range(12, 22):
        with time_machine.travel(at(day), tick=False):
            sent_on[day] = run_beat_entry()
    assert [d for d, n in sent_on.items() if n] == [13, 17, 19]
    assert ["còn 7 ngày" in m for m in reminders(officer_a)] == [True, False, False]
    assert "còn 1 ngày" in reminders(officer_a)[-1]


@pytest.mark.django_db
def test_a_beat_that_was_down_sends_the_current_stage_only(rnd, officer_a):
    with time_machine.travel(at(18), tick=False):  # 2 days left: the 7-day stage was missed
        assert run_beat_entry() == 2
    (message,) = reminders(officer_a)
    assert "còn 2 ngày" in message
    assert set(DeadlineReminder.objects.values_list("days_before", flat=True)) == {3}


@pytest.mark.django_db
def test_a_submission_sent_in_time_is_not_reminded(rnd, province_a, officer_a, officer_b):
    Submission.objects.filter(unit=province_a).update(status=SubmissionStatus.SUBMITTED)
    with time_machine.travel(at(13), tick=False):
        assert run_beat_entry() == 1
    assert reminders(officer_a) == [] and len(reminders(officer_b)) == 1


@pytest.mark.django_db
def test_after_the_deadline_nothing_is_sent(rnd, officer_a):
    with time_machine.travel(at(20, 18), tick=False):
        assert run_beat_entry() == 0


@pytest.mark.django_db
def test_an_extension_reminds_again_before_the_new_deadline(rnd, province_a, officer_a, officer_b):
    with time_machine.travel(at(19), tick=False):
        run_beat_entry()
    assert len(reminders(officer_a)) == 1
    Submission.objects.filter(unit=province_a).update(deadline_override=dt.datetime(2026, 3, 27, 17, 0, tzinfo=VN))
    with time_machine.travel(at(21), tick=False):  # the round's deadline passed; A's is in 6 days
        assert run_beat_entry() == 1
    with time_machine.travel(at(26), tick=False):
        assert run_beat_entry() == 1
    assert ["còn 6 ngày" in m for m in reminders(officer_a)[1:]] == [True, False]
    assert "27/03/2026" in reminders(officer_a)[-1]
    assert len(reminders(officer_b)) == 1


@pytest.mark.django_db
def test_on_the_last_day_the_reminder_says_today(rnd, officer_a):
    with time_machine.travel(at(20, 8), tick=False):
        run_beat_entry()
    (message,) = reminders(officer_a)
    assert "hôm nay" in message


@pytest.mark.django_db
def test_a_round_not_yet_open_reminds_nobody(province_a, officer_a, settings):
    settings.DEADLINE_REMINDER_DAYS = (7, 3, 1)
    factories.make_round(units=[province_a], opens_at=at(25), closes_at=dt.datetime(2026, 3, 26, 17, 0, tzinfo=VN))
    with time_machine.travel(at(24), tick=False):
        assert run_beat_entry() == 0


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("celery_worker")
def test_a_real_worker_sends_the_reminders(province_a, officer_a, settings):
    from assessments.tasks import send_deadline_reminders

    settings.DEADLINE_REMINDER_DAYS = (7, 3, 1)
    now = dt.datetime.now(VN)
    factories.make_round(units=[province_a], opens_at=now - dt.timedelta(days=5), closes_at=now + dt.timedelta(days=2, hours=1))
    send_deadline_reminders.delay()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not reminders(officer_a):
        time.sleep(0.2)
    (message,) = reminders(officer_a)
    assert "Đà Nẵng" in message
    assert DeadlineReminder.objects.count() == 1


def test_a_reminder_reads_its_deadline_in_vietnam_time():
    # As the database returns it, in UTC: 20:00 on 20 March is 03:00 on 21 March in Vietnam.
    deadline = dt.datetime(2026, 3, 20, 20, 0, tzinfo=dt.UTC)
    assert str(DeadlineReminder(submission_id=7, deadline=deadline, days_before=3)) == "7 03:00 21/03/2026 -3"
