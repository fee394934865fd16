"""Results pages: public rankings and profiles, exports, provisional rankings and publication."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import access
from accounts.access import officer_required, reviewer_required
from accounts.models import Unit
from assessments import results_view
from assessments.workflow import FINAL, UNRANKED
from core.replica import reads_from_replica

from . import analysis, authorities, exports, report, selectors, services
from .access import (
    get_public_authority,
    get_public_row,
    get_public_table,
    get_report_submission,
    get_round_for_staff,
    rounds_for_staff,
)
from .models import Publication
from .services import PublicationError


def _year_choices(authority=None):
    return [
        (year, group, selectors.RankingGroup(group).label, authorities.public_url("ranking", year=year, group=group, authority=authority))
        for year, group in selectors.available_tables(authority)
    ]


# Every public page serves the national Authority's results at its URL, and a provincial
# Authority's, exactly alike, under /ket-qua/tinh/<authority>/ (`authority` is its code).


@reads_from_replica
@require_GET
def ranking_index(request, authority: str | None = None):
    owner = get_public_authority(authority)
    tables = selectors.available_tables(owner)
    if not tables:
        content = render_to_string("results/_ranking_content.html", {"table": None, "choices": []})
        return render(request, "results/ranking_detail.html", {"content": content, "authority": owner})
    year, group = tables[0]
    return redirect(authorities.public_url("ranking", year=year, group=group, authority=owner))


@reads_from_replica
@require_GET
def ranking_detail(request, year: int, group: str, authority: str | None = None):
    # After publication everyone reads the same table: it is rendered once per publication
    # version and served from the cache (the page around it still renders per request).
    owner = get_public_authority(authority)
    key = selectors.public_cache_key("ranking", year=year, ranking_group=group, language=get_language(), authority=owner)
    content = cache.get(key) if key else None
    if content is None:
        table = get_public_table(year, group, owner)
        content = render_to_string("results/_ranking_content.html", {
            "table": table, "choices": _year_choices(owner), "index_url": authorities.index_url(owner),
        })
        if key:
            cache.set(key, content, selectors.PUBLIC_CACHE_SECONDS)
    return render(request, "results/ranking_detail.html", {"content": content, "year": year, "authority": owner})


def _machine_header(request) -> bool:
    """?header=machine: the stable column codes instead of headers in the user's language."""
    return request.GET.get("header") == "machine"


def _file_stem(table, code: str = "") -> str:
    """dti-2025-tinh-34 (a unit's: dti-2025-48), with the provincial authority's code after
    "dti-" for its tables: dti-tuyen-quang-2025-so-nganh."""
    owner = f"{table.authority.code}-" if table.authority else ""
    return f"dti-{owner}{table.year}-{code or table.ranking_group}"


@reads_from_replica
@require_GET
def ranking_csv(request, year: int, group: str, authority: str | None = None):
    table = get_public_table(year, group, get_public_authority(authority))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_file_stem(table)}.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 CSV with Vietnamese names correctly only with a BOM
    exports.write_csv(table, response, machine_header=_machine_header(request))
    return response


@reads_from_replica
@require_GET
def ranking_xlsx(request, year: int, group: str, authority: str | None = None):
    table = get_public_table(year, group, get_public_authority(authority))
    response = HttpResponse(
        exports.xlsx_bytes(table, machine_header=_machine_header(request)), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{_file_stem(table)}.xlsx"'
    return response


def _profile_context(table, row):
    history = selectors.unit_history(unit=row.unit, ranking_group=table.ranking_group, authority=table.authority)
    return {
        "table": table,
        "row": row,
        "authority": table.authority,
        "radar": analysis.radar_data(table, row),
        "history": history,
        "predecessor_history": selectors.predecessor_history(
            unit=row.unit, ranking_group=table.ranking_group, history=history
        ),
        "gaps": analysis.main_index_gaps(table, row),
        "indicator_gaps": analysis.indicator_gaps(table, row),
        "best": analysis.best_row(table),
        "average_dti": table.average_dti(),
        # A province's national profile links to the rankings it runs of its own units.
        "provincial_rankings": authorities.provincial_rankings(row.unit) if table.authority is None else [],
    }


def _public_row(year: int, group: str, code: str, authority: str | None):
    table = get_public_table(year, group, get_public_authority(authority))
    return table, get_public_row(table, code)


@reads_from_replica
@require_GET
def unit_profile(request, year: int, group: str, code: str, authority: str | None = None):
    table, row = _public_row(year, group, code, authority)
    return render(request, "results/profile_detail.html", _profile_context(table, row))


@reads_from_replica
@require_GET
def unit_pdf(request, year: int, group: str, code: str, authority: str | None = None):
    table, row = _public_row(year, group, code, authority)
    ctx = _profile_context(table, row)
    submission = report.round_submission(table.round, row.unit)
    rec = report.reconciliation_context(submission) if report.may_see_reconciliation(request.user, submission) else None
    pdf = exports.province_report_pdf(
        table=table, row=row, gaps=ctx["gaps"], indicator_gaps=ctx["indicator_gaps"], history=ctx["history"],
        radar=ctx["radar"], best=ctx["best"], average_dti=ctx["average_dti"], reconciliation=rec,
        predecessor_history=ctx["predecessor_history"],
    )
    return _pdf_response(pdf, f"{_file_stem(table, code)}.pdf")


@login_required
@require_GET
def submission_report(request, pk: int):
    """The province's own report from sign-off on, before publication too: the reconciliation
    of every indicator. Its officers and the Authority's reviewers; 404 to anyone else and
    before the submission is final (nothing final to report)."""
    submission = get_report_submission(request.user, pk)
    pdf = report.render_pdf("results/report/submission_report.html", report.submission_report_context(submission))
    return _pdf_response(pdf, f"dti-{submission.round.year}-{submission.unit.code}-tham-dinh.pdf")


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@reads_from_replica
@require_GET
def what_if(request, year: int, group: str, code: str, authority: str | None = None):
    table, row = _public_row(year, group, code, authority)
    kind, _sep, target = request.GET.get("target", "").partition(":")
    result = analysis.what_if(
        table, row, indicator_code=target if kind == "i" else "", main_code=target if kind == "m" else ""
    )
    return render(request, "results/_what_if.html", {"result": result, "row": row, "table": table})


# --- Staff: provisional rankings and publication ---------------------------------------------


@reviewer_required
@require_GET
def round_detail(request, round_id: int):
    rnd = get_round_for_staff(request.user, round_id)
    group = request.GET.get("nhom") or rnd.ranking_group
    table = selectors.provisional_table(rnd=rnd, ranking_group=group)
    return render(request, "results/round_detail.html", {
        "round": rnd,
        "table": table,
        "group": group,
        "pending": services.pending_requests(rnd.pk),
        "publications": Publication.objects.filter(round=rnd).select_related("published_by", "unpublished_by"),
        "snapshots": rnd.snapshots.all()[:10],
        "may_administer": access.is_admin_of(request.user, rnd.authority_id),
    })


def _publication_confirm(request, rnd, body: str, title: str):
    """GET of publish/unpublish: what the action will do (no script needed); the POST is
    unchanged for the API and the dialog."""
    return render(request, "includes/confirm_page.html", {
        "title": title, "body": body, "round": rnd,
        "n_units": rnd.submissions.count(), "n_final": rnd.submissions.filter(status__in=FINAL).count(),
        "n_excluded": rnd.submissions.filter(status__in=UNRANKED).count(),
        "active": Publication.objects.filter(round=rnd, is_active=True).first(),
        "back_url": reverse("results:round", kwargs={"round_id": rnd.pk}),
    })


@reviewer_required
@require_http_methods(["GET", "POST"])
def publish(request, round_id: int):
    rnd = get_round_for_staff(request.user, round_id, admin=True)
    if request.method == "GET":
        return _publication_confirm(request, rnd, "results/_publish_form.html", _("Công bố kết quả"))
    try:
        pub = services.publish_round(round_id=rnd.pk, actor=request.user, note=request.POST.get("note", ""))
    except PublicationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã công bố kết quả (phiên bản %(v)d).") % {"v": pub.version})
    return redirect("results:round", round_id=rnd.pk)


@reviewer_required
@require_http_methods(["GET", "POST"])
def unpublish(request, round_id: int):
    rnd = get_round_for_staff(request.user, round_id, admin=True)
    if request.method == "GET":
        return _publication_confirm(request, rnd, "results/_unpublish_form.html", _("Hủy công bố"))
    try:
        services.unpublish_round(round_id=rnd.pk, actor=request.user, reason=request.POST.get("reason", ""))
    except PublicationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã hủy công bố kết quả."))
    return redirect("results:round", round_id=rnd.pk)


@reviewer_required
@require_POST
def recompute(request, round_id: int):
    rnd = get_round_for_staff(request.user, round_id, admin=True)
    services.recompute_now(round_id=rnd.pk, actor=request.user)
    messages.success(request, _("Đã yêu cầu tính lại bảng xếp hạng."))
    return redirect("results:round", round_id=rnd.pk)


@reviewer_required
@require_GET
def round_list(request):
    rounds = rounds_for_staff(request.user).select_related("framework").prefetch_related("publications")
    return render(request, "results/round_list.html", {"rounds": rounds})


# --- Officer: own unit -----------------------------------------------------------------------


@officer_required
@require_GET
def my_unit(request):
    # A national officer's province; an officer of a provincial round's unit only (issue 18):
    # that unit (the first by code when several).
    user = request.user
    unit = user.unit if access.is_officer(user) else Unit.objects.filter(pk__in=access.officer_unit_ids(user)).order_by("code").first()
    items = analysis.officer_results(unit)
    details = results_view.final_results([item["submission"] for item in items])  # per indicator, final only
    for item in items:
        item["detail"] = details.get(item["submission"].pk)
    return render(request, "results/my_unit.html", {"unit": unit, "items": items})


