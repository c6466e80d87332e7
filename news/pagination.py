"""Pages of item lists that cost the same at ten items or a million.

Django's `Paginator` counts every row (`COUNT(*)`) to know the number of pages, and reads a
deep page with `OFFSET`, stepping over whole rows. Here a page reads one row more than it
shows, to know whether there is a next page; past the first pages it steps over ids only,
in the same statement: the ids come from an index that holds every column the public
filter and the order need, and the rows are read for those ids alone
(`news.queries.deep_page`). A public list's deep page seen before starts after the item
before it instead, by key, while the list has not changed (`news.anchors`). Only a page
past the end counts, to show the last page instead; a public list remembers its count
while it has not changed, and goes straight to its last page.
"""

import math

from django.core.paginator import Page
from django.db.models import QuerySet

from news import queries

# The first pages read their rows straight: stepping over a few whole rows costs less than
# a deep page's subquery and sort. Deeper pages step over ids alone.
SHALLOW_OFFSET = 100

# Items on a page of a list (all news, a section, an archive period, search results).
PAGE_SIZE = 10

# The highest page number a list answers (and "Go back" accepts): far past any list, and
# an offset every database's integers hold.
MAX_PAGE = 9_999_999


class ItemPaginator:
    """A `Paginator` look-alike without a total: pages know their neighbours, not the count."""

    def __init__(self, object_list, per_page, defer_rows=True):
        """`object_list`: a queryset, or a listing with the same `rows`, `deep_rows` and `count`
        (`news.queries.PublicListing`: the public lists, by prepared queries), and
        optionally `known_past(start)`: whether a page at `start` is known to be past the
        end without reading it (`PublicListing`, by its remembered length)."""
        if isinstance(object_list, QuerySet):
            object_list = QuerysetListing(object_list)
        self.object_list = object_list
        self.per_page = per_page
        # Search results are ordered by a computed rank: no index to step over, no gain.
        self.defer_rows = defer_rows

    def get_page(self, number):
        """The page `number`; page 1 for anything not a number, the last page past the end."""
        try:
            number = int(number)
        except (TypeError, ValueError):
            number = 1
        if 1 <= number <= MAX_PAGE and not self.known_past(number):
            page = self.page(number)
            if page.object_list or number == 1:
                return page
        return self.page(self.last_page_number())

    def known_past(self, number):
        """Whether page `number` is known to be past the end without reading it."""
        known_past = getattr(self.object_list, "known_past", None)
        return number > 1 and known_past is not None and known_past((number - 1) * self.per_page)

    def last_page_number(self):
        return max(1, math.ceil(self.object_list.count() / self.per_page))

    def page(self, number):
        start = (number - 1) * self.per_page
        end = start + self.per_page + 1
        if self.defer_rows and start >= SHALLOW_OFFSET:
            rows = self.object_list.deep_rows(start, end)
        else:
            rows = self.object_list.rows(start, end)
        return ItemPage(rows[: self.per_page], number, self, has_next=len(rows) > self.per_page)


class QuerysetListing:
    """A list read through its queryset's slices (search results, archive periods)."""

    def __init__(self, queryset):
        self.queryset = queryset

    def rows(self, start, end):
        return list(self.queryset[start:end])

    def deep_rows(self, start, end):
        return list(queries.deep_page(self.queryset, start, end))

    def count(self):
        return self.queryset.count()


class EmptyListing:
    """A list known to be empty without asking the database (a search without words): an
    empty queryset would still be compiled to SQL on every request, only to find that it
    selects nothing."""

    def rows(self, start, end):
        return []

    deep_rows = rows

    def count(self):
        return 0


class ItemPage(Page):
    def __init__(self, object_list, number, paginator, has_next):
        super().__init__(object_list, number, paginator)
        self._has_next = has_next

    def has_next(self):
        return self._has_next

    def has_previous(self):
        return self.number > 1

    def next_page_number(self):
        return self.number + 1

    def previous_page_number(self):
        return self.number - 1

    def start_index(self):
        return (self.number - 1) * self.paginator.per_page + 1 if self.object_list else 0

    def end_index(self):
        return (self.number - 1) * self.paginator.per_page + len(self.object_list)
