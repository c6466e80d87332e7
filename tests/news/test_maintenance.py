"""`manage.py maintain_database`: statistics and a merged search index, nothing lost."""

import io

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from tests.helpers import make_item

pytestmark = pytest.mark.django_db(transaction=True)

sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 index")


def segments():
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(DISTINCT segid) FROM news_item_fts_idx")
        return cursor.fetchone()[0]


def test_searches_find_the_same_items_after_maintenance(client, section):
    for n in range(6):
        with transaction.atomic():  # a write each, as staff save items
            make_item(section=section, title=f"Accord {n}", slug=f"accord-{n}", days_ago=n + 1)
    before = client.get("/search/", {"q": "accord"}).content.decode()

    call_command("maintain_database", stdout=io.StringIO())

    after = client.get("/search/", {"q": "accord"}).content.decode()
    assert "6 results for “accord”" in before
    assert after.count("<article") == before.count("<article") == 6


@sqlite_only
def test_sqlite_search_index_is_merged_and_the_listing_indexes_measured(section):
    for n in range(6):
        with transaction.atomic():
            make_item(section=section, title=f"Accord {n}", slug=f"accord-{n}", days_ago=n + 1)
    assert segments() > 1

    call_command("maintain_database", stdout=io.StringIO())

    assert segments() == 1
    with connection.cursor() as cursor:
        cursor.execute("SELECT idx FROM sqlite_stat1 WHERE tbl = 'news_item' ORDER BY idx")
        measured = [row[0] for row in cursor.fetchall()]
    assert measured == ["news_item_listing", "news_item_section_listing"]
