from django.urls import path, register_converter

from news import feeds, views
from pagecache.decorators import public_page


class TwoDigitMonth:
    """Months as 01-12 in archive URLs, so each month has one address."""

    regex = "0[1-9]|1[0-2]"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):02d}"


register_converter(TwoDigitMonth, "month")

app_name = "news"

# Feed addresses come before the section and item patterns they would otherwise match;
# news.models.RESERVED_SLUGS keeps sections and items from taking these names.
urlpatterns = [
    path("", public_page(views.home), name="home"),
    path("preview/<str:token>/", views.shared_preview, name="shared-preview"),
    path("search/", public_page(views.SearchView.as_view()), name="search"),
    path("sitemap.xml", public_page(views.sitemap_index), name="sitemap"),
    path("sitemap-pages.xml", public_page(views.sitemap_pages), name="sitemap-pages"),
    path(
        "sitemap-items-<int:year>-<month:month>.xml",
        public_page(views.sitemap_items),
        name="sitemap-items",
    ),
    path("news/", public_page(views.ItemListView.as_view()), name="index"),
    path("news/feed/", public_page(feeds.LatestNewsFeed()), name="feed"),
    path("news/feed/atom/", public_page(feeds.LatestNewsAtomFeed()), name="feed-atom"),
    path("news/archive/", public_page(views.ArchiveIndexView.as_view()), name="archive"),
    path(
        "news/archive/<int:year>/",
        public_page(views.YearArchiveView.as_view()),
        name="archive-year",
    ),
    path(
        "news/archive/<int:year>/<month:month>/",
        public_page(views.MonthArchiveView.as_view()),
        name="archive-month",
    ),
    path("news/<slug:section>/", public_page(views.SectionView.as_view()), name="section"),
    path("news/<slug:section>/feed/", public_page(feeds.SectionFeed()), name="section-feed"),
    path(
        "news/<slug:section>/feed/atom/",
        public_page(feeds.SectionAtomFeed()),
        name="section-feed-atom",
    ),
    path(
        "news/<slug:section>/<slug:slug>/", public_page(views.ItemDetailView.as_view()), name="item"
    ),
]
