import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files of a test go to a throwaway folder, never to the real media root."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True, scope="session")
def _compiled_catalogues():
    """The Russian interface needs the compiled catalogues `make install` writes; compile
    them here too, so that a test run straight from pytest sees the same."""
    from django.core.management import call_command

    call_command("compile_catalogues", verbosity=0)


@pytest.fixture(autouse=True)
def _empty_page_cache():
    """Each test starts with no cached page: a rolled-back test leaves its pages cached
    under a version number that the next test's changes will reach again. The same for
    where deep pages start (news.anchors), the sections a list holds (news.queries), and
    how many items searches match (news.search.reach)."""
    from django.core.cache import cache

    from news import anchors, queries, search

    cache.clear()
    anchors.forget()
    queries.forget_sections()
    search.forget()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language. LocaleMiddleware activates a request's
    language and leaves it active in the thread, so a test that requested a Russian page
    would otherwise leave Russian to the next test that renders or reverses directly."""
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture
def section(db):
    from tests.helpers import make_section

    return make_section("CSTO News", slug="csto-news")


@pytest.fixture
def editor(db):
    """Staff in the Editors role: write and change drafts, never publish."""
    from tests.helpers import make_staff

    return make_staff("Editors")


@pytest.fixture
def publisher(db):
    """Staff in the Publishers role."""
    from tests.helpers import make_staff

    return make_staff("Publishers")


def pytest_report_header(config):
    from django.db import connection

    return f"database: {connection.vendor} ({connection.settings_dict['NAME']})"
