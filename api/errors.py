"""Service refusals as HTTP answers, in one place.

- bad input (ValidationFailed, a serializer's errors) → 400 with the errors by field;
- the state does not allow it now (deadline, status, incomplete, workflow) → 409;
- someone saved first (StaleSave) → 409 with the current versions;
- outsiders 404, wrong role 403, anonymous 401: from the access helpers, as on the pages.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from assessments.services import AssessmentError, Incomplete, StaleSave, ValidationFailed
from assessments.workflow import TransitionError


def _keys(errors) -> dict:
    return {str(k): v for k, v in errors.items()}


def exception_handler(exc, context):
    if isinstance(exc, ValidationFailed):
        return Response({"detail": str(exc), "errors": _keys(exc.errors)}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, StaleSave):
        conflicts = {str(k): {"version": getattr(v, "version", None)} for k, v in exc.conflicts.items()}
        return Response({"detail": str(exc), "conflicts": conflicts}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, Incomplete):
        missing = [{"kind": m.kind, "label": m.label} for m in exc.missing]
        return Response({"detail": str(exc), "missing": missing}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, (AssessmentError, TransitionError)):
        return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Không tìm thấy."))
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(_("Bạn không có quyền thực hiện thao tác này."))
    return drf_exception_handler(exc, context)
