"""The assessments in the admin: what the services wrote is read-only here; a framework a
round uses is never edited in place (a new version is loaded from a file instead)."""

from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _l

from accounts.admin_guard import AuditedAdmin, AuthorityScopedAdmin, ScopedViewOnlyAdmin

from .models import Evidence, Framework, Indicator, IndicatorValue, MainIndex, Pillar, Round, Submission

IN_USE_MESSAGE = _l(
    "Bộ chỉ số này đã được dùng cho đợt đánh giá nên không sửa tại chỗ được: "
    "hãy nạp tệp của một phiên bản mới (mã mới) bằng nút “Nạp tệp bộ chỉ số”."
)


def in_use(framework) -> bool:
    """A round scores with this framework: changing it would change results already entered."""
    return framework is not None and framework.pk is not None and framework.rounds.exists()


class FrameworkPartInline(admin.TabularInline):
    """A framework's pillars and main indices: editable only while no round uses it."""

    extra = 0

    def has_add_permission(self, request, obj=None):
        return not in_use(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not in_use(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not in_use(obj) and super().has_delete_permission(request, obj)


class PillarInline(FrameworkPartInline):
    model = Pillar


class MainIndexInline(FrameworkPartInline):
    model = MainIndex
    fields = ["number", "code", "name_vi", "max_points", "group"]


@admin.register(Framework)
class FrameworkAdmin(AuditedAdmin, AuthorityScopedAdmin):
    list_display = ["code", "decision", "authority", "level", "aggregation", "total_points", "illustrative", "loaded_at"]
    list_filter = [("authority", admin.RelatedOnlyFieldListFilter), "level", "illustrative"]
    search_fields = ["code", "decision", "title_vi"]
    inlines = [PillarInline, MainIndexInline]

    def has_change_permission(self, request, obj=None):
        return not in_use(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not in_use(obj) and super().has_delete_permission(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        framework = self.get_object(request, object_id)
        if request.method == "GET" and in_use(framework):
            self.message_user(request, IN_USE_MESSAGE, level="warning")
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(Indicator)
class IndicatorAdmin(AuditedAdmin, AuthorityScopedAdmin):
    authority_path = "framework__authority"
    list_display = ["code", "name_vi", "framework", "main_index", "max_points", "rule_type", "evidence", "automatic"]
    list_filter = [("framework", admin.RelatedOnlyFieldListFilter), "rule_type", "automatic", "evidence"]
    search_fields = ["code", "name_vi", "name_en"]
    list_select_related = ["framework", "main_index"]

    def has_add_permission(self, request):
        # Indicators come with their framework's file (the upload checks the whole framework).
        return False

    def has_change_permission(self, request, obj=None):
        return not (obj is not None and in_use(obj.framework)) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not (obj is not None and in_use(obj.framework)) and super().has_delete_permission(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        indicator = self.get_object(request, object_id)
        if request.method == "GET" and indicator is not None and in_use(indicator.framework):
            self.message_user(request, IN_USE_MESSAGE, level="warning")
        return super().change_view(request, object_id, form_url, extra_context)


def round_started(rnd) -> bool:
    """Opened (its window began, or its submissions exist): its framework is settled."""
    return rnd is not None and rnd.pk is not None and (rnd.opens_at <= timezone.now() or rnd.submissions.exists())


LIVE_ROUND_MESSAGE = _l(
    "Đợt đánh giá đã mở chỉ xem được ở đây. Mở nhận hồ sơ, dời hạn nộp, đóng nhận hồ sơ và khép hồ sơ "
    "của đơn vị không nộp tại trang quản trị đợt trên cổng:"
)


@admin.register(Round)
class RoundAdmin(AuditedAdmin, AuthorityScopedAdmin):
    """A live round (opened, or with its units' submissions) is read-only here: its framework,
    dates and units are changed only through the portal's round page, whose services check the
    round's state, audit old → new and tell the units. Never added or deleted here."""

    list_display = ["year", "authority", "ranking_group", "framework", "opens_at", "closes_at"]
    list_filter = [("authority", admin.RelatedOnlyFieldListFilter), "ranking_group", "year"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "authority", "framework"] if round_started(obj) else fields

    def has_add_permission(self, request):
        # A round is opened from its page ("Mở đợt"), which creates every unit's submission.
        return False

    def has_change_permission(self, request, obj=None):
        return not round_started(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        rnd = self.get_object(request, object_id)
        if request.method == "GET" and round_started(rnd):
            url = reverse("assessments:round_detail", args=[rnd.pk])
            link = format_html('{} <a href="{}">{}</a>', LIVE_ROUND_MESSAGE, url, _l("Quản trị đợt đánh giá"))
            self.message_user(request, link, level="warning")
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(Submission)
class SubmissionAdmin(ScopedViewOnlyAdmin):
    authority_path = "round__authority"
    list_display = ["unit", "round", "status", "assigned_reviewer", "submitted_at", "signed_off_at"]
    list_filter = [("round", admin.RelatedOnlyFieldListFilter), "status"]
    search_fields = ["unit__name", "unit__code"]
    list_select_related = ["unit", "round", "assigned_reviewer"]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(ScopedViewOnlyAdmin):
    authority_path = "submission__round__authority"
    list_display = ["submission", "indicator", "self_points", "reviewed_points", "final_points"]
    list_select_related = ["submission__unit", "submission__round", "indicator"]
    search_fields = ["submission__unit__name", "indicator__code"]


@admin.register(Evidence)
class EvidenceAdmin(ScopedViewOnlyAdmin):
    authority_path = "value__submission__round__authority"
    list_display = ["original_name", "doc_number", "doc_date", "issuing_body", "uploaded_at"]
    search_fields = ["original_name", "doc_number", "sha256"]


# --- Framework files in the admin: upload with validation and a diff preview, download ----------

import difflib  # noqa: E402

from django.contrib import messages  # noqa: E402
from django.core.exceptions import PermissionDenied  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.shortcuts import get_object_or_404, redirect  # noqa: E402
from django.template.response import TemplateResponse  # noqa: E402
from django.urls import path  # noqa: E402
from django.utils.translation import gettext as _  # noqa: E402

from accounts.models import Interface  # noqa: E402

from .framework_files import FrameworkFileError, dump_framework, parse_framework, read_upload  # noqa: E402
from .framework_loader import FrameworkInUse, export_framework, load_framework_file  # noqa: E402


def _framework_text(framework) -> str | None:
    """The file as loaded (comments kept); else exported from the rows; None if incomplete."""
    if framework.source_text:
        return framework.source_text
    try:
        return export_framework(framework)
    except (AttributeError, TypeError, ValueError):
        return None


def framework_diff(spec, text: str) -> dict:
    """What loading `text` would change against the framework with the same code (if any)."""
    existing = Framework.objects.filter(code=spec.code).first()
    out = {"existing": existing, "in_use": False, "unchanged": False, "added": [], "removed": [], "changed": [], "lines": []}
    if existing is None:
        out["added"] = [ind.code for _m, ind in spec.indicators()]
        return out
    out["in_use"] = existing.rounds.exists()
    out["unchanged"] = existing.source_text == text
    # Both sides in the canonical form, so the diff shows content, not formatting.
    try:
        old_text = export_framework(existing)
        old = {i.code: i for _m, i in parse_framework(old_text).indicators()}
    except (AttributeError, TypeError, ValueError):
        old_text, old = existing.source_text, {}
    new_text = dump_framework(spec)
    new = {i.code: i for _m, i in spec.indicators()}
    out["added"] = [c for c in new if c not in old]
    out["removed"] = [c for c in old if c not in new]
    out["changed"] = [c for c in new if c in old and new[c] != old[c]]
    out["lines"] = list(
        difflib.unified_diff(old_text.splitlines(), new_text.splitlines(), _("hiện tại"), _("tệp mới"), lineterm="", n=2)
    )
    return out


def _framework_upload_view(model_admin, request):
    if not model_admin.has_change_permission(request) or not model_admin.has_add_permission(request):
        raise PermissionDenied
    context = {**model_admin.admin_site.each_context(request), "opts": model_admin.model._meta, "title": _("Nạp tệp bộ chỉ số")}
    if request.method == "POST":
        upload = request.FILES.get("file")
        if request.POST.get("confirm") != "1" and upload is None:
            messages.error(request, _("Hãy chọn một tệp YAML bộ chỉ số."))
            return TemplateResponse(request, "admin/assessments/framework/upload.html", context)
        try:  # the bounded reader: size, encoding, aliases, depth (framework_files.reader)
            text = request.POST.get("text", "") if request.POST.get("confirm") == "1" else read_upload(upload)
            spec = parse_framework(text)
        except FrameworkFileError as exc:
            context["problems"] = [str(p) for p in exc.problems]
            return TemplateResponse(request, "admin/assessments/framework/upload.html", context)
        diff = framework_diff(spec, text)
        if request.POST.get("confirm") == "1" and not diff["in_use"]:
            try:
                framework, changed = load_framework_file(text, actor=request.user, interface=Interface.ADMIN)
            except FrameworkInUse as exc:
                messages.error(request, str(exc))
            except FrameworkFileError as exc:
                context["problems"] = [str(p) for p in exc.problems]
                return TemplateResponse(request, "admin/assessments/framework/upload.html", context)
            else:
                messages.success(
                    request,
                    _("Đã nạp bộ chỉ số %(code)s.") % {"code": framework.code} if changed else _("Tệp giống hệt phiên bản hiện tại; không có gì thay đổi."),
                )
                return redirect(reverse("admin:assessments_framework_change", args=[framework.pk]))
        context.update(spec=spec, diff=diff, text=text)
    return TemplateResponse(request, "admin/assessments/framework/upload.html", context)


def _framework_download_view(model_admin, request, pk):
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    framework = get_object_or_404(Framework, pk=pk)
    text = _framework_text(framework)
    if text is None:
        messages.error(request, _("Không xuất được tệp: bộ chỉ số thiếu dữ liệu bắt buộc (ví dụ ngày quyết định)."))
        return redirect(reverse("admin:assessments_framework_change", args=[framework.pk]))
    response = HttpResponse(text, content_type="application/x-yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{framework.code}.yaml"'
    return response


def _framework_urls(self):
    extra = [
        path("nap-tep/", self.admin_site.admin_view(lambda r: _framework_upload_view(self, r)), name="assessments_framework_upload"),
        path("<int:object_id>/tai-tep/", self.admin_site.admin_view(lambda r, object_id: _framework_download_view(self, r, object_id)),
             name="assessments_framework_download"),
    ]
    return extra + admin.ModelAdmin.get_urls(self)


FrameworkAdmin.get_urls = _framework_urls
