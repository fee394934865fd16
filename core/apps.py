from django.apps import AppConfig
from django.db.backends.signals import connection_created


class CoreConfig(AppConfig):
    name = "core"

    def ready(self):
        from . import collation

        # SQLite learns the "vi_vn" collation on every new connection (PostgreSQL has it from
        # accounts' migration): one ORM expression orders names on both databases.
        connection_created.connect(collation.register_sqlite, dispatch_uid="core.collation.sqlite")
