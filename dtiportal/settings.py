"""DTI Portal settings.

Everything comes from the environment. With nothing set the portal runs embedded: a SQLite
file, Celery tasks in-process, files on disk, email on the console — so `make demo` works on a
bare machine. Set DATABASE_URL and REDIS_URL for the real stack (PostgreSQL, Redis, workers).
"""

from pathlib import Path

import environ
from kombu import Queue

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False) if (BASE_DIR / ".env").exists() else None

# --- Core -----------------------------------------------------------------------------------
DEBUG = env.bool("DJANGO_DEBUG", default=False)
# The embedded default key is only for a first run on a laptop; production settings refuse it.
SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-only-insecure-key-change-me")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "accounts.axes_config.AxesConfig",  # django-axes, named in Vietnamese for the admin
    "core",  # ground floor: formatting, links, the Jinja2 partials' tag (imports no app)
    "accounts",
    "assessments",
    "review",
    "results",
    "seeds",
    "api",
    "dtiportal.apps.PortalConfig",  # its system checks (dtiportal/checks.py)
]

MIDDLEWARE = [
    # First: every answer, a redirect or a 500 included, carries the request's id (and its log lines).
    "dtiportal.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.language.ChosenLanguageMiddleware",  # the switcher, never Accept-Language
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "dtiportal.middleware.NoStoreWhenSignedInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    # After the headers' middleware (its 400 carries them), before any view reads a filter.
    "dtiportal.middleware_input.RefuseControlCharactersMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "dtiportal.urls"
WSGI_APPLICATION = "dtiportal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.navigation",
            ],
            # `moment`: every template writes a date and time in the house format (core.formatting).
            "builtins": ["core.templatetags.formatting_tags"],
        },
    },
    {
        # Only the fast partials listed in core/jinja.py, included by {% jinja %}.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "core.jinja.environment", "autoescape": True},
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Reuse connections for a while, but check them first so a restarted PostgreSQL is survived.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A streaming replica of PostgreSQL for the public pages (docs/scaling.md): with
# DATABASE_REPLICA_URL set, the public ranking and profile views read from it (core.replica);
# every other read and every write stays on the primary, which reads its own writes. Off by
# default: one database.
DATABASE_REPLICA_URL = env("DATABASE_REPLICA_URL", default="")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
PUBLIC_READS_DATABASE = "replica" if DATABASE_REPLICA_URL else "default"
DATABASE_ROUTERS = ["core.replica.PublicReadsRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
# A shared office computer: the session ends with the browser as well as after SESSION_COOKIE_AGE.
SESSION_EXPIRE_AT_BROWSER_CLOSE = env.bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", default=True)

# Login throttling (django-axes): after AXES_FAILURE_LIMIT failed logins for one username from
# one IP address, that pair is locked out for AXES_COOLOFF_TIME hours; a success resets the count.
# The axes backend comes first: it refuses a locked-out pair before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# The client address counted is REMOTE_ADDR: behind a reverse proxy, the proxy must pass the
# real client address through (e.g. nginx's real_ip module), or every user shares one lockout.

# --- Content-Security-Policy (django-csp 4) -------------------------------------------------
# Scripts only from our own origin (no inline <script>, no inline handlers: they live in
# static/js). Inline style *attributes* stay allowed (progress bars, htmx's indicator style);
# Chart.js sets styles through the CSSOM, which CSP does not restrict. Evidence downloads set
# their own, stricter policy (assessments/evidence.py) and the middleware keeps it.
from csp.constants import NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- Language and time ----------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
# locale/: the project's own strings (Vietnamese msgids). locale_vendor/: Vietnamese for the
# English strings of Django, DRF and django-axes their own catalogues lack (admin pages).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_vendor"]
# Django's own `vi` formats have no day-first date input; ours put %d/%m/%Y first.
FORMAT_MODULE_PATH = ["dtiportal.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_THOUSAND_SEPARATOR = False

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
MEDIA_ROOT = env("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media"))
# Evidence is never served from MEDIA_URL: a view checks access and streams it.
MEDIA_URL = "/media-not-served/"

STORAGE_BACKEND = env("STORAGE_BACKEND", default="filesystem")  # filesystem | s3
if STORAGE_BACKEND == "s3":
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            "access_key": env("AWS_ACCESS_KEY_ID", default=None),
            "secret_key": env("AWS_SECRET_ACCESS_KEY", default=None),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    _default_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT, "base_url": MEDIA_URL},
    }
STORAGES = {
    "default": _default_storage,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Evidence uploads: size limit enforced while streaming, types checked by content.
EVIDENCE_MAX_BYTES = env.int("EVIDENCE_MAX_BYTES", default=20 * 1024 * 1024)
EVIDENCE_ALLOWED_TYPES = env.list(
    "EVIDENCE_ALLOWED_TYPES",
    default=["pdf", "doc", "docx", "xls", "xlsx", "png", "jpeg", "gif", "webp"],
)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Celery ---------------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = None
# Without a broker the embedded default runs tasks in-process; a real stack sets REDIS_URL.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not CELERY_BROKER_URL.startswith("redis"))
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
# A queue per kind of task (docs/scaling.md), so a host can be given one kind: a deadline
# hour's emails never wait behind recomputes, nor the other way round. A worker started
# without -Q consumes every queue listed here, so one machine needs no change.
CELERY_TASK_DEFAULT_QUEUE = "celery"
# Each queue bound to its own routing key: without it Celery binds every queue to the default
# key and each message lands in all four.
CELERY_TASK_QUEUES = [Queue(name, routing_key=name) for name in ("celery", "recompute", "email", "reminders")]
CELERY_TASK_ROUTES = {
    "results.tasks.*": {"queue": "recompute"},
    "accounts.tasks.send_outgoing_emails": {"queue": "email"},
    "accounts.tasks.send_notification_emails": {"queue": "email"},
    "assessments.tasks.send_deadline_reminders": {"queue": "reminders"},
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Keep idle broker connections alive: redis-py may time out sockets that sat idle.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_timeout": 30,
    "socket_connect_timeout": 5,
    "socket_keepalive": True,
    "health_check_interval": 25,
    "visibility_timeout": 3600,
}
CELERY_BROKER_POOL_LIMIT = None if not CELERY_BROKER_URL.startswith("redis") else 10
# A request must not hang on a dead broker: give up publishing after ~1 s. A recompute that
# could not be sent stays a pending RecomputeRequest row and is swept (below).
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
# Pending recompute requests older than this many seconds are dispatched again by the sweep,
# which Celery beat runs every RESULTS_RECOMPUTE_SWEEP_EVERY seconds and every worker runs when
# it starts (so a request made while Redis was down is computed once the stack is back).
RESULTS_RECOMPUTE_SWEEP_AGE = env.int("RESULTS_RECOMPUTE_SWEEP_AGE", default=60)
RESULTS_RECOMPUTE_SWEEP_EVERY = env.float("RESULTS_RECOMPUTE_SWEEP_EVERY", default=60.0)
# Emails are outbox rows (accounts.outbox): beat sends those still due every this many seconds.
OUTBOX_EMAIL_SWEEP_EVERY = env.float("OUTBOX_EMAIL_SWEEP_EVERY", default=60.0)
# Officers of a draft are reminded this many days before its deadline (assessments.reminders);
# beat looks every DEADLINE_REMINDER_EVERY seconds and each reminder is sent once, so the
# interval only bounds how late in the day a reminder may come.
DEADLINE_REMINDER_DAYS = tuple(env.list("DEADLINE_REMINDER_DAYS", cast=int, default=[7, 3, 1]))
DEADLINE_REMINDER_EVERY = env.float("DEADLINE_REMINDER_EVERY", default=3600.0)
# Contributors are reminded this many days before their assignment's due date, and before
# the submission's deadline (with the officers of a province whose contributions are not all
# accepted) CONTRIBUTION_ROUND_REMINDER_DAYS days before (assessments.contribution_reminders).
CONTRIBUTION_DUE_REMINDER_DAYS = tuple(env.list("CONTRIBUTION_DUE_REMINDER_DAYS", cast=int, default=[3, 1]))
CONTRIBUTION_ROUND_REMINDER_DAYS = tuple(env.list("CONTRIBUTION_ROUND_REMINDER_DAYS", cast=int, default=[3, 1]))
CONTRIBUTION_REMINDER_EVERY = env.float("CONTRIBUTION_REMINDER_EVERY", default=3600.0)
CELERY_BEAT_SCHEDULE = {
    "sweep-pending-recomputes": {
        "task": "results.tasks.sweep_recompute_requests",
        "schedule": RESULTS_RECOMPUTE_SWEEP_EVERY,
    },
    "send-pending-emails": {
        "task": "accounts.tasks.send_outgoing_emails",
        "schedule": OUTBOX_EMAIL_SWEEP_EVERY,
    },
    "deadline-reminders": {
        "task": "assessments.tasks.send_deadline_reminders",
        "schedule": DEADLINE_REMINDER_EVERY,
    },
    "contribution-reminders": {
        "task": "assessments.tasks.send_contribution_reminders",
        "schedule": CONTRIBUTION_REMINDER_EVERY,
    },
}

# --- Cache ----------------------------------------------------------------------------------
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Email ----------------------------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="DTI Portal <no-reply@dti.local>")

# --- Forms ----------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Every line names the request it was written for (dtiportal.middleware): the id the 500 page
# shows and the X-Request-ID header carry, so a reported id finds its traceback.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "dtiportal.middleware.RequestIdFilter"}},
    "formatters": {"line": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": "line"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}

# Absolute links in emails.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

# --- Review ---------------------------------------------------------------------------------
# Flag an indicator whose value changed against last year's by more than this share
# (0.5 = ±50 %), and values outside Q1 − k·IQR … Q3 + k·IQR among the round's units.
REVIEW_JUMP_THRESHOLD = env.float("REVIEW_JUMP_THRESHOLD", default=0.5)
REVIEW_OUTLIER_IQR_K = env.float("REVIEW_OUTLIER_IQR_K", default=1.5)

# --- REST API -------------------------------------------------------------------------------
# Token authentication for people and systems (one token per account, issued in the admin or
# with `manage.py api_token`); the session too, so the interactive docs work when logged in.
# A token ends API_TOKEN_TTL_DAYS after it was issued, and at a password change or a
# deactivation (api/authentication.py).
from datetime import timedelta  # noqa: E402

API_TOKEN_TTL = timedelta(days=env.int("API_TOKEN_TTL_DAYS", default=30))
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "api.parsers.BoundedJSONParser",
        "rest_framework.parsers.MultiPartParser",
        "rest_framework.parsers.FormParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "DTI Portal API",
    "DESCRIPTION": "Bộ chỉ số, đợt đánh giá, hồ sơ tự đánh giá, số liệu đo tự động và kết quả đã công bố.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from drf-spectacular-sidecar: served from our static files, no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}
