"""`reverse()` that remembers its answers: the public pages build dozens of addresses each.

An address depends only on the URLconf, the script prefix, the active language (the
`/ru/` prefix) and the view name and arguments, all of which are in the key, so a
remembered answer is always the one Django would give: this holds no content and is never
stale. Django's `reverse()` costs tens of microseconds; an uncached list page called it
about forty times (docs/performance-history.md). The public pages' code (models, views, feeds,
sitemaps, templates' `url()`) reverses through here; the admin keeps Django's.
"""

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf
from django.urls import reverse as django_reverse
from django.utils.translation import get_language, override

# Enough for every section and the items of many pages; past it, start again.
MAX_ADDRESSES = 10_000

_addresses = {}


def reverse(viewname, args=None, kwargs=None):
    """Django's `reverse(viewname, args=..., kwargs=...)`, remembered."""
    return _reverse(_context(), viewname, args, kwargs)


def reverser(language=None):
    """`reverse` for many addresses in the present context (URLconf, script prefix,
    language), which it reads once: those three reads cost more than the look-up. With
    `language`, the addresses in that language instead (as under `override(language)`).
    Its addresses are those of that context; used under another URLconf or script prefix,
    it raises rather than answer for the wrong one."""
    context = _context()
    return Reverser(context if language is None else (*context[:2], language))


class Reverser:
    def __init__(self, context):
        self.context = context
        self.language = context[2]

    def __call__(self, viewname, args=None, kwargs=None):
        return _reverse(self.context, viewname, args, kwargs)

    def in_language(self, language):
        """This reverser's addresses in `language` (`reverser(language)`, read from this)."""
        return Reverser((*self.context[:2], language))


def of_request(request, again=False):
    """The reverser of `request`'s page (`reverser()`), made at its first use and kept on
    the request: the view, its template and the language switcher read the URLconf,
    script prefix and language once between them, where each read all three (~1 µs a
    read, through asgiref's `Local`), up to four times a page. The page's language is
    the one active at that first use (LocaleMiddleware's, for the whole request); a page
    rendered in another language makes it `again` under it (news.previews)."""
    if again or not hasattr(request, "addresses"):
        request.addresses = reverser()
    return request.addresses


def origin(request):
    """The site's own scheme and host (`https://example.org`), to put before addresses
    from the root; worked out once per request: Django checks the host against
    ALLOWED_HOSTS on every read (~8 µs)."""
    try:
        return request.site_origin
    except AttributeError:
        request.site_origin = request.build_absolute_uri("/").removesuffix("/")
        return request.site_origin


def _context():
    return (get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), get_language())


def _reverse(context, viewname, args, kwargs):
    key = (
        context,
        viewname,
        tuple(args) if args else (),
        tuple(kwargs.items()) if kwargs else (),
    )
    try:
        return _addresses[key]
    except KeyError:
        pass
    present = _context()
    if context[:2] != present[:2]:  # Django would answer for the present context
        raise RuntimeError("a reverser used outside the context it was made in")
    if context[2] == present[2]:
        address = django_reverse(viewname, args=args, kwargs=kwargs)
    else:
        with override(context[2]):
            address = django_reverse(viewname, args=args, kwargs=kwargs)
    if len(_addresses) >= MAX_ADDRESSES:
        _addresses.clear()
    _addresses[key] = address
    return address
