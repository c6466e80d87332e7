"""Rows of a subquery read as one JSON text in their parent's statement.

A page that shows a short list beside its main rows (the sections beside a list's items,
a press contact's phones beside an item or on the press page) reads it in the same
statement, where a query of its own cost a round trip.
"""

from django.db.models import Func, Subquery, TextField


class JSONRow(Func):
    """Columns as one JSON array (text). Django's `JSONArray` asks SQLite whether it has
    JSON functions first, a query of its own on the first use in each process."""

    function = "JSON_ARRAY"
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="JSON_BUILD_ARRAY", **extra_context)


class RowsAsJSON(Subquery):
    """A subquery's rows as one JSON text, `[[column, ...], ...]` (NULL or `[]` for none),
    each row a `JSONRow`: a list read in its parent's statement, where a query of its own
    cost a round trip (an item's phones, under every signed item)."""

    template = "(SELECT json_group_array(json(entry)) FROM (%(subquery)s) listed)"

    def __init__(self, queryset):
        super().__init__(queryset, output_field=TextField())

    def as_postgresql(self, compiler, connection, **extra_context):
        template = "(SELECT json_agg(entry)::text FROM (%(subquery)s) listed)"
        return self.as_sql(compiler, connection, template=template, **extra_context)
