"""Nothing unpublished reaches a reader: drafts, scheduled, expired items and pending
versions are absent from every public page, feed, sitemap, search and archive, and their
addresses (guessed from titles) and previews without a valid token are 404."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.text import slugify

from news import versions
from news.models import Item, ShareLink
from tests.helpers import make_item, make_section, make_staff, make_translation

pytestmark = pytest.mark.django_db

SECRETS = ("Zebradraft", "Zebrascheduled", "Zebraexpired", "Zebrapending", "Zebrarussian")


@pytest.fixture
def site():
    section = make_section("CSTO News", slug="csto-news")
    now = timezone.now()
    live = make_item(section=section, title="Live statement", slug="live", lead="Public lead.")
    hidden = [
        make_item(section=section, title="Zebradraft statement", status=Item.Status.DRAFT),
        make_item(
            section=section,
            title="Zebrascheduled statement",
            published_at=now + datetime.timedelta(days=3),
        ),
        make_item(
            section=section,
            title="Zebraexpired statement",
            published_at=now - datetime.timedelta(days=3),
            unpublish_at=now - datetime.timedelta(days=1),
        ),
    ]
    make_translation(live, title="Живое заявление", lead="Публичный анонс.")
    # A public English item whose Russian translation is still a draft.
    other = make_item(section=section, title="Other statement", slug="other")
    hidden.append(
        make_translation(other, title="Zebrarussian черновик", slug="zebra", status="draft")
    )
    for item in hidden:
        ShareLink.objects.create(item=item)
    data = {**versions.snapshot(live), "title": "Zebrapending title", "lead": "Zebrapending."}
    versions.save_pending(live, data, make_staff("Editors"))
    return {"section": section, "live": live, "hidden": hidden}


def public_pages(client):
    """Every public page a reader or crawler can reach, with the secret words searched."""
    months = {timezone.localtime().strftime("%Y/%m")} | {
        timezone.localtime(item.published_at).strftime("%Y/%m") for item in Item.objects.all()
    }
    urls = ["/", "/news/", "/news/csto-news/", "/press/", "/news/archive/", "/robots.txt"]
    urls += ["/news/feed/", "/news/feed/atom/", "/news/csto-news/feed/"]
    urls += ["/news/csto-news/feed/atom/", "/news/csto-news/live/"]
    for month in months:
        urls += [f"/news/archive/{month}/", f"/news/archive/{month[:4]}/"]
    urls += [f"/search/?q={word}" for word in SECRETS] + ["/search/?q=statement"]
    urls += ["/news/csto-news/other/"]
    urls += ["/ru" + url for url in urls if url != "/robots.txt"]
    urls += ["/sitemap.xml"]
    sitemap = client.get("/sitemap.xml").content.decode()
    urls += [urlsplit(url).path for url in re.findall(r"<loc>([^<]+)</loc>", sitemap)]
    return urls


def test_no_public_page_shows_anything_unpublished(site):
    reader = Client()
    seen = 0
    for url in public_pages(reader):
        response = reader.get(url)
        assert response.status_code in (200, 404), url
        text = response.content.decode()
        if "?q=" in url:  # the page repeats the reader's words: it must find nothing
            searched = url.split("?q=")[1]
            nothing = ("0 results for", "0 результатов по запросу")
            assert searched == "statement" or any(none in text for none in nothing), url
            text = text.replace(searched, "")
        for secret in SECRETS:
            assert secret not in text, (secret, url)
        seen += 1
    assert seen > 40
    assert "Live statement" in reader.get("/news/csto-news/live/").content.decode()
    assert "Живое заявление" in reader.get("/ru/news/csto-news/live/").content.decode()


def test_the_language_switcher_never_leads_to_a_404(site):
    reader = Client()
    followed = set()
    for url in public_pages(reader):
        response = reader.get(url)
        if response.status_code != 200 or "site-languages" not in response.content.decode():
            continue
        nav = re.search(r'<nav class="site-languages".*?</nav>', response.content.decode(), re.S)
        for link in re.findall(r'href="([^"]+)"', nav.group(0)):
            link = link.replace("&amp;", "&")
            if link not in followed:
                followed.add(link)
                assert reader.get(link).status_code == 200, (url, link)
    assert len(followed) > 30
    assert "/ru/news/csto-news/?untranslated=1" in followed  # from the item without one


def test_hidden_items_addresses_and_guessed_slugs_are_404(site):
    reader = Client()
    for item in site["hidden"]:
        assert reader.get(item.get_absolute_url()).status_code == 404
        guessed = f"/news/csto-news/{slugify(item.title)}/"
        assert reader.get(guessed).status_code == 404


@pytest.mark.parametrize(
    "token", ["x", "eyJsaW5rIjoxfQ", "1:abc:def", "%00", "a" * 500, "../admin/"]
)
def test_previews_without_a_valid_token_are_404(site, token):
    assert Client().get(f"/preview/{token}/").status_code == 404


def test_a_tampered_share_token_is_404(site):
    url = ShareLink.objects.first().get_absolute_url()
    token = url.rstrip("/").rsplit("/", 1)[1]
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")

    assert Client().get(url).status_code == 200
    assert Client().get(f"/preview/{tampered}/").status_code == 404
