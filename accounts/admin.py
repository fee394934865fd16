from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import AuditEntry, Interface, OutgoingEmail, Unit, UnitLineage, User


class LineageInline(admin.TabularInline):
    model = UnitLineage
    fk_name = "successor"
    extra = 0
    autocomplete_fields = ["predecessor"]
    verbose_name = _("đơn vị tiền thân")
    verbose_name_plural = _("đơn vị tiền thân")


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "region", "ranking_group", "valid_from", "valid_to"]
    list_filter = ["ranking_group", "kind", "region"]
    search_fields = ["code", "gso_code", "name"]
    inlines = [LineageInline]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "full_name", "role", "unit", "is_active", "last_login"]
    list_filter = ["role", "is_active", "unit__ranking_group"]
    search_fields = ["username", "full_name", "email", "unit__name"]
    autocomplete_fields = ["unit"]
    fieldsets = BaseUserAdmin.fieldsets + ((_("Vai trò trong DTI Portal"), {"fields": ("full_name", "role", "unit")}),)
    add_fieldsets = BaseUserAdmin.add_fieldsets + ((_("Vai trò trong DTI Portal"), {"fields": ("full_name", "role", "unit")}),)
    actions = ["deactivate_and_sign_out"]

    @admin.action(description=_("Vô hiệu hóa và đăng xuất khỏi mọi phiên"), permissions=["change"])
    def deactivate_and_sign_out(self, request, queryset):
        users, sessions = 0, 0
        for user in queryset.select_related("unit"):
            try:
                sessions += services.deactivate_user(user=user, actor=request.user, interface=Interface.ADMIN)
            except services.AccountError as exc:
                self.message_user(request, f"{user}: {exc}", messages.ERROR)
            else:
                users += 1
        self.message_user(
            request,
            ngettext(
                "Đã vô hiệu hóa %(users)d tài khoản và kết thúc %(sessions)d phiên đăng nhập.",
                "Đã vô hiệu hóa %(users)d tài khoản và kết thúc %(sessions)d phiên đăng nhập.",
                users,
            )
            % {"users": users, "sessions": sessions},
            messages.SUCCESS,
        )


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "interface", "action", "unit", "target_type", "target_id"]
    list_filter = ["interface", "action", "unit"]
    search_fields = ["action", "note", "target_id"]
    date_hierarchy = "created_at"

    # The trail is evidence: nobody edits or deletes it, not even an admin.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    """The email outbox, to watch (what is pending, what failed and why): rows are written and
    sent by accounts.outbox only."""

    list_display = ["created_at", "to", "subject", "status", "attempts", "next_attempt_at", "sent_at", "last_error"]
    list_filter = ["status"]
    search_fields = ["to", "subject"]
    date_hierarchy = "created_at"
    list_select_related = False
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
