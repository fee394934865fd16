"""Settings of the benchmark: production settings on the real stack, plus a bench-only URL
conf (the floor view) and a larger evidence limit for the 50 MB upload.

The bench uses its own database and Redis database (it drops and recreates the database on
every run), so DATABASE_URL / REDIS_URL of a developer are never touched: BENCH_DATABASE_URL
and BENCH_REDIS_URL choose them.
"""

import os

os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/dti_bench")
os.environ["REDIS_URL"] = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/10")
os.environ.setdefault("DATABASE_CONN_MAX_AGE", "60")  # persistent connections, as deployed

from dtiportal.settings import *  # noqa: E402,F401,F403

ROOT_URLCONF = "bench.urls"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
# No worker runs during the bench: tasks (notifications) run in-process.
CELERY_TASK_ALWAYS_EAGER = True
# The 50 MB upload bench needs a limit above 50 MB.
EVIDENCE_MAX_BYTES = 60 * 1024 * 1024
MEDIA_ROOT = str(BASE_DIR / "var" / "bench-media")  # noqa: F405
if STORAGE_BACKEND != "s3":  # noqa: F405
    STORAGES["default"]["OPTIONS"]["location"] = MEDIA_ROOT  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "ERROR"},
}
