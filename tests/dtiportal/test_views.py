"""The home page (dtiportal/views.py): each person lands on what they have to do."""

import pytest

pytestmark = pytest.mark.django_db


def test_officer_home_shows_their_province(officer_a_client):
    response = officer_a_client.get("/")
    assert "Đà Nẵng" in response.content.decode()


def test_reviewer_home_lists_rounds(reviewer_client):
    response = reviewer_client.get("/")
    assert "Các đợt cần thẩm định" in response.content.decode()


def test_admin_home_links_to_administration(admin_client_):
    response = admin_client_.get("/")
    body = response.content.decode()
    assert "/tu-danh-gia/quan-tri/dot/" in body
    assert "/quan-tri/accounts/user/" in body


def test_anonymous_home_offers_login(client):
    assert "/tai-khoan/dang-nhap/" in client.get("/").content.decode()


def test_an_officer_lands_on_the_officer_home(officer_a_client):
    assert "accounts/home_officer.html" in [t.name for t in officer_a_client.get("/").templates]


def test_a_lead_reviewer_lands_on_the_reviewer_home(client, lead_reviewer):
    client.force_login(lead_reviewer)
    assert "accounts/home_reviewer.html" in [t.name for t in client.get("/").templates]


def test_an_anonymous_visitor_lands_on_the_public_home(client):
    assert "accounts/home_public.html" in [t.name for t in client.get("/").templates]
