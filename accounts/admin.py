from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, SetUnusablePasswordMixin
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.collation import by_name

from . import hierarchy, services
from .admin_guard import AuditedAdmin, ViewOnlyAdmin
from .models import AuditEntry, Authority, AuthorityRole, Interface, OutgoingEmail, Unit, UnitLineage, User

PERMISSION_ACTIONS = {
    "add": _("Thêm %(model)s"),
    "change": _("Sửa %(model)s"),
    "delete": _("Xóa %(model)s"),
    "view": _("Xem %(model)s"),
}


def permission_label(permission) -> str:
    """A permission as the user and group pages list it, in the active language. Django
    writes the four default permissions' names once, in English ("Can add đơn vị"), into the
    table; their codename says which they are, so the label is rebuilt from it."""
    model = permission.content_type.model_class()
    action, _sep, model_name = permission.codename.partition("_")
    if model is None or action not in PERMISSION_ACTIONS or model_name != model._meta.model_name:
        return str(permission)
    what = PERMISSION_ACTIONS[action] % {"model": model._meta.verbose_name}
    return f"{model._meta.app_config.verbose_name} | {what}"


class PermissionLabels:
    """The permission pickers (a user's own permissions, a group's) with `permission_label`."""

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        field = super().formfield_for_manytomany(db_field, request=request, **kwargs)
        if field is not None and db_field.name in ("permissions", "user_permissions"):
            field.label_from_instance = permission_label
        return field


class PasswordChangeForm(AdminPasswordChangeForm):
    # Django appends this warning in plain English (not through gettext); the markup is kept
    # for its script, which shows the warning when password sign-in is switched off.
    usable_password_help_text = format_lazy(
        '{}<ul id="id_unusable_warning" class="messagelist"><li class="warning">{}</li></ul>',
        SetUnusablePasswordMixin.usable_password_help_text,
        _("Nếu tắt, mật khẩu hiện tại của người dùng này sẽ mất."),
    )


def _named_by_the_trail(**lookup) -> bool:
    # Deleting what an audit row points at would null the row's column: the trail is append-only.
    return AuditEntry.objects.filter(**lookup).exists()


class LineageInline(admin.TabularInline):
    model = UnitLineage
    fk_name = "successor"
    extra = 0
    autocomplete_fields = ["predecessor"]
    verbose_name = _("đơn vị tiền thân")
    verbose_name_plural = _("đơn vị tiền thân")


@admin.register(Unit)
class UnitAdmin(AuditedAdmin):
    # The list opens in Vietnamese order (the model's ordering); the code column sorts by the
    # official code, the name column alphabetically (core.collation).
    list_display = ["code", "unit_name", "kind", "parent", "region", "ranking_group", "valid_from", "valid_to", "illustrative"]
    list_filter = ["kind", "ranking_group", "illustrative", "region"]
    list_select_related = ["parent"]
    search_fields = ["code", "gso_code", "name", "parent__name"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["units_below"]
    inlines = [LineageInline]

    @admin.display(description=_("Đơn vị trực thuộc"))
    def units_below(self, obj):
        """The tree under this unit, indented by depth (one query)."""
        below = hierarchy.subtree(obj) if obj.pk else []
        if not below:
            return "—"
        return format_html(
            '<ul class="unit-tree">{}</ul>',
            format_html_join(
                "",
                '<li style="margin-left:{}rem"><a href="{}">{}</a> <small>({})</small></li>',
                (
                    (1.25 * (u.tree_depth - 1), reverse("admin:accounts_unit_change", args=[u.pk]), u.name, u.get_kind_display())
                    for u in below
                ),
            ),
        )

    @admin.display(description=_("tên"), ordering=by_name("name"))
    def unit_name(self, unit):
        return unit.name

    def has_delete_permission(self, request, obj=None):
        if obj is not None and _named_by_the_trail(unit=obj):
            return False
        return super().has_delete_permission(request, obj)


@admin.register(User)
class UserAdmin(PermissionLabels, AuditedAdmin, BaseUserAdmin):
    # `unit` prints the unit's label (name, group, validity): two "An Giang" are told apart.
    list_display = ["username", "name", "role", "unit", "is_active", "last_login"]
    list_filter = ["role", "is_active", "unit__ranking_group"]
    search_fields = ["username", "full_name", "email", "unit__name"]
    autocomplete_fields = ["unit"]
    fieldsets = BaseUserAdmin.fieldsets + ((_("Vai trò trong DTI Portal"), {"fields": ("full_name", "role", "unit")}),)
    add_fieldsets = BaseUserAdmin.add_fieldsets + ((_("Vai trò trong DTI Portal"), {"fields": ("full_name", "role", "unit")}),)
    actions = ["deactivate_and_sign_out"]
    change_password_form = PasswordChangeForm

    @admin.display(description=_("họ và tên"), ordering=by_name("full_name"))
    def name(self, user):
        return user.full_name

    def has_delete_permission(self, request, obj=None):
        # Someone who has acted stays as the trail's actor: deactivate the account instead.
        if obj is not None and (obj == request.user or _named_by_the_trail(actor=obj)):
            return False
        return super().has_delete_permission(request, obj)

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


@admin.register(Authority)
class AuthorityAdmin(AuditedAdmin):
    """The national Authority and the provinces that run their own index (issue 18)."""

    list_display = ["code", "name", "short_name", "unit", "is_national"]
    list_select_related = ["unit"]
    search_fields = ["code", "name", "short_name", "unit__name"]
    autocomplete_fields = ["unit"]
    readonly_fields = ["is_national"]

    def has_delete_permission(self, request, obj=None):
        # The national one never goes; a province's goes only with nothing of its own (PROTECT).
        if obj is not None and (obj.is_national or obj.rounds.exists() or obj.frameworks.exists()):
            return False
        return super().has_delete_permission(request, obj)


@admin.register(AuthorityRole)
class AuthorityRoleAdmin(AuditedAdmin):
    """Roles held in a provincial Authority, one row each: every grant and withdrawal is its
    own audit row (the national roles are the user's `role` field)."""

    list_display = ["user", "authority", "role", "unit", "active"]
    list_filter = ["authority", "role", "active"]
    list_select_related = ["user", "authority", "unit"]
    search_fields = ["user__username", "user__full_name", "authority__name", "unit__name"]
    autocomplete_fields = ["user", "authority", "unit"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "authority":
            kwargs["queryset"] = Authority.objects.filter(is_national=False)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


# Roles are a field of the user; groups are Django's and unused, but a permission given through
# one is still a change to someone's rights: audited like the rest.
admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(PermissionLabels, AuditedAdmin, BaseGroupAdmin):
    pass


@admin.register(AuditEntry)
class AuditEntryAdmin(ViewOnlyAdmin):
    list_display = ["created_at", "actor", "interface", "action", "unit", "target_type", "target_id"]
    list_filter = ["interface", "action", "unit"]
    search_fields = ["action", "note", "target_id"]
    date_hierarchy = "created_at"
    # The trail is evidence: nobody edits or deletes it, not even an admin (and the database
    # refuses it too: accounts/migrations/0004_audit_append_only.py).


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(ViewOnlyAdmin):
    """The email outbox, to watch (what is pending, what failed and why): rows are written and
    sent by accounts.outbox only."""

    list_display = ["created_at", "to", "subject", "status", "attempts", "next_attempt_at", "sent_at", "last_error"]
    list_filter = ["status"]
    search_fields = ["to", "subject"]
    date_hierarchy = "created_at"
    list_select_related = False
    show_full_result_count = False
