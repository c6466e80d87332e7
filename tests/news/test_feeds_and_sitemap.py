"""Feeds, sitemap, robots.txt and item neighbours: published items only."""

import xml.etree.ElementTree as ET  # noqa: S405 - parsing our own responses
from datetime import UTC, date, datetime, timedelta
from datetime import timezone as timezone_offset
from zoneinfo import ZoneInfo

import pytest
from django.db.models import F
from django.utils import timezone

from news.models import Item
from tests.helpers import VERSION, make_item, make_section, make_translation

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def items(section):
    """One public item, and a draft, a scheduled and an expired one that must stay hidden."""
    draft = Item.Status.DRAFT
    return {
        "public": make_item(
            section=section, title="Public statement", slug="public", lead="Lead A."
        ),
        "draft": make_item(section=section, title="Secret draft", slug="draft", status=draft),
        "scheduled": make_item(section=section, title="Scheduled item", slug="later", days_ago=-1),
        "expired": make_item(
            section=section, title="Expired item", slug="expired", unpublish_at=timezone.now()
        ),
    }


HIDDEN = ("Secret draft", "Scheduled item", "Expired item")


@pytest.mark.parametrize("url", ["/news/feed/", "/news/csto-news/feed/"])
def test_rss_feeds_list_only_public_items(client, items, url):
    response = client.get(url)

    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314
    entries = root.findall("./channel/item")
    assert [e.findtext("title") for e in entries] == ["Public statement"]
    assert entries[0].findtext("link") == "http://testserver/news/csto-news/public/"
    assert entries[0].findtext("description") == "Lead A."
    assert entries[0].findtext("pubDate")


@pytest.mark.parametrize("url", ["/news/feed/atom/", "/news/csto-news/feed/atom/"])
def test_atom_feeds_list_only_public_items(client, items, url):
    response = client.get(url)

    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314
    titles = [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")]
    assert titles == ["Public statement"]


@pytest.mark.parametrize("url", ["/news/feed/", "/news/feed/atom/", "/news/csto-news/feed/"])
def test_a_feed_reaches_the_server_in_one_piece(items, url, settings):
    """What the WSGI application hands the server is what it writes to the socket, a
    write per piece: a feed is one, not a piece per tag."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.signals import request_started
    from django.db import close_old_connections
    from django.test import RequestFactory

    settings.ALLOWED_HOSTS = ["testserver"]
    environ = RequestFactory().get(url).environ
    # As Django's test client does: the test's transaction is not a stale connection.
    request_started.disconnect(close_old_connections)
    try:
        pieces = [piece for piece in WSGIHandler()(environ, lambda s, h: None) if piece]
    finally:
        request_started.connect(close_old_connections)

    assert len(pieces) == 1
    assert b"<item>" in pieces[0] or b"<entry>" in pieces[0]


@pytest.mark.parametrize(
    "url", ["/news/feed/", "/news/feed/atom/", "/news/csto-news/feed/", "/ru/news/feed/atom/"]
)
def test_feeds_write_what_djangos_feed_writes(client, section, url, monkeypatch, settings):
    """The feeds fill their generator their own way and write with their own XML writer
    (news.feeds); what they write is what Django's own `Feed` and feed generators write,
    byte for byte, for the same items."""
    from django.contrib.syndication.views import Feed
    from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

    from news import feeds

    settings.PAGE_CACHE = {**settings.PAGE_CACHE, "ENABLED": False}  # both built
    make_item(section=section, title="First <b>&</b> best", lead="Lead & more.", days_ago=2)
    make_item(section=section, title="Второй", language="ru", lead="Вводка.")
    make_item(section=section, title="Newest", updated_at=timezone.now())
    ours = client.get(url).content

    monkeypatch.setattr(feeds.LatestNewsFeed, "get_feed", Feed.get_feed)
    for feed in (feeds.LatestNewsFeed, feeds.SectionFeed):
        monkeypatch.setattr(feed, "feed_type", Rss201rev2Feed)
    for feed in (feeds.LatestNewsAtomFeed, feeds.SectionAtomFeed):
        monkeypatch.setattr(feed, "feed_type", Atom1Feed)
    djangos = client.get(url).content

    assert ours == djangos
    assert b"<category>CSTO News</category>" in ours or b'term="CSTO News"' in ours
    assert b"First &lt;b&gt;&amp;&lt;/b&gt; best" in ours or b"\xd0\x92\xd1\x82" in ours


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2026, 12, 1, 20, 33, 56, 557459, tzinfo=UTC),
        datetime(2006, 1, 2, 3, 4, 5, tzinfo=ZoneInfo("Europe/Moscow")),  # +03:00
        datetime(2026, 7, 31, 23, 59, 59, tzinfo=ZoneInfo("America/St_Johns")),  # -02:30
        datetime(2024, 2, 29, 0, 0, tzinfo=timezone_offset(timedelta(hours=5, minutes=45))),
        datetime(1999, 12, 31, 12, 0, tzinfo=timezone_offset(timedelta(seconds=30))),
        datetime(2026, 3, 1, 8, 0),  # naive
        date(2026, 3, 1),
    ],
)
def test_rss_dates_are_written_as_django_writes_them(moment):
    from django.utils.feedgenerator import rfc2822_date

    from news.feeds import rfc2822

    assert rfc2822(moment) == rfc2822_date(moment)


def test_the_same_instant_is_written_with_each_moments_own_offset():
    """Dates are remembered once written; equal moments with other offsets are not the
    same text."""
    from news.feeds import rfc2822

    moment = datetime(2026, 12, 1, 20, 0, tzinfo=UTC)
    moscow = moment.astimezone(ZoneInfo("Europe/Moscow"))

    assert moscow == moment
    assert rfc2822(moment) == "Tue, 01 Dec 2026 20:00:00 +0000"
    assert rfc2822(moscow) == "Tue, 01 Dec 2026 23:00:00 +0300"
    assert rfc2822(moment) == "Tue, 01 Dec 2026 20:00:00 +0000"


@pytest.mark.parametrize("url", ["/news/feed/", "/news/feed/atom/", "/news/csto-news/feed/"])
def test_a_control_character_pasted_into_an_item_does_not_break_the_feeds(client, section, url):
    """A word processor's line break (a vertical tab) or a bell in a title or lead shows
    as nothing on a page; XML cannot hold it, and Django's writer would fail the feed."""
    make_item(section=section, title="Soft\x0bbreak \x07title", lead="Lead\x0cwith\x1ffeeds.")

    response = client.get(url)

    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - well-formed, or this raises
    text = "".join(root.itertext())
    assert "Softbreak title" in text and "Leadwithfeeds." in text


def test_a_section_feed_holds_only_its_section(client, items):
    make_item(section=make_section("Other", slug="other"), title="Elsewhere")

    assert b"Elsewhere" not in client.get("/news/csto-news/feed/").content
    assert b"Elsewhere" in client.get("/news/feed/").content


def test_unknown_section_feed_is_404(client, db):
    assert client.get("/news/no-such-section/feed/").status_code == 404


def test_pages_announce_their_feeds(client, items):
    home = client.get("/").content.decode()
    section = client.get("/news/csto-news/").content.decode()

    assert 'type="application/rss+xml"' in home and 'href="/news/feed/"' in home
    assert 'href="/news/csto-news/feed/"' in section
    assert 'href="/news/csto-news/feed/atom/"' in section


def sitemap_locations(client, url):
    """{location: lastmod} of a sitemap, following an index into its sitemaps."""
    response = client.get(url)
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314
    if root.tag == f"{SITEMAP}sitemapindex":
        locations = {}
        for entry in root:
            locations.update(sitemap_locations(client, entry.findtext(f"{SITEMAP}loc")))
        return locations
    return {u.findtext(f"{SITEMAP}loc"): u.findtext(f"{SITEMAP}lastmod") for u in root}


def test_sitemap_lists_public_items_sections_and_pages(client, items):
    locations = sitemap_locations(client, "/sitemap.xml")

    assert set(locations) == {
        "http://testserver/",
        "http://testserver/news/",
        "http://testserver/press/",
        "http://testserver/news/csto-news/",
        "http://testserver/news/csto-news/public/",
        # the pages in Russian; the items are English only
        "http://testserver/ru/",
        "http://testserver/ru/news/",
        "http://testserver/ru/press/",
        "http://testserver/ru/news/csto-news/",
    }
    assert locations["http://testserver/news/csto-news/public/"]
    assert locations["http://testserver/news/csto-news/"]


def test_a_lists_lastmod_is_the_latest_change_on_its_first_page(client, section, settings):
    settings.TIME_ZONE = "UTC"
    days = [make_item(section=section, days_ago=100 - n) for n in range(12)]  # oldest first
    make_item(section=make_section(), days_ago=-3, title="Scheduled")
    make_item(section=section, days_ago=-3, status=Item.Status.DRAFT)
    Item.objects.update(updated_at=F("published_at"))  # none changed since
    edited = timezone.now() - timedelta(days=30)
    Item.objects.filter(pk=days[5].pk).update(updated_at=edited)  # on the first page
    Item.objects.filter(pk=days[0].pk).update(updated_at=timezone.now())  # eleven items back

    locations = sitemap_locations(client, "/sitemap-pages.xml")

    for page in ("/", "/news/", "/news/csto-news/"):
        assert locations[f"http://testserver{page}"] == f"{edited:%Y-%m-%d}", page
    assert locations["http://testserver/press/"] is None


def test_sitemap_index_has_one_sitemap_per_month_of_news(client, section):
    make_item(section=section, slug="a", published_at=timezone.make_aware(datetime(2024, 5, 3)))
    make_item(section=section, slug="b", published_at=timezone.make_aware(datetime(2024, 7, 9)))

    root = ET.fromstring(client.get("/sitemap.xml").content)  # noqa: S314

    assert [entry.findtext(f"{SITEMAP}loc") for entry in root] == [
        "http://testserver/sitemap-pages.xml",
        "http://testserver/sitemap-items-2024-07.xml",
        "http://testserver/sitemap-items-2024-06.xml",
        "http://testserver/sitemap-items-2024-05.xml",
        "http://testserver/ru/sitemap-pages.xml",  # no Russian items: no months
    ]
    june = client.get("/sitemap-items-2024-06.xml")
    assert june.status_code == 200 and b"<url>" not in june.content
    assert b"/news/csto-news/b/" in client.get("/sitemap-items-2024-07.xml").content


def test_a_months_sitemap_lists_its_items_in_its_language_dated_in_local_time(
    client, section, settings
):
    settings.TIME_ZONE = "Europe/Moscow"
    may = timezone.make_aware(datetime(2024, 5, 3, 12))
    original = make_item(section=section, slug="summit", published_at=may)
    make_translation(original, slug="sammit")
    make_item(section=section, slug="draft", published_at=may, status=Item.Status.DRAFT)
    late_evening_utc = datetime(2024, 5, 20, 22, 30, tzinfo=UTC)  # 01:30 on the 21st, Moscow
    Item.objects.update(updated_at=late_evening_utc)

    english = sitemap_locations(client, "/sitemap-items-2024-05.xml")
    russian = sitemap_locations(client, "/ru/sitemap-items-2024-05.xml")

    assert english == {"http://testserver/news/csto-news/summit/": "2024-05-21"}
    assert russian == {"http://testserver/ru/news/csto-news/sammit/": "2024-05-21"}


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out(client, db):
    response = client.get("/robots.txt")
    text = response.content.decode()

    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /admin/" in text and "Disallow: /preview/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_item_links_to_its_public_neighbours_only(client, section):
    older = make_item(section=section, title="Older one", slug="older", days_ago=5)
    make_item(section=section, title="Hidden between", status=Item.Status.DRAFT, days_ago=4)
    middle = make_item(section=section, title="Middle one", slug="middle", days_ago=3)
    make_item(section=make_section(), title="Other section", days_ago=2)
    newer = make_item(section=section, title="Newer one", slug="newer", days_ago=1)
    make_item(section=section, title="Scheduled later", days_ago=-1)

    page = client.get(middle.get_absolute_url()).content.decode()

    assert f'<a rel="next" href="{newer.get_absolute_url()}">' in page
    assert f'<a rel="prev" href="{older.get_absolute_url()}">' in page
    for hidden in ("Hidden between", "Other section", "Scheduled later"):
        assert hidden not in page
    newest = client.get(newer.get_absolute_url()).content.decode()
    assert 'rel="next"' not in newest


def test_neighbours_published_at_the_same_moment_follow_their_ids(client, section):
    moment = timezone.now() - timedelta(days=2)
    first, middle, last = (
        make_item(section=section, title=f"Same moment {n}", slug=f"same-{n}", published_at=moment)
        for n in range(3)
    )

    page = client.get(middle.get_absolute_url()).content.decode()

    assert f'<a rel="next" href="{last.get_absolute_url()}">' in page
    assert f'<a rel="prev" href="{first.get_absolute_url()}">' in page


def test_sections_and_items_cannot_take_the_sites_own_addresses(section):
    from django.core.exceptions import ValidationError

    from news.models import Section

    with pytest.raises(ValidationError):
        Section(title="Feed", slug="feed").clean()
    item = make_item(section=section)
    item.slug = "feed"
    with pytest.raises(ValidationError):
        item.clean()


def test_an_expired_neighbour_is_not_linked(client, section):
    make_item(
        section=section, title="Expired older", slug="old", days_ago=5, unpublish_at=timezone.now()
    )
    current = make_item(section=section, title="Current", slug="current", days_ago=1)

    page = client.get(current.get_absolute_url()).content.decode()

    assert "Expired older" not in page and 'rel="prev"' not in page


@pytest.mark.parametrize("count", [3, 30])
@pytest.mark.parametrize(
    "url, queries",
    [
        ("/news/feed/", 1),
        ("/news/feed/atom/", 1),
        ("/news/csto-news/feed/", 2),  # section, items
        ("/sitemap.xml", 2),  # the newest and the oldest item's dates, one read per language
        # sections (a count and the rows), the newest items' last change
        ("/sitemap-pages.xml", 3),
        ("/sitemap-items-{month}.xml", 1),  # the rows
    ],
)
def test_feeds_and_sitemap_cost_a_fixed_number_of_queries(
    client, section, django_assert_num_queries, count, url, queries
):
    for n in range(count):  # a third of them in Russian
        make_item(section=section, days_ago=n + 1, language="ru" if n % 3 == 1 else "en")
    url = url.format(month=f"{timezone.localtime(Item.objects.first().published_at):%Y-%m}")

    with django_assert_num_queries(VERSION + queries):
        assert client.get(url).status_code == 200
