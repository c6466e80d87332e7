from django.urls import path

from news import feeds, views

app_name = "news"

# Feed addresses come before the section and item patterns they would otherwise match;
# news.models.RESERVED_SLUGS keeps sections and items from taking these names.
urlpatterns = [
    path("", views.home, name="home"),
    path("preview/<str:token>/", views.shared_preview, name="shared-preview"),
    path("news/", views.ItemListView.as_view(), name="index"),
    path("news/feed/", feeds.LatestNewsFeed(), name="feed"),
    path("news/feed/atom/", feeds.LatestNewsAtomFeed(), name="feed-atom"),
    path("news/<slug:section>/", views.SectionView.as_view(), name="section"),
    path("news/<slug:section>/feed/", feeds.SectionFeed(), name="section-feed"),
    path("news/<slug:section>/feed/atom/", feeds.SectionAtomFeed(), name="section-feed-atom"),
    path("news/<slug:section>/<slug:slug>/", views.ItemDetailView.as_view(), name="item"),
]
