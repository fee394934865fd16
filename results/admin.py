"""Admin: when each snapshot was computed, from which requests (sign-offs), and how long it took.

All read-only: snapshots are computed by the engine, publications go through the results page
(a service with its checks and audit row); nothing here may add, change or delete them."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.admin_guard import ScopedViewOnlyAdmin, ViewOnlyAdmin, ViewOnlyInline

from .models import Publication, PublishedResult, RankingSnapshot, RecomputeRequest


class RequestInline(ViewOnlyInline):
    model = RecomputeRequest
    fields = ("reason", "submission", "requested_at", "processed_at")
    readonly_fields = fields
    verbose_name_plural = _("yêu cầu đã xử lý trong lần tính này")


@admin.register(RankingSnapshot)
class RankingSnapshotAdmin(ScopedViewOnlyAdmin):
    authority_path = "round__authority"
    list_display = ("round", "computed_at", "duration_ms", "unit_count", "is_current", "request_count")
    list_filter = ("is_current", ("round", admin.RelatedOnlyFieldListFilter))
    readonly_fields = ("round", "computed_at", "duration_ms", "unit_count", "is_current", "content_hash")
    inlines = [RequestInline]

    @admin.display(description=_("số yêu cầu"))
    def request_count(self, obj):
        return obj.requests.count()


@admin.register(RecomputeRequest)
class RecomputeRequestAdmin(ScopedViewOnlyAdmin):
    authority_path = "round__authority"
    list_display = ("round", "reason", "submission", "requested_at", "processed_at", "snapshot")
    list_filter = (("round", admin.RelatedOnlyFieldListFilter),)
    readonly_fields = ("round", "reason", "submission", "requested_at", "processed_at", "snapshot")


@admin.register(Publication)
class PublicationAdmin(ScopedViewOnlyAdmin):
    authority_path = "round__authority"
    # Publishing goes through the results page (service with checks and audit), never here.
    list_display = ("round", "version", "is_active", "published_at", "published_by", "unpublished_at")
    readonly_fields = [f.name for f in Publication._meta.fields]


@admin.register(PublishedResult)
class PublishedResultAdmin(ViewOnlyAdmin):
    list_display = ("year", "ranking_group", "unit", "rank", "dti", "computed_dti", "computed_rank", "source")
    list_filter = ("year", "ranking_group")
    search_fields = ("unit__name", "unit__code")
    readonly_fields = [f.name for f in PublishedResult._meta.fields]

