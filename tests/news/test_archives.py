"""The archive by year and month: published items only, counts, bad dates are 404."""

import datetime
import re

import pytest
from django.utils import timezone

from news import queries
from news.models import Item
from tests.helpers import VERSION, make_item, make_section

pytestmark = pytest.mark.django_db


def at(year, month, day=15):
    return timezone.make_aware(datetime.datetime(year, month, day, 12))


@pytest.fixture
def archive(section):
    make_item(section=section, title="July one", slug="j1", published_at=at(2024, 7, 26))
    make_item(section=section, title="July two", slug="j2", published_at=at(2024, 7, 1))
    make_item(section=section, title="February", slug="f", published_at=at(2023, 2, 2))
    make_item(
        section=section, title="Draft of March", status=Item.Status.DRAFT, published_at=at(2024, 3)
    )
    make_item(
        section=section, title="Expired of May", published_at=at(2024, 5), unpublish_at=at(2024, 6)
    )
    make_item(section=section, title="Scheduled", days_ago=-40)  # fmt: skip


def titles(response):
    return re.findall(
        r'class="entry__title"><a href="[^"]+">([^<]+)</a>', response.content.decode()
    )


def test_archive_index_shows_years_and_months_with_counts(client, archive):
    page = client.get("/news/archive/").content.decode()

    assert '<a href="/news/archive/2024/">2024</a> <span class="count">(2)</span>' in page
    assert '<a href="/news/archive/2024/07/">July</a> <span class="count">(2)</span>' in page
    assert '<a href="/news/archive/2023/02/">February</a> <span class="count">(1)</span>' in page
    for hidden in ("/news/archive/2024/03/", "/news/archive/2024/05/", "March", "May"):
        assert hidden not in page
    future = timezone.localtime() + datetime.timedelta(days=40)
    assert f"/news/archive/{future.year}/{future:%m}/" not in page


def test_year_and_month_pages_list_their_public_items(client, archive):
    assert titles(client.get("/news/archive/2024/")) == ["July one", "July two"]
    assert titles(client.get("/news/archive/2024/07/")) == ["July one", "July two"]
    assert titles(client.get("/news/archive/2023/02/")) == ["February"]


@pytest.mark.parametrize(
    "url",
    [
        "/news/archive/0/",
        "/news/archive/2024/13/",
        "/news/archive/2024/00/",
        "/news/archive/99999/",
        "/news/archive/2024/03/",  # only a draft
        "/news/archive/2024/05/",  # only an expired item
        "/news/archive/1999/",
        "/news/archive/2024/7/",
        "/news/archive/2024/7/x/",
        "/news/archive/-1/",
    ],
)
def test_bad_or_empty_archive_dates_are_404(client, archive, url):
    assert client.get(url).status_code == 404


def test_a_deep_archive_page_lists_its_items_and_past_the_end_the_last_page(client, section):
    start = at(2024, 7, 1)
    for n in range(115):
        make_item(
            section=section, title=f"July {n}", published_at=start + datetime.timedelta(hours=n)
        )
    make_item(section=section, title="Draft", status=Item.Status.DRAFT, published_at=at(2024, 7, 9))
    newest_first = [f"July {n}" for n in range(114, -1, -1)]

    assert titles(client.get("/news/archive/2024/07/", {"page": 11})) == newest_first[100:110]
    assert titles(client.get("/news/archive/2024/07/", {"page": 12})) == newest_first[110:]
    assert titles(client.get("/news/archive/2024/", {"page": 99})) == newest_first[110:]


def test_archive_pages_link_the_nearest_periods_that_have_news(client, archive):
    july = client.get("/news/archive/2024/07/").content.decode()
    february = client.get("/news/archive/2023/02/").content.decode()
    year = client.get("/news/archive/2023/").content.decode()

    assert '<a href="/news/archive/2023/02/">February 2023</a>' in july  # skips the hidden
    assert "/news/archive/2024/08/" not in july
    assert '<a href="/news/archive/2024/07/">July 2024</a>' in february
    assert '<a href="/news/archive/2024/">2024</a>' in year


def test_the_future_is_not_in_the_archive(client, archive):
    future = timezone.localtime() + datetime.timedelta(days=40)

    assert client.get(f"/news/archive/{future.year}/{future:%m}/").status_code == 404


def test_lists_link_to_the_archive_and_go_back_returns_to_it(client, archive, section):
    assert 'href="/news/archive/"' in client.get("/news/").content.decode()
    item = Item.objects.get(slug="j1")

    page = client.get(item.get_absolute_url(), {"from": "/news/archive/2024/07/"}).content.decode()

    assert '<a href="/news/archive/2024/07/">Go back</a>' in page


def test_archive_index_counts_months_in_the_sites_time_zone(client, section, settings):
    settings.TIME_ZONE = "Europe/Moscow"
    utc = datetime.UTC
    # 00:30 on 1 March in Moscow is still February in UTC, 23:30 on 31 March is March.
    make_item(section=section, published_at=datetime.datetime(2024, 2, 29, 21, 30, tzinfo=utc))
    make_item(section=section, published_at=datetime.datetime(2024, 3, 31, 20, 30, tzinfo=utc))
    make_item(section=section, published_at=datetime.datetime(2024, 2, 29, 20, 30, tzinfo=utc))
    make_item(section=section, language="ru", published_at=at(2024, 2))

    page = client.get("/news/archive/").content.decode()

    assert '<a href="/news/archive/2024/03/">March</a> <span class="count">(2)</span>' in page
    assert '<a href="/news/archive/2024/02/">February</a> <span class="count">(1)</span>' in page
    russian = client.get("/ru/news/archive/").content.decode()
    assert '<a href="/ru/news/archive/2024/02/">февраль</a> <span class="count">(1)</span>' in (
        russian.lower()
    )
    assert "/ru/news/archive/2024/03/" not in russian


def test_archive_index_counts_decades_of_months_in_several_statements(client, section, monkeypatch):
    # Three statements of two months each, and a last of one, for seven months.
    monkeypatch.setattr(queries, "PERIODS_PER_STATEMENT", 2)
    for month, count in ((1, 2), (3, 1), (4, 3), (7, 1)):
        for _ in range(count):
            make_item(section=section, published_at=at(2023, month))
    make_item(section=section, published_at=at(2023, 5), status=Item.Status.DRAFT)

    page = client.get("/news/archive/").content.decode()

    counts = re.findall(r'archive/2023/(\d\d)/">\w+</a> <span class="count">\((\d+)\)', page)
    assert counts == [("07", "1"), ("04", "3"), ("03", "1"), ("01", "2")]
    assert '<a href="/news/archive/2023/">2023</a> <span class="count">(7)</span>' in page


def test_empty_archive_index_says_so(client, db):
    response = client.get("/news/archive/")

    assert response.status_code == 200
    assert "No news has been published yet." in response.content.decode()


@pytest.mark.parametrize("count", [3, 30])
def test_archive_pages_cost_a_fixed_number_of_queries(
    client, section, django_assert_num_queries, count
):
    other = make_section()
    for n in range(count):
        make_item(section=section if n % 2 else other, published_at=at(2024, 7, 1 + n % 28))

    # the newest and the oldest public item (one read), every month's count
    with django_assert_num_queries(VERSION + 2):
        client.get("/news/archive/")
    # the page's items, the nearest earlier and later item
    with django_assert_num_queries(VERSION + 3):
        client.get("/news/archive/2024/")
    with django_assert_num_queries(VERSION + 3):
        client.get("/news/archive/2024/07/")
