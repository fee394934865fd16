from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import views
from .login_form import LoginForm

app_name = "accounts"

urlpatterns = [
    path("thong-bao/", views.notification_list, name="notifications"),
    path("thong-bao/cai-dat/", views.notification_settings, name="notification_settings"),
    path("thong-bao/<int:pk>/doc/", views.notification_open, name="notification_open"),
    path(
        "dang-nhap/",
        auth_views.LoginView.as_view(template_name="accounts/login.html", authentication_form=LoginForm),
        name="login",
    ),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "doi-mat-khau/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change_form.html",
            success_url=reverse_lazy("accounts:password_change_done"),
        ),
        name="password_change",
    ),
    path(
        "doi-mat-khau/xong/",
        auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_change_done.html"),
        name="password_change_done",
    ),
]
