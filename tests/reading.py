"""Reading pages as a person does, for the tests of both languages: the switcher's choice and
a page's text without its markup."""

from __future__ import annotations

import re

from django.urls import reverse


def english(client):
    """The client after picking English with the navigation bar's switcher (its cookie)."""
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    return client


def text_of(page) -> str:
    """A page's (or a response's) text, tags dropped and white space folded."""
    html = page if isinstance(page, str) else page.content.decode()
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())
