"""The sitemap: every published item, every section and the static pages, per language.

`/sitemap.xml` is an index: for each language, one sitemap for the pages and sections and
one per month from the newest item's month back to the oldest's, so that no sitemap grows
with the archive and the index itself costs one statement of two indexed look-ups per
language at any size. Each sitemap holds one language, the one of its address
(`/ru/sitemap-pages.xml`).
"""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.functional import cached_property

from languages.addresses import of_request, origin, reverse, reverser
from news import queries
from news.dates import months_with_items, period
from news.models import Item, Section
from news.pagination import PAGE_SIZE


class ItemSitemap(Sitemap):
    """One month's published items."""

    changefreq = "monthly"

    def __init__(self, year, month):
        self.start, self.end = period(year, month)

    def items(self):
        # A list: Django's paginator takes its length rather than counting them in SQL.
        # The language and URLconf read once, not for each of a month's addresses: each
        # a thread-local read, a third of the sitemap's time (its days: `page_context`).
        self.addresses = reverser()
        values = {"language": self.addresses.language, "now": timezone.now()}
        return queries.SITEMAP_ENTRIES(since=self.start, until=self.end, **values)

    def location(self, item):
        return item.get_absolute_url(self.addresses)

    def lastmod(self, item):
        return item.updated_at


class LatestChange(Subquery):
    """The latest `changed` among a subquery's rows."""

    template = "(SELECT MAX(changed) FROM (%(subquery)s) listed)"


def first_page_changes(items):
    """When each of the items on a list's first page last changed or was published: a
    list's last change, as its sitemap entry gives it (an older item's edit is on the
    item's own page, in its month's sitemap). Read from the list's index, where the latest
    change of all its items read every one (2 s for a sitemap at a million items)."""
    newest = items.order_by("-published_at", "-id")[:PAGE_SIZE]
    return newest.annotate(changed=Greatest("updated_at", "published_at")).values("changed")


class SectionSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        items = Item.objects.published().in_language().filter(section=OuterRef("pk"))
        return Section.objects.annotate(lastmod=LatestChange(first_page_changes(items)))

    def lastmod(self, section):
        return section.lastmod


class StaticSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return ["news:home", "news:index", "press:contacts"]

    def location(self, name):
        return reverse(name)

    def lastmod(self, name):
        if name == "press:contacts":
            return None
        return self.latest_change  # the home page and the news list: the newest items

    @cached_property
    def latest_change(self):
        changes = first_page_changes(Item.objects.published().in_language())
        return max((row["changed"] for row in changes), default=None)


PAGE_SITEMAPS = {"static": StaticSitemap, "sections": SectionSitemap}


def index_entries(request):
    """The sitemaps `/sitemap.xml` lists, in every language, as absolute URLs (strings: none
    has a date of its last change, and an object per month cost 5 % of the index)."""
    urls = []
    now = timezone.now()
    page = of_request(request)
    for language, _name in settings.LANGUAGES:
        addresses = page.in_language(language)
        urls.append(addresses("news:sitemap-pages"))
        urls.extend(
            addresses("news:sitemap-items", kwargs={"year": year, "month": month})
            for year, month in months_with_items(language, now)
        )
    # Every address is a path from the root: the site's own origin, found once, before it.
    site = origin(request)
    return [site + url for url in urls]
