"""The site's URLs plus media serving, for browser tests that load uploaded images."""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from cstosite.urls import urlpatterns as site_urlpatterns

urlpatterns = [
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    *site_urlpatterns,
]
