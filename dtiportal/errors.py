"""The server-error page (handler500): the request id, so a report leads to the log line."""

from __future__ import annotations

from django.http import HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

from .middleware import current_request_id


@requires_csrf_token
def server_error(request):
    # Rendered without the request's context processors: the failure may be the database
    # they read, and this page must still answer.
    request_id = getattr(request, "id", None) or current_request_id()
    html = loader.get_template("500.html").render({"request_id": request_id})
    return HttpResponseServerError(html)
