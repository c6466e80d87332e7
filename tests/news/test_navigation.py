"""Where "Go back" leads: exactly the list page the reader came from, and nowhere else."""

import re

import pytest

from tests.helpers import make_item, make_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(section):
    return make_item(section=section, slug="statement")


def go_back_target(client, item, **params):
    page = client.get(item.get_absolute_url(), params).content.decode()
    return re.search(r'<a href="([^"]*)">Go back</a>', page).group(1)


@pytest.mark.parametrize(
    "came_from, expected",
    [
        ("/news/", "/news/"),
        ("/news/?page=3", "/news/?page=3"),
        ("/news/csto-news/", "/news/csto-news/"),
        ("/news/csto-news/?page=2", "/news/csto-news/?page=2"),
        ("/news/csto-news/?page=1", "/news/csto-news/"),
        ("/", "/"),
    ],
)
def test_go_back_returns_to_the_list_page_the_reader_came_from(client, item, came_from, expected):
    assert go_back_target(client, item, **{"from": came_from}) == expected


@pytest.mark.parametrize(
    "came_from",
    [
        "https://evil.example/news/",
        "//evil.example/news/",
        "/\\evil.example/news/",
        "\\\\evil.example",
        "http:/news/",
        "javascript:alert(1)",
        "/news/other-section/",  # a list page that cannot list this item
        "/news/csto-news/statement/",  # not a list page
        "/admin/",
        "/press/",
        "/news/?page=2&next=https://evil.example",
        "/news/?page=abc",
        "/news/?page=0",
        "/news/?page=-1",
        "/news/?page=2&page=3",
        "/news/?page=" + "9" * 50,
        "/news/\r\nSet-Cookie: x=1",
        "news/",
        "",
        "/новости/",
    ],
)
def test_anything_else_falls_back_to_the_section(client, item, came_from):
    make_section("Other", slug="other-section")

    assert go_back_target(client, item, **{"from": came_from}) == "/news/csto-news/"


def test_without_a_source_go_back_leads_to_the_section(client, item):
    assert go_back_target(client, item) == "/news/csto-news/"


def test_list_pages_link_items_with_their_own_address(client, section):
    for n in range(12):
        make_item(section=section, slug=f"news-{n}", days_ago=n + 1)

    page_two = client.get("/news/csto-news/?page=2").content.decode()
    all_news = client.get("/news/").content.decode()
    home = client.get("/").content.decode()

    assert 'href="/news/csto-news/news-10/?from=%2Fnews%2Fcsto-news%2F%3Fpage%3D2"' in page_two
    assert 'href="/news/csto-news/news-0/?from=%2Fnews%2F"' in all_news
    assert 'href="/news/csto-news/news-0/?from=%2F"' in home


def test_the_section_and_all_news_links_do_not_depend_on_the_source(client, item):
    page = client.get(item.get_absolute_url(), {"from": "/news/?page=4"}).content.decode()

    assert '<a href="/news/csto-news/">Back to the section</a>' in page
    assert '<a href="/news/">Back to the all news</a>' in page
    assert '<link rel="canonical" href="http://testserver/news/csto-news/statement/">' in page
