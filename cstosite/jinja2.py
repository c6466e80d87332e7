"""The Jinja2 environment of the public pages (Django's own Jinja2 backend).

The public pages are rendered by Jinja2, which compiles a template to Python code: about a
third of the Django template language's time for the same page (docs/performance-history.md). The
admin keeps Django's templates. What the templates may call is listed here and nowhere
else: Django's own URL, static, translation and date helpers and the apps' small
functions, so a template reads like a Django one and never queries the database. How the
templates are compiled and run is `cstosite.jinja2_engine`.
"""

from django.core.signals import setting_changed
from django.template import defaultfilters
from django.templatetags.static import static
from django.urls import get_script_prefix
from django.utils import translation
from django.utils.timezone import get_current_timezone, template_localtime
from jinja2 import ChainableUndefined, pass_context

from cstosite.jinja2_engine import Environment
from languages import switcher
from languages.addresses import of_request, origin, reverse
from news import rendering
from news.navigation import back_query


def page_context(request):
    """What a page's render reads once (a context processor): the functions below, bound
    to its reverser (languages.addresses) and its time zone, which are thread-local reads
    otherwise, and `origin`, the site's scheme and host, for absolute addresses. Renders
    without a request use the unbound globals of the same names (and have no `origin`)."""
    addresses = of_request(request)
    zone = get_current_timezone()

    def url(name, *args, **kwargs):
        return addresses(name, args=args or None, kwargs=kwargs or None)

    def address(obj):
        return obj.get_absolute_url(addresses)

    def published(moment):
        return rendering.published(moment, zone)

    def local_iso(moment):
        return rendering.local_iso(moment, zone)

    def day(value):
        return rendering.day(value, zone)

    return {
        "url": url,
        "address": address,
        "published": published,
        "local_iso": local_iso,
        "day": day,
        "origin": origin(request),
    }


def url(name, *args, **kwargs):
    """`{{ url("news:section", section.slug) }}`: Django's `{% url %}`."""
    return reverse(name, args=args or None, kwargs=kwargs or None)


def address(obj):
    """`{{ address(item) }}`: `item.get_absolute_url()`."""
    return obj.get_absolute_url()


def published(moment):
    """`{{ published(item.published_at) }}`: the `<time>` of an item (news.rendering)."""
    return rendering.published(moment, get_current_timezone())


def local_iso(moment):
    """`{{ local_iso(item.published_at) }}`: the moment in local time as ISO 8601."""
    return rendering.local_iso(moment, get_current_timezone())


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
    """`{{ item.published_at|date("d.m.Y") }}`: Django's `date` filter, in local time."""
    return defaultfilters.date(template_localtime(value), arg)


def day(value):
    """`{{ day(url.lastmod) }}`: the day of a moment in local time (or of a date) as
    YYYY-MM-DD (news.rendering)."""
    return rendering.day(value, get_current_timezone())


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
        local_iso=local_iso,
        day=day,
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
