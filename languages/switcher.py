"""The language switcher and `hreflang` alternates: each page's address in each language.

By default a page's address in another language is the same view with the same arguments
under that language's prefix (`/news/x/` and `/ru/news/x/`), without `?page=`: lists differ
in length between languages. A view whose page may not exist in another language (an item
without a published translation, an archive month) gives its own addresses instead, as
`language_urls` in its context: {language: PageAddress}.
"""

from dataclasses import dataclass
from urllib import parse

from django.conf import settings
from django.urls import NoReverseMatch, Resolver404, resolve
from django.utils.http import urlencode
from django.utils.translation import get_language_info

from languages.addresses import of_request, origin, reverser

# ?untranslated on a section page: the reader came from an item with no translation.
UNTRANSLATED = "untranslated"


@dataclass(frozen=True)
class PageAddress:
    url: str
    # False when the address is a nearby page rather than this page in that language:
    # search engines are told only of true alternates.
    alternate: bool = True


def same_page(request, language):
    """This request's page in `language`: the same view and arguments, or the home page."""
    match = getattr(request, "resolver_match", None)
    if match is None:  # an error page: the request may not have been resolved
        try:
            match = resolve(request.path_info)
        except Resolver404:
            match = None
    addresses = of_request(request).in_language(language)
    try:
        url = addresses(match.view_name, args=match.args, kwargs=match.kwargs)
    except (AttributeError, NoReverseMatch):  # no match, or a page without a name
        return PageAddress(addresses("news:home"), alternate=False)
    if not request.GET:
        return PageAddress(url)
    query, paginated = query_without_page(request)
    return PageAddress(f"{url}?{query}" if query else url, alternate=not paginated)


def query_without_page(request):
    """The request's query string without its `page` (as `QueryDict.urlencode` writes
    it, the query not copied), and whether it had one."""
    pairs = [(key, value) for key, values in request.GET.lists() for value in values]
    kept = [pair for pair in pairs if pair[0] != "page"]
    return parse.urlencode(kept), len(kept) < len(pairs)


def in_language(language, view_name, kwargs=None, query=None, addresses=None):
    """The address of a named page in `language`, with an optional query dict; through
    `addresses` (a page's reverser, `of_request`) in that language when given."""
    in_it = reverser(language) if addresses is None else addresses.in_language(language)
    url = in_it(view_name, kwargs=kwargs)
    return f"{url}?{urlencode(query, doseq=True)}" if query else url


def links(request, language_urls=None):
    """Every language with this page's address in it, the active one marked current."""
    language_urls = language_urls or {}
    current = of_request(request).language
    site = origin(request)
    result = []
    for code, _name in settings.LANGUAGES:
        if code == current:
            address = PageAddress(request.get_full_path())
        else:
            address = language_urls.get(code) or same_page(request, code)
        info = get_language_info(code)
        same_origin = address.url.startswith("/") and not address.url.startswith("//")
        result.append(
            {
                "code": code,
                "name": info["name_local"],
                "url": address.url,
                "absolute_url": (
                    site + address.url if same_origin else request.build_absolute_uri(address.url)
                ),
                "alternate": address.alternate,
                "is_current": code == current,
                "is_default": code == settings.LANGUAGE_CODE,
            }
        )
    return result
