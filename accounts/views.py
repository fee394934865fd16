from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import notifications
from .models import Notification, NotificationKind


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


@login_required
@require_http_methods(["GET", "POST"])
def notification_settings(request):
    """Email on or off per kind of notice; the in-app notice is always kept."""
    kinds = notifications.kinds_for(request.user)
    if request.method == "POST":
        chosen = set(request.POST.getlist("email"))
        notifications.save_email_settings(user=request.user, email={k: k in chosen for k in kinds})
        messages.success(request, _("Đã lưu cài đặt thông báo."))
        return redirect("accounts:notification_settings")
    current = notifications.email_settings(request.user)
    rows = [(kind, NotificationKind(kind).label, current[kind]) for kind in kinds]
    return render(request, "accounts/notification_settings.html", {"rows": rows})
