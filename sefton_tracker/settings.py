"""Settings for the Sefton improvement tracker: one module, configured from the environment.

Every value has a safe default, so `make run` (which turns DEBUG on) works on a fresh machine
(SQLite, tasks run in-process, email written to files). Production sets the environment variables
that the README lists; start-up refuses an insecure configuration.
"""

from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from .env import envbool, envint, envlist, envstr

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(envstr("VAR_DIR", str(BASE_DIR / "var")))

DEVELOPMENT_SECRET_KEY = "development-only-secret-key-do-not-use-in-production"
SECRET_KEY = envstr("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
# Off unless turned on: `make run` and the tests turn it on; a deployment that forgets it does not
# run in debug mode (and, without a SECRET_KEY of its own, refuses to start).
DEBUG = envbool("DEBUG", False)
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

if not DEBUG and SECRET_KEY == DEVELOPMENT_SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is the development key while DEBUG is off. Set SECRET_KEY to a long random "
        "value (for example: python -c 'import secrets; print(secrets.token_urlsafe(50))')."
    )
if not DEBUG and (len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5):
    raise ImproperlyConfigured(
        "SECRET_KEY must be at least 50 random characters when DEBUG is off."
    )
if not DEBUG and "*" in ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS must name the site's hosts, not '*', when DEBUG is off."
    )

COUNCIL_NAME = envstr("COUNCIL_NAME", "Sefton Council")
SERVICE_NAME = envstr("SERVICE_NAME", "Children's services improvement tracker")
DEFAULT_AUTHORITY_ONS_CODE = envstr("DEFAULT_AUTHORITY_ONS_CODE", "E08000014")

INSTALLED_APPS = [
    # django.contrib.admin, with a site that lets the Administrator role in (core/admin_site.py)
    "sefton_tracker.core.admin_apps.TrackerAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "crispy_forms",
    "crispy_forms_gds",
    "simple_history",
    "axes",
    "django_celery_beat",
    "sefton_tracker.core",
    "visits",
    "findings",
    "visits.national",
    "findings.indicators",
    "findings.plan",
    "findings.importer",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Signed-in pages and API answers: Cache-Control: private, no-store.
    "sefton_tracker.core.middleware.PrivateCacheControlMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so that it sees the outcome of authentication in the views above.
    "axes.middleware.AxesMiddleware",
]

if not DEBUG:
    # In production the app serves its own static files from STATIC_ROOT (run collectstatic).
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "sefton_tracker.urls"
WSGI_APPLICATION = "sefton_tracker.wsgi.application"
ASGI_APPLICATION = "sefton_tracker.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sefton_tracker.core.context_processors.site",
            ],
        },
    },
]

# Database: DATABASE_URL, or a SQLite file under var/ for the embedded default.
DATABASE_URL = envstr("DATABASE_URL", "")
if not DATABASE_URL:
    VAR_DIR.mkdir(parents=True, exist_ok=True)  # git ignores var/: a fresh clone has none yet
    DATABASE_URL = f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
try:
    DATABASES = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=envint("CONN_MAX_AGE", 0))
    }
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL cannot be used: {exc}") from None
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"  # the board signs in to answer "where are we red?"
LOGOUT_REDIRECT_URL = "login"

# Repeated failed sign-ins lock that username from that address for a while. Locking on the pair,
# not the address alone, so one officer's typos do not lock out a whole office behind one NAT address.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# The pause runs from the lockout: a try during it is refused without starting it again (else one
# try every AXES_COOLOFF_MINUTES would keep a known username locked out for good).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_ENABLED = envbool("AXES_ENABLED", True)
# The client's address, read through TRUSTED_PROXY_COUNT proxies (see sefton_tracker.core.network):
# 0 when clients reach the app directly; 1 behind one load balancer that appends to X-Forwarded-For.
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "sefton_tracker.core.network.client_ip"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j F Y, H:i"

# Board pages are cached per authority revision (sefton_tracker.core.page_cache). The embedded default
# keeps the cache in each process's memory, which stays correct because every key names the
# revision; CACHE_URL (redis://…) shares one cache between web processes.
CACHE_URL = envstr("CACHE_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
        if CACHE_URL
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    )
}
# Also bounds how long anything outside an authority's revision (a rater's name) can be out of date.
PAGE_CACHE_SECONDS = envint("PAGE_CACHE_SECONDS", 600)

# Static files are served by the app itself (whitenoise); in production from hashed, compressed copies
# made by `collectstatic`.
STATIC_URL = "/static/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(envstr("STATIC_ROOT", str(VAR_DIR / "staticfiles")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(VAR_DIR / "media")))

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# Email: EMAIL_URL, e.g. smtp://user:password@mail.example.org:587?tls=1; default: files under var/mail.
EMAIL_URL = envstr("EMAIL_URL", f"file://{VAR_DIR / 'mail'}")
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "improvement-tracker@localhost")
# Digests: who they come from; where replies go (none: the email says replies are not read, and
# names DIGEST_CONTACT, by default the council's improvement team, as who to ask instead).
DIGEST_FROM_EMAIL = envstr("DIGEST_FROM_EMAIL") or DEFAULT_FROM_EMAIL
DIGEST_REPLY_TO = envstr("DIGEST_REPLY_TO", "")
DIGEST_CONTACT = envstr("DIGEST_CONTACT", "")


def _email_settings(url: str) -> dict:
    parts = urlsplit(url)
    options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    if parts.scheme == "file":
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": unquote(parts.path),
        }
    if parts.scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if parts.scheme == "locmem":
        return {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    if parts.scheme in {"smtp", "smtps"}:
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": parts.hostname or "localhost",
            "EMAIL_PORT": parts.port or (465 if parts.scheme == "smtps" else 25),
            "EMAIL_HOST_USER": unquote(parts.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
            "EMAIL_USE_SSL": parts.scheme == "smtps",
            "EMAIL_USE_TLS": options.get("tls", "0").lower() in {"1", "true", "yes"},
            "EMAIL_TIMEOUT": 30,
        }
    raise ImproperlyConfigured(
        f"EMAIL_URL must start with smtp://, smtps://, file://, console:// or locmem://, not {url!r}."
    )


globals().update(_email_settings(EMAIL_URL))

# Celery: with no broker configured, tasks run in-process (the embedded default).
# (An in-memory broker is named so that Celery looks for no server in the embedded default.)
CELERY_TASK_ALWAYS_EAGER = not envstr("CELERY_BROKER_URL", "")
CELERY_BROKER_URL = envstr("CELERY_BROKER_URL", "") or "memory://localhost/"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Seconds before a task is interrupted (soft: it may record why) and then killed (hard): each
# task's own limits, and a default for any other task (such as Celery's own).
CELERY_TASK_SOFT_TIME_LIMIT = envint("CELERY_TASK_SOFT_TIME_LIMIT", 120)
CELERY_TASK_TIME_LIMIT = envint("CELERY_TASK_TIME_LIMIT", 180)
REPORT_RENDER_SOFT_TIME_LIMIT = envint("REPORT_RENDER_SOFT_TIME_LIMIT", 120)
REPORT_RENDER_TIME_LIMIT = envint("REPORT_RENDER_TIME_LIMIT", 150)
EMAIL_SEND_SOFT_TIME_LIMIT = envint("EMAIL_SEND_SOFT_TIME_LIMIT", 60)
EMAIL_SEND_TIME_LIMIT = envint("EMAIL_SEND_TIME_LIMIT", 90)
IMPORT_READ_SOFT_TIME_LIMIT = envint("IMPORT_READ_SOFT_TIME_LIMIT", 30)
IMPORT_READ_TIME_LIMIT = envint("IMPORT_READ_TIME_LIMIT", 45)
CELERY_TASK_ANNOTATIONS = {
    "reports.tasks.render_report": {
        "soft_time_limit": REPORT_RENDER_SOFT_TIME_LIMIT,
        "time_limit": REPORT_RENDER_TIME_LIMIT,
    },
    "reports.tasks.deliver_report": {
        "soft_time_limit": EMAIL_SEND_SOFT_TIME_LIMIT,
        "time_limit": EMAIL_SEND_TIME_LIMIT,
    },
    "findings.plan.tasks.send_reminder_email": {
        "soft_time_limit": EMAIL_SEND_SOFT_TIME_LIMIT,
        "time_limit": EMAIL_SEND_TIME_LIMIT,
    },
    "findings.importer.tasks.read_import": {
        "soft_time_limit": IMPORT_READ_SOFT_TIME_LIMIT,
        "time_limit": IMPORT_READ_TIME_LIMIT,
    },
    "reports.tasks.send_due_digests": {
        "soft_time_limit": envint("DUE_DIGESTS_SOFT_TIME_LIMIT", 300),
        "time_limit": envint("DUE_DIGESTS_TIME_LIMIT", 360),
    },
}
# A worker child that grows past this (in KiB) is replaced after its current task.
CELERY_WORKER_MAX_MEMORY_PER_CHILD = envint("CELERY_WORKER_MAX_MEMORY_PER_CHILD", 300_000)
# The longest a task waits before it is retried (reports.tasks.backoff, plus a few seconds' jitter).
TASK_RETRY_MAX_COUNTDOWN = 600
# Redis hands a task that no worker has acknowledged to another worker after the visibility timeout:
# that is how a task lost with its worker comes back. A task is unacknowledged while it waits for
# its retry and while it runs (up to its hard time limit), so the default covers the longest of
# both, and a margin; work is claimed before it is done, so a task handed over twice does it once.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": envint(
        "CELERY_VISIBILITY_TIMEOUT",
        TASK_RETRY_MAX_COUNTDOWN
        + max(
            [CELERY_TASK_TIME_LIMIT]
            + [limits["time_limit"] for limits in CELERY_TASK_ANNOTATIONS.values()]
        )
        + 60,
    )
}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# The improvement plan's reminder emails (findings.plan.reminders). Each lead is reminded
# PLAN_REMINDER_DAYS_BEFORE days before an action's due date, on the day it becomes overdue, and
# every PLAN_OVERDUE_REMINDER_EVERY_DAYS days while it stays overdue; officers get a summary once
# a week on PLAN_SUMMARY_WEEKDAY (0 = Sunday … 6 = Saturday, as cron counts). Both are sent by
# celery beat at PLAN_REMINDER_HOUR:PLAN_REMINDER_MINUTE, London time.
PLAN_REMINDER_DAYS_BEFORE = envint("PLAN_REMINDER_DAYS_BEFORE", 7)
PLAN_OVERDUE_REMINDER_EVERY_DAYS = envint("PLAN_OVERDUE_REMINDER_EVERY_DAYS", 7)
PLAN_SUMMARY_WEEKDAY = envint("PLAN_SUMMARY_WEEKDAY", 1)
PLAN_REMINDER_HOUR = envint("PLAN_REMINDER_HOUR", 7)
PLAN_REMINDER_MINUTE = envint("PLAN_REMINDER_MINUTE", 30)
# "Due soon" on the plan page and in the weekly summary: due within this many days.
PLAN_DUE_SOON_DAYS = envint("PLAN_DUE_SOON_DAYS", 28)
# The largest evidence file a progress update may carry.
PLAN_EVIDENCE_MAX_BYTES = envint("PLAN_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)
# The reminders' two periodic tasks. The DatabaseScheduler writes these entries into its table
# (Periodic tasks, in the admin) each time beat starts, so the times above take effect on beat's
# next start; an entry paused in the admin stays paused.
CELERY_BEAT_SCHEDULE = {
    "Send plan reminders": {
        "task": "findings.plan.tasks.send_plan_reminders",
        "schedule": crontab(hour=PLAN_REMINDER_HOUR, minute=PLAN_REMINDER_MINUTE),
    },
    "Send plan summaries": {
        "task": "findings.plan.tasks.send_plan_summaries",
        "schedule": crontab(
            hour=PLAN_REMINDER_HOUR, minute=PLAN_REMINDER_MINUTE, day_of_week=PLAN_SUMMARY_WEEKDAY
        ),
    },
}
# Where the site is, for the links in emails (which no request tells): scheme, host and any port.
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000")

REST_FRAMEWORK = {
    # Token first, so that a request without credentials is answered 401 with WWW-Authenticate.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "sefton_tracker.core.api.schema.ApiSchema",
    "EXCEPTION_HANDLER": "sefton_tracker.core.api.errors.exception_handler",
    # JSON only; numbers no field can hold and too-deep nesting are a 400, not a 500.
    "DEFAULT_PARSER_CLASSES": ["sefton_tracker.core.api.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "sefton_tracker.core.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Sefton improvement tracker API",
    "DESCRIPTION": "Inspections, monitoring visits, areas of concern, RAG ratings, findings, "
    "improvement actions and reports.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "RagEnum": "findings.models.RAG",
        "LeadRagEnum": "findings.models.LeadRAG",
        "EventStatusEnum": "visits.models.InspectionEvent.Status",
        "ActionStatusEnum": "findings.models.ImprovementAction.Status",
        "ThemeEnum": "findings.models.Theme",
        "KindEnum": "visits.models.InspectionEvent.Kind",
        "GradeEnum": "visits.models.Judgement.Grade",
        "ReportKindEnum": "reports.models.Report.Kind",
        "ReportStatusEnum": "reports.models.Report.Status",
    },
}

# Security. Behind a load balancer TLS ends upstream, and it says so in X-Forwarded-Proto: trust
# that header only there (TRUST_X_FORWARDED_PROTO), where the balancer sets it and drops any the
# client sent; a client reaching the app directly could otherwise claim any request is HTTPS.
TRUST_X_FORWARDED_PROTO = envbool("TRUST_X_FORWARDED_PROTO", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TRUST_X_FORWARDED_PROTO else None
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^health/$"]  # the load balancer checks over plain HTTP
# /health/ names what failed only to staff and to callers that send this token (empty: no token).
HEALTH_TOKEN = envstr("HEALTH_TOKEN", "")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = envbool("SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 8 * 60 * 60)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Nothing is loaded from anywhere but the app itself: no CDN, no inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOG_FORMAT = envstr("LOG_FORMAT", "plain" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "sefton_tracker.logging.JSONFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint.progress": {"level": "WARNING"}},
}
