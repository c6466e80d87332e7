from django.urls import path, register_converter

from news import feeds, views


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
    path("", views.home, name="home"),
    path("preview/<str:token>/", views.shared_preview, name="shared-preview"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("news/", views.ItemListView.as_view(), name="index"),
    path("news/feed/", feeds.LatestNewsFeed(), name="feed"),
    path("news/feed/atom/", feeds.LatestNewsAtomFeed(), name="feed-atom"),
    path("news/archive/", views.ArchiveIndexView.as_view(), name="archive"),
    path("news/archive/<int:year>/", views.YearArchiveView.as_view(), name="archive-year"),
    path(
        "news/archive/<int:year>/<month:month>/",
        views.MonthArchiveView.as_view(),
        name="archive-month",
    ),
    path("news/<slug:section>/", views.SectionView.as_view(), name="section"),
    path("news/<slug:section>/feed/", feeds.SectionFeed(), name="section-feed"),
    path("news/<slug:section>/feed/atom/", feeds.SectionAtomFeed(), name="section-feed-atom"),
    path("news/<slug:section>/<slug:slug>/", views.ItemDetailView.as_view(), name="item"),
]
