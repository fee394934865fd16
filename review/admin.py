"""Clarifications in the admin: read-only. Questions are asked, answered and closed through the
review pages, whose services check the workflow and write the audit trail."""

from django.contrib import admin

from accounts.admin_guard import ViewOnlyAdmin, ViewOnlyInline

from .models import Clarification, ClarificationMessage


class MessageInline(ViewOnlyInline):
    model = ClarificationMessage
    readonly_fields = ["author", "body", "created_at"]


@admin.register(Clarification)
class ClarificationAdmin(ViewOnlyAdmin):
    list_display = ["value", "round_number", "status", "asked_by", "asked_at"]
    list_filter = ["status"]
    list_select_related = ["value__submission__unit", "value__indicator", "asked_by"]
    inlines = [MessageInline]
