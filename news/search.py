"""Searching published items: PostgreSQL full-text search, or SQLite's FTS5.

Both return the same shape: items with `rank`, best first, and `snippets()` marks the found
words in their leads, so the view and template don't care which ran.
"""

import re
import time

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import (
    Case,
    Count,
    Expression,
    F,
    Func,
    IntegerField,
    Q,
    Subquery,
    TextField,
    Value,
    When,
    Window,
)
from django.db.models.expressions import RawSQL, RowRange
from django.db.models.functions import Cast

from cstosite.jinja2_engine import escape_text
from news.models import AnyOf

MAX_QUERY_LENGTH = 1000
# Only the newest matches are ranked; past them, a search says "more than 1000 results".
MAX_RANKED = 1000
# How many items a query matches, as `reach()` last found: few enough that all are ranked
# (SQLite: `MAX_RANKED`; PostgreSQL: `WALK_MIN`, which its planner reads in any case);
# more, under a tenth of the items, so that the newest are read by key (SQLite); or so many
# that they are found sooner in date order (SQLite: by walking the newest items;
# PostgreSQL: by a plan made for the words).
FEW, SOME, MANY = "few", "some", "many"
# PostgreSQL's dictionary per language, as the stored document uses them (migration 0015).
CONFIGS = {"en": "english", "ru": "russian"}
# Markers put around matches in the raw lead; it is escaped before they become <mark>.
START, STOP = "\x02", "\x03"


class Document(Expression):
    """PostgreSQL: the item's stored search document, title over lead over body (the
    generated column of migration 0012, GIN-indexed), wherever the item table is."""

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return f"{table}.{connection.ops.quote_name('search_document')}", []


# For a dropped and rebuilt index (bench/seed_bench.py).
INDEX_SQL = {
    "drop": "DROP INDEX IF EXISTS news_item_search",
    "create": "CREATE INDEX news_item_search ON news_item USING gin (search_document)",
}


def uses_full_text_search():
    return connection.vendor == "postgresql"


def terms(query, language):
    """What `query` becomes in SQL on this database, or None when it has no words to find:
    PostgreSQL reads the reader's `text` as a web search; SQLite's FTS5 reads `fts`, made
    of the `words`, which also rank titles. `reach`: how many items it matches
    (`reach()`)."""
    query = query.strip()[:MAX_QUERY_LENGTH]
    if uses_full_text_search():
        config = CONFIGS.get(language, "simple")
        return {"text": query, "reach": reach((config, query))}
    words = query_words(query)
    if not words:
        return None
    fts = fts_query(words)
    return {"fts": fts, "words": words, "reach": reach(fts)}


def matching(items, config, text=None, fts=None, reach=FEW):
    """`items` matching a query's `terms()`, unordered (cheap to count); `config` is
    PostgreSQL's dictionary for the items' language. On SQLite, for a query of `MANY`
    matches (`reach()`), the items are read in the listing index's order and each is
    looked for among the matches, rather than every match read by key."""
    if uses_full_text_search():
        return items.alias(document=Document()).filter(document=web_search(text, config))
    # The query is a parameter, its words quoted: FTS5 syntax in it is just text.
    found = RawSQL(FTS_MATCH, [fts])  # noqa: S611  # nosec B611
    if reach == MANY:  # `id + 0`: an expression, which SQLite cannot look the matches up by
        return items.alias(walked=F("pk") + 0).filter(walked__in=found)
    return items.filter(pk__in=found)


class CountOf(Subquery):
    """`(SELECT COUNT(*) FROM (queryset))`, how many rows a sliced queryset has, as a
    column: the database works it out once for the whole statement."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) counted)"

    def __init__(self, queryset):
        super().__init__(queryset, output_field=IntegerField())


def staff_matching(items, query):
    """`items`, of any language and state, with every word of `query` at the start of a
    word of their title, lead or body: the admin's search, through the public search's
    index, where looking for the words anywhere in every title and lead read the whole
    table (2-5 s at a million items on PostgreSQL). Nothing for a query without words."""
    words = query_words(query)
    if not words:
        return items.none()
    if not uses_full_text_search():
        return matching(items, None, fts=fts_query(words))
    # Each word a prefix (`'secur':*`), read with each item's own language's dictionary.
    prefixes = " & ".join("'{}':*".format(word.replace("'", "''")) for word in words)
    found = Q()
    for language, config in CONFIGS.items():
        prefix_query = SearchQuery(prefixes, search_type="raw", config=config)
        found |= Q(language=language, document=prefix_query)
    return items.alias(document=Document()).filter(found)


class Once(Func):
    """PostgreSQL: `(SELECT expression)`, worked out once for the statement (an InitPlan).
    An expression of a prepared statement's parameters in its columns is worked out again
    for each row: the reader's words parsed and stemmed twice per candidate (a fifth of a
    search's time on the server, for a word in fifty items)."""

    template = "(SELECT %(expressions)s)"


def ranked(items, matches, config, text=None, words=(), reach=FEW):
    """The newest of `matches`, best first, read as `items` (a queryset of `Item`, its
    filters not applied again: the matches had them), each with `rank` (and `lexemes` on
    PostgreSQL: the words it looked for, for `snippets`) and `matched`: how many items
    match, counted no further than one past `MAX_RANKED`.

    Only the newest matches are ranked, so a word found in half the archive costs what a
    rare one does (older matches are a date filter away): one more than are shown, so
    that PostgreSQL counts them as it ranks them, where a count of its own found them
    all again. The best `MAX_RANKED` of them are shown (`news.queries.SearchResults`).
    A query of `FEW` matches when `reach()` last asked has them all ranked, read once:
    looking the newest up again by id cost a fifth of PostgreSQL's statement, for a word
    in fifty items, and a seventh of SQLite's.
    """
    newest = matches.order_by("-published_at", "-id").values("pk")[: MAX_RANKED + 1]
    if uses_full_text_search():
        candidates = matches if reach == FEW else items.filter(AnyOf(F("pk"), Subquery(newest)))
        search_query = Once(web_search(text, config))
        # PostgreSQL's ts_headline would mark the words, at ~40 µs of the server's time a
        # result (a third of a search's statement); its words are marked here instead.
        candidates = candidates.annotate(rank=SearchRank(Document(), search_query))
        # Counted in the results' order, over all of them: PostgreSQL then ranks each
        # candidate as it reads it and sorts them once, for the count and the page, and
        # works out the other columns for the page's rows alone. Counted over no order, the
        # candidates were kept aside whole, their documents too, and ranked after: the
        # statement took 290-320 µs against 250-285, for a word in fifty items.
        candidates = candidates.annotate(
            matched=Window(
                Count("*"), order_by=RESULTS_ORDER, frame=RowRange(), output_field=IntegerField()
            ),
            lexemes=Cast(search_query, output_field=TextField()),
        )
    else:
        candidates = matches if reach == FEW else items.filter(pk__in=newest)
        in_title = Q()
        for word in words:
            in_title |= Q(title__icontains=word)
        # SQLite copies each candidate's row aside to count them as they are ranked:
        # finding them again in its FTS5 index costs less, unless they were walked to.
        if reach == MANY:
            matched = Window(Count("*"), output_field=IntegerField())
        else:
            matched = CountOf(matches.order_by().values("pk")[: MAX_RANKED + 1])
        candidates = candidates.annotate(
            matched=matched,
            rank=Case(When(in_title, then=Value(2)), default=Value(1), output_field=IntegerField()),
        )
    return candidates.order_by(*RESULTS_ORDER)


# Best first; of two as good, the newer.
RESULTS_ORDER = (F("rank").desc(), F("published_at").desc(), F("id").desc())


def web_search(text, config):
    return SearchQuery(text, search_type="websearch", config=config)


# SQLite: migration 0011's FTS5 index; each word matches as a prefix ("secur" finds
# "security"), and all words must be there.
FTS_MATCH = "SELECT rowid FROM news_item_fts WHERE news_item_fts MATCH %s"


# The queries `reach()` answered, per process, and when (how many items have a word changes
# slowly, and an old answer costs time, never a wrong result). An answer is asked again
# after an hour: a new topic's words become common.
_reaches = {}
MAX_REACHES_REMEMBERED = 10_000
REACH_ANSWER_SECONDS = 3600
# SQLite: a query matching at least a tenth of the items (and a thousand) has its 1,001
# newest matches within some 10,000 entries of the listing index (~1 ms to walk), where
# reading every match by key and sorting them costs ~1.3 µs a match (13 ms for a word in
# each of 10,000 items).
WALK_SHARE = 10
# PostgreSQL: up to a thousand matches its planner reads them all in any case, and one
# plan made once for any words (a generic plan) does the same without the planning
# (~0.3 ms a search); past them the search is planned for its words, which may walk the
# listing index instead (a generic plan for a word in most items reads every match: 3.3 s
# at 1M).
WALK_MIN = 1000


def reach(terms):
    """How many items a query (SQLite: its FTS5 text; PostgreSQL: its configuration and
    text) matches: `FEW`, `SOME` or `MANY`."""
    now = time.time()
    known = _reaches.get(terms)
    if known is not None and now - known[1] < REACH_ANSWER_SECONDS:
        return known[0]
    if connection.vendor == "postgresql":
        sql, params = POSTGRESQL_PROBE, [WALK_MIN, *terms, WALK_MIN]
    else:
        sql, params = SQLITE_PROBE, [WALK_SHARE, WALK_MIN, terms]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found, bound = cursor.fetchone()
    if found > bound:
        answer = MANY
    elif found <= MAX_RANKED or connection.vendor == "postgresql":
        answer = FEW
    else:
        answer = SOME
    if len(_reaches) >= MAX_REACHES_REMEMBERED:
        _reaches.clear()
    _reaches[terms] = (answer, now)
    return answer


def forget():
    _reaches.clear()


# The matches counted no further than one past the bound, and the bound: on SQLite the
# highest id (nearly the number of items, read from the primary key at once) over the
# share, or the minimum.
SQLITE_PROBE = """
WITH bound(n) AS (SELECT MAX(COALESCE(MAX(id), 0) / %s, %s) FROM news_item)
SELECT COUNT(*), (SELECT n FROM bound) FROM (
    SELECT rowid FROM news_item_fts WHERE news_item_fts MATCH %s
    LIMIT (SELECT n FROM bound) + 1
) probed"""
POSTGRESQL_PROBE = """
SELECT COUNT(*), %s FROM (
    SELECT 1 FROM news_item WHERE search_document @@ websearch_to_tsquery(%s::regconfig, %s)
    LIMIT %s + 1
) probed"""


def fts_query(words):
    return " AND ".join('"{}"*'.format(word.replace('"', '""')) for word in words)


def query_words(query):
    return [word for word in re.findall(r"\w+", query[:MAX_QUERY_LENGTH]) if len(word) > 1][:20]


# A word of a PostgreSQL query as text (`'summit' & !'draft' <-> 'o''brien'`), and whether
# it is one to leave out.
LEXEME = re.compile(r"(!?)'((?:[^']|'')*)'")


def snippets(items, query):
    """Each item's lead as safe HTML, in order, with every word that begins with a word of
    the query marked, and on PostgreSQL also with a word it looked for (a stem, read with
    the results: "summits" looks for "summit" and so also marks "summit"). SQLite finds
    the reader's words as prefixes too."""
    words = set(query_words(query))
    lexemes = getattr(items[0], "lexemes", None) if items else None
    if lexemes is not None:
        words.update(
            word.replace("''", "'") for left_out, word in LEXEME.findall(lexemes) if not left_out
        )
    words = sorted(filter(None, words), key=len, reverse=True)
    # What follows a word to the word's end; where it begins is checked on each match (a
    # look-behind in the pattern would make the search for it twice as slow).
    pattern = words and re.compile(
        r"(?:{})\w*".format("|".join(re.escape(word) for word in words)), re.IGNORECASE
    )
    folded = [word.casefold() for word in words]
    if not all(folds_one_to_one(*pair) for pair in zip(words, folded, strict=True)):
        folded = None  # each lead is searched by the pattern
    return [snippet(item.lead, pattern, folded) for item in items]


DOTLESS_I = "\u0131"


def folds_one_to_one(text, folded=None):
    """Whether `folded`, `text.casefold()`, has a character for each of `text`'s, each
    the one any character `re` takes for it ignoring case folds to (`re` takes "ı" for
    "i", which folds to itself; "ß" folds to "ss")."""
    if folded is None:
        folded = text.casefold()
    return len(folded) == len(text) and DOTLESS_I not in text


def may_match(text, folded_words):
    """Whether `text` may hold a word of `folded_words` (casefolded) where `re` ignoring
    case would find it: a search for them in the casefolded text, where it folds one to
    one (else, yes). Five times quicker than the pattern's search of a lead, whose words
    are often only in the body."""
    folded = text.casefold()
    if not folds_one_to_one(text, folded):
        return True
    return any(word in folded for word in folded_words)


_WORD_CHARACTER = re.compile(r"\w")


def _marked(match):
    """A match, marked if it is a whole word (not the end of a longer one)."""
    start = match.start()
    if start and _WORD_CHARACTER.match(match.string, start - 1):
        return match.group(0)
    return f"{START}{match.group(0)}{STOP}"


def snippet(lead, pattern, folded=None):
    """`lead` as safe HTML, with the words `pattern` finds marked; `folded`: its words
    casefolded, to look for them first (`may_match`)."""
    text = lead.replace(START, "").replace(STOP, "")
    if pattern and (folded is None or may_match(text, folded)):
        text = pattern.sub(_marked, text)
    # Marked on the raw text, then escaped: markers survive escaping, entities stay whole.
    return escape_text(text).replace(START, "<mark>").replace(STOP, "</mark>")
