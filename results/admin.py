"""Admin: when each snapshot was computed, from which requests (sign-offs), and how long it took."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Publication, PublishedResult, RankingSnapshot, RecomputeRequest


class RequestInline(admin.TabularInline):
    model = RecomputeRequest
    fields = ("reason", "submission", "requested_at", "processed_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("yêu cầu đã xử lý trong lần tính này")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(RankingSnapshot)
class RankingSnapshotAdmin(admin.ModelAdmin):
    list_display = ("round", "computed_at", "duration_ms", "unit_count", "is_current", "request_count")
    list_filter = ("is_current", "round")
    readonly_fields = ("round", "computed_at", "duration_ms", "unit_count", "is_current", "content_hash")
    inlines = [RequestInline]

    @admin.display(description=_("số yêu cầu"))
    def request_count(self, obj):
        return obj.requests.count()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(RecomputeRequest)
class RecomputeRequestAdmin(admin.ModelAdmin):
    list_display = ("round", "reason", "submission", "requested_at", "processed_at", "snapshot")
    list_filter = ("round",)
    readonly_fields = ("round", "reason", "submission", "requested_at", "processed_at", "snapshot")

    def has_add_permission(self, request):
        return False


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    # Publishing goes through the results page (service with checks and audit), never here.
    list_display = ("round", "version", "is_active", "published_at", "published_by", "unpublished_at")
    readonly_fields = [f.name for f in Publication._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PublishedResult)
class PublishedResultAdmin(admin.ModelAdmin):
    list_display = ("year", "ranking_group", "unit", "rank", "dti", "computed_dti", "computed_rank", "source")
    list_filter = ("year", "ranking_group")
    search_fields = ("unit__name", "unit__code")
    readonly_fields = [f.name for f in PublishedResult._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
