"""The site icon: every page links it, and /favicon.ico (asked by browsers on pages that link
none: the Django admin, the 500 page) leads to it; both answer 200 from the development server.
After collectstatic: tests/release/test_release.py."""

import re
import urllib.request

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db

ICONS = re.compile(r'<link rel="icon" href="([^"]+)"')


@pytest.mark.parametrize("path", ["/", "/tai-khoan/dang-nhap/", "/ket-qua/"])
def test_a_public_page_links_the_svg_and_ico_icons(client, path):
    assert ICONS.findall(client.get(path).text) == ["/static/favicon.svg", "/static/favicon.ico"]


def test_a_signed_in_page_links_the_icons_too(officer_a_client):
    assert ICONS.findall(officer_a_client.get("/").text) == ["/static/favicon.svg", "/static/favicon.ico"]


def test_favicon_ico_redirects_to_the_static_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 302
    assert response["Location"] == "/static/favicon.ico"


def test_the_icons_are_static_files():
    assert finders.find("favicon.svg") and finders.find("favicon.ico")


def _fetch(url: str) -> tuple[int, str, bytes]:
    with urllib.request.urlopen(url, timeout=10) as answer:  # follows the redirect
        return answer.status, answer.headers["Content-Type"], answer.read()


def test_the_development_server_answers_favicon_ico_with_the_icon(live_server):
    status, content_type, body = _fetch(f"{live_server.url}/favicon.ico")

    assert status == 200
    assert content_type in {"image/x-icon", "image/vnd.microsoft.icon"}
    assert body[:4] == b"\x00\x00\x01\x00"  # an ICO header


def test_the_development_server_answers_the_linked_svg_icon(live_server):
    status, content_type, body = _fetch(f"{live_server.url}/static/favicon.svg")

    assert (status, content_type) == (200, "image/svg+xml")
    assert body.startswith(b"<svg")
