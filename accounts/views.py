from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST, require_safe

from . import access
from .models import Notification


@require_safe
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


@login_required
@require_GET
def notification_list(request):
    notifications = Notification.objects.filter(recipient=request.user)[:200]
    return render(request, "accounts/notification_list.html", {"notifications": notifications})


@login_required
@require_POST
def notification_open(request, pk):
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    if notification.read_at is None:
        Notification.objects.filter(pk=pk).update(read_at=timezone.now())
    url = notification.url
    if not url or not url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        url = "accounts:notifications"
    return redirect(url)
