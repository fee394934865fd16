"""Role checks, in one place. Every view and service asks these, never `user.role == …`.

Roles are held per assessing authority (issue 18, docs/authorities.md): a user's own
`role`/`unit` is their role in the national Authority; an AuthorityRole row is a role in a
province that runs its own index. `authority_roles(user)` reads both once per user object (one
query, cached on it: a request's user is one object). The `is_*_of(user, authority)` checks are
the rule for a round's reviewers and admins; the unqualified `is_reviewer`, `is_lead_reviewer`,
`is_admin` stay the national Authority's (what they always meant), and `is_any_*` open the
role-gated pages to whoever holds the role somewhere, whose lists then filter by
`authorities_reviewed_by` / `authorities_administered_by`.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from .hierarchy import is_within
from .models import AuthorityRole, Role, national_authority_id

REVIEW_ROLES = frozenset({Role.REVIEWER, Role.LEAD_REVIEWER, Role.ADMIN})
LEAD_ROLES = frozenset({Role.LEAD_REVIEWER, Role.ADMIN})


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_officer(user) -> bool:
    return _active(user) and user.role == Role.OFFICER and user.unit_id is not None


def officer_unit_id(user) -> int | None:
    """The unit this user is a national officer of, or None."""
    return user.unit_id if is_officer(user) else None


# --- Roles per authority ----------------------------------------------------------------------

_CACHE = "_dti_authority_roles"


def authority_roles(user) -> dict[int, frozenset[tuple[str, int | None]]]:
    """The user's roles per authority id: {authority id: {(role, unit id or None), …}}. The
    national Authority's from User.role/unit, the provincial ones from active AuthorityRole
    rows, read once per user object (one query, and none for a user who holds no such row:
    User.holds_authority_roles); nothing for an anonymous or inactive user."""
    if not _active(user):
        return {}
    cached = getattr(user, _CACHE, None)
    if cached is not None:
        return cached
    roles: dict[int, set] = {national_authority_id(): {(user.role, user.unit_id)}}
    if getattr(user, "holds_authority_roles", False):
        rows = AuthorityRole.objects.filter(user_id=user.pk, active=True, authority__is_national=False)
        for authority_id, role, unit_id in rows.values_list("authority_id", "role", "unit_id"):
            roles.setdefault(authority_id, set()).add((role, unit_id))
    cached = {a: frozenset(r) for a, r in roles.items()}
    setattr(user, _CACHE, cached)
    return cached


def forget_authority_roles(user) -> None:
    """After granting or withdrawing a role on this very user object (tests, services)."""
    if hasattr(user, _CACHE):
        delattr(user, _CACHE)


def _authority_id(authority_or_id) -> int | None:
    return getattr(authority_or_id, "pk", authority_or_id)


def _provincial_roles(user, authority_or_id) -> frozenset[str]:
    authority_id = _authority_id(authority_or_id)
    return frozenset(role for role, _unit in authority_roles(user).get(authority_id, ()))


def _is_national(authority_or_id) -> bool:
    return _authority_id(authority_or_id) == national_authority_id()


def is_reviewer_of(user, authority_or_id) -> bool:
    """May read and appraise this authority's sent submissions (its reviewers, lead reviewers,
    admins). For the national Authority: `is_reviewer`."""
    if _is_national(authority_or_id):
        return is_reviewer(user)
    return bool(_provincial_roles(user, authority_or_id) & REVIEW_ROLES)


def is_lead_reviewer_of(user, authority_or_id) -> bool:
    if _is_national(authority_or_id):
        return is_lead_reviewer(user)
    return bool(_provincial_roles(user, authority_or_id) & LEAD_ROLES)


def is_admin_of(user, authority_or_id) -> bool:
    """Runs this authority's rounds. A superuser is the national Authority's admin only: a
    province's drafts and reviews stay its own (issue 18)."""
    if _is_national(authority_or_id):
        return is_admin(user)
    return Role.ADMIN in _provincial_roles(user, authority_or_id)


def authorities_reviewed_by(user) -> frozenset[int]:
    """The ids of the authorities whose submissions the user reviews: what lists filter by."""
    return frozenset(a for a in authority_roles(user) if is_reviewer_of(user, a))


def authorities_led_by(user) -> frozenset[int]:
    return frozenset(a for a in authority_roles(user) if is_lead_reviewer_of(user, a))


def authorities_administered_by(user) -> frozenset[int]:
    return frozenset(a for a in authority_roles(user) if is_admin_of(user, a))


def reviewers_of(authority_or_id):
    """The active reviewers and lead reviewers of an authority (whom a lead may assign), a User
    queryset: the national ones by User.role, a province's by AuthorityRole (a subquery, so
    annotations over the users count each once)."""
    from .models import User

    picked = [Role.REVIEWER, Role.LEAD_REVIEWER]
    if _is_national(authority_or_id):
        return User.objects.filter(role__in=picked, is_active=True)
    holders = AuthorityRole.objects.filter(authority_id=_authority_id(authority_or_id), role__in=picked, active=True)
    return User.objects.filter(is_active=True, pk__in=holders.values("user_id"))


def authorities_seen_by(user) -> frozenset[int]:
    """The national Authority (its rounds are known to everyone signed in) and every
    authority the user holds a role in."""
    return frozenset({national_authority_id(), *authority_roles(user)})


def is_any_reviewer(user) -> bool:
    """A reviewer somewhere: opens the reviewers' pages, whose lists filter by authority."""
    return bool(authorities_reviewed_by(user))


def is_any_lead_reviewer(user) -> bool:
    return bool(authorities_led_by(user))


def is_any_admin(user) -> bool:
    return bool(authorities_administered_by(user))


def officer_unit_ids(user) -> frozenset[int]:
    """Every unit this user is an officer of: their national unit (an officer's), and each
    unit of a provincial round they are its officer for (AuthorityRole OFFICER)."""
    return frozenset(
        unit_id
        for roles in authority_roles(user).values()
        for role, unit_id in roles
        if role == Role.OFFICER and unit_id is not None
    )


def is_any_officer(user) -> bool:
    """An officer of some unit (national or provincial): opens the officers' pages."""
    return bool(officer_unit_ids(user))


def is_unit_officer(user, unit_or_id) -> bool:
    """THE rule "this user is an officer of this unit" (a Unit or its id). Everyone asks this.
    A national officer of their unit, or a provincial round's officer of a department or commune
    (AuthorityRole OFFICER with that unit)."""
    unit_id = getattr(unit_or_id, "pk", unit_or_id)
    return unit_id is not None and unit_id in officer_unit_ids(user)


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


# The gates admit whoever holds the role in some authority; what the page then lists or reads
# is filtered by the authorities the user holds it in (issue 18).
officer_required = role_required(is_any_officer)
reviewer_required = role_required(is_any_reviewer)
lead_reviewer_required = role_required(is_any_lead_reviewer)
admin_required = role_required(is_any_admin)
