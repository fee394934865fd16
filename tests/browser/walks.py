"""What the long browser walks share (the province's season, a province's own round): one
logged-in page per persona, and a bounded wait for work a real worker does off the page."""

from __future__ import annotations

import time

import pytest

# The password tests/factories.UserFactory gives every persona.
PASSWORD = "Mat-khau-2026"


@pytest.fixture
def persona(browser, live_server):
    """persona(user) -> a page in a browser context of its own, logged in through the form."""
    contexts = []

    def open_as(user):
        context = browser.new_context(base_url=live_server.url, locale="vi-VN", viewport={"width": 1366, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.goto("/tai-khoan/dang-nhap/")
        page.fill("input[name=username]", user.username)
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        return page

    yield open_as
    for context in contexts:
        context.close()


def until(condition, timeout: float = 30.0) -> bool:
    """Whether `condition()` holds within `timeout` seconds (the worker's recompute runs in
    another thread, on commit of the sign-off: no page event to wait for)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True
