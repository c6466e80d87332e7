"""Keeping the database's planner statistics and search index in shape: after a bulk import,
and nightly on SQLite (`manage.py maintain_database`; README, "Maintenance").

PostgreSQL's autovacuum gathers statistics by itself and its search index needs nothing;
this only runs `ANALYZE` there. SQLite does neither by itself:

- Without statistics its planner answers a search by walking the whole listing index,
  testing each id against the FTS5 matches, instead of looking the few matches up by key.
  With statistics for the whole table it goes wrong elsewhere: `translation_of_id` is empty
  for most items, SQLite counts all the empty ones as one value, and so reads the whole
  table to find an item's translation. The listing indexes' statistics are what it needs.
- Its FTS5 index grows a segment for each batch of writes and merges them only in part:
  a search reads every segment (14 after the benchmark's load of 10,000 items, a search's
  matching 58 µs; merged into one, 23 µs).
"""

from django.db import connection

# The indexes whose statistics SQLite's planner is given.
SQLITE_ANALYZED = ["news_item_listing", "news_item_section_listing"]


def maintain():
    """Statistics for the planner, and on SQLite the search index merged into one segment
    (it answers searches meanwhile; a few seconds at 10,000 items)."""
    with connection.cursor() as cursor:
        if connection.vendor != "sqlite":
            cursor.execute("ANALYZE news_item")
            return
        for index in SQLITE_ANALYZED:
            cursor.execute(f"ANALYZE {index}")
        cursor.execute(
            "DELETE FROM sqlite_stat1 WHERE tbl = 'news_item' AND idx NOT IN (%s, %s)",
            SQLITE_ANALYZED,
        )
        cursor.execute("INSERT INTO news_item_fts(news_item_fts) VALUES ('optimize')")
