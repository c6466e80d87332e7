from django.urls import path

from news import views

app_name = "news"

urlpatterns = [
    path("", views.home, name="home"),
    path("preview/<str:token>/", views.shared_preview, name="shared-preview"),
    path("news/", views.ItemListView.as_view(), name="index"),
    path("news/<slug:section>/", views.SectionView.as_view(), name="section"),
    path("news/<slug:section>/<slug:slug>/", views.ItemDetailView.as_view(), name="item"),
]
