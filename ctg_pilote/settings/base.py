"""Settings shared by every environment. Configuration comes from the environment only."""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("CTG_VAR_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "oui"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"La variable d'environnement {name} doit être un nombre entier (reçu : « {value} »)."
        ) from None


def env_limit(name: str, default: str) -> tuple[int, int]:
    """ "N/M" in the environment: at most N attempts in M minutes."""
    value = os.environ.get(name, "").strip() or default
    attempts, _, minutes = value.partition("/")
    if not (attempts.isdigit() and minutes.isdigit() and int(attempts) > 0 and int(minutes) > 0):
        raise ImproperlyConfigured(
            f"La variable d'environnement {name} doit s'écrire « tentatives/minutes », "
            f"par exemple 10/15 (reçu : « {value} »)."
        )
    return int(attempts), int(minutes)


def env_rate(name: str, default: str) -> str:
    """A Django REST framework rate: "120/minute" (second, minute, hour or day)."""
    value = os.environ.get(name, "").strip() or default
    count, _, period = value.partition("/")
    if not (count.isdigit() and period in {"second", "minute", "hour", "day"}):
        raise ImproperlyConfigured(
            f"La variable d'environnement {name} doit s'écrire « requêtes/période », période "
            f"parmi second, minute, hour, day : par exemple 120/minute (reçu : « {value} »)."
        )
    return value


def url_origin(url: str) -> list[str]:
    """["https://logos.exemple.fr"] for an absolute http(s) URL, [] for a local path or nothing."""
    scheme, _, rest = url.strip().partition("://")
    if scheme.lower() not in {"http", "https"} or not rest:
        return []
    return [f"{scheme.lower()}://{rest.split('/', 1)[0]}"]


S3_ADDRESSING_STYLES = ("auto", "path", "virtual")
S3_VARIABLES = (
    "S3_ENDPOINT_URL",
    "S3_REGION",
    "S3_ACCESS_KEY_ID",
    "S3_SECRET_ACCESS_KEY",
    "S3_ADDRESSING_STYLE",
    "S3_PREFIX",
)


def media_storage(environ=os.environ) -> dict:
    """The STORAGES["default"] entry for uploads: a private S3-compatible bucket when S3_BUCKET
    is set, the MEDIA_ROOT folder otherwise. Production and the object storage test share it."""
    bucket = environ.get("S3_BUCKET", "").strip()
    if not bucket:
        stray = [name for name in S3_VARIABLES if environ.get(name, "").strip()]
        if stray:
            raise ImproperlyConfigured(
                f"{', '.join(stray)} est défini mais S3_BUCKET manque : indiquez le nom du bucket "
                "ou retirez ces variables pour garder les fichiers sur le disque."
            )
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    style = environ.get("S3_ADDRESSING_STYLE", "").strip() or None
    if style and style not in S3_ADDRESSING_STYLES:
        raise ImproperlyConfigured(
            f"S3_ADDRESSING_STYLE vaut « {style} » : valeurs possibles "
            f"{', '.join(S3_ADDRESSING_STYLES)}."
        )
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": environ.get("S3_ENDPOINT_URL", "").strip() or None,
            "region_name": environ.get("S3_REGION", "").strip() or None,
            # Without keys, boto3 looks for its own (AWS_* variables, instance role).
            "access_key": environ.get("S3_ACCESS_KEY_ID", "").strip() or None,
            "secret_key": environ.get("S3_SECRET_ACCESS_KEY", "").strip() or None,
            "addressing_style": style,
            "signature_version": "s3v4",
            # Private objects: no ACL is sent, so they keep the bucket's (private) default, and
            # files are only read back by the app's permission-checked download views.
            "default_acl": None,
            "querystring_auth": True,
            # Two documents with the same name must never replace each other.
            "file_overwrite": False,
            "location": environ.get("S3_PREFIX", "").strip().strip("/"),
        },
    }


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # The admin without reading every app's admin.py as a command starts (core/apps.py).
    "ctg_pilote.core.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "ctg_pilote.core",
    "ctg_pilote.accounts",
    "ctg_pilote.territories",
    "ctg_pilote.conventions",
    "ctg_pilote.diagnostic",
    "ctg_pilote.plan",
    "ctg_pilote.governance",
    "ctg_pilote.pilotage",
    "ctg_pilote.publication",
    "ctg_pilote.directory",
    "ctg_pilote.reports",
    "ctg_pilote.collaboration",
    "ctg_pilote.exchange",
    "ctg_pilote.api",
    "ctg_pilote.demo",
    "ctg_pilote.operations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files are answered here, before sessions or the request log are touched.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "ctg_pilote.core.logging.RequestLogMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's, keeping the user between requests while nothing changed (core/request_cache.py).
    "ctg_pilote.core.request_cache.CachedAuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Content-Security-Policy (CONTENT_SECURITY_POLICY below) and no browser cache when signed in.
    "csp.middleware.CSPMiddleware",
    "ctg_pilote.core.middleware.PrivateCacheMiddleware",
    # After every successful write, the revisions that keep cached pages fresh.
    "ctg_pilote.core.revisions.RevisionMiddleware",
    # A write that still finds the database locked gets a French "try again", not a 500.
    "ctg_pilote.core.busy.BusyDatabaseMiddleware",
]

ROOT_URLCONF = "ctg_pilote.urls"
WSGI_APPLICATION = "ctg_pilote.wsgi.application"

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
                "ctg_pilote.core.context_processors.brand",
                "ctg_pilote.collaboration.context_processors.role_menu",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'ctg-pilote.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
# WAL lets the dev server read while an import writes; a timeout avoids "database is locked".
SQLITE_OPTIONS = {
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    # Writers take the lock when their transaction begins, so a second one waits (up to the
    # timeout) instead of failing at its first write (tests/core/test_busy.py).
    "transaction_mode": "IMMEDIATE",
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)

# Jobs (operations/jobs.py, ADR 0006): with PostgreSQL a queue in the database, served by
# `ctg db_worker` on any machine; on SQLite each job runs at once in the process starting it.
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "CTG_TASKS_BACKEND",
            "django_tasks.backends.immediate.ImmediateBackend"
            if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
            else "django_tasks_db.DatabaseBackend",
        )
    }
}

DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ctg-pilote <ne-pas-repondre@localhost>")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "conventions:mine"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", PROJECT_DIR / "staticfiles"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": media_storage(),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# "pages": rendered pages kept by each process and keyed by the revisions read from the
# database at each request, so never stale whatever process or command wrote (core/page_cache.py).
PAGES_CACHE = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "ctg-pages",
    "TIMEOUT": 300,
    "OPTIONS": {"MAX_ENTRIES": 500},
}
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": PAGES_CACHE,
}
CTG_PAGE_CACHE = env_bool("CTG_PAGE_CACHE", True)

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Branding of the deploying organisation (name shown in the header, colours of the theme).
CTG_BRAND = {
    "name": os.environ.get("CTG_BRAND_NAME", "ctg-pilote"),
    "tagline": os.environ.get("CTG_BRAND_TAGLINE", "Piloter une Convention Territoriale Globale"),
    "primary": os.environ.get("CTG_BRAND_PRIMARY", "#1f4e8c"),
    "primary_dark": os.environ.get("CTG_BRAND_PRIMARY_DARK", "#163a69"),
    "logo_url": os.environ.get("CTG_BRAND_LOGO_URL", ""),
    # A PNG or JPEG on this server, printed on the brochure and the bilans (core/images.py).
    "logo_file": os.environ.get("CTG_BRAND_LOGO_FILE", ""),
}

# Content-Security-Policy of every response (django-csp): scripts, styles, fonts and data only
# from this site, no inline script or style, no eval, never inside a frame. See docs/securite.md.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # data: for Bootstrap's and Swagger UI's SVG icons; the logo may come from elsewhere.
        "img-src": [SELF, "data:", *url_origin(CTG_BRAND["logo_url"])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Open API (/api/v1/): personal tokens carry their owner's permissions; see docs/api.md.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "ctg_pilote.api.authentication.PersonalTokenAuthentication",
        "ctg_pilote.api.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "ctg_pilote.api.pagination.PageNumberPagination",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["ctg_pilote.api.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "ctg_pilote.api.schema.AutoSchema",
    "DEFAULT_VERSIONING_CLASS": None,
    "EXCEPTION_HANDLER": "ctg_pilote.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # Requests per token (or signed-in person), and per address without one: api/throttling.py.
    "DEFAULT_THROTTLE_CLASSES": [
        "ctg_pilote.api.throttling.TokenRateThrottle",
        "ctg_pilote.api.throttling.AnonymousRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "token": env_rate("CTG_API_RATE", "120/minute"),
        "anonymous": env_rate("CTG_API_RATE_ANONYMOUS", "60/minute"),
    },
    "COERCE_DECIMAL_TO_STRING": False,
    "DATETIME_FORMAT": "iso-8601",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API ctg-pilote",
    "DESCRIPTION": "API ouverte de ctg-pilote, version 1 : CTG, territoire, plan d'action, "
    "diagnostic, offre et gouvernance. Authentification par jeton personnel "
    "(en-tête « Authorization: Bearer `ctg_…` », jeton créé sur /compte/jetons/) "
    "portant les droits de son titulaire.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # Choice sets sharing a key name ("statut", "type", "nature") get distinct names.
    "ENUM_NAME_OVERRIDES": {
        "StatutCtgEnum": "ctg_pilote.conventions.models.ConventionStatus",
        "StatutActionEnum": "ctg_pilote.plan.models.ActionStatus",
        "StatutReunionEnum": "ctg_pilote.governance.models.MeetingStatus",
        "NatureBudgetEnum": "ctg_pilote.plan.models.BudgetNature",
        "TypeIndicateurPlanEnum": "ctg_pilote.plan.models.IndicatorKind",
        "TypeOrganisationEnum": "ctg_pilote.conventions.models.OrganisationKind",
    },
}
# API tokens last this many days unless their owner chooses a shorter life.
CTG_API_TOKEN_MAX_DAYS = int(os.environ.get("CTG_API_TOKEN_MAX_DAYS", "365"))
CTG_API_MAX_BODY_BYTES = int(os.environ.get("CTG_API_MAX_BODY_BYTES", str(1024 * 1024)))

# Against guessing (accounts/throttling.py, docs/securite.md): at most N attempts in a sliding
# window of M minutes for each account, e-mail or address; past it, wait until one leaves it.
CTG_ATTEMPT_LIMITS = {
    "login_account": env_limit("CTG_LIMIT_LOGIN_ACCOUNT", "10/15"),
    "login_address": env_limit("CTG_LIMIT_LOGIN_ADDRESS", "50/15"),
    "reset_email": env_limit("CTG_LIMIT_RESET_EMAIL", "5/60"),
    "reset_address": env_limit("CTG_LIMIT_RESET_ADDRESS", "20/60"),
    "api_account": env_limit("CTG_LIMIT_API_FAILURES", "30/15"),
    "api_address": env_limit("CTG_LIMIT_API_FAILURES", "30/15"),
}
# The reverse proxies whose X-Forwarded-For names the client: the same variable as gunicorn's.
CTG_TRUSTED_PROXIES = env_list("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Hostile files (docs/securite.md): every import checks these before it reads a file
# (ctg_pilote/core/spreadsheets.py, core/uploads.py, exchange/document.py).
CTG_FILE_LIMITS = {
    "upload_bytes": env_int("CTG_MAX_UPLOAD_BYTES", 5 * 1024 * 1024),
    "document_bytes": env_int("CTG_MAX_DOCUMENT_BYTES", 10 * 1024 * 1024),
    "logo_bytes": env_int("CTG_MAX_LOGO_BYTES", 1024 * 1024),
    "command_file_bytes": env_int("CTG_MAX_COMMAND_FILE_BYTES", 200 * 1024 * 1024),
    "xlsx_unpacked_bytes": env_int("CTG_MAX_XLSX_UNPACKED_BYTES", 200 * 1024 * 1024),
    "sheet_rows": env_int("CTG_MAX_SHEET_ROWS", 200_000),
    "sheet_columns": env_int("CTG_MAX_SHEET_COLUMNS", 2_000),
    "sheet_cells": env_int("CTG_MAX_SHEET_CELLS", 5_000_000),
    "yaml_alias_nodes": env_int("CTG_MAX_YAML_ALIAS_NODES", 10_000),
    "document_depth": env_int("CTG_MAX_DOCUMENT_DEPTH", 100),
}
# Uploads past the cap are not kept (core/uploads.py); form fields stay small.
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "ctg_pilote.core.uploads.CappedUploadHandler",
]
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
