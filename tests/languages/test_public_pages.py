"""English at the site's own addresses, Russian under /ru/: what readers of each see."""

import datetime
import re
import xml.etree.ElementTree as ET  # noqa: S405  # parses our own sitemaps

import pytest
from django.utils import timezone

from news.models import Item
from press.models import Phone
from tests.helpers import (
    SEARCH_PROBE,
    VERSION,
    make_contact,
    make_item,
    make_section,
    make_translation,
)

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def pair(section):
    """An English item with its published Russian translation, and the section in Russian."""
    section.title_ru = "Новости ОДКБ"
    section.save()
    original = make_item(section=section, title="Peacekeepers meet", slug="meet", days_ago=2)
    translation = make_translation(original, title="Встреча миротворцев")
    return original, translation


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def switcher_links(html):
    """{language: address} of the language switcher."""
    nav = re.search(r'<nav class="site-languages".*?</nav>', html, re.S).group(0)
    return dict(
        (language, url.replace("&amp;", "&"))
        for url, language in re.findall(r'<a href="([^"]*)"[^>]*\blang="(\w+)"', nav)
    )


def alternates(html):
    return dict(
        (language, url.replace("&amp;", "&"))
        for language, url in re.findall(
            r'<link rel="alternate" hreflang="(\w+)" href="([^"]*)">', html
        )
    )


def test_russian_pages_live_under_ru_and_speak_russian(client, pair):
    english, russian = page(client, "/news/"), page(client, "/ru/news/")

    assert '<html lang="en">' in english and "All news" in english
    assert '<html lang="ru">' in russian
    assert (
        "Все новости" in russian and "Организация Договора о коллективной безопасности" in russian
    )
    assert "All news" not in russian


@pytest.mark.parametrize(
    "url", ["/", "/news/", "/news/csto-news/", "/news/archive/", "/search/?q=x", "/press/"]
)
def test_every_page_switches_to_the_same_page_in_the_other_language(client, pair, url):
    html = page(client, url)
    links = switcher_links(html)

    assert links["en"] == url and links["ru"] == "/ru" + url
    assert alternates(html) == {
        "en": f"http://testserver{url}",
        "ru": f"http://testserver/ru{url}",
    }
    back = page(client, "/ru" + url)
    assert switcher_links(back) == {"en": url, "ru": "/ru" + url}


def test_a_list_page_switches_to_the_first_page_of_the_other_language(client, section):
    for n in range(12):
        make_item(section=section, days_ago=n + 1)

    html = page(client, "/news/?page=2")

    assert switcher_links(html)["ru"] == "/ru/news/"
    assert "ru" not in alternates(html)  # page 2 has no counterpart page


def test_a_search_switches_with_its_query_but_not_its_page(client, section):
    for n in range(12):
        make_item(section=section, title=f"Accord {n}", slug=f"accord-{n}", days_ago=n + 1)
    query = "q=accord+%C3%A9t%C3%A9&section=csto-news"

    first = page(client, f"/search/?{query}")
    second = page(client, f"/search/?page=2&{query}")

    assert switcher_links(first)["ru"] == f"/ru/search/?{query}"
    assert switcher_links(second)["ru"] == f"/ru/search/?{query}"
    assert alternates(first) == {
        "en": f"http://testserver/search/?{query}",
        "ru": f"http://testserver/ru/search/?{query}",
    }
    assert "ru" not in alternates(second)  # page 2 has no counterpart page


def test_an_item_switches_to_its_published_translation(client, pair):
    original, translation = pair

    english = page(client, original.get_absolute_url())
    russian = page(client, translation.get_absolute_url())

    assert translation.get_absolute_url() == "/ru/news/csto-news/meet/"
    assert switcher_links(english)["ru"] == "/ru/news/csto-news/meet/"
    assert switcher_links(russian)["en"] == "/news/csto-news/meet/"
    assert alternates(english) == {
        "en": "http://testserver/news/csto-news/meet/",
        "ru": "http://testserver/ru/news/csto-news/meet/",
    }
    assert (
        '<link rel="alternate" hreflang="x-default" href="http://testserver/news/csto-news/meet/">'
        in russian
    )
    assert "Встреча миротворцев" in russian and "Новости ОДКБ" in russian
    assert "Peacekeepers meet" not in russian


@pytest.mark.parametrize(
    "state",
    [
        {"status": Item.Status.DRAFT},
        {"published_at": timezone.now() + datetime.timedelta(days=2)},  # scheduled
        {"unpublish_at": timezone.now() - datetime.timedelta(hours=1)},  # expired
        None,  # no translation at all
    ],
)
def test_an_item_without_a_public_translation_switches_to_its_section(client, section, state):
    original = make_item(section=section, slug="meet")
    if state is not None:
        make_translation(original, title="Черновик перевода", slug="secret-draft", **state)

    html = page(client, original.get_absolute_url())
    target = switcher_links(html)["ru"]

    assert target == "/ru/news/csto-news/?untranslated=1"
    assert "secret-draft" not in html and "ru" not in alternates(html)
    landing = page(client, target)
    assert "У материала, который вы читали, пока нет версии на этом языке." in landing
    assert "Черновик перевода" not in landing


def test_a_draft_translation_is_404_to_readers_in_its_language(client, section):
    original = make_item(section=section, slug="meet")
    draft = make_translation(original, status=Item.Status.DRAFT)

    page(client, draft.get_absolute_url(), status=404)


def test_an_item_is_only_found_at_its_own_languages_address(client, pair):
    original, _translation = pair
    make_item(section=original.section, slug="english-only")

    page(client, "/ru/news/csto-news/english-only/", status=404)
    page(client, "/news/csto-news/english-only/")


def test_lists_feeds_search_and_archives_never_mix_languages(client, section):
    when = timezone.make_aware(datetime.datetime(2024, 7, 10, 12))
    make_item(section=section, title="Exercise Interaction", published_at=when)
    make_item(section=section, title="Учения Взаимодействие", language="ru", published_at=when)
    english_pages = [
        "/",
        "/news/",
        "/news/csto-news/",
        "/news/feed/",
        "/news/feed/atom/",
        "/news/csto-news/feed/",
        "/news/archive/2024/",
        "/news/archive/2024/07/",
        "/search/?q=Exercise",
        "/search/?q=Учения",
    ]
    for url in english_pages:
        english = page(client, url)
        assert "Учения Взаимодействие" not in english, url
        russian = page(client, "/ru" + url)
        assert "Exercise Interaction" not in russian, url
    assert "Учения Взаимодействие" in page(client, "/ru/search/?q=учения")
    assert "Учения Взаимодействие" in page(client, "/ru/news/archive/2024/07/")
    assert "Exercise Interaction" in page(client, "/search/?q=exercise")


def test_the_archive_counts_only_its_languages_items(client, section):
    when = timezone.make_aware(datetime.datetime(2024, 7, 10, 12))
    make_item(section=section, published_at=when)
    make_item(section=section, language="ru", published_at=when)
    make_item(section=section, language="ru", published_at=when)

    assert "(1)" in page(client, "/news/archive/") and "(2)" not in page(client, "/news/archive/")
    assert "(2)" in page(client, "/ru/news/archive/")


def test_an_archive_month_switches_to_the_other_languages_archive(client, section):
    make_item(section=section, published_at=timezone.make_aware(datetime.datetime(2024, 7, 10)))

    html = page(client, "/news/archive/2024/07/")

    assert switcher_links(html)["ru"] == "/ru/news/archive/#year-2024"
    page(client, "/ru/news/archive/")
    page(client, "/ru/news/archive/2024/07/", status=404)  # nothing in Russian then


def test_month_names_follow_the_language_and_lists_keep_dd_mm_yyyy(client, section):
    when = timezone.make_aware(datetime.datetime(2024, 11, 5, 12))
    earlier = timezone.make_aware(datetime.datetime(2024, 10, 5, 12))
    make_item(section=section, title="November", published_at=when)
    make_item(section=section, language="ru", title="Ноябрь", published_at=when)
    item = make_item(section=section, language="ru", title="Октябрь", published_at=earlier)

    assert "November 2024" in page(client, "/news/archive/2024/11/")
    russian_month = page(client, "/ru/news/archive/2024/11/")
    assert "<h1>Ноябрь 2024</h1>" in russian_month
    assert ">Октябрь 2024</a>" in russian_month  # the earlier month's link
    assert "Ноябрь" in page(client, "/ru/news/archive/")
    assert "05.11.2024" in page(client, "/ru/news/")
    assert "05.11.2024" in page(client, "/news/")
    assert "05.10.2024" in page(client, item.get_absolute_url())


def test_sections_and_signatures_follow_the_page_language(client, section):
    section.title_ru, section.description_ru = "Новости ОДКБ", "Новости организации."
    section.save()
    contact = make_contact(
        name_ru="Владимир Зайнетдинов",
        position_ru="Пресс-секретарь ОДКБ",
        phones=[("+7495-621-33-23", Phone.Kind.TEL_FAX)],
    )
    original = make_item(section=section, press_contact=contact, slug="signed")
    translation = make_translation(original, press_contact=contact)

    english = page(client, original.get_absolute_url())
    russian = page(client, translation.get_absolute_url())

    assert "The CSTO Press Secretary Vladimir Zaynetdinov" in english
    assert "Пресс-секретарь ОДКБ Владимир Зайнетдинов" in russian
    assert ">CSTO News<" in english and ">Новости ОДКБ<" not in english
    assert ">Новости ОДКБ<" in russian and ">CSTO News<" not in russian
    assert "тел./факс" in russian and "tel/fax" in english
    assert "Новости организации." in page(client, "/ru/news/csto-news/")
    assert "Пресс-секретарь ОДКБ Владимир Зайнетдинов" in page(client, "/ru/press/")


@pytest.mark.parametrize(
    "url, query",
    [("/", ""), ("/news/", ""), ("/news/csto-news/", ""), ("/search/", "?q={word}")],
)
def test_list_pages_name_the_sections_in_their_own_language(client, pair, url, query):
    """A list's sections are given their titles in the page's language when read with its
    rows (`languages.translated.texts_in`): each item's section and the navigation say
    them in that language, however the languages' pages follow each other in a process."""

    def sections_named(html):
        """The section named by each item, and every text naming it (the navigation, the
        home page's sections, the search's choices, a section's heading)."""
        entries = re.findall(r'<p class="entry__meta">.*? · <a href="[^"]*">([^<]*)</a>', html)
        return entries, set(re.findall(r">\s*(CSTO News|Новости ОДКБ)\s*<", html))

    for _ in range(2):
        english = page(client, url + query.format(word="peacekeepers"))
        russian = page(client, "/ru" + url + query.format(word="миротворцев"))

        in_entries = [] if url == "/news/csto-news/" else ["CSTO News"]
        assert sections_named(english) == (in_entries, {"CSTO News"})
        in_entries = [] if url == "/news/csto-news/" else ["Новости ОДКБ"]
        assert sections_named(russian) == (in_entries, {"Новости ОДКБ"})


def test_a_section_without_a_russian_title_shows_the_english_one(client, db):
    make_section("Secretary General", slug="secretary-general")

    assert "Secretary General" in page(client, "/ru/news/secretary-general/")


def test_sitemaps_hold_one_language_each_and_the_index_lists_both(client, pair):
    index = ET.fromstring(client.get("/sitemap.xml").content)  # noqa: S314
    sitemaps = [entry.findtext(f"{SITEMAP}loc") for entry in index]
    month = f"{timezone.localtime(pair[0].published_at):%Y-%m}"

    assert f"http://testserver/sitemap-items-{month}.xml" in sitemaps
    assert f"http://testserver/ru/sitemap-items-{month}.xml" in sitemaps
    for url in sitemaps:
        root = ET.fromstring(client.get(url).content)  # noqa: S314
        locations = [entry.findtext(f"{SITEMAP}loc") for entry in root]
        russian = url.startswith("http://testserver/ru/")
        assert locations
        assert all(loc.startswith("http://testserver/ru/") == russian for loc in locations), url


@pytest.mark.parametrize(
    "url, queries",
    [
        ("/ru/", 1),
        ("/ru/news/", 1),
        ("/ru/news/csto-news/?page=2", 1),
        ("/ru/news/csto-news/{slug}/", 1),
        ("/ru/news/feed/", 1),
        ("/ru/search/?q=новость", SEARCH_PROBE + 1),
    ],
)
@pytest.mark.parametrize("count", [12, 60])
def test_russian_pages_cost_the_same_queries_with_translations_present(
    client, section, django_assert_num_queries, url, queries, count
):
    contact = make_contact()
    for n in range(count):
        original = make_item(section=section, press_contact=contact, days_ago=n + 1)
        make_translation(original, title=f"Новость {n}", lead="Новость.", press_contact=contact)
    url = url.format(slug=original.slug)

    with django_assert_num_queries(VERSION + queries):
        assert client.get(url).status_code == 200
