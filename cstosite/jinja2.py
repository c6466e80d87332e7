"""The Jinja2 environment of the public pages (Django's own Jinja2 backend).

The public pages are rendered by Jinja2, which compiles a template to Python code: about a
third of the Django template language's time for the same page (docs/performance.md). The
admin keeps Django's templates. What the templates may call is listed here and nowhere
else: Django's own URL, static, translation and date helpers and the apps' small
functions, so a template reads like a Django one and never queries the database.
"""

import datetime
from types import FunctionType

import jinja2
from django.conf import settings
from django.core.signals import setting_changed
from django.template import defaultfilters
from django.template.backends import jinja2 as django_jinja2
from django.templatetags.static import static
from django.urls import get_script_prefix
from django.utils import translation
from django.utils.autoreload import file_changed
from django.utils.timezone import get_current_timezone, template_localtime
from jinja2 import ChainableUndefined, pass_context
from jinja2.compiler import CodeGenerator
from jinja2.ext import Extension
from jinja2.lexer import Token
from jinja2.runtime import Context
from markupsafe import escape

from languages import switcher
from languages.addresses import origin, reverse, reverser
from news import rendering
from news.navigation import back_query


class Jinja2(django_jinja2.Jinja2):
    """Django's Jinja2 backend, each template compiled once per language.

    `_("...")` with one literal is translated when its template is compiled (see
    `TranslatedLiterals`), so a page's fixed text costs nothing to render: a call to
    `gettext` and its escaping were about 5 µs each, twenty on every page. `env` is the
    environment of the active language; templates rendered for no language known to the
    site use the base environment, which translates at render time.
    """

    def __init__(self, params):
        self.by_language = {}
        super().__init__(params)
        # The development server reloads a changed catalogue without restarting.
        file_changed.connect(self.forget_compiled)

    @property
    def env(self):
        language = translation.get_language()
        try:
            return self.by_language[language]
        except KeyError:
            pass
        if language not in dict(settings.LANGUAGES):
            return self.base
        environment = self.base.overlay(
            extensions=[TranslatedLiterals], cache_size=DEFAULT_CACHE_SIZE
        )
        environment.language = language
        return self.by_language.setdefault(language, environment)

    @env.setter
    def env(self, environment):
        # Django's backend sets the environment it made from the OPTIONS.
        self.base = environment
        self.by_language.clear()

    def forget_compiled(self, sender, file_path, **kwargs):
        if file_path.suffix == ".mo":
            self.by_language.clear()


class CallingContext(Context):
    """Jinja2's template context, calling a plain function straight away.

    Every call in a template (`url(...)`, `published(...)`) goes through `Context.call`,
    which first asks the function, and its `__call__`, whether it wants the context or the
    environment passed in: two failed attribute look-ups and a bound method made, about
    0.7 µs a call, some forty calls a list page. A Python function that was not marked
    with `pass_context` and friends is called as `Context.call` would call it.
    """

    def call(__self, __obj, *args, **kwargs):  # noqa: N805 - Jinja2's own signature
        if type(__obj) is not FunctionType or "jinja_pass_arg" in __obj.__dict__:
            return super().call(__obj, *args, **kwargs)
        if kwargs:  # what Jinja2 adds to a call in a loop or block
            kwargs.pop("_loop_vars", None)
            kwargs.pop("_block_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:
            return __self.environment.undefined(
                "value was undefined because a callable raised a StopIteration exception"
            )


try:  # MarkupSafe's own escaping of text, without making the result `Markup`
    from markupsafe import _escape_inner as escape_text
except ImportError:  # another MarkupSafe: the same text, made `Markup` first

    def escape_text(text):
        return str(escape(text))


def escaped(value):
    """`markupsafe.escape(value)` as text, not `Markup`: what a template writes out is
    joined into the page at once, so marking each piece safe (a `str` subclass made per
    expression, a hundred and more a page) is work for nothing."""
    if type(value) is str:
        return escape_text(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return escape_text(str(value))


class OutputCodeGenerator(CodeGenerator):
    """Jinja2's compiler, writing each `{{ ... }}` out through `escaped()` rather than
    `escape()` where the template escapes (everywhere on this site)."""

    def _output_child_pre(self, node, frame, finalize):
        if frame.eval_ctx.volatile or not frame.eval_ctx.autoescape:
            return super()._output_child_pre(node, frame, finalize)
        self.write("environment.escaped(")
        if finalize.src is not None:
            self.write(finalize.src)
        return None


class Environment(jinja2.Environment):
    """Jinja2's environment, each template's globals a plain dict, calls made through
    `CallingContext`.

    Jinja2 makes them a `ChainMap` over the environment's globals, so that a change to
    those after a template is loaded still shows; every render then copies it and every
    `{% from ... import %}` compares its keys, in Python: about 20 µs an import, 10 a
    render. The site sets its globals once, when the environment is made.
    """

    context_class = CallingContext
    code_generator_class = OutputCodeGenerator
    escaped = staticmethod(escaped)

    def make_globals(self, d):
        return {**self.globals, **(d or {})}


# Jinja2's own default number of compiled templates kept per environment.
DEFAULT_CACHE_SIZE = 400


class TranslatedLiterals(Extension):
    """`_("text")` becomes the string `"text"` translated into the environment's language
    before the template is parsed: Jinja2 then writes it, escaped, into the compiled
    template's text. Anything else `_(...)` stays a call to `gettext` when rendered."""

    def filter_stream(self, stream):
        tokens = list(stream)
        position = 0
        while position < len(tokens):
            window = tokens[position : position + 4]
            if [token.type for token in window] == ["name", "lparen", "string", "rparen"] and (
                window[0].value == "_" and (position == 0 or tokens[position - 1].type != "dot")
            ):
                with translation.override(self.environment.language):
                    text = translation.gettext(window[2].value)
                yield Token(window[0].lineno, "string", text)
                position += 4
            else:
                yield tokens[position]
                position += 1


def page_context(request):
    """What a page's render reads once (a context processor): the functions below, bound
    to its reverser (languages.addresses) and its time zone, which are thread-local reads
    otherwise, and `origin`, the site's scheme and host, for absolute addresses. Renders
    without a request use the unbound globals of the same names (and have no `origin`)."""
    addresses = reverser()
    zone = get_current_timezone()

    def url(name, *args, **kwargs):
        return addresses(name, args=args or None, kwargs=kwargs or None)

    def address(obj):
        return obj.get_absolute_url(addresses)

    def published(moment):
        return rendering.published(moment, zone)

    return {"url": url, "address": address, "published": published, "origin": origin(request)}


def url(name, *args, **kwargs):
    """`{{ url("news:section", section.slug) }}`: Django's `{% url %}`."""
    return reverse(name, args=args or None, kwargs=kwargs or None)


def address(obj):
    """`{{ address(item) }}`: `item.get_absolute_url()`."""
    return obj.get_absolute_url()


def published(moment):
    """`{{ published(item.published_at) }}`: the `<time>` of an item (news.rendering)."""
    return rendering.published(moment, get_current_timezone())


_static_urls = {}


def forget_static_urls(*, setting, **kwargs):
    """Tests change the static files' settings; a running site never does."""
    if setting in {"STATIC_URL", "STATIC_ROOT", "STORAGES"}:
        _static_urls.clear()


setting_changed.connect(forget_static_urls)


def static_url(path):
    """`{{ static("css/site.css") }}`: Django's `static()`, remembered by path and script
    prefix: a file's hashed name does not change while the process runs."""
    key = (path, get_script_prefix())
    try:
        return _static_urls[key]
    except KeyError:
        url = _static_urls[key] = static(path)
        return url


def date(value, arg=None):
    """`{{ item.published_at|date("d.m.Y") }}`: Django's `date` filter, in local time.
    ISO 8601 (`"c"`) is written straight: the same text, without the 20 µs of Django's
    formatter looking the format up as a setting first."""
    if arg == "c" and isinstance(value, datetime.date):
        return template_localtime(value).isoformat()
    return defaultfilters.date(template_localtime(value), arg)


@pass_context
def language_links(context):
    """This page in every language, for the switcher and `hreflang` (languages.switcher)."""
    request = context.get("request")
    if request is None:
        return []
    return switcher.links(request, context.get("language_urls"))


@pass_context
def news_article_json_ld(context, item, url):
    return rendering.news_article_json_ld(context["request"], item, url)


def environment(**options):
    # As in Django's templates, a missing name or attribute is empty, also when DEBUG is on
    # (the backend's default then prints the expression).
    options["undefined"] = ChainableUndefined
    options.pop("autoescape", None)
    env = Environment(autoescape=True, **options)
    env.globals.update(
        # Only `_("...")` with one literal: `make messages` finds those in templates, and
        # the backend translates them when compiling (TranslatedLiterals).
        _=translation.gettext,
        get_current_language=translation.get_language,
        url=url,
        address=address,
        published=published,
        static=static_url,
        language_links=language_links,
        news_article_json_ld=news_article_json_ld,
        image_sources=rendering.image_sources,
        back_query=back_query,
    )
    env.filters.update(
        date=date,
        truncatechars=rendering.truncated,
        urlencode=defaultfilters.urlencode,
        rich_text=rendering.rich_text,
    )
    return env
