"""Production settings: the base settings, hardened. `DJANGO_SETTINGS_MODULE=dtiportal.settings_production`.

Secrets come only from the environment: this module refuses to load without DJANGO_SECRET_KEY
(and refuses the development key), DJANGO_ALLOWED_HOSTS, DATABASE_URL and REDIS_URL — a
production portal never falls back to SQLite, in-process tasks or a key from the repository.
`manage.py check --deploy` passes with no warning (tests/security/test_production_settings.py).
Each setting is documented in README.md, "Production settings".
"""

from django.core.exceptions import ImproperlyConfigured

from .settings import *  # noqa: F401,F403
from .settings import env

DEV_SECRET_KEY = "dev-only-insecure-key-change-me"


def _required(name: str) -> str:
    value = env(name, default="")
    if not value:
        raise ImproperlyConfigured(f"{name} must be set in the environment for production.")
    return value


# --- Secrets and hosts: environment only ----------------------------------------------------
DEBUG = False
SECRET_KEY = _required("DJANGO_SECRET_KEY")
if SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be a long random value (50+ characters), not the development key.")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must list the portal's host names.")
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[f"https://{h}" for h in ALLOWED_HOSTS])

# --- The real stack: PostgreSQL, Redis, workers ---------------------------------------------
_required("DATABASE_URL")
REDIS_URL = _required("REDIS_URL")
for _alias in DATABASES:  # noqa: F405 — the primary and, with DATABASE_REPLICA_URL, the replica
    DATABASES[_alias]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)  # noqa: F405
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = False
CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}

# --- HTTPS ----------------------------------------------------------------------------------
# TLS ends at the reverse proxy, which sets X-Forwarded-Proto; only trust it behind one.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31_536_000)  # one year
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- Cookies and sessions -------------------------------------------------------------------
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_NAME = "__Host-sessionid"  # __Host-: HTTPS only, no Domain, Path=/
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True  # the templates read the token from the page, never the cookie
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_NAME = "__Host-csrftoken"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)  # one working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# --- Passwords ------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Login throttling -----------------------------------------------------------------------
AXES_ENABLED = True

# --- Files, e-mail, logs --------------------------------------------------------------------
STATICFILES_STORAGE_BACKEND = "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
STORAGES["staticfiles"] = {"BACKEND": STATICFILES_STORAGE_BACKEND}  # noqa: F405
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
SERVER_EMAIL = env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)  # noqa: F405
LOGGING["root"]["level"] = env("LOG_LEVEL", default="INFO")  # noqa: F405
