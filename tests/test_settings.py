"""Settings come from the environment; production without a secret key refuses to start."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
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
            "django.db.backends.postgresql",
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
    assert result.stdout.strip() == str(
        ["django.db.backends.sqlite3", str(tmp_path / "var" / "db.sqlite3")]
    )


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
