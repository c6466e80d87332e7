"""The page cache on a shared server (Redis, memcached): pages are kept in the server, and a
server that is down, hung or refusing a page costs readers nothing but the cache."""

import logging
import signal
import threading
import time
from contextlib import contextmanager

import pytest
from django.core.cache import caches
from django.test import Client

from pagecache import middleware
from pagecache.middleware import page_key
from pagecache.release import release
from pagecache.state import current_version
from tests.helpers import VERSION, make_item, text

pytestmark = pytest.mark.django_db

WARNING = "The page cache did not answer"


def kept_in_server(url):
    """Whether the server holds the page at `url` under the current version, as a new
    connection to it (not this process's cache object) finds it."""
    fresh = caches.create_connection("default")
    try:
        return (
            fresh.get(page_key(release(), current_version(), f"http://testserver{url}")) is not None
        )
    finally:
        fresh.close()


@contextmanager
def at_most(seconds):
    """Fails the test if the block takes longer than `seconds`, rather than letting it hang."""

    def hung(signum, frame):
        raise AssertionError(f"still waiting after {seconds} s")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_pages_are_kept_in_the_server_for_every_process(
    shared_cache, section, django_assert_num_queries
):
    item = make_item(section=section, title="Shared statement")
    url = item.get_absolute_url()
    first = Client().get(url)
    assert kept_in_server(url)

    with django_assert_num_queries(VERSION):  # another worker: its own middleware and memory
        second = Client().get(url)

    assert second.status_code == 200
    assert second.content == first.content


def test_a_cache_server_that_is_down_costs_readers_nothing(
    shared_cache, settings, section, caplog, monkeypatch
):
    settings.PAGE_CACHE = {**settings.PAGE_CACHE, "RETRY_AFTER": 60}
    if shared_cache.kind == "memcached":  # pymemcache's own wait before it retries a server
        settings.CACHES = {
            "default": {
                **settings.CACHES["default"],
                "OPTIONS": {**settings.CACHES["default"]["OPTIONS"], "retry_timeout": 0},
            }
        }
    client = Client()
    item = make_item(section=section, title="First wording")
    assert "First wording" in text(client, item.get_absolute_url())

    shared_cache.stop()
    item.title = "Second wording"
    item.save()
    with caplog.at_level(logging.WARNING, logger="pagecache.middleware"):
        assert "Second wording" in text(client, item.get_absolute_url())
        assert "Second wording" in text(client, "/news/")
    assert [record.getMessage().startswith(WARNING) for record in caplog.records] == [True]

    shared_cache.start()
    assert "Second wording" in text(client, item.get_absolute_url())
    assert not kept_in_server(item.get_absolute_url())  # left alone for RETRY_AFTER

    later = time.monotonic() + 61
    monkeypatch.setattr(middleware.time, "monotonic", lambda: later)
    assert "Second wording" in text(client, item.get_absolute_url())
    assert kept_in_server(item.get_absolute_url())


def test_a_hung_cache_server_does_not_hold_readers(shared_cache, section, caplog):
    client = Client()
    item = make_item(section=section, title="First wording")
    text(client, "/news/")

    shared_cache.freeze()  # connections still accepted, nothing answered
    try:
        item.title = "Second wording"
        item.save()
        with at_most(10), caplog.at_level(logging.WARNING, logger="pagecache.middleware"):
            assert "Second wording" in text(client, "/news/")
            assert "Second wording" in text(client, item.get_absolute_url())
    finally:
        shared_cache.thaw()
    assert len(caplog.records) == 1 and caplog.records[0].getMessage().startswith(WARNING)


@pytest.mark.parametrize("shared_cache", ["memcached"], indirect=True)
def test_a_page_too_large_for_memcached_is_served_and_not_offered(
    shared_cache, section, caplog, django_assert_num_queries
):
    client = Client()
    item = make_item(section=section, body="<p>" + "Long statement. " * 70_000 + "</p>")
    with caplog.at_level(logging.WARNING, logger="pagecache.middleware"):
        for _ in range(2):
            response = client.get(item.get_absolute_url())
            assert response.status_code == 200
            assert len(response.content) > 1_048_576
        text(client, "/news/")
    assert caplog.records == []

    with django_assert_num_queries(VERSION):  # the cache is still in use
        client.get("/news/")


def test_one_cache_client_shared_by_threads_gives_each_its_own_pages(shared_cache):
    """The middleware keeps one cache client for its process, which gunicorn's threaded
    workers share: no thread may get another's page, nor an error, from a client whose
    connection another thread is using (pymemcache's unpooled one does both)."""
    client = caches["default"]
    wrong = []

    def pages(thread):
        for number in range(200):
            key, page = f"page-{thread}-{number}", b"<p>%d %d</p>" % (thread, number) * 50
            try:
                client.set(key, page)
                found = client.get(key)
            except Exception as error:  # noqa: BLE001 - any error is a failure here
                wrong.append(repr(error))
            else:
                if found not in (page, None):  # a miss only costs a render
                    wrong.append(f"{key}: another page")

    threads = [threading.Thread(target=pages, args=(thread,)) for thread in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert wrong == []
