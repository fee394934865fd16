import pytest

from accounts.models import Role

pytestmark = pytest.mark.django_db


def test_login_page_is_in_vietnamese(client):
    response = client.get("/tai-khoan/dang-nhap/")
    assert response.status_code == 200
    assert "Đăng nhập" in response.content.decode()


def test_login_with_valid_credentials_lands_on_home(client, officer_a):
    response = client.post("/tai-khoan/dang-nhap/", {"username": "officer_a", "password": "Mat-khau-2026"})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_login_with_wrong_password_is_refused_in_vietnamese(client, officer_a):
    response = client.post("/tai-khoan/dang-nhap/", {"username": "officer_a", "password": "sai"})
    assert response.status_code == 200
    assert "mật khẩu chính xác" in response.content.decode()


def test_logout_requires_post(officer_a_client):
    assert officer_a_client.get("/tai-khoan/dang-xuat/").status_code == 405
    assert officer_a_client.post("/tai-khoan/dang-xuat/").status_code == 302


def test_password_change_works(officer_a_client, officer_a):
    response = officer_a_client.post(
        "/tai-khoan/doi-mat-khau/",
        {"old_password": "Mat-khau-2026", "new_password1": "Chuyen-doi-so-2027", "new_password2": "Chuyen-doi-so-2027"},
    )
    assert response.status_code == 302
    officer_a.refresh_from_db()
    assert officer_a.check_password("Chuyen-doi-so-2027")


def test_english_is_switchable(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/tai-khoan/dang-nhap/"}, follow=True)
    assert response.status_code == 200
    assert response.wsgi_request.LANGUAGE_CODE == "en"


def test_roles_are_the_documented_seven():
    assert set(Role.values) == {"officer", "contributor", "province_leader", "reviewer", "lead_reviewer", "admin", "system"}
