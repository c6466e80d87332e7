"""SQLite as the settings open it (cstosite/settings.py), on a file shared by several
connections, as gunicorn's workers share it: a reader does not hold up a save, and two
saves that read before they write both succeed, one after the other."""

import copy
import threading
import time

import pytest
from django.db import connection, connections, transaction

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own settings")


@pytest.fixture
def open_file(tmp_path, django_db_blocker):
    """`open_file(alias)`: a connection under `alias` to one SQLite file, with the site's
    options (waiting at most 2 s for a lock, not the site's 20)."""
    settings_dict = copy.deepcopy(connection.settings_dict)
    settings_dict["NAME"] = str(tmp_path / "shared.sqlite3")
    settings_dict["OPTIONS"]["timeout"] = 2
    settings_dict["TEST"] = {}
    aliases = []

    def open_(alias):
        connections.settings[alias] = settings_dict
        aliases.append(alias)
        return connections[alias]

    with django_db_blocker.unblock():
        with open_("setup").cursor() as cursor:
            cursor.execute("CREATE TABLE saved (n integer)")
        yield open_
        for alias in aliases:
            connections[alias].close()
            del connections[alias]
            del connections.settings[alias]


def count(cursor):
    cursor.execute("SELECT COUNT(*) FROM saved")
    return cursor.fetchone()[0]


def test_a_save_waits_for_no_reader(open_file):
    reader, writer = open_file("reader"), open_file("writer")
    with writer.cursor() as cursor:
        assert cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        cursor.execute("INSERT INTO saved VALUES (1), (2), (3)")

    with reader.cursor() as reading:
        reading.execute("SELECT n FROM saved ORDER BY n")
        assert reading.fetchone() == (1,)  # a page half-way through its rows
        started = time.monotonic()
        with transaction.atomic(using="writer"), writer.cursor() as writing:
            writing.execute("INSERT INTO saved VALUES (4)")
        assert time.monotonic() - started < 1  # not held up by the reader
        assert reading.fetchall() == [(2,), (3,)]  # the reader's own moment
        assert count(reading) == 4


def test_two_saves_that_read_first_queue_for_the_lock(open_file):
    first_began = threading.Event()
    errors = []

    def save(alias, hold):
        try:
            saving = open_file(alias)
            with transaction.atomic(using=alias), saving.cursor() as cursor:
                first_began.set()
                cursor.execute("INSERT INTO saved VALUES (%s)", [count(cursor) + 1])
                time.sleep(hold)
        except Exception as error:  # reported by the test's thread
            errors.append(error)
        finally:
            connections[alias].close()

    first = threading.Thread(target=save, args=("first", 0.5))
    first.start()
    first_began.wait(5)
    save("second", 0)  # reads while the first holds the lock: waits for it, then counts 1
    first.join()

    assert errors == []
    with open_file("check").cursor() as cursor:
        cursor.execute("SELECT n FROM saved ORDER BY n")
        assert cursor.fetchall() == [(1,), (2,)]


@pytest.mark.django_db
def test_placeholders_and_percent_signs_read_the_same_every_time():
    """The backend remembers each query's rewriting for sqlite3 (cstosite/sqlite3): the
    same text with other values, a literal percent sign and named parameters still read as
    Django's own backend reads them."""
    query = "SELECT %s, '100%%', %s || '%%'"
    with connection.cursor() as cursor:
        for first, second in [(1, "a"), (2, "b"), (3, "%s")]:
            cursor.execute(query, [first, second])
            assert cursor.fetchone() == (first, "100%", f"{second}%")
        cursor.execute("SELECT %(n)s, %(n)s + 1", {"n": 41})
        assert cursor.fetchone() == (41, 42)
