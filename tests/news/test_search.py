"""Search finds published items only, ranks title matches first, and never fails."""

import datetime
import random
import re
import string

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from news.models import Item
from tests.helpers import SEARCH_PROBE, VERSION, make_item, make_section

pytestmark = pytest.mark.django_db


def titles(response):
    return titles_in(response.content.decode())


def titles_in(page):
    return re.findall(r'class="entry__title"><a href="[^"]+">([^<]+)</a>', page)


@pytest.fixture
def corpus(section):
    make_item(
        section=section, title="Peacekeeping forces", slug="a", lead="About forces.", days_ago=3
    )
    make_item(
        section=section,
        title="Council meeting",
        slug="b",
        lead="Ministers met.",
        body="<p>They discussed peacekeeping operations.</p>",
        days_ago=1,
    )
    make_item(section=section, title="Peacekeeping draft", slug="c", status=Item.Status.DRAFT)
    make_item(section=section, title="Peacekeeping later", slug="d", days_ago=-2)
    make_item(section=section, title="Peacekeeping expired", slug="e", unpublish_at=timezone.now())


def test_search_finds_published_items_and_ranks_a_title_match_first(client, corpus):
    response = client.get("/search/", {"q": "peacekeeping"})

    assert response.status_code == 200
    assert titles(response) == ["Peacekeeping forces", "Council meeting"]
    assert "2 results for “peacekeeping”" in response.content.decode()


def test_the_query_stays_in_the_box_and_matches_are_marked(client, corpus):
    page = client.get("/search/", {"q": "forces"}).content.decode()

    assert 'name="q" value="forces"' in page
    assert "<mark>forces</mark>" in page


def test_the_form_keeps_the_readers_choices_and_ties_each_error_to_its_field(client, corpus):
    page = client.get(
        "/search/",
        {"q": "forces <b>", "section": "csto-news", "date_from": "2024-01-02", "date_to": "bad"},
    ).content.decode()

    assert 'name="q" value="forces &lt;b&gt;"' in page
    assert '<option value="csto-news" selected>CSTO News</option>' in page
    assert '<option value="" selected>' not in page
    assert 'name="date_from" value="2024-01-02" id="id_date_from"' in page
    # The bad date is marked invalid and described by its message, read out with it.
    assert re.search(
        r'name="date_to" value="bad" aria-invalid="true" '
        r'aria-describedby="id_date_to_error"',
        page,
    )
    assert '<span class="error" id="id_date_to_error">Enter a valid date.</span>' in page
    assert page.count('aria-invalid="true"') == 1

    unchosen = client.get("/search/").content.decode()
    assert '<option value="" selected>All sections</option>' in unchosen
    assert 'name="q" id="id_q"' in unchosen and "aria-invalid" not in unchosen

    # Searches share the form's fields (news.forms.SharedFields): nothing of one is kept.
    another = client.get("/search/", {"q": "treaty", "date_to": "2024-02-03"}).content.decode()
    assert 'name="q" value="treaty"' in another and "aria-invalid" not in another
    assert 'name="date_from" id="id_date_from"' in another
    assert 'name="date_to" value="2024-02-03"' in another and "Enter a valid" not in another


def test_search_filters_by_section_and_date(client, corpus, section):
    other = make_section("Other", slug="other")
    make_item(section=other, title="Peacekeeping elsewhere", slug="x", days_ago=30)
    since = (timezone.localtime() - datetime.timedelta(days=2)).date().isoformat()

    by_section = client.get("/search/", {"q": "peacekeeping", "section": "other"})
    by_date = client.get("/search/", {"q": "peacekeeping", "date_from": since})

    assert titles(by_section) == ["Peacekeeping elsewhere"]
    assert titles(by_date) == ["Council meeting"]


def test_search_results_are_paginated_with_the_query_kept(client, section):
    for n in range(12):
        make_item(section=section, title=f"Treaty news {n:02}", slug=f"t{n}", days_ago=n + 1)

    first = client.get("/search/", {"q": "treaty"})
    second = client.get("/search/", {"q": "treaty", "page": "2"})

    assert len(titles(first)) == 10 and len(titles(second)) == 2
    assert 'rel="next" href="/search/?q=treaty&amp;page=2"' in first.content.decode()
    assert 'rel="prev" href="/search/?q=treaty"' in second.content.decode()
    # The filters stay, in the reader's order, whatever the page asked for.
    filtered = client.get("/search/", {"page": "1", "q": "treaty", "section": "csto-news"})
    assert 'href="/search/?q=treaty&amp;section=csto-news&amp;page=2"' in filtered.content.decode()


def test_no_results_and_no_query_get_helpful_pages(client, corpus):
    nothing = client.get("/search/", {"q": "zzzyyyxxx"}).content.decode()
    empty = client.get("/search/", {"q": "   "}).content.decode()

    assert "Nothing matches these words" in nothing
    assert "Type one or more words" in empty
    assert client.get("/search/").status_code == 200


def test_a_section_not_on_the_page_is_refused_without_echoing_it(client, corpus):
    page = client.get("/search/", {"q": "peacekeeping", "section": "<i>nowhere</i>"})

    assert page.status_code == 200
    assert "That choice is not one of the available choices." in page.content.decode()
    assert "nowhere</i>" not in page.content.decode()
    assert "&lt;i&gt;nowhere" not in page.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 5000},
        {"q": "мир безопасность"},
        {"q": "\"peacekeeping' OR 1=1; DROP TABLE news_item; --"},
        {"q": "'\"\\&|!():*<>"},
        {"q": "a\x00b"},
        {"q": "\u202epeacekeeping"},
        {"q": "peacekeeping", "section": "no-such-section"},
        {"q": "peacekeeping", "section": "s" * 3000},
        {"q": "peacekeeping", "date_from": "2024-13-45"},
        {"q": "peacekeeping", "date_to": "not a date"},
        {"q": "peacekeeping", "page": "999999"},
        {"q": ["a", "b"]},
    ],
)
def test_odd_queries_get_a_normal_page(client, corpus, params):
    response = client.get("/search/", params)

    assert response.status_code == 200
    assert "Peacekeeping draft" not in response.content.decode()
    assert "Peacekeeping later" not in response.content.decode()


def test_search_box_is_on_every_page(client, corpus):
    for url in ("/", "/news/", "/press/"):
        assert 'role="search"' in client.get(url).content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")
def test_full_text_search_matches_word_forms_on_postgresql(client, corpus):
    # "operation" finds "operations" by its stem, which a substring search would too,
    # but "peacekeepers" only matches through stemming to "peacekeep".
    assert titles(client.get("/search/", {"q": "peacekeepers"})) == [
        "Peacekeeping forces",
        "Council meeting",
    ]


@pytest.mark.parametrize("count", [3, 30])
def test_search_costs_a_fixed_number_of_queries(client, section, django_assert_num_queries, count):
    for n in range(count):
        make_item(section=section, title=f"Treaty {n}", days_ago=n + 1)

    # the results with their count and all the sections (the form lists them)
    with django_assert_num_queries(VERSION + SEARCH_PROBE + 1):
        response = client.get("/search/", {"q": "treaty"})
    assert f"{count} results for “treaty”" in response.content.decode()
    assert len(titles(response)) == min(count, 10)
    assert f'<option value="{section.slug}">' in response.content.decode()

    # a section chosen: the sections to check it against, then the results
    with django_assert_num_queries(VERSION + 2):
        response = client.get("/search/", {"q": "treaty", "section": section.slug})
    assert f"{count} results for “treaty”" in response.content.decode()

    # nothing found: the sections on their own
    with django_assert_num_queries(VERSION + SEARCH_PROBE + 2):
        response = client.get("/search/", {"q": "nothing"})
    assert "0 results for “nothing”" in response.content.decode()
    assert f'<option value="{section.slug}">' in response.content.decode()


def rank_twelve_of_accords(monkeypatch, section, found):
    """Searches that rank 12 results at most, and `found` items titled "Accord n", the
    newest first."""
    from news import queries, search

    monkeypatch.setattr(search, "MAX_RANKED", 12)
    monkeypatch.setattr(queries, "_SEARCHES", {})  # built again with the smaller limit
    for n in range(found):
        make_item(section=section, title=f"Accord {n}", slug=f"accord-{n}", days_ago=n + 1)


def test_results_past_the_ranked_ones_are_counted_as_more(client, section, monkeypatch):
    rank_twelve_of_accords(monkeypatch, section, 15)
    make_item(section=section, title="Other words", slug="other")

    first = client.get("/search/", {"q": "accord"}).content.decode()
    second = client.get("/search/", {"q": "accord", "page": 2}).content.decode()
    past = client.get("/search/", {"q": "accord", "page": 9}).content.decode()

    assert "More than 12 results for “accord”" in first
    assert 'rel="next"' in first and 'rel="next"' not in second
    shown = titles_in(first) + titles_in(second)
    assert shown == [f"Accord {n}" for n in range(12)]  # the newest twelve, titles all match
    assert "More than 12 results" in past and titles_in(past) == titles_in(second)


@pytest.mark.parametrize(("found", "summary"), [(12, "12 results"), (13, "More than 12 results")])
def test_the_ranked_results_end_where_they_are_counted(
    client, section, monkeypatch, found, summary
):
    """One more match than are shown is ranked, to count them: it never shows as a
    result of its own, nor as a page."""
    rank_twelve_of_accords(monkeypatch, section, found)

    first = client.get("/search/", {"q": "accord"}).content.decode()
    second = client.get("/search/", {"q": "accord", "page": 2}).content.decode()
    past = client.get("/search/", {"q": "accord", "page": 3}).content.decode()

    assert f"{summary} for “accord”" in first
    assert titles_in(second) == ["Accord 10", "Accord 11"]
    assert 'rel="next"' not in second
    assert titles_in(past) == titles_in(second)  # past the end: the last page


def accords_and_others(monkeypatch, section):
    """Twenty items with "accord" among thirty, ranked twelve at most; a word is common
    (`news.search.reach`) from five items on."""
    from news import search

    rank_twelve_of_accords(monkeypatch, section, 20)
    monkeypatch.setattr(search, "WALK_MIN", 5)
    for n in range(10):
        other = "Summit" if n < 3 else "Talks"
        make_item(section=section, title=f"{other} {n}", lead="An accord." if n == 5 else "")


SEARCHES = [
    {"q": "accord"},
    {"q": "accord", "page": 2},
    {"q": "accord", "page": 9},
    {"q": "accord 1"},
    {"q": "accord", "date_from": (timezone.now() - datetime.timedelta(days=9)).date()},
    {"q": "summit"},
    {"q": "talks"},
]


def test_a_common_word_is_told_from_a_rare_one(client, section, monkeypatch):
    from news import search

    accords_and_others(monkeypatch, section)

    def common(words):
        return search.terms(words, "en")["reach"] == search.MANY

    assert common("accord")  # 21 of 30 items
    assert common("talks")  # 7
    assert not common("summit")  # 3
    assert not common("nowhere")
    assert search.terms("summit", "en")["reach"] == search.FEW  # 3, and 12 are ranked


def test_a_word_in_more_items_than_are_ranked_is_read_newest_first(client, section, monkeypatch):
    """On SQLite a word in more items than are ranked, but not in so many that they are
    walked to, has its newest matches ranked, read by key; PostgreSQL ranks every match
    of a word in as many items as its planner reads in any case (`WALK_MIN`)."""
    from news import search

    monkeypatch.setattr(search, "MAX_RANKED", 2)
    monkeypatch.setattr(search, "WALK_MIN", 5)
    make_item(section=section, title="Treaty of old", days_ago=30)
    for n in range(3):
        make_item(section=section, title=f"Talks {n}", lead="A treaty.", days_ago=n + 1)

    reach = search.terms("treaty", "en")["reach"]
    page = client.get("/search/", {"q": "treaty"}).content.decode()

    assert "More than 2 results for “treaty”" in page
    if connection.vendor == "sqlite":
        assert reach == search.SOME
        assert titles_in(page) == ["Talks 0", "Talks 1"]  # the newest three, ranked alike
    else:
        assert reach == search.FEW
        assert titles_in(page) == ["Treaty of old", "Talks 0"]


def test_a_word_grown_common_is_told_so_once_the_hour_is_over(client, section, monkeypatch):
    from news import search

    accords_and_others(monkeypatch, section)
    assert search.terms("summit", "en")["reach"] == search.FEW  # 3 items
    for n in range(5):
        make_item(section=section, title=f"Summit again {n}")

    assert search.terms("summit", "en")["reach"] == search.FEW  # the answer of a minute ago
    with time_machine.travel(datetime.timedelta(hours=1, minutes=1)):
        assert search.terms("summit", "en")["reach"] == search.MANY


def test_a_common_word_is_found_as_a_rare_one_would_be(client, section, monkeypatch):
    """SQLite walks the newest items for a common word, PostgreSQL plans its search for
    it; a rarer word's matches are read by key, the newest of them or all; the pages are
    the same every way."""
    from news import search

    accords_and_others(monkeypatch, section)
    make_item(section=section, title="Accord draft", status=Item.Status.DRAFT)
    make_item(section=section, title="Accord later", days_ago=-1)

    pages, statements = {}, {}
    for reach in (search.FEW, search.SOME, search.MANY):
        cache.clear()  # no page served from the other way's reading
        monkeypatch.setattr(search, "reach", lambda terms, reach=reach: reach)
        with CaptureQueriesContext(connection) as captured:
            pages[reach] = [client.get("/search/", params).content.decode() for params in SEARCHES]
        statements[reach] = " ".join(query["sql"] for query in captured)

    assert pages[search.MANY] == pages[search.SOME]
    walked = {"sqlite": '"id" + 0) IN (SELECT rowid', "postgresql": "force_custom_plan"}
    assert walked[connection.vendor] in statements[search.MANY]
    assert walked[connection.vendor] not in statements[search.SOME]
    if connection.vendor == "sqlite":  # PostgreSQL's statements run prepared, by name
        newest = 'ORDER BY U0."published_at" DESC, U0."id" DESC LIMIT'
        assert newest in statements[search.SOME] and newest not in statements[search.FEW]
    many = pages[search.MANY]
    assert "More than 12 results for “accord”" in many[0]
    assert titles_in(many[0])[:2] == ["Accord 0", "Accord 1"]
    assert "Accord draft" not in "".join(many) and "Accord later" not in "".join(many)
    assert "3 results for “summit”" in many[5]
    # Ranking every match of a word in more items than are ranked (told it was in few a
    # moment ago) ranks the best of them all, not only the newest: the same pages here,
    # where the titles rank every accord alike.
    assert pages[search.FEW] == many


def test_snippets_escape_the_lead_and_never_split_entities(client, section):
    make_item(section=section, title="Quoted", slug="q", lead='Tom & "Jerry" <b>amp</b> treaty')

    page = client.get("/search/", {"q": "treaty amp quot"}).content.decode()

    assert "<b>" not in page.split('class="entries"')[1]
    assert "Tom &amp; &#34;Jerry&#34; &lt;b&gt;<mark>amp</mark>&lt;/b&gt;" in page
    assert "<mark>treaty</mark>" in page


def test_a_lead_is_passed_over_only_where_no_query_word_could_be_marked():
    """`may_match` looks for the words in the casefolded lead before the pattern, which
    ignores case as `re` does: character by character, by its lower case and its own
    table of extra equals ("ſ" for "s"). Wherever both fold one to one, any two
    characters `re` takes for each other fold to the same: so where `re` would mark a
    word, the casefolded lead holds the casefolded word at the same place."""
    import sys
    from _sre import unicode_tolower
    from collections import defaultdict
    from re._casefix import _EXTRA_CASES

    from news.search import folds_one_to_one, may_match

    equals = defaultdict(set)
    for code in range(sys.maxunicode + 1):
        equals[unicode_tolower(code)].add(code)
    for code, extra in _EXTRA_CASES.items():
        for other in extra:
            equals[unicode_tolower(code)] |= equals[unicode_tolower(other)]
    for members in equals.values():
        folded = {chr(code).casefold() for code in members if folds_one_to_one(chr(code))}
        assert len(folded) <= 1, [chr(code) for code in members]

    assert may_match("The ſummit of KAZAKHSTAN", ["summit"])
    assert may_match("ıstanbul talks", ["istanbul"])  # dotless i: the pattern decides
    assert may_match("Straße", ["strasse"])  # "ß" folds to two: the pattern decides
    assert not may_match("Talks in Minsk", ["summit"])


def test_whole_words_beginning_with_a_query_word_are_marked_and_no_others(client, section):
    make_item(section=section, title="Troops", slug="f", lead="Reinforces the forces.")

    page = client.get("/search/", {"q": "forces"}).content.decode()

    assert "Reinforces the <mark>forces</mark>." in page


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")
def test_the_word_forms_postgresql_found_are_marked(client, section):
    """PostgreSQL finds "summit" for "summits" (and "встреча" for "встречи"): the form
    in the lead is marked though the reader typed another."""
    make_item(section=section, title="Talks", slug="g", lead="The summit opened; summits end.")
    make_item(section=section, title="Переговоры", slug="h", lead="Встреча прошла.", language="ru")

    page = client.get("/search/", {"q": "summits -draft"}).content.decode()
    russian = client.get("/ru/search/", {"q": "встречи"}).content.decode()

    assert "The <mark>summit</mark> opened; <mark>summits</mark> end." in page
    assert "<mark>Встреча</mark> прошла." in russian


def test_search_folds_case_in_every_alphabet(client, section):
    make_item(section=section, title="Заявление Пресс-секретаря ОДКБ", slug="ru", lead="Текст.")

    for query in ("заявление", "ЗАЯВЛЕНИЕ", "одкб"):
        assert titles(client.get("/search/", {"q": query})) == ["Заявление Пресс-секретаря ОДКБ"]


def test_search_sees_edits_and_deletions(client, section):
    item = make_item(section=section, title="Original wording", slug="w")
    assert titles(client.get("/search/", {"q": "original"})) == ["Original wording"]

    item.title = "Corrected wording"
    item.save()
    assert titles(client.get("/search/", {"q": "original"})) == []
    assert titles(client.get("/search/", {"q": "corrected"})) == ["Corrected wording"]

    item.delete()
    assert titles(client.get("/search/", {"q": "corrected"})) == []


@pytest.mark.parametrize("query", ['"', 'a" OR "b', "NEAR(x y)", "*", "title:x", "-x", "^x"])
def test_search_syntax_in_the_query_is_just_text(client, corpus, query):
    assert client.get("/search/", {"q": query}).status_code == 200


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's storage")
def test_a_long_items_search_document_stays_in_its_row(client, section):
    # Ranking reads the document of every match: from the row, not through the TOAST
    # index (migration 0017). A body too long for the row moves out instead.
    words = random.Random(5).choices(string.ascii_lowercase, k=300 * 8)
    body = " ".join("".join(words[n : n + 8]) for n in range(0, len(words), 8))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltoastrelid::regclass::text FROM pg_class WHERE oid = 'news_item'::regclass"
        )
        toast = cursor.fetchone()[0]
        stored = f"SELECT chunk_id, sum(octet_length(chunk_data)) FROM {toast} GROUP BY chunk_id"  # noqa: S608 - the catalogue's name  # nosec B608
        cursor.execute(stored)
        before = dict(cursor.fetchall())
        make_item(section=section, title="Long item", body=f"<p>{body}</p>")
        cursor.execute(stored)
        moved_out = {chunk: size for chunk, size in cursor.fetchall() if chunk not in before}

    assert list(moved_out.values()) == [len(f"<p>{body}</p>")]  # the body alone
    assert titles(client.get("/search/", {"q": body[:8]})) == ["Long item"]
