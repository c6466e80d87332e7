"""The database's work for an item's neighbours and an archive period does not grow with
the items published after them (SQLite's virtual-machine steps, counted exactly)."""

import datetime
from contextlib import contextmanager

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from news import queries
from news.dates import month_bounds
from news.models import Item
from tests.helpers import make_item

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="counts SQLite's steps"),
]


@contextmanager
def steps():
    """How many virtual-machine instructions (by tens) SQLite runs in the block."""
    counted = [0]

    def count():
        counted[0] += 1
        return 0  # go on

    connection.ensure_connection()
    connection.connection.set_progress_handler(count, 10)
    try:
        yield counted
    finally:
        connection.connection.set_progress_handler(None, 10)


@pytest.fixture
def history(section):
    """400 items a day apart, oldest first."""
    start = timezone.now() - datetime.timedelta(days=401)
    return [
        make_item(section=section, slug=f"day-{n}", published_at=start + datetime.timedelta(days=n))
        for n in range(400)
    ]


@pytest.mark.parametrize("reader", [True, False], ids=["a reader's page", "a preview"])
def test_an_old_items_neighbours_cost_what_a_new_ones_do(history, reader):
    now = timezone.now()
    costs = {}
    for name, item in {"old": history[10], "new": history[-10]}.items():
        with steps() as counted:  # the item's statement finds them
            if reader:
                (item,) = queries.PUBLIC_ITEM(
                    language="en", now=now, section=item.section.slug, slug=item.slug
                )
            else:
                items = queries.for_item_page(Item.objects.with_public_flag(now), "en", now)
                item = items.get(pk=item.pk)
            older, newer = queries.neighbours(item)
            assert older.slug == history[history.index(item) - 1].slug
            assert newer.title == history[history.index(item) + 1].title
        costs[name] = counted[0]

    # Walking from the newest item down to the old one would cost ~390 rows more.
    assert costs["old"] <= 2 * costs["new"] + 5, costs


@pytest.mark.parametrize(
    "address", ["/news/archive/{year}/{month:02}/", "/sitemap-items-{year}-{month:02}.xml"]
)
def test_an_old_month_costs_what_a_recent_one_does(history, settings, address):
    settings.PAGE_CACHE = {**settings.PAGE_CACHE, "ENABLED": False}  # every request built
    client = Client()
    costs = {}
    for name, item in {"old": history[5], "new": history[-5]}.items():
        moment = timezone.localtime(item.published_at)
        url = address.format(year=moment.year, month=moment.month)
        with steps() as counted:
            assert client.get(url).status_code == 200
        costs[name] = counted[0]

    assert Item.objects.count() == 400
    assert costs["old"] <= 2 * costs["new"] + 5, costs


def test_counting_an_old_month_costs_what_counting_a_recent_one_does(history):
    now = timezone.now()
    costs = {}
    for name, item in {"old": history[35], "new": history[-35]}.items():
        moment = timezone.localtime(item.published_at)
        bounds = month_bounds([(moment.year, moment.month)])
        with steps() as counted:
            (count,) = queries.counts_between(bounds, "en", now)
        assert count == sum(bounds[1] <= other.published_at < bounds[0] for other in history)
        costs[name] = counted[0]

    # Counting from the newest item down to the old month would cost ~300 rows more.
    assert costs["old"] <= 2 * costs["new"] + 5, costs


@pytest.mark.django_db(transaction=True)  # anchors are remembered from committed reads
def test_a_deep_page_read_from_its_anchor_costs_what_the_first_page_does(history):
    now = timezone.now()
    listing = queries.PublicListing("en", now=now)
    listing.deep_rows(300, 311)  # by position: the anchor of page 31 is remembered
    costs = {}
    for name, read in {"first": listing.rows, "deep": listing.deep_rows}.items():
        start = 0 if name == "first" else 300
        with steps() as counted:
            rows = read(start, start + 11)
        assert [row.slug for row in rows] == [
            f"day-{n}" for n in range(399 - start, 388 - start, -1)
        ]
        costs[name] = counted[0]

    # Stepping over the 300 items before it would cost ~300 rows more.
    assert costs["deep"] <= 2 * costs["first"] + 5, costs
