"""The public pages' Jinja2 engine (cstosite.jinja2_engine, cstosite.jinja2): fixed text
translated once per language when a template is compiled, never served in the wrong
language; the same output as Jinja2's own."""

import datetime
from pathlib import Path

import pytest
from django.template import engines
from django.utils import translation
from django.utils.autoreload import file_changed

from tests.helpers import make_item


def render(source, language):
    with translation.override(language):
        return engines["jinja2"].from_string(source).render({})


@pytest.mark.django_db
def test_each_language_gets_its_own_fixed_text_from_the_same_templates(client, section):
    make_item(section, title="Summit held")
    make_item(section, title="Саммит состоялся", language="ru", slug="summit-ru")
    english = client.get("/news/").content.decode()
    russian = client.get("/ru/news/").content.decode()
    english_again = client.get("/news/").content.decode()
    assert "<h1>All news</h1>" in english
    assert "<h1>Все новости</h1>" in russian
    assert "Все новости" not in english_again
    assert english_again.count("All news") == english.count("All news")
    assert "Summit held" in english_again and "Саммит состоялся" in russian


def test_a_literal_is_translated_into_the_active_language():
    assert render('{{ _("All news") }}', "en") == "All news"
    assert render('{{ _("All news") }}', "ru") == "Все новости"


def test_translated_fixed_text_is_escaped_like_any_other():
    assert render('{{ _("<b>Tom & Jerry</b>") }}', "en") == "&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;"


def test_a_translated_literal_can_still_be_formatted():
    source = '{{ _("page %(number)s")|format(number=3) }}'
    assert render(source, "en") == "page 3"
    assert "3" in render(source, "ru") and "page" not in render(source, "ru")


def test_text_that_is_not_a_literal_is_translated_when_rendered():
    source = '{% set label = "All news" %}{{ _(label) }}'
    assert render(source, "ru") == "Все новости"


def test_a_changed_catalogue_is_read_again_without_a_restart():
    backend = engines["jinja2"]
    render('{{ _("All news") }}', "ru")
    assert "ru" in backend.by_language
    file_changed.send(sender=None, file_path=Path("locale/ru/LC_MESSAGES/django.mo"))
    assert backend.by_language == {}
    file_changed.send(sender=None, file_path=Path("news/views.py"))
    assert render('{{ _("All news") }}', "ru") == "Все новости"


def test_a_templates_own_globals_overlay_the_sites_and_leave_them_alone():
    env = engines["jinja2"].env
    own = env.from_string('{{ url("news:index") }} {{ where }}', globals={"where": "here"})
    other = env.from_string("{{ where }}|{{ url('news:index') }}")

    assert own.render() == "/news/ here"
    assert other.render() == "|/news/"
    assert "where" not in env.globals


def test_template_calls_pass_arguments_and_the_context_as_jinja2_does():
    from jinja2 import pass_context, pass_environment

    env = engines["jinja2"].env

    def joined(*words, sep=" "):
        return sep.join(words)

    @pass_context
    def who(context, greeting):
        return f"{greeting}, {context['name']}"

    @pass_environment
    def has_url(environment):
        return "url" in environment.globals

    def exhausted():
        raise StopIteration

    template = env.from_string(
        "{% for word in ['a', 'b'] %}{{ joined(word, 'x', sep='-') }};{% endfor %}"
        "{{ who('Hello') }};{{ has_url() }};[{{ exhausted() }}]"
    )
    rendered = template.render(
        joined=joined, who=who, has_url=has_url, exhausted=exhausted, name="Ann"
    )
    assert rendered == "a-x;b-x;Hello, Ann;True;[]"


@pytest.mark.parametrize(
    "value",
    [
        datetime.datetime(2026, 3, 1, 22, 30, 5, 123456, tzinfo=datetime.UTC),
        datetime.datetime(2026, 7, 1, 0, 0, tzinfo=datetime.UTC),
        datetime.date(2026, 3, 1),
        None,
        "",
    ],
)
@pytest.mark.parametrize("zone", ["UTC", "Europe/Moscow", "America/New_York"])
def test_dates_are_written_as_djangos_date_filter_writes_them(value, zone):
    from django.template.defaultfilters import date as django_date
    from django.utils import timezone
    from django.utils.timezone import template_localtime

    from cstosite.jinja2 import date, day, local_iso

    with timezone.override(zone):
        assert date(value, "c") == django_date(template_localtime(value), "c")
        assert date(value, "d.m.Y") == django_date(template_localtime(value), "d.m.Y")
        if isinstance(value, datetime.datetime):
            assert local_iso(value) == django_date(template_localtime(value), "c")
        if value:
            assert day(value) == django_date(template_localtime(value), "Y-m-d")


def test_written_out_values_are_escaped_exactly_as_jinja2_escapes_them():
    import jinja2
    from markupsafe import Markup

    source = (
        "{{ text }}|{{ safe }}|{{ number }}|{{ none }}|{{ missing }}|{{ missing.deeper }}|"
        "{% macro box(value) %}<b>{{ value }}</b>{% endmacro %}{{ box(text) }}|"
        "{% set block %}<i>{{ text }}</i>{% endset %}{{ block }}|{{ text ~ safe }}|"
        "{% macro wrap() %}[{{ caller() }}]{% endmacro %}{% call wrap() %}{{ text }}{% endcall %}|"
        "{% autoescape false %}{{ text }}{% endautoescape %}|"
        "{{ text|e }}|{{ safe|safe }}|{{ html_object }}|{{ items|join(', ') }}"
    )

    class HasHtml:
        def __html__(self):
            return "<em>trusted</em>"

    context = {
        "text": "<script>alert('x') & \"y\"</script>",
        "safe": Markup("<strong>safe</strong>"),
        "number": 3.5,
        "none": None,
        "html_object": HasHtml(),
        "items": ["<a>", Markup("<b>")],
    }
    stock = jinja2.Environment(autoescape=True, undefined=jinja2.ChainableUndefined)

    ours = engines["jinja2"].env.from_string(source).render(context)

    assert ours == stock.from_string(source).render(context)
    assert "&lt;script&gt;" in ours and "<strong>safe</strong>" in ours


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/news/",
        "/news/csto-news/",
        "/search/?q=item",
        "/search/?q=item&section=csto-news",
        "ITEM",
    ],
)
def test_a_page_leaves_its_items_to_reference_counting_not_the_garbage_collector(
    section, url, settings
):
    """A page whose items or view sit in a reference cycle (a macro imported `with
    context`, a view holding its own `head` or given to its form, an image field's file)
    leaves them for the garbage collector, whose runs cost an uncached page 40 µs and
    more (docs/performance-history.md)."""
    import gc

    from django.core.handlers.wsgi import WSGIHandler
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections
    from django.test import RequestFactory
    from django.views import View

    from news.models import Item

    items = [make_item(section=section, title=f"Item {n}", days_ago=n + 1) for n in range(3)]
    url = items[0].get_absolute_url() if url == "ITEM" else url
    settings.PAGE_CACHE = {**settings.PAGE_CACHE, "ENABLED": False}
    settings.ALLOWED_HOSTS = ["testserver"]
    handler = WSGIHandler()

    def answer():
        body = handler(RequestFactory().get(url).environ, lambda status, headers: None)
        content = b"".join(body)
        body.close()
        return content

    # As Django's test client does: the test's transaction is not a stale connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        assert b"Item 0" in answer()  # a first answer compiles and remembers what it may
        gc.collect()
        gc.disable()
        gc.set_debug(gc.DEBUG_SAVEALL)
        try:
            assert b"Item 0" in answer()
            gc.collect()
            # Read by type, not isinstance(), which would wake lazy objects in the garbage.
            left = [thing for thing in gc.garbage if type(thing) is Item]
            views = [thing for thing in gc.garbage if View in type(thing).__mro__]
        finally:
            gc.set_debug(0)
            gc.garbage.clear()
            gc.enable()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)

    assert left == []
    assert views == []  # nor the view, and its form and results with it
