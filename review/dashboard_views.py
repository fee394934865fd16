"""The round dashboard pages: the figures (review.dashboard), their CSV, the review deadline.

Reviewers, lead reviewers and admins read it (officers 403); admins and lead reviewers set
the round's review deadline.
"""

from __future__ import annotations

import csv

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_GET, require_POST

from accounts import access as account_access
from accounts.access import reviewer_required
from assessments import services as assessment_services
from assessments.forms import DeadlineField
from assessments.models import Round

from . import access, dashboard


class ReviewDeadlineForm(forms.Form):
    # A date alone is the end of that day (23:59), as for every deadline typed in the portal.
    review_closes_at = DeadlineField(
        label=_l("Hạn thẩm định"),
        required=False,
        help_text=_l(
            "Giờ Việt Nam. Chỉ nhập ngày (dd/mm/yyyy) nghĩa là hết ngày đó, 23:59; có thể kèm giờ: "
            "dd/mm/yyyy hh:mm. Để trống nếu không đặt hạn."
        ),
    )


def _round(request, round_pk) -> Round:
    return access.get_round_for_review(request.user, round_pk)


@reviewer_required
@require_GET
def round_dashboard(request, round_pk):
    rnd = _round(request, round_pk)
    may_set = account_access.is_lead_reviewer_of(request.user, rnd.authority_id)
    form = ReviewDeadlineForm(initial={"review_closes_at": rnd.review_closes_at}) if may_set else None
    return render(request, "review/round_dashboard.html", {"round": rnd, "dash": dashboard.build(rnd), "form": form})


@reviewer_required
@require_GET
def round_dashboard_csv(request, round_pk):
    rnd = _round(request, round_pk)
    dash = dashboard.build(rnd)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="tien-do-dot-{rnd.pk}.csv"'
    response.write("\ufeff")  # a byte-order mark: spreadsheets then read the Vietnamese letters as UTF-8
    writer = csv.writer(response)
    writer.writerow(dashboard.csv_header())
    writer.writerows(dashboard.csv_rows(dash))
    return response


@reviewer_required
@require_POST
def review_deadline(request, round_pk):
    rnd = _round(request, round_pk)
    if not account_access.is_lead_reviewer_of(request.user, rnd.authority_id):
        raise PermissionDenied
    form = ReviewDeadlineForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hạn thẩm định không hợp lệ; hãy nhập dạng dd/mm/yyyy hh:mm."))
        return redirect("review:dashboard", rnd.pk)
    try:
        assessment_services.set_review_deadline(
            actor=request.user, round=rnd, review_closes_at=form.cleaned_data["review_closes_at"]
        )
    except assessment_services.ValidationFailed as exc:
        messages.error(request, " ".join(exc.errors.get("form", {}).values()) or str(exc))
    except assessment_services.AssessmentError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã lưu hạn thẩm định."))
    return redirect("review:dashboard", rnd.pk)
