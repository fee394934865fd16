"""The province leader's approval pages (issue 17) and the officer's request for approval.

The leader reads the consolidated submission (self-score, what is missing, each contributor's
status) and approves or returns it to the officer; the officer asks from the submit page.
Leaders of another province and everyone else: 404 (assessments.access).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from . import access, selectors, services


def _page(request, submission, *, reason: str = "", status: int = 200):
    context = {
        "submission": submission,
        "missing": services.missing_items(submission),
        "contributions": services.contribution_statuses(submission),
        "reason": reason,
        **selectors.overview_context(submission),
    }
    return render(request, "assessments/approval.html", context, status=status)


@login_required
@require_GET
def approval(request, pk):
    return _page(request, access.get_submission_for_leader(request.user, pk))


@login_required
@require_POST
def approve(request, pk):
    submission = access.get_submission_for_leader(request.user, pk)
    if request.POST.get("confirm") != "1":
        messages.error(request, _("Hãy đánh dấu ô xác nhận đã xem hồ sơ trước khi phê duyệt."))
        return _page(request, submission, status=400)
    try:
        services.approve(actor=request.user, submission=submission)
    except services.AssessmentError as exc:
        messages.error(request, str(exc))
        return _page(request, submission, status=400)
    messages.success(request, _("Đã phê duyệt hồ sơ. Cán bộ tỉnh được thông báo để gửi hồ sơ."))
    return redirect("assessments:approval", pk)


@login_required
@require_POST
def return_to_officer(request, pk):
    submission = access.get_submission_for_leader(request.user, pk)
    reason = request.POST.get("reason", "")[: services.approval.REASON_MAX_LENGTH + 1]
    try:
        services.return_to_officer(actor=request.user, submission=submission, reason=reason)
    except services.AssessmentError as exc:
        messages.error(request, str(exc))
        return _page(request, submission, reason=reason, status=400)
    messages.success(request, _("Đã trả lại hồ sơ cho cán bộ tỉnh."))
    return redirect("assessments:approval", pk)


@login_required
@require_POST
def request_approval(request, pk):
    submission = access.get_submission_for_user(request.user, pk, write=True)
    try:
        services.request_approval(actor=request.user, submission=submission)
    except services.AssessmentError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã gửi đề nghị phê duyệt đến lãnh đạo tỉnh."))
    return redirect("assessments:submit", pk)
