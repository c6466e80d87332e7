"""The sitemap: every published item, every section and the static pages."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, OuterRef, Subquery
from django.urls import reverse

from news.models import Item, Section


class ItemSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return Item.objects.published().select_related("section").order_by("-published_at", "-id")

    def lastmod(self, item):
        return item.updated_at


class SectionSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        latest = (
            Item.objects.published()
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
        return Item.objects.published().aggregate(latest=Max("updated_at"))["latest"]


SITEMAPS = {"static": StaticSitemap, "sections": SectionSitemap, "items": ItemSitemap}
