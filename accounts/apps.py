from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_national_authority(sender, using="default", **kwargs):
    """The national Authority always exists: its data migration makes it, and a flush (a
    transactional test's teardown) that empties the table is followed by post_migrate, which
    makes it again; the pk cached per process is forgotten either way."""
    from .models import NATIONAL_CODE, NATIONAL_DEFAULTS, Authority, forget_national_authority

    forget_national_authority()
    Authority.objects.using(using).get_or_create(code=NATIONAL_CODE, defaults=NATIONAL_DEFAULTS)


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Tài khoản và đơn vị")

    def ready(self):
        post_migrate.connect(_ensure_national_authority, sender=self, dispatch_uid="accounts.national_authority")
