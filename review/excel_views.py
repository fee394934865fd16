"""Reviewers export a submission with its three scores."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.views.decorators.http import require_GET

from assessments.excel import XLSX_TYPE

from . import exports
from .access import get_submission_for_review


@login_required
@require_GET
def export(request, pk):
    submission = get_submission_for_review(request.user, pk)
    response = HttpResponse(exports.review_export(submission), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{exports.export_filename(submission)}"'
    return response
