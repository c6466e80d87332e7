"""Cached public pages are never stale: publish, edit, unpublish, schedule, press contacts;
in local memory, Redis and memcached alike."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from news import publishing
from news.models import Item, ShareLink
from pagecache import middleware
from pagecache.models import PublicState
from press.models import Phone
from tests.helpers import VERSION, make_contact, make_item, make_translation, text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True, params=["locmem", "redis", "memcached"])
def cache_kind(request, use_cache):
    """Every test here runs on each cache the site may be given: its own memory, and real
    Redis and memcached servers shared between processes."""
    if request.param != "locmem":
        use_cache(request.param)
    return request.param


LIST_PAGES = ("/", "/news/", "/news/csto-news/", "/news/feed/", "/search/?q=statement")


def test_a_second_request_is_served_from_the_cache(client, section, django_assert_num_queries):
    item = make_item(section=section, title="Cached statement")
    first = client.get(item.get_absolute_url())

    with django_assert_num_queries(VERSION):
        second = client.get(item.get_absolute_url())

    assert second.status_code == 200
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert "no-cache" in second["Cache-Control"]


def test_publishing_shows_the_item_at_once_everywhere(client, section, publisher):
    make_item(section=section, title="Old statement")
    draft = make_item(section=section, title="New statement", status=Item.Status.DRAFT)
    before = {url: text(client, url) for url in LIST_PAGES}
    assert all("New statement" not in page for page in before.values())

    publishing.publish(draft, publisher)

    for url in LIST_PAGES:
        assert "New statement" in text(client, url), url
    assert client.get(draft.get_absolute_url()).status_code == 200
    assert draft.get_absolute_url() in text(
        client, f"/sitemap-items-{draft.published_at:%Y-%m}.xml"
    )


def test_an_edit_replaces_the_cached_pages(client, section):
    item = make_item(section=section, title="First wording")
    for url in (*LIST_PAGES, item.get_absolute_url()):
        client.get(url)

    item.title = "Second wording of the statement"
    item.save()

    for url in ("/", "/news/", "/news/csto-news/", "/news/feed/", item.get_absolute_url()):
        page = text(client, url)
        assert "Second wording" in page and "First wording" not in page, url


def test_unpublishing_removes_the_item_at_once(client, section, publisher):
    item = make_item(section=section, title="Withdrawn statement")
    for url in LIST_PAGES:
        assert "Withdrawn statement" in text(client, url)
    assert client.get(item.get_absolute_url()).status_code == 200

    publishing.unpublish(item, publisher)

    for url in LIST_PAGES:
        assert "Withdrawn statement" not in text(client, url), url
    assert client.get(item.get_absolute_url()).status_code == 404


def test_deleting_removes_the_item_at_once(client, section, publisher):
    item = make_item(section=section, title="Deleted statement")
    assert "Deleted statement" in text(client, "/news/")

    publishing.delete(item, publisher)

    assert "Deleted statement" not in text(client, "/news/")
    assert client.get(item.get_absolute_url()).status_code == 404


def test_a_scheduled_item_appears_when_its_time_comes(client, section):
    make_item(section=section, title="Current statement")
    goes_live = timezone.now() + datetime.timedelta(minutes=5)  # well within the TIMEOUT
    scheduled = make_item(section=section, title="Embargoed statement", published_at=goes_live)
    for url in LIST_PAGES:
        assert "Embargoed statement" not in text(client, url)  # cached without it
    assert client.get(scheduled.get_absolute_url()).status_code == 404

    with time_machine.travel(goes_live - datetime.timedelta(seconds=1), tick=False):
        assert "Embargoed statement" not in text(client, "/news/")
    with time_machine.travel(goes_live + datetime.timedelta(milliseconds=5), tick=False):
        for url in LIST_PAGES:
            assert "Embargoed statement" in text(client, url), url
        assert client.get(scheduled.get_absolute_url()).status_code == 200


def test_press_contact_changes_reach_cached_item_pages(client, section):
    contact = make_contact(phones=[("+7495-621-27-10", Phone.Kind.TEL)])
    item = make_item(section=section, press_contact=contact)
    assert "+7495-621-27-10" in text(client, item.get_absolute_url())
    assert "+7495-621-27-10" in text(client, "/press/")

    contact.phones.get().delete()
    Phone.objects.create(contact=contact, number="+7495-000-00-01", kind=Phone.Kind.TEL)
    contact.position = "Acting Press Secretary"
    contact.save()

    for url in (item.get_absolute_url(), "/press/"):
        page = text(client, url)
        assert "+7495-000-00-01" in page and "+7495-621-27-10" not in page
        assert "Acting Press Secretary" in page


def test_a_change_made_by_another_process_is_seen(client, section):
    """Another gunicorn worker's change reaches this one through the database's version,
    not through this process's memory."""
    item = make_item(section=section, title="Before")
    assert "Before" in text(client, item.get_absolute_url())

    Item.objects.filter(pk=item.pk).update(title="After")  # no signal in this process
    assert "Before" in text(client, item.get_absolute_url())  # still the cached page
    PublicState.objects.update(version=F("version") + 1)  # what the other process did

    assert "After" in text(client, item.get_absolute_url())


def test_an_operator_can_forget_every_cached_page(client, section):
    item = make_item(section=section, title="Before the fix")
    assert "Before the fix" in text(client, "/news/")
    Item.objects.filter(pk=item.pk).update(title="After the fix")  # SQL: no signal
    assert "Before the fix" in text(client, "/news/")

    out = io.StringIO()
    call_command("forget_cached_pages", stdout=out)

    assert "Cached pages forgotten" in out.getvalue()
    assert "After the fix" in text(client, "/news/")


def test_a_database_made_anew_is_not_served_the_pages_of_another(client, section):
    """A database made anew (emptied, restored, a second site on the same Redis) numbers
    its versions from a number of its own, not from where another already cached pages."""
    item = make_item(section=section, title="Statement of the old database")
    PublicState.objects.update(version=1)
    assert "Statement of the old database" in text(client, "/news/")

    PublicState.objects.all().delete()  # a new database has no state yet
    Item.objects.filter(pk=item.pk).update(title="Statement of the new database")

    page = text(client, "/news/")
    assert "Statement of the new database" in page
    assert "Statement of the old database" not in page


def test_a_new_release_is_not_served_the_pages_of_the_one_before(section, monkeypatch):
    """A deployment's new workers render their own pages while the old ones, still running
    beside them, keep theirs: the release of the code is part of every page's key."""
    item = make_item(section=section, title="Rendered by the old release")
    old_release = Client()
    assert "Rendered by the old release" in text(old_release, "/news/")
    Item.objects.filter(pk=item.pk).update(title="Rendered by the new release")  # no signal

    monkeypatch.setattr(middleware, "release", lambda: "next-release")
    new_release = Client()

    assert "Rendered by the new release" in text(new_release, "/news/")
    assert "Rendered by the old release" in text(old_release, "/news/")  # its own, cached


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own statements")
def test_on_postgresql_the_version_is_read_by_a_statement_prepared_once_per_session(
    client, section, transactional_db
):
    """Every public request reads the version: PostgreSQL plans it once a session, and a
    version raised by another process is still read at once."""
    item = make_item(section=section, title="Before")

    def prepared():
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            return [sql for (sql,) in cursor.fetchall() if "pagecache_publicstate" in sql]

    connection.close()  # a session of this test's own
    assert "Before" in text(client, item.get_absolute_url())
    assert "Before" in text(client, item.get_absolute_url())  # from the cache
    assert len(prepared()) == 1
    Item.objects.filter(pk=item.pk).update(title="After")  # no signal in this process
    PublicState.objects.update(version=F("version") + 1)  # what another process did

    assert "After" in text(client, item.get_absolute_url())
    assert len(prepared()) == 1


def test_staff_are_never_served_nor_stored_from_the_cache(client, section, admin_user):
    draft = make_item(section=section, title="Draft for review", status=Item.Status.DRAFT)
    public = make_item(section=section, title="Public statement")
    staff = Client()
    staff.force_login(admin_user)

    assert "Preview: this item is not public." in text(staff, draft.get_absolute_url())
    assert client.get(draft.get_absolute_url()).status_code == 404  # not the staff's page
    text(client, public.get_absolute_url())  # cached for readers

    with CaptureQueriesContext(connection) as queries:
        text(staff, public.get_absolute_url())

    assert any('FROM "news_item"' in query["sql"] for query in queries.captured_queries)


def test_a_revoked_share_link_stops_at_once(client, section, publisher):
    draft = make_item(section=section, title="Shared draft", status=Item.Status.DRAFT)
    link = ShareLink.objects.create(item=draft, created_by=publisher)
    assert "Shared draft" in text(client, link.get_absolute_url())

    ShareLink.objects.filter(pk=link.pk).update(revoked_at=timezone.now())

    assert client.get(link.get_absolute_url()).status_code == 404


def test_the_host_is_part_of_the_cached_page(client, section, settings):
    settings.ALLOWED_HOSTS = ["testserver", "www.example.org"]
    client.get("/news/")

    page = client.get("/news/", HTTP_HOST="www.example.org").content.decode()

    assert "http://www.example.org/news/" in page


@pytest.mark.parametrize("cache", [True, False])
def test_a_reader_with_the_current_copy_gets_304(client, section, settings, cache):
    settings.PAGE_CACHE = {**settings.PAGE_CACHE, "ENABLED": cache}
    item = make_item(section=section)
    reader = Client()
    etag = reader.get(item.get_absolute_url())["ETag"]

    again = reader.get(item.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)
    item.title = "Corrected"
    item.save()
    changed = reader.get(item.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)

    assert again.status_code == 304 and again.content == b""
    assert changed.status_code == 200 and b"Corrected" in changed.content


def test_with_the_cache_off_pages_skip_the_version(client, section, settings):
    settings.PAGE_CACHE = {**settings.PAGE_CACHE, "ENABLED": False}
    make_item(section=section)
    reader = Client()
    reader.get("/")
    version = PublicState.objects.get().version

    make_item(section=section, title="Another")

    assert "Another" in text(reader, "/")
    assert PublicState.objects.get().version == version + 1  # still kept for when it is on


def test_an_edited_template_shows_at_once_while_developing(client, section, tmp_path):
    from pathlib import Path

    from django.utils.autoreload import file_changed

    make_item(section=section)
    client.get("/news/")
    version = PublicState.objects.get().version

    file_changed.send(sender=None, file_path=Path("templates/news/item_list.html"))
    assert PublicState.objects.get().version == version + 1
    file_changed.send(sender=None, file_path=Path("news/views.py"))  # a restart does that
    assert PublicState.objects.get().version == version + 1


def test_languages_are_cached_apart_and_a_published_translation_updates_the_switcher(
    client, section, publisher
):
    original = make_item(section=section, title="Peacekeepers meet", slug="meet")
    translation = make_translation(original, title="Встреча", status=Item.Status.DRAFT)
    english = text(client, original.get_absolute_url())
    assert 'href="/ru/news/csto-news/?untranslated=1"' in english
    assert "Встреча" not in text(client, "/ru/news/")

    publishing.publish(translation, publisher)

    english = text(client, original.get_absolute_url())
    assert 'href="/ru/news/csto-news/meet/"' in english and "untranslated" not in english
    assert "Встреча" in text(client, "/ru/news/") and "Встреча" not in text(client, "/news/")
