from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The project package as an app, only so that its system checks are registered."""

    name = "dtiportal"
    verbose_name = "DTI Portal"

    def ready(self):
        from . import checks  # noqa: F401
