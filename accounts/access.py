"""Role checks, in one place. Every view and service asks these, never `user.role == …`."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from .hierarchy import is_within
from .models import Role

REVIEW_ROLES = frozenset({Role.REVIEWER, Role.LEAD_REVIEWER, Role.ADMIN})


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_officer(user) -> bool:
    return _active(user) and user.role == Role.OFFICER and user.unit_id is not None


def officer_unit_id(user) -> int | None:
    """The unit this user is an officer of, or None: what a query filters an officer's rows by."""
    return user.unit_id if is_officer(user) else None


def is_unit_officer(user, unit_or_id) -> bool:
    """THE rule "this user is an officer of this unit" (a Unit or its id). Everyone asks this."""
    unit_id = getattr(unit_or_id, "pk", unit_or_id)
    return unit_id is not None and officer_unit_id(user) == unit_id


def is_contributor(user) -> bool:
    """An account of a province's department or commune (issue 17): no officer's or
    reviewer's power; what it may do is what the province's officer assigns it."""
    return _active(user) and user.role == Role.CONTRIBUTOR and user.unit_id is not None


def is_contributor_of(user, province_or_id) -> bool:
    """A contributor whose unit sits under this province (or ministry), at any depth."""
    return is_contributor(user) and is_within(user.unit_id, province_or_id)


def is_leader(user) -> bool:
    """The leadership of a province (lãnh đạo tỉnh): approves its submission before sending."""
    return _active(user) and user.role == Role.PROVINCE_LEADER and user.unit_id is not None


def is_province_leader(user, unit_or_id) -> bool:
    """A leader of this very province (the leader's unit is the province itself)."""
    unit_id = getattr(unit_or_id, "pk", unit_or_id)
    return unit_id is not None and is_leader(user) and user.unit_id == unit_id


def is_reviewer(user) -> bool:
    """Reviewers, lead reviewers and admins may read and appraise submissions."""
    return _active(user) and user.role in REVIEW_ROLES


def is_lead_reviewer(user) -> bool:
    return _active(user) and user.role in {Role.LEAD_REVIEWER, Role.ADMIN}


def is_admin(user) -> bool:
    return _active(user) and (user.role == Role.ADMIN or user.is_superuser)


def is_system(user) -> bool:
    return _active(user) and user.role == Role.SYSTEM


def role_required(check):
    """View decorator: anonymous → login page, signed in without the role → 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


officer_required = role_required(is_officer)
reviewer_required = role_required(is_reviewer)
lead_reviewer_required = role_required(is_lead_reviewer)
admin_required = role_required(is_admin)
