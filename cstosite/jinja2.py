"""The Jinja2 environment of the public pages (Django's own Jinja2 backend).

The public pages are rendered by Jinja2, which compiles a template to Python code: about a
third of the Django template language's time for the same page (docs/performance.md). The
admin keeps Django's templates. What the templates may call is listed here and nowhere
else: Django's own URL, static, translation and date helpers and the apps' small
functions, so a template reads like a Django one and never queries the database.
"""

from django.template import defaultfilters
from django.templatetags.static import static
from django.utils import translation
from django.utils.timezone import get_current_timezone, template_localtime
from jinja2 import ChainableUndefined, Environment, pass_context

from languages import switcher
from languages.addresses import reverse, reverser
from news import rendering


def page_context(request):
    """What a public page's render reads once (a context processor): its reverser
    (languages.addresses) and its time zone, each a thread-local read otherwise."""
    return {"addresses": reverser(), "time_zone": get_current_timezone()}


@pass_context
def published(context, moment):
    """`{{ published(item.published_at) }}`: the `<time>` of an item (news.rendering)."""
    return rendering.published(moment, context.get("time_zone") or get_current_timezone())


@pass_context
def url(context, name, *args, **kwargs):
    """`{{ url("news:section", section.slug) }}`: Django's `{% url %}`, through the page's
    reverser (languages.addresses) when it has one."""
    addresses = context.get("addresses") or reverse
    return addresses(name, args=args or None, kwargs=kwargs or None)


@pass_context
def address(context, obj):
    """`{{ address(item) }}`: `item.get_absolute_url()`, through the page's reverser."""
    return obj.get_absolute_url(context.get("addresses"))


def date(value, arg=None):
    """`{{ item.published_at|date("d.m.Y") }}`: Django's `date` filter, in local time."""
    return defaultfilters.date(template_localtime(value), arg)


@pass_context
def language_links(context):
    """This page in every language, for the switcher and `hreflang` (languages.switcher)."""
    request = context.get("request")
    if request is None:
        return []
    return switcher.links(request, context.get("language_urls"))


@pass_context
def news_article_json_ld(context, item):
    return rendering.news_article_json_ld(context["request"], item)


def environment(**options):
    # As in Django's templates, a missing name or attribute is empty, also when DEBUG is on
    # (the backend's default then prints the expression).
    options["undefined"] = ChainableUndefined
    options.pop("autoescape", None)
    env = Environment(autoescape=True, **options)
    env.globals.update(
        # Only `_("...")` with one literal: `make messages` finds those in templates.
        _=translation.gettext,
        get_current_language=translation.get_language,
        url=url,
        address=address,
        published=published,
        static=static,
        language_links=language_links,
        news_article_json_ld=news_article_json_ld,
        image_sources=rendering.image_sources,
    )
    env.filters.update(
        date=date,
        truncatechars=defaultfilters.truncatechars,
        urlencode=defaultfilters.urlencode,
        rich_text=rendering.rich_text,
    )
    return env
