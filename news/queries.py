"""The public pages' hot queries, compiled once per process (cstosite.prepared).

Each is the same queryset the ORM would build from `Item.objects.published()` and friends,
so the one public rule still lives in `news.models`; only its SQL is reused. The moment a
page is judged at is a value like any other: `now()` once per request.
"""

import functools
import json

from django.db import DEFAULT_DB_ALIAS
from django.db.models import (
    Case,
    CharField,
    F,
    OuterRef,
    Q,
    Subquery,
    TextField,
    Value,
    When,
    Window,
)
from django.db.models.functions import Cast, Concat, RowNumber
from django.db.models.lookups import Exact
from django.utils import timezone

from cstosite.json_rows import JSONRow, RowsAsJSON
from cstosite.prepared import PreparedQuery
from languages.translated import texts_in
from news import anchors, search
from news.models import Item, Section
from pagecache.state import current_version, may_remember, read_with
from press import queries as press_queries

SAMPLE_MOMENT = timezone.now()
# The values a public list depends on, with samples of their types.
SAMPLE = {"language": "en", "now": SAMPLE_MOMENT}


# What a list shows of an item (news/includes/item_entry.html): the rest, the body above
# all, stays in the database. The query-count tests catch a field missed here. The pages
# that list items read the sections anyway, for their navigation: each item is given its
# own from those (`with_sections`) rather than a copy joined into every row.
ENTRY = (
    *("language", "title", "slug", "lead", "published_at"),
    *("image", "image_width", "image_height", "image_alt"),
    "section",
)
# The same with the section joined in, where no sections are at hand (archives).
LISTED = (*ENTRY, "section__title", "section__title_ru", "section__slug")
# What a feed shows: the same, and when each item last changed.
IN_FEEDS = (*LISTED, "updated_at")


def _listed(items, columns=LISTED):
    if any(column.startswith("section__") for column in columns):
        items = items.select_related("section")
    return items.only(*columns)


# What a page reads of each section (all of a section's fields: its navigation, its heading).
SECTION_FIELDS = ("id", "title", "title_ru", "slug", "description", "description_ru", "position")


def _all_sections(known):
    """All the sections, each with its place in their order, as one JSON text read with a
    list's items (`section_rows`: the same on every row, worked out once per statement,
    where a query of their own cost a round trip on every page that lists items, ~150 µs
    on PostgreSQL), and the public version they were read under (`public_version`,
    pagecache.state). Unless `known` is that version: the process holds the sections read
    under it (`held_sections`), and `section_rows` is NULL, neither worked out nor sent
    (docs/performance-history.md: on PostgreSQL ~40 µs of the server's CPU and ~30 of the
    client's a list; on SQLite a search's sort carried them with every match)."""
    order = [F(name).asc() for name in Section._meta.ordering]
    placed = Section.objects.order_by().annotate(place=Window(RowNumber(), order_by=order))
    rows = RowsAsJSON(placed.values(entry=JSONRow("place", *SECTION_FIELDS)))
    version = read_with()["public_version"]
    unless_known = When(Exact(version, known), then=Value(None))
    return {
        "public_version": version,
        "section_rows": Case(unless_known, default=rows, output_field=TextField()),
    }


# The sections last read with a list, per database, as (the public version they were read
# under, their rows): what a list read under the same version is not sent again.
_held_sections = {}
# The version `known` names when no sections are held: no version is negative.
NONE_HELD = -1


def held_sections(using=DEFAULT_DB_ALIAS):
    """(version, rows) of the sections this process holds for `using`: the version is the
    `known` of the next list's statement (`_all_sections`), the rows its sections if it
    finds that version current."""
    return _held_sections.get(using, (NONE_HELD, None))


def _sections_read_with(items, held):
    """The sections in their order, as read with `items` (`_all_sections`; not empty):
    those `held` (`held_sections()`, given as the statement's `known`) when the statement
    found their version current, else those it read, held from now on for the next
    lists, unless read inside a transaction (`pagecache.state.may_remember`)."""
    first = items[0]
    db = first._state.db
    if first.section_rows is None:
        rows = held[1]
    else:
        rows = sorted(json.loads(first.section_rows))
        if first.public_version is not None and may_remember(db):
            _held_sections[db] = (first.public_version, rows)
    return [Section.from_db(db, SECTION_FIELDS, row[1:]) for row in rows]


def forget_sections():
    _held_sections.clear()


def with_sections(items, sections):
    """`items`, each holding its section from `sections` (read for the same page): one
    instance per section, none built from the items' rows. An item whose section is not
    among them (moved a moment ago) reads its own when asked."""
    by_id = {section.pk: section for section in sections}
    remember = Item.section.field.set_cached_value
    for item in items:
        section = by_id.get(item.section_id)
        if section is not None:
            remember(item, section)
    return items


def _sections():
    return Section.objects.all()


def _section(*, slug):
    return Section.objects.filter(slug=slug)


def _public(language, now, section=None, slug=None, after=None):
    """The public items of `language` at `now`; of one section, by its id or by its slug
    (found in the same statement: a scalar subquery, so that the section's listing index
    still gives the order); `after`: (published_at, id) of an item, those after it in the
    lists' order (news.anchors)."""
    if after is None:
        items = Item.objects.published(now)
    else:
        items = Item.objects.neighbours(False, *after, now=now)
    items = items.in_language(language)
    if slug is not None:
        section = Subquery(Section.objects.filter(slug=slug).order_by().values("pk"))
    return items if section is None else items.filter(section_id=section)


def _listing(start, end, *, language, now, known, slug=None):
    """Public items `start:end`, a list's entries (ENTRY) with all the sections unless
    the process holds those of the version `known` (`_all_sections`)."""
    items = _listed(_public(language, now, slug=slug), ENTRY)
    return items.annotate(**_all_sections(known))[start:end]


def _in_feeds(start, end, *, language, now, section=None):
    """Public items `start:end` as a feed shows them (IN_FEEDS), their sections joined."""
    return _listed(_public(language, now, section), IN_FEEDS)[start:end]


def deep_page(items, start, end, columns=LISTED):
    """The rows `start:end` of the list `items` in one statement: past the first pages, the
    list's ids are stepped over in an index that holds every column its filter and order
    need, and only the rows of those ids are read (news.pagination)."""
    return _listed(Item.objects.filter(pk__in=items.values("pk")[start:end]), columns)


def _with_anchoring(items, known):
    """A deep page's entries with all the sections (`_all_sections`) and the public
    version, which says whether an anchor read with them holds (news.anchors)."""
    return items.annotate(**{**read_with(), **_all_sections(known)})


def _deep_listing(start, end, *, language, now, known, slug=None):
    items = deep_page(_public(language, now, slug=slug), start, end, ENTRY)
    return _with_anchoring(items, known)


def _anchored_listing(count, *, language, now, known, slug=None, after, after_pk):
    """The `count` public items after the one at (`after`, `after_pk`)."""
    items = _listed(_public(language, now, slug=slug, after=(after, after_pk)), ENTRY)
    return _with_anchoring(items, known)[:count]


def _first_moment(items, newest):
    """The moment of the newest (or oldest) of `items`, as a one-row list of it."""
    order = "-published_at" if newest else "published_at"
    return items.order_by(order).values_list("published_at", flat=True)[:1]


def _published_span(*, language, now):
    """The newest public item's moment with the oldest's, as a one-row list of the pair (an
    empty one when there is none): the oldest read in the same statement, where a
    statement of its own cost a round trip (on PostgreSQL ~0.1 ms of the sitemap index's
    1.2 in process)."""
    items = _public(language, now)
    oldest = Subquery(_first_moment(items, False))
    return items.order_by("-published_at").values_list("published_at", oldest)[:1]


def _in_period(language, now, since, until):
    """The public items of `language` at `now` published from `since` up to `until`."""
    within = Q(published_at__gte=since, published_at__lt=until)
    return Item.objects.published(now, within=within).in_language(language)


def _period_listing(start, end, *, language, now, since, until):
    return _listed(_in_period(language, now, since, until))[start:end]


def _deep_period_listing(start, end, *, language, now, since, until):
    return deep_page(_in_period(language, now, since, until), start, end)


def _sitemap_entries(*, language, now, since, until):
    """What a sitemap gives of each item published within a period: its address, its last
    change (news.sitemaps)."""
    items = _in_period(language, now, since, until).select_related("section")
    return items.only("language", "slug", "updated_at", "section__slug")


def _published_beyond(newer, *, language, now, bound):
    """The moment of the nearest public item from `bound` on (`newer`), or before it."""
    within = Q(published_at__gte=bound) if newer else Q(published_at__lt=bound)
    items = Item.objects.published(now, within=within).in_language(language)
    return _first_moment(items, newest=not newer)


def _counts_between(periods, *, language, now, **bounds):
    """How many items in `language` are public at `now` in each of `periods` periods,
    newest first: from `bound{number + 1}` up to `bound{number}`. Each count is a range of
    the listing index, read without the table; all are one row of one statement (read
    from the sections: there is one whenever there is an item)."""
    counts = {}
    for number in range(periods):
        since, until = bounds[f"bound{number + 1}"], bounds[f"bound{number}"]
        items = _in_period(language, now, since, until).order_by().values("pk")
        counts[f"count{number}"] = search.CountOf(items)
    return Section.objects.order_by().annotate(**counts).values_list(*counts)[:1]


# The most periods counted in one statement: each count takes six parameters, and SQLite
# up to 32,766 in a statement; ten years of months take 720.
PERIODS_PER_STATEMENT = 120
# The prepared counts, by how many periods they count.
_COUNTS_BETWEEN = {}


def counts_between(bounds, language, now):
    """How many items in `language` are public at `now` between each two neighbouring
    `bounds`, aware datetimes newest first (a month's count: from its start up to the next
    month's). The archive index's months, each read as a range of the listing index, at
    one statement per ten years of months, where every public item's month worked out and
    grouped took 0.5 s at a million items on PostgreSQL, 56 ms at ten thousand on SQLite."""
    counts = []
    for first in range(0, len(bounds) - 1, PERIODS_PER_STATEMENT):
        chunk = bounds[first : first + PERIODS_PER_STATEMENT + 1]
        values = {f"bound{number}": bound for number, bound in enumerate(chunk)}
        query = _COUNTS_BETWEEN.get(len(chunk) - 1)
        if query is None:
            build = functools.partial(_counts_between, len(chunk) - 1)
            query = _COUNTS_BETWEEN[len(chunk) - 1] = PreparedQuery(build, **SAMPLE, **values)
        counts.extend(query(language=language, now=now, **values)[0])
    return counts


def for_item_page(items, language, now):
    """`items` in `language` with what an item page shows beside each: its section, press
    contact, its original or translation (whether the public may see it at `now`), and its
    nearest newer and older public items of the section (`neighbours`)."""
    items = items.in_language(language).with_counterpart(now)
    items = items.annotate(newer_entry=_nearest(True, now), older_entry=_nearest(False, now))
    items = items.annotate(phone_rows=press_queries.phone_rows(OuterRef("press_contact_id")))
    return items.select_related("section", "press_contact")


def phones(item):
    """The phones of `item`'s press contact, in their order, as read with the item
    (`for_item_page`)."""
    return press_queries.phones_of(item.press_contact_id, item.phone_rows, item._state.db)


# What a reader's item page never shows: the item's bookkeeping and, of its original or
# translation, anything but what links to it (the query-count tests catch one read here).
_BOOKKEEPING = ("status", "unpublish_at", "created_by", "updated_by", "pending_version")
_BOOKKEEPING += ("version", "content_changed_at", "created_at")
_SECTION_TEXT = ("section__description", "section__description_ru", "section__position")
_COUNTERPART_TEXT = ("title", "lead", "body", "press_contact", "updated_at", "image")
_COUNTERPART_TEXT += ("image_width", "image_height", "image_alt", "image_caption", "image_credit")
_COUNTERPART_TEXT += ("section__title", "section__title_ru", *_SECTION_TEXT)
NOT_ON_ITEM_PAGES = (
    *_BOOKKEEPING,
    *_SECTION_TEXT,
    *(
        f"{side}__{name}"
        for side in ("translation_of", "translation")
        for name in (*_BOOKKEEPING, *_COUNTERPART_TEXT)
    ),
)


def _public_item(*, language, now, section, slug):
    items = for_item_page(Item.objects.published(now), language, now)
    return items.defer(*NOT_ON_ITEM_PAGES).filter(section__slug=section, slug=slug)[:2]


# Between the parts of a neighbour read with its item: no id or slug holds a line break.
NEIGHBOUR_SEPARATOR = "\n"


def _nearest(newer, now):
    """The item's nearest newer (or older) public item of its section and language, as
    "id, slug, title" in one text: a subquery of the item's own statement, a seek in the
    section's listing index (one round trip fewer for every item page)."""
    found = Item.objects.neighbours(
        newer, now=now, moment=OuterRef("published_at"), pk=OuterRef("pk")
    ).filter(section_id=OuterRef("section_id"), language=OuterRef("language"))
    parts = [Cast("pk", CharField()), Value(NEIGHBOUR_SEPARATOR), "slug"]
    parts.append(Value(NEIGHBOUR_SEPARATOR))
    return Subquery(found.values(entry=Concat(*parts, "title", output_field=CharField()))[:1])


def _neighbour(item, entry):
    """The neighbour `_nearest` wrote, or None: what the item page links it by."""
    if entry is None:
        return None
    pk, slug, title = entry.split(NEIGHBOUR_SEPARATOR, 2)
    fields = ["id", "language", "section_id", "slug", "title"]
    neighbour = Item.from_db(
        item._state.db, fields, [int(pk), item.language, item.section_id, slug, title]
    )
    Item.section.field.set_cached_value(neighbour, item.section)
    return neighbour


SECTIONS = PreparedQuery(_sections)
# One section by its slug (a section's feeds).
SECTION = PreparedQuery(_section, slug="s")
# The lists, and the version of the sections the process holds (`held_sections`).
LIST = {"known": 1, **SAMPLE}
ITEMS = PreparedQuery(_listing, **LIST)
DEEP_ITEMS = PreparedQuery(_deep_listing, **LIST)
# A section's list pages, by the section's slug.
SECTION_PAGE = PreparedQuery(_listing, slug="s", **LIST)
DEEP_SECTION_PAGE = PreparedQuery(_deep_listing, slug="s", **LIST)
# Deep pages from where they were seen to start (news.anchors).
ANCHOR = {"after": SAMPLE_MOMENT, "after_pk": 1}
ANCHORED_ITEMS = PreparedQuery(_anchored_listing, **ANCHOR, **LIST)
ANCHORED_SECTION_PAGE = PreparedQuery(_anchored_listing, slug="s", **ANCHOR, **LIST)
# The feeds: all news, and a section's by its id.
FEED_ENTRIES = PreparedQuery(_in_feeds, **SAMPLE)
SECTION_FEED_ENTRIES = PreparedQuery(_in_feeds, section=1, **SAMPLE)
# The newest and the oldest public item's times: where the sitemap's and archive's months end.
PUBLISHED_SPAN = PreparedQuery(_published_span, **SAMPLE)
PUBLIC_ITEM = PreparedQuery(_public_item, section="s", slug="s", **SAMPLE)
# The archive's years and months, and the nearest public item beyond one.
PERIOD = {"since": SAMPLE_MOMENT, "until": SAMPLE_MOMENT}
PERIOD_ITEMS = PreparedQuery(_period_listing, **PERIOD, **SAMPLE)
DEEP_PERIOD_ITEMS = PreparedQuery(_deep_period_listing, **PERIOD, **SAMPLE)
SITEMAP_ENTRIES = PreparedQuery(_sitemap_entries, **PERIOD, **SAMPLE)
PUBLISHED_BEYOND = PreparedQuery(_published_beyond, bound=SAMPLE_MOMENT, **SAMPLE)


def neighbours(item):
    """The nearest older and newer public items of `item`'s section (each None when there
    is none), as read with the item (`for_item_page`)."""
    return _neighbour(item, item.older_entry), _neighbour(item, item.newer_entry)


class SectionsWithRows:
    """A list whose rows bring all the sections with them (`_all_sections`), unless the
    process holds those of the version the rows were read under: `sections` once a page's
    rows were read, or `all_sections()`, read on their own if none were."""

    sections = None  # and `language`, the page's: its sections' texts are read in it

    def __init__(self):
        # The sections held when the list began: what its statements are told they know.
        self.held = held_sections()

    def with_sections(self, rows):
        if rows:
            self.sections = texts_in(_sections_read_with(rows, self.held), self.language)
            with_sections(rows, self.sections)
        return rows

    def all_sections(self):
        if self.sections is None:
            self.sections = texts_in(SECTIONS(), self.language)
        return self.sections


class PublicListing(SectionsWithRows):
    """All the public items of a language, or of one section (by its slug), newest first:
    what `news.pagination.ItemPaginator` reads, through the prepared queries, each page's
    rows with all the sections."""

    _version = None

    def __init__(self, language, section=None, now=None):
        super().__init__()
        self.language = language
        self.values = {"language": language, "now": now or timezone.now()}
        self.list = (language, section)  # which list, for its anchors and its length
        if section is None:
            self.items, self.deep_items, self.anchored = ITEMS, DEEP_ITEMS, ANCHORED_ITEMS
        else:
            self.values["slug"] = section
            self.items, self.deep_items = SECTION_PAGE, DEEP_SECTION_PAGE
            self.anchored = ANCHORED_SECTION_PAGE
        self.listed = {**self.values, "known": self.held[0]}

    def rows(self, start, end):
        return self.with_sections(self.items(start, end, **self.listed))

    def deep_rows(self, start, end):
        """Rows `start:end`, from the anchor of the page at `start` while it holds, else by
        position with the item before them: the anchors of this page and the next."""
        now = self.values["now"]
        place = (*self.list, start)
        anchor = anchors.find(place)
        if anchor is not None:
            after = {"after": anchor.published_at, "after_pk": anchor.pk}
            rows = self.anchored(end - start, **after, **self.listed)
            if anchors.holds(place, anchor, rows, now):
                return self.next_anchor(self.with_sections(rows), start, end)
        rows = self.with_sections(self.deep_items(max(start - 1, 0), end, **self.listed))
        if start and rows:
            anchors.remember(place, rows[0], now)
            rows = rows[1:]
        return self.next_anchor(rows, start, end)

    def next_anchor(self, rows, start, end):
        """`rows`, having remembered where the next page starts: after the page's last
        item, when the row one past the page was read."""
        if len(rows) == end - start > 1:
            anchors.remember((*self.list, end - 1), rows[-2], self.values["now"])
        return rows

    def count(self):
        return anchors.length(self.list, _public(**self.values).count, self.version)

    def known_past(self, start):
        return anchors.known_past(self.list, start, self.version)

    def version(self):
        """The public version, read once for this listing when first asked."""
        if self._version is None:
            self._version = current_version()
        return self._version


class PeriodListing:
    """The public items of a language published within a period (an archive's year or
    month), newest first, as `news.pagination.ItemPaginator` reads them."""

    def __init__(self, language, since, until, now=None):
        self.values = {"language": language, "now": now or timezone.now()}
        self.values.update(since=since, until=until)

    def rows(self, start, end):
        return PERIOD_ITEMS(start, end, **self.values)

    def deep_rows(self, start, end):
        return DEEP_PERIOD_ITEMS(start, end, **self.values)

    def count(self):
        return PERIOD_ITEMS.count(0, None, **self.values)

    def beyond(self, newer):
        """The moment of the nearest public item after the period (`newer`) or before it,
        or None."""
        bound = self.values["until"] if newer else self.values["since"]
        values = {"language": self.values["language"], "now": self.values["now"]}
        found = PUBLISHED_BEYOND(newer, bound=bound, **values)
        return found[0] if found else None


def _search(kind, language, word_count, end, start=0, *, reach, now, **values):
    """A search's `matches` (their ids, to count) or its `ranked` results (news.search),
    from the values `SearchResults` gives: its terms and filters; `reach` is
    `news.search.reach()` of its terms (one prepared search for each answer); `known`,
    of the ranked results alone, the version of the sections the process holds."""
    items = _listed(_public(language, now, values.get("section")), ENTRY)
    if "date_from" in values:
        items = items.filter(published_at__date__gte=values["date_from"])
    if "date_to" in values:
        items = items.filter(published_at__date__lte=values["date_to"])
    config = search.CONFIGS.get(language, "simple")
    matches = search.matching(
        items, config, text=values.get("text"), fts=values.get("fts"), reach=reach
    )
    if kind == "matches":
        return matches.order_by().values("pk")[:end]
    words = [values[f"word{number}"] for number in range(word_count)]
    # The matches are public (`items`); where their rows are read again by id (`ranked`),
    # they are not filtered again.
    rows = _listed(Item.objects.all(), ENTRY)
    results = search.ranked(
        rows, matches, config, text=values.get("text"), words=words, reach=reach
    )
    return results.annotate(**_all_sections(values["known"]))[start:end]


# One prepared search per kind and set of values (which filters, how many words).
_SEARCHES = {}


def _search_query(kind, values, reach):
    key = (kind, tuple(values), reach)
    query = _SEARCHES.get(key)
    if query is None:
        # The values at hand are samples of their types as good as any. PostgreSQL plans a
        # search matching many items for its words (`news.search.reach`).
        build = functools.partial(_search, reach=reach)
        query = _SEARCHES[key] = PreparedQuery(build, server_plan=reach != search.MANY, **values)
    return query


class SearchResults(SectionsWithRows):
    """A reader's search, best first, as `news.pagination.ItemPaginator` reads it, each
    page's rows with all the sections."""

    def __init__(self, query, language, now, section=None, date_from=None, date_to=None):
        super().__init__()
        self.language = language
        self.matched = None
        terms = search.terms(query, language)
        self.found = terms is not None
        if not self.found:
            return
        words = terms.pop("words", ())
        self.reach = terms.pop("reach")
        filters = {"section": section and section.pk, "date_from": date_from, "date_to": date_to}
        # What finds the items; the words alone also rank them (titles first).
        self.matching = {"now": now, **terms}
        self.matching.update({name: value for name, value in filters.items() if value})
        self.words = len(words)
        self.ranking = {f"word{number}": word for number, word in enumerate(words)}
        self.ranking.update(self.matching, known=self.held[0])

    def _prepared(self, kind, values):
        return _search_query(kind, values, self.reach)

    def rows(self, start, end):
        end = min(end, search.MAX_RANKED)  # one more is ranked, to count them
        if not self.found or start >= end:
            return []
        shape = ("ranked", self.language, self.words, end, start)
        rows = self.with_sections(self._prepared("ranked", self.ranking)(*shape, **self.ranking))
        if rows or start == 0:  # no first page: nothing matches
            self.matched = rows[0].matched if rows else 0
        return rows

    def count(self):
        """How many results are ranked (at most `news.search.MAX_RANKED`)."""
        if not self.found:
            return 0
        shape = ("ranked", self.language, self.words, None)
        ranked = self._prepared("ranked", self.ranking).count(*shape, **self.ranking)
        return min(ranked, search.MAX_RANKED)

    def match_count(self):
        """How many items match, counted no further than one past `MAX_RANKED`: read with
        the rows of a page, or by itself when no page was read or it was empty."""
        if not self.found:
            return 0
        if self.matched is None:
            shape = ("matches", self.language, 0, search.MAX_RANKED + 1)
            self.matched = self._prepared("matches", self.matching).count(*shape, **self.matching)
        return self.matched
