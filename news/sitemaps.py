"""The sitemap: every published item, every section and the static pages, per language.

`/sitemap.xml` is an index: for each language, one sitemap for the pages and sections and
one per month from the newest item's month back to the oldest's, so that no sitemap grows
with the archive and the index itself costs two indexed look-ups per language at any size.
Each sitemap holds one language, the one of its address (`/ru/sitemap-pages.xml`).
"""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone

from languages.addresses import origin, reverse, reverser
from news.dates import months_with_items, period
from news.models import Item, Section


class ItemSitemap(Sitemap):
    """One month's published items."""

    changefreq = "monthly"

    def __init__(self, year, month):
        self.start, self.end = period(year, month)

    def items(self):
        return (
            Item.objects.published()
            .in_language()
            .filter(published_at__gte=self.start, published_at__lt=self.end)
            .select_related("section")
            .order_by("-published_at", "-id")
        )

    def lastmod(self, item):
        return item.updated_at


class SectionSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        latest = (
            Item.objects.published()
            .in_language()
            .filter(section=OuterRef("pk"))
            .order_by()
            .values("section")
            .annotate(latest=Max("updated_at"))
            .values("latest")
        )
        return Section.objects.annotate(lastmod=Subquery(latest))

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
        return Item.objects.published().in_language().aggregate(latest=Max("updated_at"))["latest"]


PAGE_SITEMAPS = {"static": StaticSitemap, "sections": SectionSitemap}


def index_entries(request):
    """The sitemaps `/sitemap.xml` lists, in every language, as absolute URLs (strings: none
    has a date of its last change, and an object per month cost 5 % of the index)."""
    urls = []
    now = timezone.now()
    for language, _name in settings.LANGUAGES:
        addresses = reverser(language)
        urls.append(addresses("news:sitemap-pages"))
        urls.extend(
            addresses("news:sitemap-items", kwargs={"year": year, "month": month})
            for year, month in months_with_items(language, now)
        )
    # Every address is a path from the root: the site's own origin, found once, before it.
    site = origin(request)
    return [site + url for url in urls]
