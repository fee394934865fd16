"""The officer's Excel round trip: download the template, upload, preview, confirm."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import access, excel, services, workflow

SESSION_KEY = "excel-import-{pk}"


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=excel.XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def template_download(request, pk):
    submission = access.get_submission_for_user(request.user, pk, write=True)
    return _xlsx(excel.build_template(submission), excel.template_filename(submission))


@login_required
@require_http_methods(["GET", "POST"])
def upload(request, pk):
    submission = access.get_submission_for_user(request.user, pk, write=True)
    # A submission the province may no longer change (deadline passed, sent, with the leader):
    # say why before the officer fills a workbook that the confirmation would refuse.
    refusal = workflow.province_edit_refusal(submission, [])
    preview = None
    if request.method == "POST" and refusal:
        messages.error(request, refusal)
    elif request.method == "POST":
        try:
            preview = excel.preview_import(submission, request.FILES.get("file"))
        except excel.ExcelError as exc:
            messages.error(request, str(exc))
        else:
            request.session[SESSION_KEY.format(pk=pk)] = preview.to_session()
            if preview.has_errors:
                messages.error(request, _("Tệp có %(n)s lỗi; sửa tệp rồi tải lên lại. Chưa thay đổi gì.") % {"n": preview.error_count})
    return render(request, "assessments/excel_import.html", {"submission": submission, "preview": preview, "refusal": refusal})


@login_required
@require_POST
def confirm(request, pk):
    submission = access.get_submission_for_user(request.user, pk, write=True)
    stashed = request.session.get(SESSION_KEY.format(pk=pk))
    if not stashed:
        messages.error(request, _("Không còn bản xem trước; hãy tải tệp lên lại."))
        return redirect("assessments:excel_upload", pk)
    try:
        outcome = excel.apply_import(actor=request.user, submission=submission, stashed=stashed)
    except services.AssessmentError as exc:
        messages.error(request, str(exc))
        # A validation rule's refusal is not in the preview (it reads figures across rows): say which.
        for row in getattr(exc, "errors", {}).values():
            for key, text in row.items():
                if str(key).startswith("rule:"):
                    messages.error(request, text)
        return redirect("assessments:excel_upload", pk)
    request.session.pop(SESSION_KEY.format(pk=pk), None)
    messages.success(request, _("Đã nhập %(n)s chỉ số từ tệp Excel.") % {"n": outcome.changed})
    for text in outcome.warnings:
        messages.warning(request, _("Cảnh báo: %(message)s. Số liệu đã được lưu.") % {"message": text})
    return redirect("assessments:overview", pk)
