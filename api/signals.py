"""API tokens end when their owner's password changes or the account is deactivated.

A signal rather than a service call, because passwords change through code we do not own:
Django's password-change and reset views, the admin's password form, `manage.py
changepassword`. All of them call `set_password()` then `save()`, which this receiver sees.
(`accounts.services.deactivate_user` updates the row directly, so it revokes them itself.)
"""

from __future__ import annotations

from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver

from . import authentication as tokens


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="api.revoke_tokens_of_changed_accounts")
def revoke_tokens_of_changed_accounts(sender, instance, created, **kwargs):
    if created:
        return
    # `_password` holds the new raw password from set_password() until save() has finished.
    if getattr(instance, "_password", None) is not None or not instance.is_active:
        tokens.revoke(user=instance)
