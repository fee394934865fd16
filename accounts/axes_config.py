"""django-axes (login lock-outs) under a Vietnamese name on the admin's index: its own config
has none (the admin showed "Axes"). A module of its own, so that accounts/apps.py keeps one
AppConfig for Django to pick."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _


class AxesConfig(AxesAppConfig):
    verbose_name = _("Khóa đăng nhập sai")
