"""The province's self-assessment pages and the admins' round pages.

Every view: the access helper (outsiders 404, wrong role 403) → a form → one service call →
a message → redirect (or the form again with the typed values when the service refuses).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import access as access_rules
from accounts import audit
from accounts.access import admin_required, is_unit_officer, officer_required
from core.language import localized

from . import access, history, results_view, selectors, services, workflow
from . import evidence as evidence_files
from .forms import (
    CloseOutForm,
    DeadlineForm,
    EntryForm,
    EvidenceForm,
    GeneralInfoForm,
    RoundDeadlineForm,
    RoundForm,
    StartRoundForm,
    add_service_errors,
    posted_rows,
)
from .models import Round, Submission

GET_POST = require_http_methods(["GET", "POST"])


@login_required
@officer_required
@require_GET
def my_submissions(request):
    return render(request, "assessments/submission_list.html", selectors.officer_home_context(request.user))


@login_required
@require_GET
def overview(request, pk):
    submission = access.get_submission_for_user(request.user, pk)
    context = {"submission": submission, **_tabs(request, submission), **selectors.overview_context(submission),
               "result": results_view.final_result(submission)}
    return render(request, "assessments/submission_detail.html", context)


@login_required
@require_GET
def result(request, pk):
    """The appraisal's result, indicator by indicator (from sign-off on; before, a notice)."""
    submission = access.get_submission_for_user(request.user, pk)
    context = {"submission": submission, "result": results_view.final_result(submission), **_tabs(request, submission)}
    return render(request, "assessments/result_detail.html", context)


def _main_indices(submission):
    return list(submission.round.framework.main_indices.order_by("order"))


def _tabs(request, submission, main_indices=None) -> dict:
    """What the submission's tabs read: the main indices, and whether the Excel import (the
    unit's officers' own) is offered."""
    return {
        "main_indices": main_indices if main_indices is not None else _main_indices(submission),
        "own_unit": is_unit_officer(request.user, submission.unit_id),
    }


def _entry_form(submission, main_index, data=None, *, typed=None, only=None) -> EntryForm:
    values = selectors.entry_values(submission, main_index, only=only)
    return EntryForm(submission=submission, values=values, data=data, typed=typed)


def _shown_form(submission, form: EntryForm, *, errors=None, conflicts=None) -> EntryForm:
    """The form with what the rows show besides their inputs."""
    form.apply(errors=errors, conflicts=conflicts)
    # General information, the points of typed inputs and last year's values are only shown
    # (the save reads its own under the lock): they are read when the rows are rendered.
    form.show_general_information(selectors.general_info_values(submission))
    form.score_typed()
    form.show_warnings(services.value_warnings(submission, [row.value for row in form.rows]))
    codes = [row.indicator.code for row in form.rows]
    form.show_previous(selectors.previous_values(selectors.previous_submissions(submission), codes, unit_id=submission.unit_id))
    return form


def _render_entry(request, submission, main_index, main_indices, form):
    return render(
        request,
        "assessments/entry_form.html",
        {"submission": submission, "main_index": main_index, "form": form, **_tabs(request, submission, main_indices),
         "result": results_view.final_result(submission, main_index=main_index),
         "read_only_banner": results_view.read_only_banner(submission)},
    )


@login_required
@GET_POST
def entry(request, pk, main_index_pk):
    submission = access.get_submission_for_user(request.user, pk, write=request.method == "POST")
    main_indices = _main_indices(submission)  # the tabs; the one asked for is among them or 404
    main_index = next((m for m in main_indices if m.pk == main_index_pk), None)
    if main_index is None:
        raise Http404
    if request.method == "GET":
        return _render_entry(request, submission, main_index, main_indices, _shown_form(submission, _entry_form(submission, main_index)))
    # Every valid row is saved; the service reads the rows under its lock, and the form is
    # built only to show the rows it did not save, as typed, with their errors or conflicts.
    try:
        outcome = services.save_main_index(
            actor=request.user, submission=submission, main_index=main_index, rows=posted_rows(request.POST), partial=True
        )
    except services.AssessmentError as exc:  # the whole save refused (e.g. the deadline passed meanwhile)
        (messages.warning if isinstance(exc, services.StaleSave) else messages.error)(request, str(exc))
        form = _shown_form(submission, _entry_form(submission, main_index, data=request.POST),
                           errors=getattr(exc, "errors", None), conflicts=getattr(exc, "conflicts", None))
        return _render_entry(request, submission, main_index, main_indices, form)
    _saved_messages(request, outcome, ENTRY_SAVED)
    if not (outcome.errors or outcome.conflicts):
        return redirect("assessments:entry", pk, main_index_pk)
    form = _entry_form(submission, main_index, data=request.POST, typed=outcome.errors.keys() | outcome.conflicts.keys())
    form = _shown_form(submission, form, errors=outcome.errors, conflicts=outcome.conflicts)
    return _render_entry(request, submission, main_index, main_indices, form)


@dataclass(frozen=True)
class SavedTexts:
    """What a page's save says: all saved, how many saved and how many need fixing, how many
    someone else saved first, and what to do about a warning."""

    saved: str
    fix: str
    conflicts: str
    ask: str


ENTRY_SAVED = SavedTexts(
    saved=_l("Đã lưu bản nháp (%(n)s chỉ số thay đổi)."),
    fix=_l("Đã lưu %(saved)s chỉ số; %(fix)s chỉ số có lỗi chưa được lưu: hãy sửa các ô được đánh dấu."),
    conflicts=_l("%(n)s chỉ số chưa được lưu vì người khác vừa lưu trong lúc bạn nhập. Giá trị của họ hiện bên cạnh ô, "
                 "giá trị bạn nhập vẫn được giữ; bấm Lưu lần nữa nếu muốn ghi đè."),
    ask=_l("Hãy ghi giải trình ở ô “Giải trình” của chỉ số được đánh dấu."),
)
GENERAL_INFO_SAVED = SavedTexts(
    saved=_l("Đã lưu thông tin chung."),
    fix=_l("Đã lưu %(saved)s mục thông tin chung; %(fix)s mục có lỗi chưa được lưu: hãy sửa các ô được đánh dấu."),
    conflicts=_l("%(n)s mục chưa được lưu vì người khác vừa lưu trong lúc bạn nhập. Giá trị của họ hiện bên cạnh ô, "
                 "giá trị bạn nhập vẫn được giữ; bấm Lưu lần nữa nếu muốn ghi đè."),
    ask=_l("Hãy kiểm tra lại số liệu trước khi gửi."),
)


def _saved_messages(request, outcome, texts: SavedTexts) -> None:
    """What a page's partial save did (every valid row saved, the others shown again)."""
    if outcome.errors:
        messages.error(request, texts.fix % {"saved": outcome.changed, "fix": len(outcome.errors)})
    else:
        messages.success(request, texts.saved % {"n": outcome.changed})
    if outcome.conflicts:
        messages.warning(request, texts.conflicts % {"n": len(outcome.conflicts)})
    _warn(request, outcome, str(texts.ask))


@login_required
@require_POST
def value_save(request, value_pk):
    """htmx: one row of the entry page, saved as the officer leaves it (the page's save, for this
    row alone); the answer is the row as it now stands: saved, or as typed with its errors."""
    value = access.get_value_for_user(request.user, value_pk, write=True)
    submission, main_index = value.submission, value.indicator.main_index
    row = posted_rows(request.POST).get(value.pk, {"inputs": {}, "version": -1})  # only this row, whatever else came
    refusal, errors, conflicts = None, {}, {}
    try:
        outcome = services.save_main_index(
            actor=request.user, submission=submission, main_index=main_index, rows={value.pk: row}, partial=True
        )
        errors, conflicts = outcome.errors, outcome.conflicts
    except services.AssessmentError as exc:  # not editable now (the deadline passed…), or a race lost
        errors, conflicts = getattr(exc, "errors", {}), getattr(exc, "conflicts", {})
        refusal = None if errors or conflicts else str(exc)
    unsaved = bool(refusal or errors or conflicts)
    form = _entry_form(submission, main_index, data=request.POST if unsaved else None, only=[value.pk])
    form = _shown_form(submission, form, errors=errors, conflicts=conflicts)
    shown = form.rows[0]
    shown.row_errors += [refusal] if refusal else []
    shown.saved = not unsaved
    return render(request, "assessments/_entry_row.html", {"submission": submission, "row": shown, "result": None})


def _warn(request, outcome, ask: str) -> None:
    """Warnings saved but shown: each rule's message, and what the officer should do."""
    for text in outcome.warnings:
        messages.warning(request, _("Cảnh báo: %(message)s. Số liệu đã được lưu.") % {"message": text} + " " + ask)


@login_required
@require_GET
def points_fragment(request, value_pk):
    """htmx: the points the typed inputs earn, from the engine. Saves nothing."""
    value = access.get_value_for_user(request.user, value_pk)
    prefix = f"v{value.pk}-"
    typed = {k[len(prefix):]: v for k, v in request.GET.items() if k.startswith(prefix)}
    scored = services.score_inputs(value.indicator, typed, services.general_info_map(value.submission))
    waiting = scored.waiting and selectors.general_info_name(value.submission, scored.waiting)
    return render(request, "assessments/_points.html",
                  {"value": value, "scored": scored, "typed": any(typed.values()), "waiting": waiting})


@login_required
@GET_POST
def general_info(request, pk):
    submission = access.get_submission_for_user(request.user, pk, write=request.method == "POST")
    form = GeneralInfoForm(values=selectors.general_info_values(submission), data=request.POST if request.method == "POST" else None)
    if request.method == "POST":
        try:  # every valid value is saved; the others are shown again as typed, with their errors
            outcome = services.save_general_info(actor=request.user, submission=submission, rows=form.posted_rows(), partial=True)
        except services.AssessmentError as exc:
            form.apply(errors=getattr(exc, "errors", None), conflicts=getattr(exc, "conflicts", None))
            (messages.warning if isinstance(exc, services.StaleSave) else messages.error)(request, str(exc))
        else:
            _saved_messages(request, outcome, GENERAL_INFO_SAVED)
            if not (outcome.errors or outcome.conflicts):
                return redirect("assessments:general_info", pk)
            form = GeneralInfoForm(values=selectors.general_info_values(submission), data=request.POST,
                                   typed=outcome.errors.keys() | outcome.conflicts.keys())
            form.apply(errors=outcome.errors, conflicts=outcome.conflicts)
    editable = workflow.province_may_edit(submission)
    return render(request, "assessments/general_info_form.html", {"submission": submission, "form": form, "editable": editable, **_tabs(request, submission)})


# --- Evidence -------------------------------------------------------------------------------


@csrf_exempt  # CSRF is checked by _upload, after the size-limiting handler is installed
@login_required
@GET_POST
def evidence(request, value_pk):
    value = access.get_value_for_user(request.user, value_pk, write=request.method == "POST")
    if request.method == "POST":
        evidence_files.install_upload_handler(request)
        return _upload(request, value)
    return _evidence_page(request, value, EvidenceForm())


def _evidence_page(request, value, form, status=200):
    context = {
        "value": value,
        "submission": value.submission,
        "form": form,
        "editable": workflow.province_may_edit(value.submission, value),
        "max_size": evidence_files.human_size(evidence_files.max_bytes()),
        "replaces": next((r for r in (request.POST.get("replaces"), request.GET.get("thay-the")) if r and r.isdigit()), None),
        **selectors.evidence_page_context(value),
    }
    return render(request, "assessments/evidence_list.html", context, status=status)


@csrf_protect
def _upload(request, value):
    form = EvidenceForm(request.POST, request.FILES)
    replaces = None
    if request.POST.get("replaces"):
        if not request.POST["replaces"].isascii() or not request.POST["replaces"].isdigit() or len(request.POST["replaces"]) > 18:
            raise Http404  # not an evidence id: as for any id the officer cannot see
        replaces = access.get_evidence_for_user(request.user, request.POST["replaces"], write=True)
    if evidence_files.upload_was_too_large(request):
        form.add_error("file", evidence_files.too_large_message())
    if form.is_valid():
        try:
            services.add_evidence(actor=request.user, value=value, upload=request.FILES.get("file"), replaces=replaces,
                                  **{k: form.cleaned_data[k] for k in ("doc_number", "doc_date", "issuing_body", "summary")})
        except services.ValidationFailed as exc:
            add_service_errors(form, exc.errors.get("form", {}))
        except services.AssessmentError as exc:
            messages.error(request, str(exc))
            return redirect("assessments:evidence", value.pk)
        else:
            messages.success(request, _("Đã tải lên tài liệu kiểm chứng."))
            for text in services.citation_warnings(doc_number=form.cleaned_data["doc_number"],
                                                   doc_date=form.cleaned_data["doc_date"], year=value.submission.round.year):
                messages.warning(request, _("Lưu ý: %(message)s Hãy kiểm tra lại trích dẫn.") % {"message": text})
            return redirect("assessments:evidence", value.pk)
    messages.error(request, _("Chưa tải lên; hãy sửa các ô được đánh dấu."))
    return _evidence_page(request, value, form)


@login_required
@require_GET
def evidence_download(request, pk):
    """The file, after the access check; the review app links here (?inline=1 to preview)."""
    item = access.get_evidence_for_user(request.user, pk)
    try:
        return evidence_files.serve(item, inline=request.GET.get("inline") == "1")
    except FileNotFoundError as exc:
        raise Http404 from exc


@login_required
@GET_POST
def evidence_remove(request, pk):
    """GET: what removing the file does (the confirmation); POST: remove it."""
    item = access.get_evidence_for_user(request.user, pk, write=True)
    if request.method == "GET":
        return render(request, "includes/confirm_page.html", {
            "title": _("Gỡ tài liệu"), "body": "assessments/_evidence_remove_form.html", "item": item,
            "n_current": item.value.evidence.filter(replaced_by__isnull=True, removed_at__isnull=True).count(),
            "back_url": reverse("assessments:evidence", args=[item.value_id]),
        })
    try:
        services.remove_evidence(actor=request.user, evidence=item)
    except services.AssessmentError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã gỡ tài liệu (vẫn được lưu trong lịch sử)."))
    return redirect("assessments:evidence", item.value_id)


@login_required
@require_GET
def value_history(request, value_pk):
    value = access.get_value_for_user(request.user, value_pk)
    hide = not history.province_reads_internal(request.user, value.submission)
    events = history.describe(audit.history_for(value)[:200], values={value.pk: value}, hide_internal=hide)
    return render(request, "assessments/value_history.html", {"value": value, "submission": value.submission, "events": events})


# --- Submission -----------------------------------------------------------------------------


@login_required
@GET_POST
def submit(request, pk):
    submission = access.get_submission_for_user(request.user, pk, write=request.method == "POST")
    if request.method == "POST":
        try:
            services.submit(actor=request.user, submission=submission)
        except services.Incomplete as exc:
            messages.error(request, str(exc))
            return render(request, "assessments/submit_form.html", _submit_context(request, submission, exc.missing))
        except services.AssessmentError as exc:
            messages.error(request, str(exc))
        else:
            # The round's authority appraises it: a province's own round is not sent to the Agency.
            authority = submission.round.authority
            messages.success(
                request, _("Đã gửi hồ sơ đến %(authority)s để thẩm định.") % {"authority": localized(authority.name, authority.name_en)}
            )
            return redirect("assessments:overview", pk)
    return render(request, "assessments/submit_form.html", _submit_context(request, submission))


def _submit_context(request, submission, missing=None) -> dict:
    """The send page: what is missing, and the leader's approval (needed, refused, returned)."""
    return {
        "submission": submission,
        "missing": services.missing_items(submission) if missing is None else missing,
        "needs_approval": workflow.needs_leader_approval(submission),
        "approval_refusal": workflow.approval_refusal(submission),
        "leader_return": services.last_return(submission) if submission.status == workflow.S.DRAFT else None,
        # After the deadline the first sending (and asking the leader) is refused: the page says
        # so instead of offering a checklist and a button that cannot work.
        "send_closed": workflow.send_action(submission) == workflow.Action.SUBMIT and workflow.deadline_passed(submission),
        **_tabs(request, submission),
    }


# --- Rounds (admins) ------------------------------------------------------------------------


@login_required
@admin_required
@require_GET
def round_list(request):
    return render(request, "assessments/round_list.html", {"rounds": selectors.round_list(request.user)})


@login_required
@admin_required
@GET_POST
def round_open(request):
    form = RoundForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            rnd = services.open_round(actor=request.user, **form.cleaned_data)
        except services.ValidationFailed as exc:
            add_service_errors(form, exc.errors.get("form", {}))
        else:
            messages.success(request, _("Đã mở đợt đánh giá với %(n)s đơn vị.") % {"n": rnd.submissions.count()})
            return redirect("assessments:round_detail", rnd.pk)
    return render(request, "assessments/round_form.html", {"form": form})


def _round(request, pk) -> Round:
    """A round of an authority the admin runs; another authority's is 404 (issue 18)."""
    administered = access_rules.authorities_administered_by(request.user)
    return get_object_or_404(Round.objects.select_related("framework"), pk=pk, authority_id__in=administered)


def _administered_submission(request, pk) -> Submission:
    administered = access_rules.authorities_administered_by(request.user)
    return get_object_or_404(Submission.objects.select_related("round", "unit"), pk=pk, round__authority_id__in=administered)


@login_required
@admin_required
@require_GET
def round_detail(request, pk):
    """The round's life on one page: its state, its units, and the actions it allows now."""
    rnd = _round(request, pk)
    context = {**selectors.round_page_context(rnd), "deadline_form": RoundDeadlineForm(), "start_form": StartRoundForm()}
    return render(request, "assessments/round_detail.html", context)


def _round_action(request, rnd, form, act, done: str, template: str, extra=None):
    """A round action's POST: the form, the service, a message; the form again on bad input,
    the round page when the service refuses or succeeds."""
    if form.is_valid():
        try:
            act(**form.cleaned_data)
        except services.ValidationFailed as exc:
            add_service_errors(form, exc.errors.get("form", {}))
        except services.AssessmentError as exc:
            messages.error(request, str(exc))
            return redirect("assessments:round_detail", rnd.pk)
        else:
            messages.success(request, done)
            return redirect("assessments:round_detail", rnd.pk)
    return render(request, template, {"round": rnd, "form": form, **(extra or {})})


def _round_form(request, pk, form_class, service, done: str, action: str):
    """The page of a round action that takes a form (GET), and its POST."""
    rnd = _round(request, pk)
    form = form_class(request.POST if request.method == "POST" else None)
    template, extra = "assessments/round_action_form.html", {"action": action}
    if request.method == "GET":
        return render(request, template, {"round": rnd, "form": form, **extra})
    return _round_action(request, rnd, form, partial(service, actor=request.user, round=rnd), done, template, extra)


@login_required
@admin_required
@GET_POST
def round_start(request, pk):
    return _round_form(request, pk, StartRoundForm, services.start_round, _("Đã mở nhận hồ sơ."), "start")


@login_required
@admin_required
@GET_POST
def round_deadline(request, pk):
    return _round_form(request, pk, RoundDeadlineForm, services.move_deadline, _("Đã dời hạn nộp của đợt."), "deadline")


@login_required
@admin_required
@GET_POST
def round_close_entry(request, pk):
    """GET: what closing entry does (the confirmation); POST: close it."""
    rnd = _round(request, pk)
    if request.method == "GET":
        return render(request, "includes/confirm_page.html", {
            "title": _("Đóng nhận hồ sơ"), "body": "assessments/_close_entry_form.html", "round": rnd,
            "state": services.round_state(rnd), "back_url": reverse("assessments:round_detail", args=[rnd.pk]),
        })
    try:
        services.close_entry(actor=request.user, round=rnd)
    except services.AssessmentError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã đóng nhận hồ sơ; các bản nháp không sửa được nữa."))
    return redirect("assessments:round_detail", rnd.pk)


@login_required
@admin_required
@GET_POST
def close_out(request, pk):
    """GET: the choice for a unit that did not submit, and what it does; POST: make it."""
    submission = _administered_submission(request, pk)
    form = CloseOutForm(request.POST if request.method == "POST" else None)
    closable = workflow.may_close_out(submission)  # before, the draft is the province's own: nothing shown
    context = {
        "title": _("Khép hồ sơ không nộp"), "body": "assessments/_close_out_form.html", "submission": submission,
        "may_close_out": closable, "entered": selectors.close_out_summary(submission) if closable else None,
        "back_url": reverse("assessments:round_detail", args=[submission.round_id]),
    }
    if request.method == "GET":
        return render(request, "assessments/close_out_page.html", {**context, "form": form})
    act = partial(services.close_out, actor=request.user, submission=submission)
    done = _("Đã khép hồ sơ của %(unit)s.") % {"unit": submission.unit.name}
    return _round_action(request, submission.round, form, act, done, "assessments/close_out_page.html", context)


@login_required
@admin_required
@GET_POST
def deadline_extend(request, pk):
    submission = _administered_submission(request, pk)
    form = DeadlineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.extend_deadline(actor=request.user, submission=submission, **form.cleaned_data)
        except services.ValidationFailed as exc:
            add_service_errors(form, exc.errors.get("form", {}))
        else:
            messages.success(request, _("Đã gia hạn cho %(unit)s.") % {"unit": submission.unit.name})
            return redirect(reverse("assessments:round_detail", args=[submission.round_id]))
    return render(request, "assessments/deadline_form.html", {"submission": submission, "form": form})
