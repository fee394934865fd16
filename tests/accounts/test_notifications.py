import pytest
from django.core import mail

from accounts.models import Notification
from accounts.notifications import notify

pytestmark = pytest.mark.django_db


def test_notify_creates_a_notice_and_emails_on_commit(officer_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[officer_a], kind="returned", message="Hồ sơ được yêu cầu bổ sung", url="/")
    assert Notification.objects.filter(recipient=officer_a, kind="returned").count() == 1
    assert len(mail.outbox) == 1
    assert "Hồ sơ được yêu cầu bổ sung" in mail.outbox[0].body


def test_notification_list_shows_only_own_notices(officer_a_client, officer_a, officer_b):
    notify(recipients=[officer_a], kind="x", message="Thông báo của A")
    notify(recipients=[officer_b], kind="x", message="Thông báo của B")
    body = officer_a_client.get("/tai-khoan/thong-bao/").content.decode()
    assert "Thông báo của A" in body and "Thông báo của B" not in body


def test_opening_a_notice_marks_it_read(officer_a_client, officer_a):
    (n,) = notify(recipients=[officer_a], kind="x", message="Mới", url="/")
    response = officer_a_client.post(f"/tai-khoan/thong-bao/{n.pk}/doc/")
    assert response.status_code == 302
    n.refresh_from_db()
    assert n.read_at is not None


def test_someone_elses_notice_is_not_found(officer_b_client, officer_a):
    (n,) = notify(recipients=[officer_a], kind="x", message="Riêng", url="/")
    assert officer_b_client.post(f"/tai-khoan/thong-bao/{n.pk}/doc/").status_code == 404


def test_opening_a_notice_never_redirects_off_site(officer_a_client, officer_a):
    (n,) = notify(recipients=[officer_a], kind="x", message="Lạ", url="https://evil.example/")
    response = officer_a_client.post(f"/tai-khoan/thong-bao/{n.pk}/doc/")
    assert response["Location"] == "/tai-khoan/thong-bao/"
