"""The contribution pages (issue 17): the officer's assignment and progress board, the review of
a hand-in; the contributor's entry of exactly the assigned indicators and their hand-in.

Officer pages: officers only (403), of the submission's province (404). Contributor pages:
contributors only (403), their own assignment of their province (404); an indicator, a
general-information field or a file not of that assignment is 404 as well. A contributed file
is read by its contributor and the province's officers (contributed_evidence_download).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from accounts.access import is_contributor, officer_required, role_required

from . import access, contribution_board, contribution_excel, excel, scoring, services, workflow
from . import evidence as evidence_files
from .contribution_forms import (
    AssignForm,
    LibraryCiteForm,
    SendBackForm,
    contribution_rows,
    general_rows,
    posted_contribution_rows,
    posted_general_rows,
)
from .forms import EvidenceForm, add_service_errors
from .views import GET_POST, _tabs

contributor_required = role_required(is_contributor)


@login_required
@officer_required
@GET_POST
def contributions(request, pk):
    """The progress board and the assignment form."""
    submission = access.get_submission_for_user(request.user, pk, write=request.method == "POST")
    form = AssignForm(request.POST or None, submission=submission)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.assign(actor=request.user, submission=submission, contributor=d["contributor"],
                            indicators=d["picked"], general_items=d["general_items"], due_at=d["due"], note=d["note"])
        except services.AssessmentError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã giao %(n)d chỉ số cho %(name)s.") % {"n": len(d["picked"]), "name": d["contributor"].display_name})
            if d["general_items"]:
                messages.success(request, _("Kèm %(n)d mục thông tin chung.") % {"n": len(d["general_items"])})
            return redirect("assessments:contributions", pk)
    context = {"submission": submission, "form": form, "board": contribution_board.board(submission),
               "refusal": workflow.contribution_refusal(submission), **_tabs(request, submission)}
    return render(request, "assessments/contributions/board.html", context)


@login_required
@officer_required
@require_GET
def contribution_review(request, assignment_pk):
    assignment = contribution_board.assignment_for_officer(request.user, assignment_pk)
    return _render_review(request, assignment, SendBackForm())


def _refused(request, text, exc) -> None:
    """The service's refusal, and each row's reason (a validation rule, a figure) after it."""
    messages.error(request, text)
    for row_errors in getattr(exc, "errors", {}).values():
        for message in row_errors.values():
            messages.error(request, str(scoring.translated(message, _)))


def _render_review(request, assignment, form):
    context = {"assignment": assignment, "submission": assignment.submission, "form": form,
               "rows": contribution_board.review_rows(assignment), "general": contribution_board.review_general_rows(assignment),
               "actions": workflow.allowed_actions(request.user, assignment),
               **_tabs(request, assignment.submission)}
    return render(request, "assessments/contributions/review.html", context)


@login_required
@officer_required
@require_POST
def contribution_accept(request, assignment_pk):
    assignment = contribution_board.assignment_for_officer(request.user, assignment_pk)
    try:
        services.accept(actor=request.user, assignment=assignment)
    except services.AssessmentError as exc:
        _refused(request, _("Chưa chấp nhận: %(why)s") % {"why": exc}, exc)
        return redirect("assessments:contribution_review", assignment_pk)
    messages.success(request, _("Đã chấp nhận; số liệu đã vào hồ sơ của tỉnh."))
    return redirect("assessments:contributions", assignment.submission_id)


@login_required
@officer_required
@require_POST
def contribution_send_back(request, assignment_pk):
    assignment = contribution_board.assignment_for_officer(request.user, assignment_pk)
    form = SendBackForm(request.POST)
    if form.is_valid():
        try:
            services.send_back(actor=request.user, assignment=assignment, reason=form.cleaned_data["reason"])
        except services.AssessmentError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã trả lại cho %(name)s.") % {"name": assignment.contributor.display_name})
            return redirect("assessments:contributions", assignment.submission_id)
    return _render_review(request, assignment, form)


@login_required
@contributor_required
@GET_POST
def contribution(request, assignment_pk):
    """The contributor's entry of the assigned indicators."""
    assignment = contribution_board.assignment_for_contributor(request.user, assignment_pk)
    values = list(assignment.values.select_related("indicator"))
    general = list(assignment.general_values.select_related("item"))
    if request.method == "GET":
        return _render_contribution(request, assignment, contribution_rows(values), general_rows(general))
    posted, posted_general = posted_contribution_rows(request.POST), posted_general_rows(request.POST)
    if (not posted and not posted_general) or not set(posted) <= {v.pk for v in values} or not set(posted_general) <= {g.pk for g in general}:
        raise Http404  # a row not of this assignment: nothing is read or written
    try:
        n = services.save_contribution(actor=request.user, assignment=assignment, rows=posted, general=posted_general)
    except services.AssessmentError as exc:
        errors = getattr(exc, "errors", None)
        messages.error(request, str(exc))
        return _render_contribution(request, assignment, contribution_rows(values, request.POST, errors),
                                    general_rows(general, request.POST, errors))
    messages.success(request, _("Đã lưu (%(n)s chỉ số thay đổi).") % {"n": n})
    return redirect("assessments:contribution", assignment_pk)


def _contributor_may_edit(assignment) -> bool:
    return assignment.status in workflow.CONTRIBUTOR_EDITABLE and workflow.contribution_refusal(assignment.submission) is None


def _render_contribution(request, assignment, rows, general):
    files = contribution_board.current_evidence([row["value"] for row in rows])
    for row in rows:
        row["evidence"] = files[row["value"].pk]
    context = {"assignment": assignment, "rows": rows, "general": general, "editable": _contributor_may_edit(assignment)}
    return render(request, "assessments/contributions/entry.html", context)


@login_required
@contributor_required
@require_POST
def contribution_hand_in(request, assignment_pk):
    assignment = contribution_board.assignment_for_contributor(request.user, assignment_pk)
    try:
        services.hand_in(actor=request.user, assignment=assignment)
    except services.AssessmentError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã nộp số liệu cho cán bộ tỉnh."))
    return redirect("assessments:contribution", assignment_pk)


@login_required
@contributor_required
@require_GET
def contribution_excel_template(request, assignment_pk):
    assignment = contribution_board.assignment_for_contributor(request.user, assignment_pk)
    response = HttpResponse(contribution_excel.build_template(assignment), content_type=excel.XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{contribution_excel.template_filename(assignment)}"'
    return response


@login_required
@contributor_required
@require_POST
def contribution_excel_upload(request, assignment_pk):
    assignment = contribution_board.assignment_for_contributor(request.user, assignment_pk)
    try:
        n = contribution_excel.import_file(actor=request.user, assignment=assignment, upload=request.FILES.get("file"))
    except services.AssessmentError as exc:
        _refused(request, str(exc), exc)
    else:
        messages.success(request, _("Đã nhập từ tệp Excel (%(n)s chỉ số thay đổi).") % {"n": n})
    return redirect("assessments:contribution", assignment_pk)


# --- The contributor's evidence: the officer's form and file checks, on one assigned indicator


@csrf_exempt  # CSRF is checked by _contribution_upload, after the size-limiting handler is installed
@login_required
@contributor_required
@GET_POST
def contribution_evidence(request, assignment_pk, contributed_pk):
    assignment = contribution_board.assignment_for_contributor(request.user, assignment_pk)
    cv = contribution_board.contributed_value(assignment, contributed_pk)
    if request.method == "POST":
        evidence_files.install_upload_handler(request)
        return _contribution_upload(request, cv)
    return _evidence_page(request, cv, EvidenceForm())


def _evidence_page(request, cv, form):
    context = {"assignment": cv.assignment, "cv": cv, "form": form, "editable": _contributor_may_edit(cv.assignment),
               "current": contribution_board.current_evidence([cv])[cv.pk], "library": [e for e in services.library(cv.assignment) if e.contributed_id != cv.pk],
               "max_size": evidence_files.human_size(evidence_files.max_bytes())}
    return render(request, "assessments/contributions/evidence.html", context)


@csrf_protect
def _contribution_upload(request, cv):
    form = EvidenceForm(request.POST, request.FILES)
    if evidence_files.upload_was_too_large(request):
        form.add_error("file", evidence_files.too_large_message())
    if form.is_valid():
        citation = {k: form.cleaned_data[k] for k in ("doc_number", "doc_date", "issuing_body", "summary")}
        try:
            services.add_contributed_evidence(actor=request.user, assignment=cv.assignment, contributed_pk=cv.pk,
                                              upload=request.FILES.get("file"), **citation)
        except services.ValidationFailed as exc:
            add_service_errors(form, exc.errors.get("form", {}))
        except services.AssessmentError as exc:
            messages.error(request, str(exc))
            return redirect("assessments:contribution_evidence", cv.assignment_id, cv.pk)
        else:
            _uploaded(request, cv.assignment.submission.round.year, citation)
            return redirect("assessments:contribution_evidence", cv.assignment_id, cv.pk)
    messages.error(request, _("Chưa tải lên; hãy sửa các ô được đánh dấu."))
    return _evidence_page(request, cv, form)


def _uploaded(request, year, citation) -> None:
    messages.success(request, _("Đã tải lên tài liệu kiểm chứng."))
    for text in services.citation_warnings(doc_number=citation["doc_number"], doc_date=citation["doc_date"], year=year):
        messages.warning(request, _("Lưu ý: %(message)s Hãy kiểm tra lại trích dẫn.") % {"message": text})


@login_required
@contributor_required
@require_POST
def contribution_evidence_cite(request, assignment_pk, contributed_pk):
    """Cite one of the contributor's files on another indicator: stored once, named again."""
    assignment = contribution_board.assignment_for_contributor(request.user, assignment_pk)
    cv = contribution_board.contributed_value(assignment, contributed_pk)
    form = LibraryCiteForm(request.POST)
    try:
        if not form.is_valid():
            raise services.AssessmentError(_("Hãy chọn một tệp trong danh sách tài liệu của bạn."))
        services.cite_library_file(actor=request.user, assignment=assignment, contributed_pk=cv.pk,
                                   evidence_pk=form.cleaned_data["evidence"])
    except services.AssessmentError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã trích dẫn lại tệp cho chỉ số này (không lưu thêm bản nào)."))
    return redirect("assessments:contribution_evidence", assignment_pk, cv.pk)


@login_required
@require_GET
def contributed_evidence_download(request, pk):
    """The contributor's own file, or any contributed file of the province for its officers."""
    item = contribution_board.contributed_evidence_for_user(request.user, pk)
    try:
        return evidence_files.serve(item, inline=request.GET.get("inline") == "1")
    except FileNotFoundError as exc:
        raise Http404 from exc


@login_required
@contributor_required
@require_POST
def contributed_evidence_remove(request, pk):
    item = contribution_board.contributed_evidence_for_user(request.user, pk)
    if item.contributed.assignment.contributor_id != request.user.pk:
        raise Http404  # contributors only reach their own files here (officers are refused above)
    try:
        services.remove_contributed_evidence(actor=request.user, evidence=item)
    except services.AssessmentError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã gỡ tài liệu (vẫn được lưu trong lịch sử)."))
    return redirect("assessments:contribution_evidence", item.contributed.assignment_id, item.contributed_id)
