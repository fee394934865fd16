"""The project's own page: the home page, which sends each person to their app's work.

It lives here, above the apps, because it reads them all (pyproject.toml [tool.importlinter]:
accounts, the ground floor of the apps, imports none of them)."""

from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.http import require_safe

from accounts import access, hierarchy
from assessments.contribution_board import contributor_assignments
from assessments.selectors import leader_home_context, officer_home_context, reviewer_home_context


@require_safe
def home(request):
    """Each person lands on what they have to do; the public on the published results."""
    user = request.user
    context = {}
    # A role held in any authority (issue 18): a province's reviewer lands on the review home,
    # listing that province's rounds only (the selectors filter by authority).
    if access.is_any_officer(user):
        context.update(officer_home_context(user))
        template = "accounts/home_officer.html"
    elif access.is_any_reviewer(user):
        context.update(reviewer_home_context(user))
        template = "accounts/home_reviewer.html" if not access.is_any_admin(user) else "accounts/home_admin.html"
    elif access.is_any_admin(user):
        template = "accounts/home_admin.html"
    elif access.is_contributor(user):
        # Issue 17: what the province's officer assigned them, with their place in the province.
        context.update(unit=user.unit, province=hierarchy.root_of(user.unit), assignments=contributor_assignments(user))
        template = "accounts/home_contributor.html"
    elif access.is_leader(user):
        context.update(province=user.unit, units=hierarchy.subtree(user.unit), **leader_home_context(user))
        template = "accounts/home_leader.html"
    else:
        template = "accounts/home_public.html"
    return render(request, template, context)


@require_safe
def favicon(request):
    """/favicon.ico, which browsers ask for on pages that link no icon (the Django admin, a PDF,
    the 500 page): the static icon, by its hashed name after collectstatic. Not permanent: a new
    icon has a new hashed name."""
    return redirect(static("favicon.ico"))
