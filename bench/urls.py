"""The site's URLs plus the ceiling: the least a Django view can do under the same server."""

from django.http import HttpResponse
from django.urls import path

from cstosite.urls import urlpatterns as site_urlpatterns


def ceiling(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/ceiling/", ceiling, name="bench-ceiling"), *site_urlpatterns]
