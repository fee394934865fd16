from django.shortcuts import render

from . import access


def home(request):
    """Each person lands on what they have to do; the public on the published results."""
    user = request.user
    context = {}
    if access.is_officer(user):
        from assessments.selectors import officer_home_context

        context.update(officer_home_context(user))
        template = "accounts/home_officer.html"
    elif access.is_reviewer(user):
        from assessments.selectors import reviewer_home_context

        context.update(reviewer_home_context(user))
        template = "accounts/home_reviewer.html" if not access.is_admin(user) else "accounts/home_admin.html"
    elif access.is_admin(user):
        template = "accounts/home_admin.html"
    else:
        template = "accounts/home_public.html"
    return render(request, template, context)
