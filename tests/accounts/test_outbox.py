"""The email outbox: rows written with the change, sent once, failures kept and retried."""

import datetime as dt

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from accounts import outbox
from accounts.models import Notification, OutgoingEmail, OutgoingEmailStatus
from accounts.notifications import notify
from dtiportal.celery import app
from tests import factories

pytestmark = pytest.mark.django_db

Status = OutgoingEmailStatus


def test_a_notice_writes_its_email_row_in_the_same_transaction(officer_a):
    notify(recipients=[officer_a], kind="x", message="Hồ sơ đã được ký duyệt", url="/ho-so/1/")
    (row,) = OutgoingEmail.objects.all()
    assert row.to == officer_a.email
    assert row.status == Status.PENDING
    assert row.notification.recipient == officer_a
    assert row.body.startswith("Hồ sơ đã được ký duyệt") and row.body.endswith("/ho-so/1/")


def test_a_change_rolled_back_leaves_neither_notice_nor_email(officer_a):
    with pytest.raises(RuntimeError), transaction.atomic():
        notify(recipients=[officer_a], kind="x", message="Sẽ bị hủy")
        raise RuntimeError("the change failed after notifying")
    assert not Notification.objects.exists()
    assert not OutgoingEmail.objects.exists()


def test_someone_without_an_address_gets_the_notice_and_no_email(province_a):
    silent = factories.UserFactory(username="no_mail", email="", unit=province_a)
    notify(recipients=[silent], kind="x", message="Chỉ trong ứng dụng")
    assert Notification.objects.filter(recipient=silent).count() == 1
    assert not OutgoingEmail.objects.exists()


def test_sending_marks_the_row_sent_and_the_notice_emailed(officer_a):
    (notice,) = notify(recipients=[officer_a], kind="x", message="Gửi đi")
    assert outbox.send_pending() == 1
    row = OutgoingEmail.objects.get()
    assert row.status == Status.SENT and row.attempts == 1 and row.sent_at is not None
    notice.refresh_from_db()
    assert notice.emailed_at == row.sent_at
    assert mail.outbox[0].to == [officer_a.email]
    assert mail.outbox[0].extra_headers["Message-ID"].startswith(f"<outbox-{row.pk}@")


def test_a_sent_row_is_never_sent_again(officer_a):
    notify(recipients=[officer_a], kind="x", message="Một lần")
    outbox.send_pending()
    assert outbox.send_pending() == 0
    assert len(mail.outbox) == 1


def test_the_commit_dispatches_the_sending_task(officer_a, reviewer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[officer_a, reviewer], kind="x", message="Khi lưu xong")
    assert sorted(m.to[0] for m in mail.outbox) == sorted([officer_a.email, reviewer.email])
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {Status.SENT}


def test_a_mail_server_failure_is_recorded_and_retried_later(officer_a, settings):
    settings.EMAIL_BACKEND = "tests.mailboxes.Refusing"
    notify(recipients=[officer_a], kind="x", message="Máy chủ thư hỏng")
    before = timezone.now()
    assert outbox.send_pending() == 0
    row = OutgoingEmail.objects.get()
    assert row.status == Status.PENDING and row.attempts == 1
    assert row.last_error == "ConnectionRefusedError: mail server down"
    assert row.next_attempt_at >= before + dt.timedelta(seconds=30)
    assert outbox.send_pending() == 0  # not due yet: no second attempt right away
    assert OutgoingEmail.objects.get().attempts == 1


def test_the_row_is_sent_once_the_mail_server_is_back(officer_a, settings):
    settings.EMAIL_BACKEND = "tests.mailboxes.Refusing"
    notify(recipients=[officer_a], kind="x", message="Thử lại")
    outbox.send_pending()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutgoingEmail.objects.update(next_attempt_at=timezone.now())  # the backoff has passed
    assert outbox.send_pending() == 1
    row = OutgoingEmail.objects.get()
    assert row.status == Status.SENT and row.attempts == 2 and row.last_error == ""


def test_after_the_last_attempt_the_row_is_marked_failed(officer_a, settings):
    settings.EMAIL_BACKEND = "tests.mailboxes.Refusing"
    settings.OUTBOX_EMAIL_MAX_ATTEMPTS = 2
    notify(recipients=[officer_a], kind="x", message="Không gửi được")
    outbox.send_pending()
    OutgoingEmail.objects.update(next_attempt_at=timezone.now())
    outbox.send_pending()
    assert OutgoingEmail.objects.get().status == Status.FAILED
    OutgoingEmail.objects.update(next_attempt_at=timezone.now())
    outbox.send_pending()
    assert OutgoingEmail.objects.get().attempts == 2  # a failed row is left for a person to look at


def test_the_backoff_doubles_and_is_capped():
    assert [outbox.backoff(n).total_seconds() for n in (1, 2, 3)] == [30, 60, 120]
    assert outbox.backoff(30) == dt.timedelta(hours=6)


def test_a_task_sends_a_bounded_batch(province_a, settings):
    people = [factories.UserFactory(username=f"o{i}", unit=province_a) for i in range(5)]
    notify(recipients=people, kind="x", message="Nhiều thư")
    assert outbox.send_pending(limit=3) == 3
    assert OutgoingEmail.objects.filter(status=Status.PENDING).count() == 2


def test_the_task_of_earlier_releases_still_emails_its_notices(officer_a):
    from accounts.tasks import send_notification_emails

    notice = Notification.objects.create(recipient=officer_a, kind="x", message="Trước khi nâng cấp")
    assert send_notification_emails(notification_ids=[notice.pk]) == 1
    assert send_notification_emails(notification_ids=[notice.pk]) == 0
    assert len(mail.outbox) == 1


def test_beat_sends_the_due_emails_every_minute(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["send-pending-emails"]
    assert entry["task"] in app.tasks
    assert entry["schedule"] == settings.OUTBOX_EMAIL_SWEEP_EVERY == 60.0


def test_the_outbox_is_listed_read_only_in_the_admin(admin_client_, officer_a):
    notify(recipients=[officer_a], kind="x", message="Trong hộp thư đi")
    row = OutgoingEmail.objects.get()
    listing = admin_client_.get("/quan-tri/accounts/outgoingemail/")
    assert listing.status_code == 200
    assert officer_a.email in listing.content.decode()
    assert admin_client_.get("/quan-tri/accounts/outgoingemail/add/").status_code == 403
    assert admin_client_.post(f"/quan-tri/accounts/outgoingemail/{row.pk}/change/", {"status": "sent"}).status_code == 403
    assert admin_client_.post(f"/quan-tri/accounts/outgoingemail/{row.pk}/delete/", {"post": "yes"}).status_code == 403
    assert OutgoingEmail.objects.get().status == Status.PENDING


def test_the_mail_server_is_given_a_bounded_time(officer_a, settings):
    from django.core.mail.backends.smtp import EmailBackend

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    notify(recipients=[officer_a], kind="x", message="Giới hạn thời gian")
    message = outbox._message(OutgoingEmail.objects.get())
    assert isinstance(message.connection, EmailBackend) and message.connection.timeout == 30
