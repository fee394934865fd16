"""What the Django admin may do, in one place.

The admin is a back door around the services: it has no workflow, no scoring and no audit of
its own (Django's LogEntry is not the project's trail). So:

- `ViewOnlyAdmin`/`ViewOnlyInline`: rows written by the domain (submitted values, evidence,
  appraisals, snapshots, audit rows…) can be read, never added, changed or deleted here;
- `AuditedAdmin`: the changes that remain (users, units, rounds, unused frameworks) write the
  project's audit row with the changed fields, old → new, in the admin's own transaction.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.shortcuts import render
from django.utils.translation import gettext as _

from . import audit
from .models import Interface
from .validators import bound_text_field

# Never copied into the trail, changed or not: a hash is still a secret.
SECRET_FIELDS = frozenset({"password", "password1", "password2", "usable_password"})


DATE_PART = re.compile(r"[0-9]{1,4}")


class GuardedAdmin(admin.ModelAdmin):
    """Every admin of the project: a date-hierarchy filter is a short number.

    Django turns `?created_at__year=99999999999` into a datetime and only catches ValueError;
    the OverflowError was a 500.
    """

    def changelist_view(self, request, extra_context=None):
        if self.date_hierarchy:
            parts = [request.GET.get(f"{self.date_hierarchy}__{p}") for p in ("year", "month", "day")]
            if any(v is not None and not DATE_PART.fullmatch(v) for v in parts):
                message = _("Bộ lọc ngày không hợp lệ.")
                return render(request, "bad_input.html", {"message": message}, status=400)
        return super().changelist_view(request, extra_context)


class AuthorityScopedAdmin(GuardedAdmin):
    """Rows of an assessing authority (issue 18): staff who are not superusers see only those
    of the authorities they administer (accounts.access), as on the portal's pages; a list,
    a change page and a filter's choices alike. `authority_path` reaches the row's authority
    (e.g. "round__authority"). Superusers see every row, as before."""

    authority_path = "authority"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        from .access import authorities_administered_by

        return queryset.filter(**{f"{self.authority_path}_id__in": authorities_administered_by(request.user)})


class _ViewOnly:
    """No add, change or delete: the admin shows the rows and nothing else."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ViewOnlyAdmin(_ViewOnly, GuardedAdmin):
    """Rows only the services write."""


class ScopedViewOnlyAdmin(AuthorityScopedAdmin, ViewOnlyAdmin):
    """Rows only the services write, of an assessing authority."""


class ViewOnlyInline(_ViewOnly, admin.TabularInline):
    extra = 0
    can_delete = False


def _plain(field: models.Field, obj: models.Model) -> Any:
    if field.many_to_many:
        if obj.pk is None:
            return []
        return sorted(str(pk) for pk in getattr(obj, field.name).values_list("pk", flat=True))
    if field.is_relation:
        return getattr(obj, field.attname)
    return field.value_from_object(obj)


def field_values(obj: models.Model, names) -> dict[str, Any]:
    """The model's own values (foreign keys as ids) of `names`; form-only names are skipped."""
    out = {}
    for name in names:
        if name in SECRET_FIELDS:
            continue
        try:
            field = obj._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if field.concrete or field.many_to_many:
            out[name] = _plain(field, obj)
    return out


def _editable_names(obj: models.Model) -> list[str]:
    return [f.name for f in [*obj._meta.concrete_fields, *obj._meta.many_to_many] if f.editable and not f.primary_key]


def _action(obj: models.Model, verb: str) -> str:
    return f"admin.{obj._meta.model_name}.{verb}"


def _unit_of(obj: models.Model):
    """The unit whose data changed, for the unit's trail (None for a unit being deleted)."""
    from .models import Unit

    if isinstance(obj, Unit):
        return obj
    return getattr(obj, "unit", None) if isinstance(getattr(obj, "unit", None), Unit) else None


class AuditedAdmin(GuardedAdmin):
    """Each add, change and delete through this admin writes one audit row (interface=admin).

    The old values are read from the database in `save_model`, before the save, for the fields
    the form changed; the row is written in `save_related`, once the many-to-many fields and the
    inlines are saved too, so one change is one row. Anything logged without passing through
    `save_related` (the password form, say) still gets a row, with Django's change message.
    """

    def get_actions(self, request):
        # Django's bulk delete asks `has_delete_permission` without the rows: deleting one at a
        # time through the delete page asks it for each (an in-use framework, a user in the trail).
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # The admin's text inputs follow the same rule as the portal's forms.
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(field, forms.CharField):
            bound_text_field(field)
        return field

    def save_model(self, request, obj, form, change):
        names = [n for n in form.changed_data if n not in SECRET_FIELDS]
        old = None
        if change:
            stored = type(obj)._default_manager.filter(pk=obj.pk).first()
            old = field_values(stored, names) if stored is not None else {}
        request._dti_audit_old = old
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        names = [n for n in form.changed_data if n not in SECRET_FIELDS] if change else _editable_names(obj)
        old = getattr(request, "_dti_audit_old", None) if change else None
        new = field_values(obj, names)
        for formset in formsets:
            self._formset_changes(formset, old if old is not None else {}, new)
        if change and old is not None:
            # A field shown as changed whose stored value is the same (a re-typed value) is no change.
            for key in [k for k in new if k in old and old[k] == new[k]]:
                del old[key], new[key]
        secret = [n for n in form.changed_data if n in SECRET_FIELDS]
        request._dti_audited = obj.pk
        if change and not new and not old and not secret:
            return  # saved as it was: nothing to put in the trail
        audit.record(
            action=_action(obj, "change" if change else "add"),
            actor=request.user,
            target=obj,
            unit=_unit_of(obj),
            old=old,
            new=new,
            note=", ".join(f"{name}: đã đổi" for name in secret),
            interface=Interface.ADMIN,
        )

    def _formset_changes(self, formset, old: dict, new: dict) -> None:
        prefix = formset.prefix
        for item in getattr(formset, "new_objects", []):
            new[f"{prefix}:{item.pk}"] = field_values(item, _editable_names(item))
        for item, changed in getattr(formset, "changed_objects", []):
            names = list(changed)
            stored = {f.instance.pk: f.initial for f in formset.initial_forms}.get(item.pk, {})
            old[f"{prefix}:{item.pk}"] = {n: stored.get(n) for n in names if n not in SECRET_FIELDS}
            new[f"{prefix}:{item.pk}"] = field_values(item, names)
        for item in getattr(formset, "deleted_objects", []):
            old[f"{prefix}:{item.pk}"] = field_values(item, _editable_names(item))
            new[f"{prefix}:{item.pk}"] = None

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        if getattr(request, "_dti_audited", None) != obj.pk:
            audit.record(
                action=_action(obj, "change"), actor=request.user, target=obj, unit=_unit_of(obj),
                note=str(entry.get_change_message()) if entry is not None else "", interface=Interface.ADMIN,
            )
        return entry

    def delete_model(self, request, obj):
        self._record_deletion(request, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self._record_deletion(request, obj)
        super().delete_queryset(request, queryset)

    def _record_deletion(self, request, obj) -> None:
        from .models import Unit

        audit.record(
            action=_action(obj, "delete"),
            actor=request.user,
            target=obj,
            # The row would point at a unit about to disappear (and be nulled: refused by the trigger).
            unit=None if isinstance(obj, Unit) else _unit_of(obj),
            old=field_values(obj, _editable_names(obj)),
            new=None,
            interface=Interface.ADMIN,
        )
