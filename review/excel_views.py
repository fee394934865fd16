"""Reviewers export a submission with its three scores."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.views.decorators.http import require_GET

from assessments import excel

from .access import get_submission_for_review


@login_required
@require_GET
def export(request, pk):
    submission = get_submission_for_review(request.user, pk)
    response = HttpResponse(excel.review_export(submission), content_type=excel.XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{excel.export_filename(submission)}"'
    return response
