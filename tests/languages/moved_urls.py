"""The news under another address, for tests/languages/test_addresses.py."""

from django.urls import include, path

urlpatterns = [path("moved/", include("news.urls"))]
