"""Every public URL parameter and path segment, fuzzed: nothing a reader sends gets a 500.

Hypothesis sends non-ASCII text, NUL, right-to-left marks, 2,000-character strings and
SQL-like strings to each part of each public address (2,000+ requests in all), with
drafts and share links in the database; every answer must be below 500.
"""

from urllib.parse import quote

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from news.models import Item, ShareLink
from tests.helpers import make_item, make_section

pytestmark = pytest.mark.django_db

NASTY = st.sampled_from(
    [
        "",
        "\x00",
        "\u202e\u200f",
        "' OR 1=1 --",
        "1; DROP TABLE news_item",
        '"*',
        "NEAR(a b)",
        "%00",
        "../../etc/passwd",
        "9" * 30,
        "-1",
        "0",
        "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
        "новости",
        "a" * 2000,
    ]
)
TEXT = st.one_of(NASTY, st.text(max_size=2000), st.text(alphabet="0123456789-/", max_size=12))
EXAMPLES = settings(
    max_examples=250,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def site(db):
    section = make_section("CSTO News", slug="csto-news")
    public = make_item(section=section, slug="public")
    draft = make_item(section=section, slug="draft", status=Item.Status.DRAFT)
    ShareLink.objects.create(item=draft)
    return {"section": section, "public": public}


def ok(response):
    assert response.status_code < 500, (response.status_code, response.request)


def segment(text):
    return quote(text, safe="") or "x"


@EXAMPLES
@given(page=TEXT, query=TEXT)
def test_list_and_search_parameters(site, page, query):
    client = Client(raise_request_exception=False)
    ok(client.get("/news/", {"page": page}))
    ok(client.get("/news/csto-news/", {"page": page}))
    ok(client.get("/search/", {"q": query, "page": page}))


@EXAMPLES
@given(section=TEXT, date_from=TEXT, date_to=TEXT)
def test_search_filters(site, section, date_from, date_to):
    client = Client(raise_request_exception=False)
    params = {"q": "statement", "section": section, "date_from": date_from, "date_to": date_to}
    ok(client.get("/search/", params))


@EXAMPLES
@given(first=TEXT, second=TEXT)
def test_path_segments(site, first, second):
    client = Client(raise_request_exception=False)
    ok(client.get(f"/news/{segment(first)}/"))
    ok(client.get(f"/news/{segment(first)}/{segment(second)}/"))
    ok(client.get(f"/news/csto-news/{segment(second)}/"))
    ok(client.get(f"/news/{segment(first)}/feed/"))


@EXAMPLES
@given(prefix=TEXT, rest=TEXT, query=TEXT)
def test_language_prefixes_and_russian_pages(site, prefix, rest, query):
    client = Client(raise_request_exception=False)
    ok(client.get(f"/{segment(prefix)}/news/"))
    ok(client.get(f"/ru/news/{segment(rest)}/", {"untranslated": query}))
    ok(client.get(f"/ru/{segment(rest)}/"))
    ok(client.get("/ru/search/", {"q": query}))


@EXAMPLES
@given(year=TEXT, month=TEXT, page=TEXT)
def test_archive_and_sitemap_dates(site, year, month, page):
    client = Client(raise_request_exception=False)
    ok(client.get(f"/news/archive/{segment(year)}/", {"page": page}))
    ok(client.get(f"/news/archive/{segment(year)}/{segment(month)}/"))
    ok(client.get(f"/sitemap-items-{segment(year)}-{segment(month)}.xml"))


@EXAMPLES
@given(year=st.integers(min_value=-(10**20), max_value=10**20), month=st.integers(1, 12))
def test_archive_numbers_out_of_range(site, year, month):
    client = Client(raise_request_exception=False)
    ok(client.get(f"/news/archive/{year}/"))
    ok(client.get(f"/news/archive/{year}/{month:02d}/"))
    ok(client.get(f"/sitemap-items-{year}-{month:02d}.xml"))


@EXAMPLES
@given(token=TEXT)
def test_preview_tokens(site, token):
    client = Client(raise_request_exception=False)
    response = client.get(f"/preview/{segment(token)}/")
    ok(response)
    assert response.status_code == 404


@EXAMPLES
@given(back=TEXT)
def test_go_back_addresses(site, back):
    client = Client(raise_request_exception=False)
    response = client.get(site["public"].get_absolute_url(), {"from": back})
    ok(response)
    assert response.status_code == 200
    assert 'href="http' not in response.content.decode().split("Go back")[0][-200:]


@EXAMPLES
@given(name=TEXT, value=TEXT)
def test_unexpected_parameters_and_headers(site, name, value):
    client = Client(raise_request_exception=False)
    ok(client.get("/", {name or "x": value}))
    ok(client.get("/news/feed/", {name or "x": value}, HTTP_IF_NONE_MATCH=value[:200]))
