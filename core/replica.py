"""Public pages read from a PostgreSQL read replica when there is one (docs/scaling.md).

Only the views marked `@reads_from_replica` (the public rankings and profiles) read there, and
only for as long as they run: everything else, and every write, stays on the primary, which
reads its own writes. A replica lags the primary by a moment; a public page is allowed to be
that moment old (its cache key and its table come from the same replica), an officer's form
is not. `settings.PUBLIC_READS_DATABASE` names the alias ("default" when no
DATABASE_REPLICA_URL is set: the router then changes nothing).
"""

from __future__ import annotations

import contextvars
import functools

from django.conf import settings

_public = contextvars.ContextVar("dti_public_reads", default=False)

# Read from the primary even on a public page: a session or a user row written a moment ago
# (a login) may not be on the replica yet, and a session the replica does not know would log
# the visitor out.
PRIMARY_ONLY_APPS = frozenset({"sessions", "auth", "axes", "authtoken", "contenttypes"})


def reads_from_replica(view):
    """Run the view with its model reads routed to `settings.PUBLIC_READS_DATABASE`."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        token = _public.set(True)
        try:
            return view(request, *args, **kwargs)
        finally:
            _public.reset(token)

    return wrapped


class PublicReadsRouter:
    """DATABASE_ROUTERS: the public reads to the replica, the rest to Django's default."""

    def db_for_read(self, model, **hints):
        if not _public.get() or model._meta.app_label in PRIMARY_ONLY_APPS:
            return None
        if model._meta.label == settings.AUTH_USER_MODEL:
            return None
        return getattr(settings, "PUBLIC_READS_DATABASE", "default")

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # The replica is a copy of the primary: a row read there may relate to one read here.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
