"""Test settings: the same as production in shape, faster where it does not matter."""

from .settings import *  # noqa: F401,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LANGUAGE_CODE = "vi"
MEDIA_ROOT = env("MEDIA_ROOT", default=str(BASE_DIR / "var" / "test-media"))  # noqa: F405
if STORAGE_BACKEND != "s3":  # noqa: F405
    STORAGES["default"]["OPTIONS"]["location"] = MEDIA_ROOT  # noqa: F405

# Tasks run in-process in tests unless a test starts a real worker on Redis (those tests
# switch the app to the broker themselves), so no test leaves messages in a shared queue.
CELERY_TASK_ALWAYS_EAGER = True

# Login throttling off: tests log in many times (and Client.login() has no request, which the
# axes backend refuses). tests/security/test_production_settings.py turns it on to test it.
AXES_ENABLED = False

# A second alias on the test database itself, as a read replica would be (core.replica): the
# router sends nothing there unless a test sets PUBLIC_READS_DATABASE = "replica" (and names
# the alias in its django_db databases).
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
PUBLIC_READS_DATABASE = "default"
