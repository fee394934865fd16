"""The contribution pages (issue 17): the officer's assignment and progress board, the review of
a hand-in; the contributor's entry of exactly the assigned indicators and their hand-in.

Officer pages: officers only (403), of the submission's province (404). Contributor pages:
contributors only (403), their own assignment of their province (404).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.access import is_contributor, officer_required, role_required

from . import access, contribution_board, contribution_excel, excel, scoring, services, workflow
from .contribution_forms import AssignForm, SendBackForm, contribution_rows, posted_contribution_rows
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
                            indicators=d["picked"], due_at=d["due"], note=d["note"])
        except services.AssessmentError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã giao %(n)d chỉ số cho %(name)s.") % {"n": len(d["picked"]), "name": d["contributor"].display_name})
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
               "rows": contribution_board.review_rows(assignment),
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
    if request.method == "GET":
        return _render_contribution(request, assignment, contribution_rows(values))
    posted = posted_contribution_rows(request.POST)
    if not posted or any(pk not in {v.pk for v in values} for pk in posted):
        raise Http404  # a row not of this assignment: nothing is read or written
    try:
        n = services.save_contribution(actor=request.user, assignment=assignment, rows=posted)
    except services.AssessmentError as exc:
        messages.error(request, str(exc))
        return _render_contribution(request, assignment, contribution_rows(values, request.POST, getattr(exc, "errors", None)))
    messages.success(request, _("Đã lưu (%(n)s chỉ số thay đổi).") % {"n": n})
    return redirect("assessments:contribution", assignment_pk)


def _render_contribution(request, assignment, rows):
    editable = assignment.status in workflow.CONTRIBUTOR_EDITABLE and workflow.contribution_refusal(assignment.submission) is None
    context = {"assignment": assignment, "rows": rows, "editable": editable}
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
