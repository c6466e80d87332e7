"""Settings come from the environment; production without a secret key refuses to start."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import InterfaceError, OperationalError
from django.test import RequestFactory
from django.views.defaults import server_error

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def read_settings(tmp_path):
    """Import the settings in a fresh interpreter with only `env` set; return the result."""

    def read(*names, **env):
        clean_env = {
            k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))
        }
        clean_env.setdefault("DJANGO_VAR_DIR", str(tmp_path / "var"))
        clean_env.update(env, DJANGO_SETTINGS_MODULE="cstosite.settings")
        values = ", ".join(f"str(settings.{name})" for name in names)
        code = f"import django; django.setup(); from django.conf import settings; print([{values}])"
        return subprocess.run(  # noqa: S603 - our own interpreter and code
            [sys.executable, "-c", code],
            cwd=ROOT,
            env=clean_env,
            capture_output=True,
            text=True,
            timeout=60,
        )

    return read


def test_without_debug_a_secret_key_is_required(read_settings):
    result = read_settings("SECRET_KEY")

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_debug_is_off_unless_asked_for(read_settings):
    result = read_settings("DEBUG", DJANGO_SECRET_KEY="x" * 50)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['False']"


def test_production_settings_pass_the_deployment_checks(tmp_path):
    """`check --deploy` with production's environment: HTTPS, HSTS, secure cookies..."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env.update(
        DJANGO_SECRET_KEY="k3y-" + "x7Q!p" * 12,
        DJANGO_ALLOWED_HOSTS="news.example.org",
        DJANGO_VAR_DIR=str(tmp_path / "var"),
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues (1 silenced)" in result.stdout  # ckeditor.W001, mitigated in settings


def test_production_redirects_to_https_and_asks_for_it_to_stay(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

    plain = client.get("/press/")
    proxied = client.get("/press/", HTTP_X_FORWARDED_PROTO="https")

    assert plain.status_code == 301 and plain["Location"] == "https://testserver/press/"
    assert proxied.status_code == 200
    assert proxied["Strict-Transport-Security"].startswith("max-age=31536000")


def test_environment_configures_hosts_database_and_roots(read_settings, tmp_path):
    result = read_settings(
        "ALLOWED_HOSTS",
        "DATABASES['default']['ENGINE']",
        "DATABASES['default']['NAME']",
        "MEDIA_ROOT",
        "STATIC_ROOT",
        DJANGO_SECRET_KEY="x" * 50,
        DJANGO_ALLOWED_HOSTS="news.example.org, www.news.example.org",
        DATABASE_URL="postgres://user:pw@db.example.org:5432/cstosite",
        DJANGO_MEDIA_ROOT=str(tmp_path / "media"),
        DJANGO_STATIC_ROOT=str(tmp_path / "static"),
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(
        [
            "['news.example.org', 'www.news.example.org']",
            "cstosite.postgresql",
            "cstosite",
            str(tmp_path / "media"),
            str(tmp_path / "static"),
        ]
    )


def test_default_database_is_an_sqlite_file_outside_the_source(read_settings, tmp_path):
    result = read_settings(
        "DATABASES['default']['ENGINE']", "DATABASES['default']['NAME']", DJANGO_DEBUG="true"
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(["cstosite.sqlite3", str(tmp_path / "var" / "db.sqlite3")])


@pytest.mark.parametrize(
    ("url", "backend", "location"),
    [
        (None, "django.core.cache.backends.locmem.LocMemCache", ""),
        (
            "redis://cache.example.org:6379/1",
            "django.core.cache.backends.redis.RedisCache",
            "redis://cache.example.org:6379/1",
        ),
        (
            "memcached://cache.example.org:11211",
            "django.core.cache.backends.memcached.PyMemcacheCache",
            "cache.example.org:11211",
        ),
    ],
)
def test_the_cache_url_names_the_cache(read_settings, url, backend, location):
    env = {"DJANGO_CACHE_URL": url} if url else {}
    result = read_settings(
        "CACHES['default']['BACKEND']", "CACHES['default']['LOCATION']", DJANGO_DEBUG="true", **env
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str([backend, location])


def test_an_unknown_cache_url_is_refused_by_name(read_settings):
    result = read_settings("CACHES", DJANGO_DEBUG="true", DJANGO_CACHE_URL="mongodb://x:1")

    assert result.returncode != 0
    assert "DJANGO_CACHE_URL must start with one of locmem, redis, memcached" in result.stderr


@pytest.mark.parametrize(
    ("url", "timeouts", "pause"),
    [
        ("redis://cache.example.org:6379/1", ["socket_connect_timeout", "socket_timeout"], None),
        ("memcached://cache.example.org:11211", ["connect_timeout", "timeout"], "dead_timeout"),
    ],
)
def test_an_operator_sets_how_long_a_cache_server_may_take(read_settings, url, timeouts, pause):
    """A cache across a slow network may need longer than the half second by default."""
    options = "CACHES['default']['OPTIONS']"
    names = [f"{options}['{name}']" for name in timeouts]
    names += [f"{options}['{pause}']"] if pause else []
    result = read_settings(
        *names,
        "PAGE_CACHE['RETRY_AFTER']",
        DJANGO_DEBUG="true",
        DJANGO_CACHE_URL=url,
        DJANGO_CACHE_SERVER_TIMEOUT="2",
        DJANGO_CACHE_RETRY_AFTER="30",
    )

    assert result.returncode == 0, result.stderr
    expected = ["2.0"] * len(timeouts) + (["30.0"] if pause else []) + ["30.0"]
    assert result.stdout.strip() == str(expected)


def test_numbers_left_empty_take_their_defaults(read_settings):
    result = read_settings(
        "DATABASES['default']['CONN_MAX_AGE']",
        "CACHE_SERVER_TIMEOUT",
        DJANGO_DEBUG="true",
        DJANGO_CONN_MAX_AGE="",
        DJANGO_CACHE_SERVER_TIMEOUT=" ",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(["60", "0.5"])


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DJANGO_CONN_MAX_AGE", "sixty"),
        ("DJANGO_LOGIN_FAILURE_LIMIT", "0"),
        ("DJANGO_LOGIN_COOLOFF_MINUTES", "1.5"),
        ("DJANGO_HSTS_SECONDS", "-1"),
        ("DJANGO_CACHE_SERVER_TIMEOUT", "0"),
        ("DJANGO_CACHE_RETRY_AFTER", "nan"),
    ],
)
def test_a_bad_number_stops_start_up_naming_its_variable(read_settings, name, value):
    result = read_settings("DEBUG", DJANGO_DEBUG="true", **{name: value})

    assert result.returncode != 0
    assert f"{name} must be a" in result.stderr
    assert repr(value) in result.stderr


@pytest.mark.django_db
def test_server_error_page_is_styled_and_says_what_happened():
    response = server_error(RequestFactory().get("/"))
    page = response.content.decode()

    assert response.status_code == 500
    assert "Something went wrong on our side" in page
    assert "/static/css/site.css" in page
    assert '<html lang="en">' in page


def test_static_files_are_hashed_compressed_and_cached_for_ever(db, settings, tmp_path):
    """As production serves them (debug off): whitenoise with the manifest storage."""
    from django.core.management import call_command
    from django.test import Client

    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", "--ignore=ckeditor", verbosity=0)

    page = Client().get("/").content.decode()
    href = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', page).group(1)
    response = Client().get(href, HTTP_ACCEPT_ENCODING="gzip")

    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "max-age=315360000" in response["Cache-Control"]
    assert "immutable" in response["Cache-Control"]


@pytest.mark.django_db
@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_readers_get_a_short_503_while_the_database_is_down(monkeypatch, error):
    from django.db import connection
    from django.test import Client

    reader = Client(raise_request_exception=False)
    assert reader.get("/press/").status_code == 200

    def unreachable(*args, **kwargs):
        raise error("could not connect to server: Connection refused")

    with monkeypatch.context() as patched:
        patched.setattr(connection, "cursor", unreachable)
        down = reader.get("/news/")
    back = reader.get("/news/")

    assert down.status_code == 503
    assert down["Retry-After"] == "30"
    assert "The site is briefly unavailable" in down.content.decode()
    assert "Traceback" not in down.content.decode()
    assert back.status_code == 200


@pytest.mark.django_db
def test_other_errors_are_still_a_500(monkeypatch):
    from django.test import Client

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("news.views.of_request", broken)
    response = Client(raise_request_exception=False).get("/")

    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


@pytest.mark.django_db
def test_public_pages_get_the_strict_policy_and_the_admin_its_own(client, admin_user):
    public = client.get("/press/")
    cached = client.get("/press/")
    client.force_login(admin_user)
    admin = client.get("/admin/news/item/add/")

    policy = public["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert cached["Content-Security-Policy"] == policy  # kept with the cached page
    assert admin.status_code == 200
    assert "script-src 'self' 'unsafe-inline' 'unsafe-eval'" in admin["Content-Security-Policy"]
    russian_admin = client.get("/ru/admin/news/item/add/")
    assert russian_admin.status_code == 200
    assert "unsafe-inline" in russian_admin["Content-Security-Policy"]
    assert "unsafe-inline" not in client.get("/ru/press/")["Content-Security-Policy"]


def test_log_level_applies_to_django_errors_too(tmp_path):
    """DJANGO_LOG_LEVEL=CRITICAL silences a request's error traceback; ERROR shows it."""
    code = (
        "import django, logging; django.setup();"
        "logging.getLogger('django.request').error('Internal Server Error: /x/')"
    )
    outputs = {}
    for level in ("CRITICAL", "ERROR"):
        env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
        env.update(
            DJANGO_DEBUG="false",
            DJANGO_SECRET_KEY="x" * 50,
            DJANGO_LOG_LEVEL=level,
            DJANGO_VAR_DIR=str(tmp_path),
            DJANGO_SETTINGS_MODULE="cstosite.settings",
        )
        outputs[level] = subprocess.run(  # noqa: S603 - our own interpreter and code
            [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
        ).stderr

    assert "Internal Server Error" not in outputs["CRITICAL"]
    assert "Internal Server Error" in outputs["ERROR"]
