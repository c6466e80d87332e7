"""Django's SQLite backend, each query's placeholders converted once.

Django writes `%s` for a parameter and sqlite3 reads `?`, so Django's cursor rewrites every
query with a regular expression before running it: about 40 µs for an item page's
statement (4 KB of SQL), 4 % of the page (docs/performance-history.md). The public pages' hot
statements are the same text on every request (cstosite.prepared), so the rewritten text
is remembered, for a bounded number of texts: the same result, without the work.
"""

import functools

from django.db.backends.sqlite3 import base

# Texts remembered per process: the hot statements are a few dozen; others come and go.
REMEMBERED = 512


@functools.lru_cache(maxsize=REMEMBERED)
def with_qmarks(query):
    """Django's own conversion from its "format" style to sqlite3's "qmark" style."""
    return base.FORMAT_QMARK_REGEX.sub("?", query).replace("%%", "%")


class SQLiteCursorWrapper(base.SQLiteCursorWrapper):
    def convert_query(self, query, *, param_names=None):
        if param_names is None:
            return with_qmarks(query)
        return super().convert_query(query, param_names=param_names)


class DatabaseWrapper(base.DatabaseWrapper):
    def create_cursor(self, name=None):
        return self.connection.cursor(factory=SQLiteCursorWrapper)
