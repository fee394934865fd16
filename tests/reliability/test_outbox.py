"""Nothing queued is lost: emails and recomputes asked for while Redis is down are delivered,
each once, when it is back; two senders never send one email twice."""

from __future__ import annotations

import threading
from collections import Counter
from email import message_from_bytes
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts import outbox
from accounts.models import Notification, OutgoingEmail, OutgoingEmailStatus
from accounts.notifications import notify
from assessments.models import IndicatorValue, Submission, SubmissionStatus
from results.models import RankingSnapshot, RecomputeRequest
from review import services as review_services
from tests import factories
from tests.review.conftest import fill

from .conftest import wait_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.redis, pytest.mark.postgres]

Status = OutgoingEmailStatus


def delivered(mailbox: Path) -> Counter:
    """How many times each outbox row arrived in the worker's mailbox (by its header)."""
    return Counter(
        int(message_from_bytes(f.read_bytes())["X-DTI-Outbox-Id"]) for f in mailbox.glob("*.eml")
    )


def mail_worker(worker_factory, broker, mailbox: Path):
    mailbox.mkdir(exist_ok=True)
    return worker_factory(broker.url, EMAIL_BACKEND="tests.mailboxes.FileMailbox", DTI_TEST_MAILBOX=str(mailbox))


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _all_sent() -> bool:
    return OutgoingEmail.objects.exists() and not OutgoingEmail.objects.exclude(status=Status.SENT).exists()


def test_emails_and_the_recompute_asked_for_while_redis_is_down_arrive_once_it_is_back(
    require_postgres, broker, worker_factory, tmp_path, province_a, province_b, officer_a, officer_b, reviewer,
    lead_reviewer,
):
    rnd = factories.make_round(units=[province_a, province_b])
    signed, sent_later = rnd.submissions.get(unit=province_a), rnd.submissions.get(unit=province_b)
    fill(signed)
    fill(sent_later)
    assert _client(officer_a).post(f"/tu-danh-gia/ho-so/{signed.pk}/gui/").status_code == 302
    assert OutgoingEmail.objects.count() == 2  # the reviewers' emails: their task waits in Redis...
    for v in IndicatorValue.objects.filter(submission=signed).select_related("indicator", "submission"):
        review_services.appraise(value=v, actor=reviewer, points=v.self_points)
    broker.stop()  # ...and dies with it (no persistence, no worker yet): only the rows remember

    assert _client(officer_b).post(f"/tu-danh-gia/ho-so/{sent_later.pk}/gui/").status_code == 302
    assert _client(lead_reviewer).post(reverse("review:sign_off", args=[signed.pk])).status_code == 302

    assert Submission.objects.get(pk=sent_later.pk).status == SubmissionStatus.SUBMITTED
    assert Submission.objects.get(pk=signed.pk).status == SubmissionStatus.SIGNED_OFF
    # Every notice with an address has its email row, none sent yet.
    expected = set(OutgoingEmail.objects.values_list("pk", flat=True))
    notices = Notification.objects.filter(recipient__email__gt="")
    # 2 reviewers × 2 submissions sent; officer_a: review started (the first appraisal), signed off;
    # the reviewer the first appraisal assigned: signed off
    assert len(expected) == notices.count() == 7
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {Status.PENDING}
    assert RecomputeRequest.objects.filter(round=rnd, processed_at__isnull=True).count() == 1

    broker.start()  # back, empty
    mailbox = tmp_path / "mailbox"
    worker = mail_worker(worker_factory, broker, mailbox)
    worker.start()  # its connect sweep sends the pending emails and the recompute
    log = lambda: worker.log.read_text(errors="replace")[-3000:]  # noqa: E731
    assert wait_for(_all_sent, 60), log()
    assert wait_for(lambda: RankingSnapshot.objects.filter(round=rnd, is_current=True).exists(), 60), log()
    worker.stop()

    assert delivered(mailbox) == {pk: 1 for pk in expected}
    assert not RecomputeRequest.objects.filter(round=rnd, processed_at__isnull=True).exists()
    assert not Notification.objects.filter(recipient__email__gt="", emailed_at__isnull=True).exists()


def test_a_running_worker_sends_what_was_queued_during_an_outage_as_soon_as_it_reconnects(
    require_postgres, broker, worker_factory, tmp_path, officer_a
):
    mailbox = tmp_path / "mailbox"
    worker = mail_worker(worker_factory, broker, mailbox)
    worker.start()
    broker.stop()
    notify(recipients=[officer_a], kind="x", message="Trong lúc Redis ngừng")
    assert OutgoingEmail.objects.get().status == Status.PENDING

    broker.start()  # neither beat nor a worker restart: the worker's reconnect sweeps
    assert wait_for(_all_sent, 90), worker.log.read_text(errors="replace")[-3000:]
    worker.stop()
    assert delivered(mailbox) == {OutgoingEmail.objects.get().pk: 1}


def test_two_senders_at_once_deliver_each_email_once(settings, mailoutbox):
    settings.EMAIL_BACKEND = "tests.mailboxes.SlowLocmem"  # each send takes a while: they overlap
    # Rows as notify() writes them, without its on-commit task (eager here: it would send them).
    OutgoingEmail.objects.bulk_create(
        OutgoingEmail(to=f"officer{i}@example.gov.vn", subject="Gửi song song", body="…") for i in range(20)
    )
    start = threading.Barrier(2)
    counts = []

    def sender():
        try:
            start.wait(10)
            counts.append(outbox.send_pending())
        finally:
            connection.close()

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)

    ids = Counter(int(m.extra_headers["X-DTI-Outbox-Id"]) for m in mailoutbox)
    assert ids == {pk: 1 for pk in OutgoingEmail.objects.values_list("pk", flat=True)}
    assert sum(counts) == 20
    assert all(n > 0 for n in counts)  # both really sent: the rows were shared, not serialised
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {Status.SENT}
