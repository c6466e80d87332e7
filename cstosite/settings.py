"""Settings for cstosite: one module, configured from the environment.

Every production difference is an environment variable (see README.md); the defaults
suit local development and are safe: debug is off unless DJANGO_DEBUG says otherwise,
and with debug off the site refuses to start without DJANGO_SECRET_KEY.
"""

import datetime
import math
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


def env_number(name, default, kind=int, minimum=0):
    """The number in `name` (`default` when it is unset or empty): a whole number, or with
    `kind=float` any number, not under `minimum`. Anything else stops start-up with a
    message naming the variable, not a traceback from deep in a library."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = kind(value)
    except ValueError:
        number = None
    if number is None or not math.isfinite(number) or number < minimum:
        what = "a whole number" if kind is int else "a number"
        raise ImproperlyConfigured(f"{name} must be {what} of at least {minimum}, not {value!r}.")
    return number


DEBUG = env_bool("DJANGO_DEBUG", False)

# Local state (SQLite file, uploaded media, collected static) lives outside the source folders.
VAR_DIR = Path(os.environ.get("DJANGO_VAR_DIR", BASE_DIR / "var"))

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random string "
            "(or set DJANGO_DEBUG=true for local development only)."
        )
    # Debug-only key: never used when DJANGO_DEBUG is off (start-up fails above instead).
    SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "accounts.apps.StaffAdminConfig",  # django.contrib.admin, with two-factor login
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "ckeditor",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "accounts",
    "pagecache",
    "press",
    "news",
    "languages",
    "backup",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before everything a cached page does not need (sessions, locale, CSRF, messages).
    "pagecache.middleware.PageCacheMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "cstosite.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cstosite.urls"

TEMPLATES = [
    # The public pages: Jinja2, for speed (cstosite/jinja2.py).
    {
        "BACKEND": "cstosite.jinja2_engine.Jinja2",
        "NAME": "jinja2",
        "DIRS": [BASE_DIR / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "cstosite.jinja2.environment",
            "context_processors": ["cstosite.jinja2.page_context"],
        },
    },
    # The admin, its login and robots.txt: Django's templates.
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "cstosite.wsgi.application"

if not os.environ.get("DATABASE_URL"):
    VAR_DIR.mkdir(parents=True, exist_ok=True)

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=env_number("DJANGO_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several processes on one SQLite file (gunicorn's workers, a cron job): in WAL mode
    # the public pages read while an editor's save is written, and a save waits for no
    # reader; IMMEDIATE takes the write lock when a transaction begins, so two saves queue
    # for it (up to `timeout` seconds) where the second, having read first, would fail at
    # once with "database is locked". NORMAL syncs at checkpoints, which in WAL mode
    # cannot corrupt the file (a power cut may lose the last commits).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        transaction_mode="IMMEDIATE",
        timeout=20,
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    )
    # Django's backend, each query's placeholders rewritten once (cstosite/sqlite3).
    DATABASES["default"]["ENGINE"] = "cstosite.sqlite3"
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend, its health check without a round trip (cstosite/postgresql).
    DATABASES["default"]["ENGINE"] = "cstosite.postgresql"

# The cache: local memory in each process by default; DJANGO_CACHE_URL=redis://host:6379/0
# or memcached://host:11211 shares one between processes and machines (their clients are
# in requirements.txt).
CACHE_BACKENDS = {
    "locmem": "django.core.cache.backends.locmem.LocMemCache",
    "redis": "django.core.cache.backends.redis.RedisCache",
    "memcached": "django.core.cache.backends.memcached.PyMemcacheCache",
}
# A cache server is given this long (seconds) to connect and to answer; one that does not
# is left alone for CACHE_RETRY_AFTER seconds, pages rendered without it (pagecache/).
# Without a limit every request would wait on a hung server for as long as the operating
# system lets a connection hang; retried at once, every request would wait the timeout.
CACHE_SERVER_TIMEOUT = env_number("DJANGO_CACHE_SERVER_TIMEOUT", 0.5, kind=float, minimum=0.1)
CACHE_RETRY_AFTER = env_number("DJANGO_CACHE_RETRY_AFTER", 5, kind=float, minimum=1)
CACHE_OPTIONS = {
    "locmem": {"MAX_ENTRIES": 2000},
    "redis": {
        "socket_connect_timeout": CACHE_SERVER_TIMEOUT,
        "socket_timeout": CACHE_SERVER_TIMEOUT,
    },
    # pymemcache's own rule for a failing server: out of use for `dead_timeout` seconds
    # (60 by default) after its third failure. Pooled: one client is safe to share between
    # threads (gunicorn's gthread workers), as Redis's and local memory's are.
    "memcached": {
        "connect_timeout": CACHE_SERVER_TIMEOUT,
        "timeout": CACHE_SERVER_TIMEOUT,
        "dead_timeout": CACHE_RETRY_AFTER,
        "use_pooling": True,
    },
}


def cache_from_url(url):
    """The cache that `url` (as DJANGO_CACHE_URL) names, as Django's CACHES want it."""
    scheme, _separator, location = url.partition("://")
    if scheme not in CACHE_BACKENDS:
        raise ImproperlyConfigured(
            f"DJANGO_CACHE_URL must start with one of {', '.join(CACHE_BACKENDS)}, then ://"
        )
    return {
        "BACKEND": CACHE_BACKENDS[scheme],
        "LOCATION": url if scheme == "redis" else location,
        "TIMEOUT": 3600,
        "OPTIONS": CACHE_OPTIONS[scheme],
    }


CACHES = {"default": cache_from_url(os.environ.get("DJANGO_CACHE_URL", "locmem://"))}

# Public pages are cached whole until anything the public sees changes (pagecache/).
PAGE_CACHE = {
    "ENABLED": os.environ.get("DJANGO_PAGE_CACHE", "on").lower() in ("on", "true", "1", "yes"),
    "TIMEOUT": 3600,
    # Saving or deleting any of these starts a new version of every public page.
    "WATCH": ["news.Section", "news.Item", "press.PressContact", "press.Phone"],
    # When the public pages next change by time alone (scheduled items, expiry).
    "SCHEDULE": "news.publishing.next_public_change",
    # After the cache fails to answer, pages are rendered without it for this many seconds
    # (a warning logged), then it is asked again.
    "RETRY_AFTER": CACHE_RETRY_AFTER,
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Login throttling (django-axes): five failures for one user name from one address lock
# that pair out for 15 minutes, even with the right password; logged as a warning by the
# "axes" logger. Behind the proxy the address is its X-Real-IP header (README).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_number("DJANGO_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = datetime.timedelta(
    minutes=env_number("DJANGO_LOGIN_COOLOFF_MINUTES", 15, minimum=1)
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "cstosite.middleware.client_ip"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# English at the site's own URLs, Russian under /ru/ (i18n_patterns in cstosite/urls.py).
# Each language other than the default has its own model fields (`title_ru`), see
# languages/translated.py; the catalogues in locale/ are compiled by `make install`.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ru", _("Russian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates in full and month names per language (cstosite/formats/<language>/formats.py).
FORMAT_MODULE_PATH = ["cstosite.formats"]
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "Europe/Moscow")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", VAR_DIR / "media"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed names in production; plain files while developing.
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        ),
    },
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content-Security-Policy (django-csp). Public pages run no script and load nothing from
# elsewhere; the JSON-LD block is data, which the policy does not execute. The admin gets
# the one looser policy CKEditor 4 needs (inline scripts, styles and eval in its UI).
_SELF, _NONE = "'self'", "'none'"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [_SELF],
        "script-src": [_SELF],
        "style-src": [_SELF],
        "img-src": [_SELF, "data:"],
        "object-src": [_NONE],
        "base-uri": [_SELF],
        "form-action": [_SELF],
        "frame-ancestors": [_NONE],
    },
    "ADMIN_URL_PREFIX": "/admin/",
    "ADMIN": {
        "default-src": [_SELF],
        "script-src": [_SELF, "'unsafe-inline'", "'unsafe-eval'"],
        "style-src": [_SELF, "'unsafe-inline'"],
        "img-src": [_SELF, "data:", "blob:"],
        "object-src": [_NONE],
        "base-uri": [_SELF],
        "form-action": [_SELF],
        "frame-ancestors": [_NONE],
    },
}

# HTTPS only in production (debug off). gunicorn sits behind a proxy that terminates TLS
# and sets X-Forwarded-Proto (README); set DJANGO_SECURE_PROXY_SSL_HEADER= (empty) when no
# proxy sets it, or clients could claim HTTPS.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
_proxy_header = os.environ.get("DJANGO_SECURE_PROXY_SSL_HEADER", "X-Forwarded-Proto")
if _proxy_header:
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_header.upper().replace("-", "_"), "https")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env_number("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)

# The body is edited with CKEditor 4 but never trusted: news.richtext sanitizes it with
# nh3 before it is stored and again when it is rendered, and CKEditor's own uploader
# (ckeditor_uploader) is not installed: images go through news.admin_views.upload_image,
# which is staff-only, CSRF-protected and validates by content. That is the mitigation
# for ckeditor.W001.
SILENCED_SYSTEM_CHECKS = ["ckeditor.W001"]

CKEDITOR_CONFIGS = {
    "default": {
        "toolbar": "Custom",
        "toolbar_Custom": [
            ["Format", "Bold", "Italic", "Underline", "Strike", "Subscript", "Superscript"],
            ["NumberedList", "BulletedList", "Blockquote", "-", "Outdent", "Indent"],
            ["Link", "Unlink", "Image", "Table", "HorizontalRule"],
            ["RemoveFormat", "Source"],
        ],
        "format_tags": "p;h2;h3;h4",
        # Uploads go through news.admin_views.upload_image (URL set by news.forms.BodyEditor).
        "extra_plugins": ["uploadimage"],
        "filebrowserUploadMethod": "xhr",
        "image_previewText": " ",
        "removeDialogTabs": "image:advanced;link:advanced",
        "removePlugins": "exportpdf",
        "height": 360,
        "width": "100%",
    },
}

LOG_LEVEL = os.environ.get("DJANGO_LOG_LEVEL", "WARNING")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # The level is the handler's too: records that Django's own loggers pass up to the
    # root (errors with tracebacks, at their own levels) obey DJANGO_LOG_LEVEL as well.
    "handlers": {"console": {"class": "logging.StreamHandler", "level": LOG_LEVEL}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
}
