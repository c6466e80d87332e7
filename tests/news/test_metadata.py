"""Every page names itself for search engines and for sharing."""

import datetime
import json
import re

import pytest

from news.models import Item
from tests.helpers import make_item, make_section

pytestmark = pytest.mark.django_db


def head_of(client, url):
    return client.get(url).content.decode().split("</head>")[0]


def title_of(head):
    return re.search(r"<title>(.*?)</title>", head, re.S).group(1).strip()


def test_each_page_has_its_own_title_and_a_description(client, section):
    make_section("Secretary General", slug="secretary-general")
    for n in range(12):
        make_item(section=section, title=f"Statement {n}", slug=f"s-{n}", days_ago=n + 1)
    urls = ["/", "/news/", "/news/?page=2", "/news/csto-news/", "/news/secretary-general/",
            "/news/csto-news/s-0/", "/news/csto-news/s-1/", "/press/"]  # fmt: skip

    heads = [head_of(client, url) for url in urls]

    titles = [title_of(head) for head in heads]
    assert len(set(titles)) == len(urls), titles
    assert all('<meta name="description" content="' in head for head in heads)


def test_item_carries_canonical_opengraph_twitter_and_json_ld(client, section):
    item = make_item(
        section=section,
        title="A statement </script><script>alert(1)</script>",
        slug="statement",
        lead="The lead.",
        image="items/2024/07/photo.jpg",
        image_alt="Delegates",
    )

    head = head_of(client, item.get_absolute_url())

    url = "http://testserver/news/csto-news/statement/"
    assert f'<link rel="canonical" href="{url}">' in head
    assert f'<meta property="og:url" content="{url}">' in head
    assert '<meta property="og:type" content="article">' in head
    assert (
        '<meta property="og:image" content="http://testserver/media/items/2024/07/photo.jpg">'
        in head
    )
    assert '<meta name="twitter:card" content="summary_large_image">' in head
    assert "<script>alert(1)</script>" not in head
    ld = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', head, re.S).group(1)
    )
    assert ld["@type"] == "NewsArticle"
    assert ld["headline"] == item.title
    assert ld["inLanguage"] == "en"
    assert ld["mainEntityOfPage"] == url
    assert ld["image"] == ["http://testserver/media/items/2024/07/photo.jpg"]


@pytest.mark.parametrize("zone", ["Europe/Moscow", "UTC"])
def test_an_items_publication_time_is_shared_in_the_sites_zone(client, section, settings, zone):
    settings.TIME_ZONE = zone
    item = make_item(section=section, slug="timed")
    Item.objects.filter(pk=item.pk).update(
        published_at=datetime.datetime(2026, 3, 1, 22, 30, 5, tzinfo=datetime.UTC)
    )

    head = head_of(client, item.get_absolute_url())

    written = {"Europe/Moscow": "2026-03-02T01:30:05+03:00", "UTC": "2026-03-01T22:30:05+00:00"}
    assert f'<meta property="article:published_time" content="{written[zone]}">' in head


def test_item_without_image_uses_the_small_card(client, section):
    item = make_item(section=section)

    head = head_of(client, item.get_absolute_url())

    assert '<meta name="twitter:card" content="summary">' in head
    assert "og:image" not in head


def test_previews_carry_no_sharing_metadata(client, admin_user, section):
    draft = make_item(section=section, status=Item.Status.DRAFT)
    client.force_login(admin_user)

    head = head_of(client, draft.get_absolute_url())

    assert '<meta name="robots" content="noindex, nofollow">' in head
    assert "og:title" not in head and "ld+json" not in head


@pytest.mark.parametrize(
    "text",
    [
        "A short lead.",
        "x" * 200,
        "x" * 201,
        "Word " * 80,
        "Саммит ОДКБ " * 30,
        "Cafe\u0301 de\u0301claration " * 20,  # combining accents: composed, then counted
        "Z\u0336a\u0336l\u0336g\u0336o\u0336 " * 50,  # marks with no composed form
        "",
    ],
)
@pytest.mark.parametrize("length", [0, 1, 2, 200, 300])
def test_descriptions_are_cut_exactly_as_djangos_truncatechars_cuts(text, length):
    from django.template.defaultfilters import truncatechars

    from news.rendering import truncated

    assert truncated(text, length) == truncatechars(text, length)


def test_a_long_lead_is_cut_for_the_description_and_whole_on_the_page(client, section):
    lead = "The Secretary General met the ministers. " * 10
    item = make_item(section=section, lead=lead)

    page = client.get(item.get_absolute_url()).content.decode()

    description = re.search(r'<meta name="description" content="(.*?)">', page).group(1)
    assert len(description) == 200 and description.endswith("…")
    assert lead.strip() in page
