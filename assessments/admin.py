from django.contrib import admin

from .models import Evidence, Framework, Indicator, IndicatorValue, MainIndex, Pillar, Round, Submission


class PillarInline(admin.TabularInline):
    model = Pillar
    extra = 0


class MainIndexInline(admin.TabularInline):
    model = MainIndex
    extra = 0
    fields = ["number", "code", "name_vi", "max_points", "group"]


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["code", "decision", "level", "aggregation", "total_points", "illustrative", "loaded_at"]
    list_filter = ["level", "illustrative"]
    search_fields = ["code", "decision", "title_vi"]
    inlines = [PillarInline, MainIndexInline]
    exclude = ["source_text"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name_vi", "framework", "main_index", "max_points", "rule_type", "evidence", "automatic"]
    list_filter = ["framework", "rule_type", "automatic", "evidence"]
    search_fields = ["code", "name_vi", "name_en"]
    list_select_related = ["framework", "main_index"]


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ["year", "ranking_group", "framework", "opens_at", "closes_at"]
    list_filter = ["ranking_group", "year"]


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["unit", "round", "status", "assigned_reviewer", "submitted_at", "signed_off_at"]
    list_filter = ["round", "status"]
    search_fields = ["unit__name", "unit__code"]
    list_select_related = ["unit", "round", "assigned_reviewer"]
    readonly_fields = ["status", "submitted_at", "signed_off_at", "status_changed_at"]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(admin.ModelAdmin):
    list_display = ["submission", "indicator", "self_points", "reviewed_points", "final_points"]
    list_select_related = ["submission__unit", "submission__round", "indicator"]
    search_fields = ["submission__unit__name", "indicator__code"]


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["original_name", "doc_number", "doc_date", "issuing_body", "uploaded_at"]
    search_fields = ["original_name", "doc_number", "sha256"]
