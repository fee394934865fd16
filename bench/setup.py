"""The bench database: dropped and recreated on every run, then migrated.

Refuses any database whose name does not start with "dti_bench", so a mistyped
BENCH_DATABASE_URL can never drop someone's data.
"""

from __future__ import annotations

import os

import django


def configure() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    django.setup()


def reset_database() -> str:
    """Drop and recreate the bench database (before django.setup touches it); returns its name."""
    import environ
    import psycopg

    url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/dti_bench")
    cfg = environ.Env.db_url_config(url)
    name = cfg["NAME"]
    if not name.startswith("dti_bench"):
        raise SystemExit(f"refusing to drop database {name!r}: the bench database name must start with dti_bench")
    conninfo = dict(host=cfg.get("HOST") or "127.0.0.1", port=cfg.get("PORT") or 5432, user=cfg.get("USER") or "postgres",
                    password=cfg.get("PASSWORD") or None, dbname="postgres", autocommit=True)
    with psycopg.connect(**{k: v for k, v in conninfo.items() if v is not None}) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [name]
        )
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return name


def migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0, skip_checks=True)


def clear_media() -> None:
    """Evidence files of the previous run (the upload bench writes 50 MB each time)."""
    import shutil

    from django.conf import settings

    if settings.STORAGE_BACKEND != "s3" and "bench-media" in str(settings.MEDIA_ROOT):
        shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)
