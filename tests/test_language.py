"""Vietnamese for everyone until a user picks English: the browser's Accept-Language is ignored.

Only the language switcher (its cookie) changes the language, for pages and for the API alike.
"""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}
VIETNAMESE_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "vi-VN,vi;q=0.9"}


def choose(client, language, **headers):
    """What the navigation bar's switcher posts."""
    return client.post(reverse("set_language"), {"language": language, "next": "/"}, **headers)


def test_an_english_browser_gets_the_vietnamese_page(client):
    response = client.get("/", **ENGLISH_BROWSER)

    assert response.status_code == 200
    assert response["Content-Language"] == "vi"
    assert '<html lang="vi">' in response.text
    assert "Đăng nhập" in response.text
    assert "Sign in" not in response.text


def test_a_browser_asking_only_for_a_language_we_lack_gets_vietnamese(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")

    assert response["Content-Language"] == "vi"


def test_choosing_english_with_the_switcher_gives_english_even_to_a_vietnamese_browser(client):
    choose(client, "en", **VIETNAMESE_BROWSER)

    response = client.get("/", **VIETNAMESE_BROWSER)

    assert response["Content-Language"] == "en"
    assert '<html lang="en">' in response.text
    assert "Sign in" in response.text


def test_choosing_vietnamese_again_wins_over_an_english_browser(client):
    choose(client, "en", **ENGLISH_BROWSER)
    choose(client, "vi", **ENGLISH_BROWSER)

    response = client.get("/", **ENGLISH_BROWSER)

    assert response["Content-Language"] == "vi"
    assert "Đăng nhập" in response.text


def test_a_signed_in_officer_with_an_english_browser_works_in_vietnamese(officer_a_client):
    response = officer_a_client.get("/", **ENGLISH_BROWSER)

    assert response["Content-Language"] == "vi"
    assert "Trang chủ" in response.text


def test_a_language_cookie_we_do_not_offer_falls_back_to_vietnamese(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "x" * 300

    response = client.get("/", **ENGLISH_BROWSER)

    assert response.status_code == 200
    assert response["Content-Language"] == "vi"


def test_an_api_error_to_an_english_client_is_in_vietnamese(client):
    response = client.get("/api/frameworks/khong-co/", **ENGLISH_BROWSER)

    assert response.status_code == 404
    assert response["Content-Language"] == "vi"
    assert response.json()["detail"] == "Không tìm thấy."


def test_an_api_error_after_choosing_english_is_in_english(client):
    choose(client, "en")

    response = client.get("/api/frameworks/khong-co/", **VIETNAMESE_BROWSER)

    assert response.status_code == 404
    assert response.json()["detail"] == "Not found."


def test_pages_vary_on_the_cookie_not_on_accept_language(client):
    """A shared cache must not hand one browser's language to another: the key is the choice."""
    response = client.get("/", **ENGLISH_BROWSER)

    vary = {v.strip().lower() for v in response["Vary"].split(",")}
    assert "cookie" in vary
    assert "accept-language" not in vary
