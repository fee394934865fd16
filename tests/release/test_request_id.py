"""Every request has an id: the X-Request-ID header, the log lines, and the 500 page shows it."""

from __future__ import annotations

import io
import logging
import re

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.urls("tests.release.failing_urls")


@pytest.fixture
def log_output(settings):
    """What the configured console handler (settings.LOGGING) writes, format and filter included.

    The configuration is applied afresh: a Celery worker started by an earlier test replaces the
    root logger's handlers with its own."""
    import logging.config

    logging.config.dictConfig(settings.LOGGING)
    handler = next(h for h in logging.getLogger().handlers if isinstance(h, logging.StreamHandler) and h.filters)
    buffer = io.StringIO()
    previous = handler.setStream(buffer)
    yield buffer
    handler.setStream(previous)


@pytest.fixture
def failing_client():
    return Client(raise_request_exception=False)


def test_every_answer_carries_a_request_id(client, db):
    first = client.get(reverse("accounts:login"))["X-Request-ID"]
    second = client.get(reverse("accounts:login"))["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{16}", first) and first != second


def test_the_proxys_well_formed_request_id_is_kept(client, db):
    response = client.get(reverse("accounts:login"), HTTP_X_REQUEST_ID="nginx-5f2b9c0d1e")
    assert response["X-Request-ID"] == "nginx-5f2b9c0d1e"


def test_a_malformed_request_id_is_replaced(client, db):
    response = client.get(reverse("accounts:login"), HTTP_X_REQUEST_ID="x\nFAKE LOG LINE")
    assert re.fullmatch(r"[0-9a-f]{16}", response["X-Request-ID"])


def test_an_uncaught_error_shows_the_vietnamese_error_page_with_the_request_id(failing_client, db):
    response = failing_client.get("/hong/")
    assert response.status_code == 500
    request_id = response["X-Request-ID"]
    page = response.content.decode()
    assert "Đã xảy ra lỗi hệ thống" in page
    assert f'<code id="request-id">{request_id}</code>' in page
    assert "a bug in a view" not in page and "Traceback" not in page


def test_the_log_line_of_an_uncaught_error_names_the_request_id(failing_client, db, log_output):
    response = failing_client.get("/hong/")
    request_id = response["X-Request-ID"]
    logged = log_output.getvalue()
    assert f"ERROR [{request_id}] django.request: Internal Server Error: /hong/" in logged
    assert "Broken: a bug in a view" in logged  # the traceback, under the same line


def test_log_lines_outside_a_request_say_so(log_output):
    logging.getLogger("dtiportal.test").warning("sweep ran")
    assert "WARNING [-] dtiportal.test: sweep ran" in log_output.getvalue()


def test_the_warning_django_logs_for_a_refused_request_names_its_id(client, db, log_output):
    # Django logs 4xx answers after the middleware chain has returned.
    response = client.post(reverse("api:token"), "{}", content_type="text/plain")
    assert response.status_code == 415
    assert f"WARNING [{response['X-Request-ID']}] django.request: Unsupported Media Type: /api/token/" in log_output.getvalue()
