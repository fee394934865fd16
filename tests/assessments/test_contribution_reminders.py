"""Reminders about contributions (issue 17): beat's task run in-process under a moving clock,
the notices read through the pages, and once by a real worker. Stages: 3 and 1 days before the
assignment's due date (CONTRIBUTION_DUE_REMINDER_DAYS) and before the submission's deadline
(CONTRIBUTION_ROUND_REMINDER_DAYS), in Vietnam's calendar; an overdue notice once."""

from __future__ import annotations

import datetime as dt
import time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings as django_settings
from django.urls import reverse

from accounts.models import (
    Notification,
    NotificationKind,
    NotificationPreference,
    OutgoingEmail,
    OutgoingEmailStatus,
    Role,
)
from assessments import (
    contribution_reminders,
    services,
    tasks,  # noqa: F401 — registers the task, as a worker's autodiscovery does
)
from assessments.models import Assignment, ContributionReminder, Submission, SubmissionStatus
from dtiportal.celery import app
from tests import factories
from tests.results.conftest import celery_worker  # noqa: F401 — the real worker fixture

from .contribution_helpers import FIGURES, fill, indicators

VN = ZoneInfo("Asia/Ho_Chi_Minh")
# The round closes at 17:00 on Friday 20 March 2026; A's contributor's figures are due at
# 17:00 on Thursday 12 March, Vietnam time.
CLOSES = dt.datetime(2026, 3, 20, 17, 0, tzinfo=VN)
DUE = dt.datetime(2026, 3, 12, 17, 0, tzinfo=VN)
K = NotificationKind


def at(day: int, hour: int = 9) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, 0, tzinfo=VN)


def run_beat_entry(day: int, hour: int = 9) -> int:
    """What beat does at that hour: send the task its schedule names (run here, in-process)."""
    entry = django_settings.CELERY_BEAT_SCHEDULE["contribution-reminders"]
    with time_machine.travel(at(day, hour), tick=False):
        return app.tasks[entry["task"]].apply().get()


def notices(user, kind) -> list[str]:
    return list(Notification.objects.filter(recipient=user, kind=kind).order_by("created_at", "id").values_list("message", flat=True))


def assign(sub, officer, contributor, *, due=DUE, codes=("1.3", "1.4"), day=2):
    with time_machine.travel(at(day), tick=False):
        return services.assign(actor=officer, submission=sub, contributor=contributor, indicators=indicators(sub, *codes), due_at=due)


def hand_in(assignment, contributor, day=5):
    with time_machine.travel(at(day), tick=False):
        fill(assignment, contributor, **FIGURES)
        return services.hand_in(actor=contributor, assignment=assignment)


@pytest.fixture
def rnd(province_a, province_b, settings):
    settings.CONTRIBUTION_DUE_REMINDER_DAYS = (3, 1)
    settings.CONTRIBUTION_ROUND_REMINDER_DAYS = (3, 1)
    return factories.make_round(units=[province_a, province_b], opens_at=at(1), closes_at=CLOSES)


@pytest.fixture
def assignment(sub_a, officer_a, contributor_a):
    return assign(sub_a, officer_a, contributor_a)


@pytest.fixture
def second_contributor(department_a):
    return factories.UserFactory(username="contributor_a2", role=Role.CONTRIBUTOR, unit=department_a)


# --- Beat -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_beat_runs_the_contribution_reminders_every_hour_or_so():
    entry = django_settings.CELERY_BEAT_SCHEDULE["contribution-reminders"]
    assert entry["task"] == "assessments.tasks.send_contribution_reminders"
    assert 0 < entry["schedule"] <= 24 * 3600


# --- Before the assignment's due date -------------------------------------------------------


@pytest.mark.django_db
def test_nothing_is_sent_more_than_three_days_before_the_due_date(assignment, contributor_a):
    assert run_beat_entry(8) == 0
    assert notices(contributor_a, K.CONTRIBUTION_DUE_REMINDER) == []


@pytest.mark.django_db
def test_three_days_before_the_due_date_the_contributor_is_reminded(assignment, contributor_a):
    assert run_beat_entry(9) == 1
    (message,) = notices(contributor_a, K.CONTRIBUTION_DUE_REMINDER)
    assert message == (
        f"{assignment.submission.round}: còn 3 ngày đến hạn nộp số liệu được giao (17:00 12/03/2026); "
        "2 chỉ số bạn nhập cho Đà Nẵng chưa nộp."
    )


@pytest.mark.django_db
def test_the_reminder_links_to_the_contributor_s_assignment(assignment, contributor_a):
    run_beat_entry(9)
    notice = Notification.objects.get(recipient=contributor_a, kind=K.CONTRIBUTION_DUE_REMINDER)
    assert notice.url == reverse("assessments:contribution", args=[assignment.pk])


@pytest.mark.django_db
def test_a_reminder_is_sent_once_however_often_beat_runs(assignment, contributor_a):
    assert [run_beat_entry(9), run_beat_entry(9), run_beat_entry(9, 22)] == [1, 0, 0]
    assert len(notices(contributor_a, K.CONTRIBUTION_DUE_REMINDER)) == 1
    assert ContributionReminder.objects.count() == 1


@pytest.mark.django_db
def test_the_reminder_is_emailed_through_the_outbox(assignment, contributor_a):
    run_beat_entry(9)
    assert OutgoingEmail.objects.filter(to=contributor_a.email, notification__kind=K.CONTRIBUTION_DUE_REMINDER).count() == 1


@pytest.mark.django_db
def test_the_officers_are_not_told_of_a_due_date_still_ahead(assignment, officer_a):
    run_beat_entry(9)
    assert Notification.objects.filter(recipient=officer_a).exclude(kind=K.CONTRIBUTION_ASSIGNED).count() == 0


@pytest.mark.django_db
def test_each_stage_fires_on_its_day_and_the_overdue_notice_after_the_due_date(assignment, contributor_a):
    sent_on = [day for day in range(5, 15) if run_beat_entry(day)]
    assert sent_on == [9, 11, 13]
    assert ["còn 3 ngày" in m for m in notices(contributor_a, K.CONTRIBUTION_DUE_REMINDER)] == [True, False]
    assert "còn 1 ngày" in notices(contributor_a, K.CONTRIBUTION_DUE_REMINDER)[-1]


@pytest.mark.django_db
def test_a_beat_that_was_down_sends_the_current_stage_only(assignment, contributor_a):
    assert run_beat_entry(10) == 1  # 2 days left: the 3-day stage, once
    assert run_beat_entry(11) == 1  # the 1-day stage
    assert ["còn 2 ngày" in m for m in notices(contributor_a, K.CONTRIBUTION_DUE_REMINDER)] == [True, False]


@pytest.mark.django_db
def test_the_stages_follow_the_setting(assignment, contributor_a, settings):
    settings.CONTRIBUTION_DUE_REMINDER_DAYS = (7,)
    assert [day for day in range(4, 12) if run_beat_entry(day)] == [5]
    assert "còn 7 ngày" in notices(contributor_a, K.CONTRIBUTION_DUE_REMINDER)[0]


@pytest.mark.django_db
def test_on_the_due_day_the_reminder_says_today(sub_a, officer_a, contributor_a):
    assign(sub_a, officer_a, contributor_a, day=11)
    with time_machine.travel(at(12, 8), tick=False):
        contribution_reminders.send_contribution_reminders()
    (message,) = notices(contributor_a, K.CONTRIBUTION_DUE_REMINDER)
    assert "hôm nay (17:00 12/03/2026) là hạn nộp số liệu được giao" in message


@pytest.mark.django_db
def test_a_handed_in_assignment_is_not_reminded(assignment, contributor_a):
    hand_in(assignment, contributor_a)
    assert run_beat_entry(9) == 0


@pytest.mark.django_db
def test_a_sent_back_assignment_is_reminded_of_its_due_date(assignment, contributor_a, officer_a):
    hand_in(assignment, contributor_a)
    with time_machine.travel(at(6), tick=False):
        services.send_back(actor=officer_a, assignment=assignment, reason="Thiếu số liệu quý IV")
    assert run_beat_entry(9) == 1
    assert "còn 3 ngày" in notices(contributor_a, K.CONTRIBUTION_DUE_REMINDER)[0]


@pytest.mark.django_db
def test_a_new_due_date_starts_the_stages_again(assignment, contributor_a):
    run_beat_entry(11)
    Assignment.objects.filter(pk=assignment.pk).update(due_at=dt.datetime(2026, 3, 16, 17, 0, tzinfo=VN))
    assert run_beat_entry(13) == 1
    assert "còn 3 ngày đến hạn nộp số liệu được giao (17:00 16/03/2026)" in notices(contributor_a, K.CONTRIBUTION_DUE_REMINDER)[-1]


# --- Overdue ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_once_the_due_date_passed_the_contributor_is_told_it_is_overdue(assignment, contributor_a):
    assert run_beat_entry(12, 18) == 1
    (message,) = notices(contributor_a, K.CONTRIBUTION_OVERDUE)
    assert "đã quá hạn nộp số liệu được giao (17:00 12/03/2026)" in message
    assert "Hạn nộp hồ sơ của tỉnh: 17:00 20/03/2026." in message


@pytest.mark.django_db
def test_the_officers_are_told_which_contributor_is_overdue(assignment, officer_a, officer_b, sub_a):
    run_beat_entry(12, 18)
    (message,) = notices(officer_a, K.CONTRIBUTION_OVERDUE)
    assert "Nguyễn Văn contributor_a quá hạn nộp số liệu của 2 chỉ số được giao (hạn 17:00 12/03/2026)" in message
    assert Notification.objects.get(recipient=officer_a, kind=K.CONTRIBUTION_OVERDUE).url == reverse(
        "assessments:contributions", args=[sub_a.pk]
    )
    assert notices(officer_b, K.CONTRIBUTION_OVERDUE) == []


@pytest.mark.django_db
def test_the_overdue_notice_is_sent_once(assignment, contributor_a):
    assert [run_beat_entry(12, 18), run_beat_entry(13), run_beat_entry(14)] == [1, 0, 0]
    assert len(notices(contributor_a, K.CONTRIBUTION_OVERDUE)) == 1


# --- Before the submission's deadline --------------------------------------------------------


@pytest.mark.django_db
def test_an_overdue_contributor_is_reminded_of_the_province_s_deadline(assignment, contributor_a):
    run_beat_entry(17)
    (message,) = notices(contributor_a, K.CONTRIBUTION_DUE_REMINDER)
    assert message.endswith(
        "còn 3 ngày đến hạn nộp hồ sơ của Đà Nẵng (17:00 20/03/2026); 2 chỉ số giao cho bạn chưa nộp."
    )


@pytest.mark.django_db
def test_an_assignment_due_after_the_deadline_is_reminded_of_the_deadline(sub_a, officer_a, contributor_a):
    assign(sub_a, officer_a, contributor_a, due=dt.datetime(2026, 3, 25, 17, 0, tzinfo=VN))
    run_beat_entry(19)
    (message,) = notices(contributor_a, K.CONTRIBUTION_DUE_REMINDER)
    assert "còn 1 ngày đến hạn nộp hồ sơ của Đà Nẵng (17:00 20/03/2026)" in message


@pytest.mark.django_db
def test_an_assignment_due_before_the_deadline_is_reminded_of_its_due_date_only(sub_a, officer_a, contributor_a):
    assign(sub_a, officer_a, contributor_a, due=dt.datetime(2026, 3, 20, 12, 0, tzinfo=VN))
    run_beat_entry(17)
    (message,) = notices(contributor_a, K.CONTRIBUTION_DUE_REMINDER)
    assert "còn 3 ngày đến hạn nộp số liệu được giao (12:00 20/03/2026)" in message


@pytest.mark.django_db
def test_the_officers_are_told_what_is_not_handed_in_and_what_awaits_them(
    assignment, sub_a, officer_a, officer_b, contributor_a, second_contributor
):
    hand_in(assignment, contributor_a)
    assign(sub_a, officer_a, second_contributor, codes=("2.1",), due=CLOSES)
    run_beat_entry(17)
    (message,) = notices(officer_a, K.CONTRIBUTION_PENDING_REMINDER)
    assert message.endswith(
        "còn 3 ngày đến hạn nộp hồ sơ (17:00 20/03/2026); số liệu giao cho đơn vị: 1 chỉ số chưa nộp, 2 chỉ số chờ tỉnh duyệt."
    )
    assert notices(officer_b, K.CONTRIBUTION_PENDING_REMINDER) == []


@pytest.mark.django_db
def test_on_the_deadline_day_the_officers_reminder_says_today(assignment, officer_a):
    run_beat_entry(20, 8)
    (message,) = notices(officer_a, K.CONTRIBUTION_PENDING_REMINDER)
    assert "hôm nay (17:00 20/03/2026) là hạn nộp hồ sơ" in message


@pytest.mark.django_db
def test_a_province_whose_contributions_are_all_accepted_is_not_reminded(assignment, officer_a, contributor_a):
    hand_in(assignment, contributor_a)
    with time_machine.travel(at(6), tick=False):
        services.accept(actor=officer_a, assignment=assignment)
    assert run_beat_entry(17) == 0
    assert notices(officer_a, K.CONTRIBUTION_PENDING_REMINDER) == []


@pytest.mark.django_db
def test_the_officers_reminder_follows_the_province_s_extension(assignment, sub_a, officer_a):
    Submission.objects.filter(pk=sub_a.pk).update(deadline_override=dt.datetime(2026, 3, 27, 17, 0, tzinfo=VN))
    run_beat_entry(17)
    assert notices(officer_a, K.CONTRIBUTION_PENDING_REMINDER) == []
    run_beat_entry(24)
    assert "(17:00 27/03/2026)" in notices(officer_a, K.CONTRIBUTION_PENDING_REMINDER)[0]


# --- When nothing is sent --------------------------------------------------------------------


@pytest.mark.django_db
def test_a_submission_no_longer_a_draft_reminds_nobody(assignment, sub_a):
    Submission.objects.filter(pk=sub_a.pk).update(status=SubmissionStatus.SUBMITTED)
    assert [run_beat_entry(9), run_beat_entry(13), run_beat_entry(19)] == [0, 0, 0]


@pytest.mark.django_db
def test_after_the_deadline_nothing_is_sent(assignment):
    assert run_beat_entry(20, 18) == 0


@pytest.mark.django_db
def test_a_contributor_who_left_the_province_is_not_reminded(assignment, contributor_a, province_b):
    contributor_a.unit = factories.SubUnitFactory(code="49-noivu", name="Sở Nội vụ Quảng Nam", parent=province_b)
    contributor_a.save(update_fields=["unit"])
    assert run_beat_entry(9) == 0
    assert ContributionReminder.objects.count() == 0


@pytest.mark.django_db
def test_a_run_that_lost_the_race_sends_nothing(assignment, contributor_a, monkeypatch):
    """Two beats at once: both list the reminder; the unique row lets one send it."""
    with time_machine.travel(at(9), tick=False):
        stale = contribution_reminders.due()
        assert contribution_reminders.send_contribution_reminders() == 1
        monkeypatch.setattr(contribution_reminders, "due", lambda now=None: stale)
        assert contribution_reminders.send_contribution_reminders() == 0
    assert len(notices(contributor_a, K.CONTRIBUTION_DUE_REMINDER)) == 1


# --- The person's notification settings and pages --------------------------------------------


@pytest.mark.django_db
def test_a_contributor_who_turned_the_email_off_gets_the_notice_only(assignment, contributor_a):
    NotificationPreference.objects.create(user=contributor_a, kind=K.CONTRIBUTION_DUE_REMINDER, email=False)
    run_beat_entry(9)
    assert len(notices(contributor_a, K.CONTRIBUTION_DUE_REMINDER)) == 1
    assert not OutgoingEmail.objects.filter(notification__kind=K.CONTRIBUTION_DUE_REMINDER).exists()


@pytest.mark.django_db
def test_the_contributor_reads_the_reminder_on_the_notifications_page(assignment, contributor_a, client):
    run_beat_entry(9)
    client.force_login(contributor_a)
    html = client.get(reverse("accounts:notifications")).content.decode()
    assert "còn 3 ngày đến hạn nộp số liệu được giao (17:00 12/03/2026)" in html


@pytest.mark.django_db
def test_the_officer_reads_the_overdue_notice_on_the_notifications_page(assignment, officer_a_client):
    run_beat_entry(12, 18)
    html = officer_a_client.get(reverse("accounts:notifications")).content.decode()
    assert "Nguyễn Văn contributor_a quá hạn nộp số liệu của 2 chỉ số được giao" in html


@pytest.mark.django_db
def test_the_contributor_s_settings_offer_the_reminders(contributor_a, client):
    client.force_login(contributor_a)
    html = client.get(reverse("accounts:notification_settings")).content.decode()
    assert str(K.CONTRIBUTION_DUE_REMINDER.label) in html and str(K.CONTRIBUTION_OVERDUE.label) in html
    assert str(K.CONTRIBUTION_PENDING_REMINDER.label) not in html  # the officers' reminder


@pytest.mark.django_db
def test_the_officer_s_settings_offer_the_pending_contributions_reminder(officer_a_client):
    html = officer_a_client.get(reverse("accounts:notification_settings")).content.decode()
    assert str(K.CONTRIBUTION_PENDING_REMINDER.label) in html and str(K.CONTRIBUTION_OVERDUE.label) in html
    assert str(K.CONTRIBUTION_DUE_REMINDER.label) not in html  # the contributor's reminder


# --- A real worker ---------------------------------------------------------------------------


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("celery_worker")
def test_a_real_worker_sends_the_contributor_s_reminder_once(province_a, officer_a, contributor_a, settings):
    from accounts.tasks import send_outgoing_emails
    from assessments.tasks import send_contribution_reminders

    settings.CONTRIBUTION_DUE_REMINDER_DAYS = (3, 1)
    now = dt.datetime.now(VN)
    rnd = factories.make_round(units=[province_a], opens_at=now - dt.timedelta(days=5), closes_at=now + dt.timedelta(days=20))
    sub = rnd.submissions.get()
    services.assign(actor=officer_a, submission=sub, contributor=contributor_a, indicators=indicators(sub, "1.3"),
                    due_at=now + dt.timedelta(days=2, hours=1))
    send_contribution_reminders.delay()
    send_contribution_reminders.delay()  # a retry, or a second beat
    # The solo worker takes tasks in order: once this sweep sent the reminder's email, both
    # reminder tasks have run.
    send_outgoing_emails.delay()
    deadline = time.monotonic() + 30
    sent = OutgoingEmail.objects.filter(notification__kind=K.CONTRIBUTION_DUE_REMINDER, status=OutgoingEmailStatus.SENT)
    while time.monotonic() < deadline and not sent.exists():
        time.sleep(0.2)
    (message,) = notices(contributor_a, K.CONTRIBUTION_DUE_REMINDER)
    assert "1 chỉ số bạn nhập cho Đà Nẵng chưa nộp" in message
    assert ContributionReminder.objects.count() == 1
    assert sent.count() == 1
