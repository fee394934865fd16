"""Request-wide middleware of the project: a request id, and no caching of signed-in pages.

Imports nothing but the standard library and django.utils: the logging configuration
(settings.LOGGING) loads RequestIdFilter from here before the apps are ready.
"""

from __future__ import annotations

import contextvars
import logging
import re
import uuid

from django.conf import settings
from django.utils.cache import add_never_cache_headers

# The id of the request being handled in this thread or task, for the log filter.
_current_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")

HEADER = "X-Request-ID"
# A reverse proxy may send its own id (nginx's $request_id) so that its log and ours match;
# anything else a client sends there is replaced, so a log line cannot be forged through it.
_WELL_FORMED = re.compile(r"[A-Za-z0-9._-]{8,64}")


def current_request_id() -> str:
    return _current_request_id.get()


class RequestIdMiddleware:
    """Gives every request an id: `request.id`, the X-Request-ID response header, every log
    record written while it is handled (RequestIdFilter) and the 500 page (dtiportal.errors),
    so an officer who reads the id off the error page leads the operator to the traceback."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.headers.get(HEADER, "")
        request.id = offered if _WELL_FORMED.fullmatch(offered) else uuid.uuid4().hex[:16]
        token = _current_request_id.set(request.id)
        try:
            response = self.get_response(request)
        finally:
            _current_request_id.reset(token)
        response[HEADER] = request.id
        return response


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record (`-` outside a request), for the log format."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            # django.request logs a 4xx after the middleware has returned, passing the request.
            record.request_id = getattr(getattr(record, "request", None), "id", None) or _current_request_id.get()
        return True


class NoStoreWhenSignedInMiddleware:
    """A page shown to a signed-in person (or an API answer to a token) is theirs alone: no
    browser, proxy or shared-computer cache may keep it (`Cache-Control: no-store`). Anonymous
    answers (the public rankings) keep whatever caching their views set."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Without a session cookie or credentials nobody is signed in: no session to load.
        if settings.SESSION_COOKIE_NAME not in request.COOKIES and "Authorization" not in request.headers:
            return response
        # DRF sets the token's user on the Django request too, once the view has authenticated it.
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response
