"""Every page names itself for search engines and for sharing."""

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
