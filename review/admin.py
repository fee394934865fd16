from django.contrib import admin

from .models import Clarification, ClarificationMessage


class MessageInline(admin.TabularInline):
    model = ClarificationMessage
    extra = 0
    readonly_fields = ["author", "body", "created_at"]
    can_delete = False


@admin.register(Clarification)
class ClarificationAdmin(admin.ModelAdmin):
    list_display = ["value", "round_number", "status", "asked_by", "asked_at"]
    list_filter = ["status"]
    list_select_related = ["value__submission__unit", "value__indicator", "asked_by"]
    readonly_fields = ["value", "submission", "round_number", "question", "asked_by", "asked_at", "closed_by", "closed_at"]
    inlines = [MessageInline]

    def has_add_permission(self, request):
        # Questions are asked through the review pages, which return the submission.
        return False
