"""heli settings: one module, configured by environment variables.

| variable | default | meaning |
|---|---|---|
| DATABASE_URL | sqlite:///<repo>/db.sqlite3 | `postgresql://user:pw@host:port/name` for PostgreSQL |
| DB | (unset) | `postgres` = use TEST_DATABASE_URL / a local `heli` database |
| SECRET_KEY | a development key | must be set when DEBUG is off |
| DEBUG | on | `0` in production |
| ALLOWED_HOSTS | 127.0.0.1,localhost | comma separated |
"""

import os
import sys
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from heli.lib.env import database_from_url, envbool, envint, envstr

BASE_DIR = Path(__file__).resolve().parent.parent
DEV_SECRET_KEY = "heli-development-key-not-for-production"

DEBUG = envbool("DEBUG", "1")
SECRET_KEY = envstr("SECRET_KEY", DEV_SECRET_KEY)
if not DEBUG and SECRET_KEY == DEV_SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY: production (DEBUG=0) refuses the development key.")
ALLOWED_HOSTS = [h.strip() for h in envstr("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")]
CSRF_TRUSTED_ORIGINS = [o for o in envstr("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "heli",
    "core",
    "geo",
    "orgs",
    "cases",
    "intake",
    "people",
    "volunteers",
    "supplies",
    "matching",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "heli.urls"
WSGI_APPLICATION = "heli.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "heli" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "core.context_processors.alerts",
            ],
        },
    },
]


def _database() -> dict[str, object]:
    if os.getenv("DATABASE_URL"):
        return database_from_url(os.environ["DATABASE_URL"])
    if os.getenv("DB", "").startswith("postgres"):
        return database_from_url(envstr("PG_URL", "postgresql://heli:heli@127.0.0.1:5432/heli"))
    return database_from_url(f"sqlite:///{BASE_DIR / 'db.sqlite3'}")


DATABASES = {"default": _database()}
# Reuse connections between requests (opening SQLite per request was ~15 % of an API create).
DATABASES["default"]["CONN_MAX_AGE"] = envint("CONN_MAX_AGE", 600)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL + a busy timeout let the server take concurrent writers without "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
TESTING = "pytest" in sys.modules or (len(sys.argv) > 1 and sys.argv[1] == "test")
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "heli" / "locale"]
TIME_ZONE = envstr("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Uploads (proof-of-delivery photos). Served by Django only in DEBUG; in production by the web server.
MEDIA_URL = "media/"
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "heli.api_auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": ["heli.api_parsing.LimitedJSONParser", "rest_framework.parsers.FormParser",
                               "rest_framework.parsers.MultiPartParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.CursorPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "heli.api_errors.exception_handler",
}
SPECTACULAR_SETTINGS = {"TITLE": "heli API", "VERSION": "1", "SERVE_INCLUDE_SCHEMA": False}

# Public intake form: submissions per IP per hour.
PUBLIC_INTAKE_PER_HOUR = envint("PUBLIC_INTAKE_PER_HOUR", 20)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "heli@localhost")
EMAIL_BACKEND = envstr("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "WARNING")},
}

# `heli tick` runs these in order; each is idempotent.
HELI_TICKS = [
    "cases.tick.deadlines_tick",
    "cases.tick.followups_tick",
    "people.tick.runway_tick",
    "people.tick.checkins_tick",
    "volunteers.tick.zones_tick",
    "volunteers.tick.passes_tick",
    "volunteers.tick.tasks_tick",
]
