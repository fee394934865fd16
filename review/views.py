"""Review pages: access → form → one service call → message → redirect.

Anonymous visitors are sent to the login page (`login_required`, outermost), like everywhere
else; signed-in people without the role get 403 from the access helpers.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import access as account_access
from accounts.access import reviewer_required
from assessments import evidence as evidence_files
from assessments import history
from assessments.models import Evidence, IndicatorValue, MainIndex, Round
from assessments.services import rounds as round_services
from assessments.workflow import TransitionError, allowed_actions, may_appraise_now

from . import access, selectors, services
from .forms import AppraiseForm, AssignForm, CloseForm, MessageForm, QueueFilterForm, ReasonForm, ReturnForm
from .models import Clarification

REFUSED = (services.ReviewError, TransitionError)


def _refused(request, exc) -> None:
    messages.error(request, str(exc))


# --- queue ---------------------------------------------------------------------------------


@reviewer_required
@require_GET
def round_list(request):
    rounds = access.rounds_for_review(request.user).select_related("framework").order_by("-year")
    return render(request, "review/round_list.html", {"rounds": rounds, "mine": selectors.my_workload(request.user)})


@reviewer_required
@require_GET
def queue(request, round_pk):
    rnd = access.get_round_for_review(request.user, round_pk)
    reviewers = selectors.reviewers(rnd.authority_id)
    form = QueueFilterForm(request.GET or None, reviewers=reviewers)
    submissions = selectors.queue(rnd, user=request.user, **form.filters())
    may_assign = access.can_assign(request.user, rnd)
    assign_form = AssignForm(submissions=rnd.submissions.all(), reviewers=_reviewer_qs(rnd)) if may_assign else None
    return render(request, "review/submission_list.html", {
        "round": rnd, "form": form, "submissions": submissions, "workload": selectors.workload(rnd),
        "unassigned": selectors.unassigned_load(rnd),
        "counts": selectors.status_counts(rnd), "state": round_services.round_state(rnd), "assign_form": assign_form, "reviewers": reviewers,
    })


def _reviewer_qs(rnd):
    return account_access.reviewers_of(rnd.authority_id)


@reviewer_required
@require_POST
def assign(request, round_pk):
    rnd = access.get_round_for_review(request.user, round_pk, queryset=Round.objects.all())
    if not access.can_assign(request.user, rnd):
        raise PermissionDenied
    form = AssignForm(request.POST, submissions=rnd.submissions.select_related("unit"), reviewers=_reviewer_qs(rnd))
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect("review:queue", rnd.pk)
    try:
        n = services.assign_reviewer(
            submissions=list(form.cleaned_data["submissions"]), reviewer=form.cleaned_data["reviewer"], actor=request.user
        )
    except REFUSED as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Đã phân công %(n)d hồ sơ.") % {"n": n})
    return redirect(reverse("review:queue", args=[rnd.pk]) + "?" + request.POST.get("next_query", ""))


# --- one submission ------------------------------------------------------------------------


@login_required
@require_GET
def submission_detail(request, pk):
    submission = access.get_submission_for_review(request.user, pk)
    lines, total = selectors.score_summary(submission)
    return render(request, "review/submission_detail.html", {
        "submission": submission, "lines": lines, "total": total,
        "actions": allowed_actions(request.user, submission), "can_appraise": access.can_appraise(request.user, submission),
        "can_return": access.can_appraise(request.user, submission) and may_appraise_now(submission),
        "history": history.describe(selectors.history(submission), submission=submission),
        "holder_note": access.holder_note(request.user, submission),
    })


@login_required
@require_GET
def appraisal(request, pk, main_pk):
    submission = access.get_submission_for_review(request.user, pk)
    lines, total = selectors.score_summary(submission)  # a line per main index of the framework
    line = next((ln for ln in lines if ln.main_index.pk == main_pk), None)
    if line is None:
        raise Http404
    main_index = line.main_index
    return render(request, "review/appraisal_detail.html", {
        "submission": submission, "main_index": main_index, "rows": selectors.appraisal_rows(submission, main_index),
        "lines": lines, "total": total, "line": line, "holder_note": access.holder_note(request.user, submission),
        "can_appraise": access.can_appraise(request.user, submission) and may_appraise_now(submission),
    })


@login_required
@require_POST
def accept_remaining(request, pk, main_pk):
    submission = access.get_submission_for_review(request.user, pk)
    main_index = get_object_or_404(MainIndex, pk=main_pk, framework_id=submission.round.framework_id)
    try:
        done = services.accept_self_scores(submission=submission, main_index=main_index, actor=request.user)
    except REFUSED as exc:
        _refused(request, exc)
    else:
        messages.success(request, _accepted_message(done))
    return redirect("review:appraisal", submission.pk, main_index.pk)


def _accepted_message(done: services.Accepted) -> str:
    parts = [_("Đã chấp nhận điểm tự đánh giá của %(n)d chỉ số.") % {"n": len(done.accepted)}]
    if done.questioned:
        parts.append(_("Còn câu hỏi chưa đóng, cần thẩm định riêng: %(codes)s.") % {"codes": ", ".join(done.questioned)})
    if done.not_entered:
        parts.append(_("Chưa có điểm tự đánh giá: %(codes)s.") % {"codes": ", ".join(done.not_entered)})
    return " ".join(parts)


@login_required
@require_POST
def appraise(request, pk, value_pk):
    submission = access.get_submission_for_review(request.user, pk)
    value = get_object_or_404(IndicatorValue.objects.select_related("indicator__main_index"), pk=value_pk, submission=submission)
    value.submission = submission
    form = AppraiseForm(request.POST)
    error = None
    if form.is_valid():
        try:
            services.appraise(value=value, actor=request.user, points=form.cleaned_data["points"],
                              reason=form.cleaned_data["reason"], version=form.cleaned_data["version"])
        except REFUSED as exc:
            error = str(exc)
    else:
        error = _("Hãy nhập điểm thẩm định.")
    if request.htmx:
        before = submission.status
        response = _row_fragment(request, submission, value, error=error, posted=request.POST if error else None)
        if submission.status != before:
            response["HX-Refresh"] = "true"  # the first appraisal started the review: new header and actions
        return response
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Đã lưu điểm thẩm định chỉ số %(code)s.") % {"code": value.indicator.code})
    return redirect(reverse("review:appraisal", args=[submission.pk, value.indicator.main_index_id]) + f"#ind-{value.pk}")


def _row_fragment(request, submission, value, *, error, posted):
    submission.refresh_from_db(fields=["status", "status_changed_at"])
    rows = selectors.appraisal_rows(submission, value.indicator.main_index)
    row = next(r for r in rows if r.value.pk == value.pk)
    return render(request, "review/_appraisal_row.html", {
        "submission": submission, "row": row, "error": error, "posted": posted,
        "can_appraise": access.can_appraise(request.user, submission) and may_appraise_now(submission),
    })


@login_required
@require_POST
def start(request, pk):
    submission = access.get_submission_for_review(request.user, pk)
    try:
        submission = services.start_review(submission=submission, actor=request.user)
    except REFUSED as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Đã bắt đầu thẩm định hồ sơ; người thẩm định: %(name)s.") % {
            "name": submission.assigned_reviewer.display_name if submission.assigned_reviewer else "—"})
    return redirect("review:submission", submission.pk)


@login_required
@require_http_methods(["GET", "POST"])
def return_items(request, pk):
    submission = access.get_submission_for_review(request.user, pk)
    values = list(IndicatorValue.objects.filter(submission=submission).select_related("indicator").order_by("indicator__order"))
    form = ReturnForm(request.POST or None, values=values)
    if request.method == "POST" and form.is_valid():
        try:
            services.return_for_clarification(submission=submission, actor=request.user,
                                              questions=form.questions(), note=form.cleaned_data["note"])
        except REFUSED as exc:
            _refused(request, exc)
        else:
            messages.success(request, _("Đã gửi yêu cầu bổ sung, giải trình cho đơn vị."))
            return redirect("review:submission", submission.pk)
    return render(request, "review/return_form.html", {"submission": submission, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def sign_off(request, pk):
    """GET: what signing off will do (the confirmation); POST: do it (the API posts too)."""
    submission = access.get_submission_for_review(request.user, pk)
    if not access.can_sign_off(request.user, submission):
        raise PermissionDenied
    if request.method == "GET":
        lines, total = selectors.score_summary(submission)
        return render(request, "includes/confirm_page.html", {
            "title": _("Ký duyệt kết quả thẩm định"), "body": "review/_sign_off_form.html", "submission": submission,
            "total": total, "back_url": reverse("review:submission", args=[submission.pk]),
        })
    try:
        services.sign_off(submission=submission, actor=request.user)
    except REFUSED as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Đã ký duyệt kết quả thẩm định; điểm đạt được đã được chốt."))
    return redirect("review:submission", submission.pk)


@login_required
@require_http_methods(["GET", "POST"])
def reopen(request, pk):
    submission = access.get_submission_for_review(request.user, pk)
    if not access.can_reopen(request.user, submission):
        raise PermissionDenied
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reopen(submission=submission, actor=request.user, reason=form.cleaned_data["reason"])
        except REFUSED as exc:
            _refused(request, exc)
        else:
            messages.success(request, _("Đã mở lại hồ sơ."))
            return redirect("review:submission", submission.pk)
    return render(request, "review/reopen_form.html", {"submission": submission, "form": form})


@login_required
@require_POST
def close_clarification(request, pk, clarification_pk):
    submission = access.get_submission_for_review(request.user, pk)
    clarification = get_object_or_404(Clarification.objects.select_related("value"), pk=clarification_pk, submission=submission)
    clarification.submission = submission
    form = CloseForm(request.POST)
    try:
        if not form.is_valid():
            raise services.ReviewError(" ".join(e for errs in form.errors.values() for e in errs))
        services.close_clarification(clarification=clarification, actor=request.user, note=form.cleaned_data["note"])
    except REFUSED as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Đã chấp nhận giải trình."))
    main_pk = IndicatorValue.objects.filter(pk=clarification.value_id).values_list("indicator__main_index_id", flat=True).get()
    return redirect(reverse("review:appraisal", args=[submission.pk, main_pk]) + f"#ind-{clarification.value_id}")


@login_required
@xframe_options_sameorigin
@require_GET
def evidence(request, pk):
    """Stream an evidence file to a reviewer: PDF and images inline (previewed in the page),
    everything else, or ?download=1, as an attachment."""
    ev = get_object_or_404(Evidence.objects.select_related("value__submission"), pk=pk)
    access.get_submission_for_review(request.user, ev.value.submission_id)
    try:
        # The same headers as every evidence answer (assessments/evidence.py): never sniffed,
        # never cached, framed by the portal's own pages only.
        return evidence_files.serve(ev, inline=not request.GET.get("download"))
    except (FileNotFoundError, OSError):
        raise Http404 from None


FILE_USES_PER_PAGE = 50


@login_required
@require_GET
def file_uses(request, pk):
    """Every place of the round where the same file as this evidence is cited, paged (the
    appraisal card only counts them)."""
    ev = get_object_or_404(Evidence.objects.select_related("value__submission__round", "value__submission__unit"), pk=pk)
    access.get_submission_for_review(request.user, ev.value.submission_id)
    page = Paginator(selectors.file_uses(ev), FILE_USES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "review/file_uses.html", {"evidence": ev, "submission": ev.value.submission, "page": page})


# --- the officer's side of the clarification loop --------------------------------------------


@login_required
@require_GET
def clarifications(request, pk):
    submission = access.get_submission_for_officer(request.user, pk)
    return render(request, "review/clarification_list.html", {
        "submission": submission, "threads": selectors.threads_for_officer(submission),
        "form": MessageForm(), "entry_url": _officer_entry_url(submission),
    })


@login_required
@require_POST
def answer(request, pk, clarification_pk):
    clarification = access.get_clarification_for_officer(request.user, pk, clarification_pk)
    form = MessageForm(request.POST)
    try:
        if not form.is_valid():
            raise services.ReviewError(_("Hãy nhập nội dung giải trình (tối đa 5000 ký tự)."))
        services.answer_clarification(clarification=clarification, actor=request.user, body=form.cleaned_data["body"])
    except REFUSED as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Đã gửi giải trình cho chỉ số %(code)s.") % {"code": clarification.value.indicator.code})
    return redirect(reverse("review:clarifications", args=[pk]) + f"#thread-{clarification.value_id}")


def _officer_entry_url(submission) -> str:
    """The officer's own overview page (assessments app), where values are corrected."""
    return reverse("assessments:overview", args=[submission.pk])
