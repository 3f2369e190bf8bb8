"""Production: configuration and secrets only from the environment; refuse to start without them.

Every variable read here or in base.py is listed in docs/deploiement.md.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, DEFAULT_FROM_EMAIL, PAGES_CACHE, STORAGES, env_bool, env_int


def configuration_problems(environ=os.environ) -> list[str]:
    """What stops a production start, in French, one line per problem."""
    problems = []
    key = environ.get("SECRET_KEY", "")
    if not key:
        problems.append(
            "SECRET_KEY manque : fournissez une clé secrète aléatoire d'au moins 50 caractères "
            '(par exemple : python -c "import secrets; print(secrets.token_urlsafe(50))").'
        )
    elif len(key) < 50 or len(set(key)) < 5 or key.startswith("django-insecure-"):
        problems.append(
            "SECRET_KEY est trop faible : il faut au moins 50 caractères aléatoires, dont au "
            "moins 5 différents."
        )
    if not environ.get("ALLOWED_HOSTS", "").strip():
        problems.append(
            "ALLOWED_HOSTS manque : indiquez le ou les noms de domaine servis, séparés par des "
            "virgules (par exemple : ctg.exemple.fr)."
        )
    database_url = environ.get("DATABASE_URL", "").strip()
    if not database_url:
        problems.append(
            "DATABASE_URL manque : indiquez la base PostgreSQL "
            "(par exemple : postgres://ctg:motdepasse@db.exemple.fr:5432/ctg)."
        )
    elif not database_url.startswith(("postgres://", "postgresql://", "pgsql://")):
        problems.append("DATABASE_URL doit désigner une base PostgreSQL (postgres://…).")
    return problems


_problems = configuration_problems()
if _problems:
    raise ImproperlyConfigured(
        "Configuration de production incomplète, l'application ne démarre pas :\n- "
        + "\n- ".join(_problems)
    )

DEBUG = False

# PostgreSQL: connections kept open between requests, checked before reuse.
DATABASES["default"]["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# Static files: `ctg collectstatic` writes hashed, compressed copies into STATIC_ROOT at deploy
# time; WhiteNoise serves them with far-future cache headers.
STORAGES = {
    **STORAGES,  # uploads: media_storage() in base.py
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Shared by every app process and server: sessions in PostgreSQL, cache in a PostgreSQL table
# (created by `ctg createcachetable`). See docs/adr/0004-production-architecture.md.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "ctg_cache",
        "TIMEOUT": 300,
    },
    "pages": PAGES_CACHE,
}

# HTTPS is terminated by the reverse proxy, which must set X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Load balancers probe each app server directly, in plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^sante/$"]
# Cookies only over HTTPS; SECURE_COOKIES=false is for trying the settings over plain HTTP on
# loopback, never for a real server.
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# E-mail (invitations, weekly digest) through the organisation's SMTP relay.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# JSON lines on stdout: see ctg_pilote/core/logging.py.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "ctg_pilote.core.logging.JsonFormatter"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        }
    },
    "root": {"handlers": ["stdout"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
