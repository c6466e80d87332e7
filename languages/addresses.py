"""`reverse()` that remembers its answers: the public pages build dozens of addresses each.

An address depends only on the URLconf, the script prefix, the active language (the
`/ru/` prefix) and the view name and arguments, all of which are in the key, so a
remembered answer is always the one Django would give: this holds no content and is never
stale. Django's `reverse()` costs tens of microseconds; an uncached list page called it
about forty times (docs/performance.md). The public pages' code (models, views, feeds,
sitemaps, templates' `url()`) reverses through here; the admin keeps Django's.
"""

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf
from django.urls import reverse as django_reverse
from django.utils.translation import get_language

# Enough for every section and the items of many pages; past it, start again.
MAX_ADDRESSES = 10_000

_addresses = {}


def reverse(viewname, args=None, kwargs=None):
    """Django's `reverse(viewname, args=..., kwargs=...)`, remembered."""
    return _reverse(_context(), viewname, args, kwargs)


def reverser():
    """`reverse` for many addresses in the present context (URLconf, script prefix,
    language), which it reads once: those three reads cost more than the look-up. Its
    addresses are those of that context; used in another, it raises rather than answer
    for the wrong one."""
    return Reverser(_context())


class Reverser:
    def __init__(self, context):
        self.context = context
        self.language = context[2]

    def __call__(self, viewname, args=None, kwargs=None):
        return _reverse(self.context, viewname, args, kwargs)


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
    if context != _context():  # Django would answer for the present context
        raise RuntimeError("a reverser used outside the context it was made in")
    address = django_reverse(viewname, args=args, kwargs=kwargs)
    if len(_addresses) >= MAX_ADDRESSES:
        _addresses.clear()
    _addresses[key] = address
    return address
