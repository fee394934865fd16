"""A person's notification settings: email on or off per kind; the in-app notice is always kept."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import NotificationKind, NotificationPreference, OutgoingEmail
from accounts.notifications import email_settings, notify

pytestmark = pytest.mark.django_db
K = NotificationKind
URL = reverse("accounts:notification_settings")


def test_the_page_asks_anonymous_visitors_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_every_kind_is_emailed_until_turned_off(officer_a):
    assert set(email_settings(officer_a).values()) == {True}


def test_an_officer_sees_the_kinds_an_officer_receives(officer_a_client):
    html = officer_a_client.get(URL).content.decode()
    assert str(K.RETURNED.label) in html and str(K.DEADLINE_REMINDER.label) in html
    assert str(K.ASSIGNED.label) not in html  # a reviewer's kind
    assert html.count('type="checkbox"') == html.count("checked")  # all on by default


def test_a_reviewer_sees_the_kinds_a_reviewer_receives(reviewer_client):
    html = reviewer_client.get(URL).content.decode()
    assert str(K.ASSIGNED.label) in html and str(K.RESUBMITTED.label) in html
    assert str(K.DEADLINE_REMINDER.label) not in html


def test_unticking_a_kind_turns_its_email_off_and_keeps_the_others(officer_a_client, officer_a):
    kept = [k for k in K.values if k != K.RETURNED]
    response = officer_a_client.post(URL, {"email": kept})
    assert response.status_code == 302 and response["Location"] == URL
    settings = email_settings(officer_a)
    assert settings[K.RETURNED] is False
    assert settings[K.SIGNED_OFF] is True
    page = officer_a_client.get(URL).content.decode()
    assert "Đã lưu cài đặt thông báo." in page


def test_ticking_it_again_turns_it_back_on(officer_a_client, officer_a):
    officer_a_client.post(URL, {"email": []})
    assert email_settings(officer_a)[K.RETURNED] is False
    officer_a_client.post(URL, {"email": [K.RETURNED]})
    assert email_settings(officer_a)[K.RETURNED] is True


def test_a_reviewer_saving_does_not_touch_the_kinds_not_offered_to_reviewers(reviewer_client, reviewer):
    reviewer_client.post(URL, {"email": [K.DEADLINE_REMINDER]})  # not offered to reviewers: ignored
    assert not NotificationPreference.objects.filter(user=reviewer, kind=K.DEADLINE_REMINDER).exists()
    assert email_settings(reviewer)[K.SUBMITTED] is False


def test_an_unknown_kind_posted_is_ignored(officer_a_client, officer_a):
    response = officer_a_client.post(URL, {"email": ["<script>", "x" * 5000]})
    assert response.status_code == 302
    assert set(NotificationPreference.objects.filter(user=officer_a).values_list("kind", flat=True)) <= set(K.values)


def test_notify_skips_the_email_of_people_who_turned_it_off(officer_a, officer_b):
    NotificationPreference.objects.create(user=officer_a, kind=K.PUBLISHED, email=False)
    notices = notify(recipients=[officer_a, officer_b], kind=K.PUBLISHED, message="Kết quả đã công bố")
    assert {n.recipient for n in notices} == {officer_a, officer_b}
    assert list(OutgoingEmail.objects.values_list("to", flat=True)) == [officer_b.email]


def test_turning_off_one_kind_keeps_the_email_of_another(officer_a):
    NotificationPreference.objects.create(user=officer_a, kind=K.PUBLISHED, email=False)
    notify(recipients=[officer_a], kind=K.RETURNED, message="Yêu cầu bổ sung")
    assert OutgoingEmail.objects.filter(to=officer_a.email).count() == 1


def test_the_notification_list_links_to_the_settings(officer_a_client):
    assert URL in officer_a_client.get(reverse("accounts:notifications")).content.decode()
