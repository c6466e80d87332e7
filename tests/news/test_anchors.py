"""Deep pages start where they were last seen to start (news.anchors), and never show a
list that changed since: publish, edit, unpublish, delete, a scheduled moment."""

import datetime

import pytest
import time_machine
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from news import queries
from news.models import Item
from tests.helpers import make_item, make_section

# Committed, as a reader's lists are: nothing read inside a transaction is remembered.
pytestmark = pytest.mark.django_db(transaction=True)

PAGE = 10
START = 110  # page 12: deep, read by position the first time


@pytest.fixture
def items(section):
    """130 public items, newest first; three of them at the same moment around the start
    of page 12 (the order among them is by id)."""
    now = timezone.now()
    made = []
    for n in range(130):
        moment = now - datetime.timedelta(hours=n if not 108 <= n <= 111 else 108)
        made.append(make_item(section, title=f"Item number {n}", published_at=moment))
    return made


def expected(start, now=None, section=None):
    items = Item.objects.published(now).filter(language="en")
    if section is not None:
        items = items.filter(section=section)
    return [item.pk for item in items[start : start + PAGE + 1]]


def read(start, now=None, section=None):
    """The rows of the page at `start` (one more than shown), and the SQL that read them."""
    listing = queries.PublicListing("en", section and section.slug, now or timezone.now())
    with CaptureQueriesContext(connection) as captured:
        rows = listing.deep_rows(start, start + PAGE + 1)
    return [row.pk for row in rows], [query["sql"] for query in captured]


def by_position(sql):
    """Whether any of the statements steps over items by position (`OFFSET`)."""
    return any("OFFSET" in written(statement).upper() for statement in sql)


def written(statement):
    """A statement's SQL; for a statement prepared on PostgreSQL (`EXECUTE name(...)`),
    the SQL it was prepared with (cstosite.prepared)."""
    if not statement.startswith("EXECUTE "):
        return statement
    name = statement.split()[1].split("(")[0]
    _session, names = connection.prepared_on_server
    return next(sql for (sql, _constants), prepared in names.items() if prepared == name)


def test_a_deep_page_read_again_starts_after_the_item_before_it(items):
    first, sql = read(START)
    assert first == expected(START)
    assert by_position(sql)

    again, sql = read(START)
    assert again == expected(START)
    assert len(sql) == 1 and not by_position(sql)


def test_the_next_page_starts_after_the_last_item_of_the_page(items):
    read(START - PAGE)  # page 11: its last item is the one before page 12

    rows, sql = read(START)
    assert rows == expected(START)
    assert len(sql) == 1 and not by_position(sql)


def test_a_section_page_has_anchors_of_its_own(items):
    other = make_section("Other", slug="other")
    for n in range(5):  # newer than all: the whole list moves, the section's does not
        make_item(other, title=f"Other {n}", days_ago=-0.01 * (n + 1) + 0.001)
    section = items[0].section
    read(START, section=section)
    read(START)

    rows, sql = read(START, section=section)
    assert rows == expected(START, section=section)
    assert not by_position(sql)
    rows, sql = read(START)
    assert rows == expected(START)
    assert not by_position(sql)


@pytest.mark.parametrize("change", ["publish", "edit time", "unpublish", "delete"])
def test_a_change_to_the_list_is_never_read_from_an_old_anchor(items, change):
    read(START)
    if change == "publish":
        make_item(items[0].section, title="Just out", days_ago=0.0001)
    elif change == "edit time":  # the page's first item moves to the top
        moved = Item.objects.get(pk=expected(START)[0])
        moved.published_at = timezone.now()
        moved.save()
    elif change == "unpublish":
        gone = items[50]
        gone.status = Item.Status.DRAFT
        gone.save()
    else:
        items[50].delete()

    rows, sql = read(START)
    assert rows == expected(START)
    assert len(sql) == 2 and by_position(sql)  # the old anchor, then by position

    rows, sql = read(START)  # the new anchor holds
    assert rows == expected(START)
    assert len(sql) == 1 and not by_position(sql)


def test_an_item_going_live_on_schedule_moves_the_deep_pages(items):
    make_item(items[0].section, title="Scheduled", days_ago=-1)  # due tomorrow
    read(START)
    later = timezone.now() + datetime.timedelta(days=2)

    # No save in between: the public version is the same, its scheduled moment has come.
    rows, sql = read(START, now=later)
    assert rows == expected(START, now=later)
    assert rows != expected(START)
    assert by_position(sql)


def test_a_deep_page_shows_the_items_of_the_anchored_read(client, items, settings):
    settings.PAGE_CACHE = {**settings.PAGE_CACHE, "ENABLED": False}
    client.get("/news/?page=12")

    page = client.get("/news/?page=12").content.decode()

    assert "Page 12" in page
    shown = [item.title for item in Item.objects.filter(pk__in=expected(START)[:PAGE])]
    assert page.count('<article class="entry">') == PAGE
    assert all(f">{title}</a>" in page for title in shown)


def test_past_a_scheduled_moment_the_deep_pages_are_anchored_again(items):
    """With the page cache off no request raises the version at a scheduled moment: the
    first read past it does, so the deep pages are read by key again, not by position
    until someone saves something."""
    make_item(items[0].section, title="Scheduled", days_ago=-1)  # due tomorrow
    later = timezone.now() + datetime.timedelta(days=2)
    with time_machine.travel(later, tick=False):
        read(START)  # by position: the version ended at the scheduled moment
        read(START)  # by position under the version raised then: anchored

        rows, sql = read(START)

    assert rows == expected(START, now=later)
    assert len(sql) == 1 and not by_position(sql)


def test_a_deep_page_read_inside_a_transaction_leaves_no_anchor(items, section):
    """A version read inside a transaction may be its own: rolled back, the next change
    raises the public version to the same number, under which an anchor of the
    rolled-back list would start the page one item early."""
    with transaction.atomic():
        make_item(section, title="Withdrawn", published_at=timezone.now())  # the newest
        read(START)
        transaction.set_rollback(True)
    oldest = timezone.now() - datetime.timedelta(days=30)
    make_item(section, title="Found in the archive", published_at=oldest)  # the same number

    assert read(START)[0] == expected(START)


def test_a_list_counted_inside_a_transaction_leaves_no_length(items, section):
    with transaction.atomic():
        make_item(section, title="Withdrawn")
        assert queries.PublicListing("en").count() == 131
        transaction.set_rollback(True)
    items[0].title = "Edited"
    items[0].save()  # raises the version to the number the rolled-back count was under

    assert queries.PublicListing("en").count() == 130
