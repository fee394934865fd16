"""Signed-in pages are never stored by a cache; anonymous public pages keep their caching."""

from __future__ import annotations

from django.urls import reverse
from rest_framework.authtoken.models import Token


def _directives(response) -> set[str]:
    return {d.strip() for d in response.get("Cache-Control", "").split(",") if d.strip()}


def test_an_officers_page_is_not_stored(officer_a_client):
    response = officer_a_client.get(reverse("assessments:my_submissions"))
    assert response.status_code == 200
    assert {"no-store", "private"} <= _directives(response)


def test_a_public_page_seen_signed_in_is_not_stored_either(reviewer_client):
    # The navigation bar names the person: the page is theirs.
    response = reviewer_client.get(reverse("results:index"))
    assert response.status_code == 200
    assert "no-store" in _directives(response)


def test_an_anonymous_public_page_keeps_its_caching(client, db):
    response = client.get(reverse("results:index"))
    assert response.status_code == 200
    assert "no-store" not in _directives(response)


def test_an_api_answer_to_a_token_is_not_stored(client, officer_a):
    token = Token.objects.create(user=officer_a)
    response = client.get(reverse("api:submission_list"), HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200
    assert "no-store" in _directives(response)
