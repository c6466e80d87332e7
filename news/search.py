"""Searching published items: PostgreSQL full-text search, or a simple fallback on SQLite.

Both return the same shape: items with `rank` and a `snippet` (HTML, escaped, with the
matched words in <mark>), best first, so the view and template don't care which ran.
"""

import re

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.html import escape

MAX_QUERY_LENGTH = 1000
CONFIG = "english"
# Markers ts_headline puts around matches; the text is escaped before they become <mark>.
START, STOP = "\x02", "\x03"


def weighted_vector():
    """The document searched on PostgreSQL: title over lead over body (same as the index)."""
    return (
        SearchVector("title", weight="A", config=CONFIG)
        + SearchVector("lead", weight="B", config=CONFIG)
        + SearchVector("body", weight="C", config=CONFIG)
    )


def search_index():
    """The GIN index on that document (PostgreSQL only: migration 0008 adds it)."""
    return GinIndex(weighted_vector(), name="news_item_search")


def uses_full_text_search():
    return connection.vendor == "postgresql"


def search(items, query):
    """`(matches, ranked)`: `items` matching `query` unordered (cheap to count), and the
    same best first, each with `rank` (and `snippet_source` on PostgreSQL)."""
    query = query.strip()[:MAX_QUERY_LENGTH]
    if uses_full_text_search():
        search_query = SearchQuery(query, search_type="websearch", config=CONFIG)
        matches = items.annotate(document=weighted_vector()).filter(document=search_query)
        ranked = matches.annotate(
            rank=SearchRank(weighted_vector(), search_query),
            snippet_source=SearchHeadline(
                "lead",
                search_query,
                config=CONFIG,
                start_sel=START,
                stop_sel=STOP,
                max_words=40,
                min_words=20,
            ),
        )
    else:
        words = query_words(query)
        if not words:
            return items.none(), items.none()
        in_all = Q()
        in_title = Q()
        for word in words:
            in_all &= Q(title__icontains=word) | Q(lead__icontains=word) | Q(body__icontains=word)
            in_title |= Q(title__icontains=word)
        matches = items.filter(in_all)
        ranked = matches.annotate(
            rank=Case(When(in_title, then=Value(2)), default=Value(1), output_field=IntegerField())
        )
    return matches.order_by(), ranked.order_by("-rank", "-published_at", "-id")


def query_words(query):
    return [word for word in re.findall(r"\w+", query[:MAX_QUERY_LENGTH]) if len(word) > 1][:20]


def snippet(item, query):
    """The item's lead as safe HTML with the query's words marked."""
    source = getattr(item, "snippet_source", None)
    if source is not None:
        return escape(source).replace(START, "<mark>").replace(STOP, "</mark>")
    words = sorted(set(query_words(query)), key=len, reverse=True)
    text = item.lead.replace(START, "").replace(STOP, "")
    if words:
        pattern = re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)
        text = pattern.sub(lambda match: f"{START}{match.group(0)}{STOP}", text)
    # Marked on the raw text, then escaped: markers survive escaping, entities stay whole.
    return escape(text).replace(START, "<mark>").replace(STOP, "</mark>")
