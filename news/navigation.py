"""Where "Go back" on an item leads.

List pages pass their own address to the items they link (`?from=/news/section/?page=2`);
the item page accepts it only when it names one of this site's list pages that can list
that item, and rebuilds the address itself, so no outside or crafted URL ever reaches
the page. Anything else falls back to the item's section.
"""

from urllib.parse import urlencode, urlsplit

from django.http import QueryDict
from django.urls import Resolver404, resolve
from django.utils.http import url_has_allowed_host_and_scheme

from languages.addresses import reverse
from news.pagination import MAX_PAGE

ARCHIVE_PAGES = {"news:archive-year", "news:archive-month"}


def list_page_url(view_name, kwargs=None, page=1):
    """The address of a list page, with `?page=N` only past the first page."""
    return page_of(reverse(view_name, kwargs=kwargs), page)


def page_of(list_url, page):
    """Page `page` of the list at `list_url` (its first page's address)."""
    return f"{list_url}?{urlencode({'page': page})}" if page > 1 else list_url


def back_query(list_url):
    """`?from=<list_url>`, what a list page adds to the addresses of the items it links."""
    return f"?{urlencode({'from': list_url})}" if list_url else ""


def back_url(candidate, item):
    """The list page `candidate` names if it may list `item`, else the item's section."""
    fallback = item.section.get_absolute_url()
    if not candidate or not url_has_allowed_host_and_scheme(candidate, allowed_hosts=set()):
        return fallback
    parts = urlsplit(candidate)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return fallback
    try:
        match = resolve(parts.path)
    except Resolver404:
        return fallback
    allowed = match.view_name in {"news:home", "news:index", *ARCHIVE_PAGES} or (
        match.view_name == "news:section" and match.kwargs.get("section") == item.section.slug
    )
    if not allowed:
        return fallback
    query = QueryDict(parts.query)
    if set(query) - {"page"} or len(query.getlist("page")) > 1:
        return fallback
    page = query.get("page", "1")
    if not page.isdigit() or len(page) > len(str(MAX_PAGE)) or not 1 <= int(page) <= MAX_PAGE:
        return fallback
    return list_page_url(match.view_name, match.kwargs, int(page))
