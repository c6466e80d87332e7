"""Serve public pages from the cache until anything the public sees changes.

Only views marked with `pagecache.public_page` are stored, only for readers without a
session (staff see previews and their own state), and only whole 200 responses that set
no cookie. The key holds the public content's version (see `pagecache.state`) and the full
URL with its host, so a change or a scheduled time passing is never served stale.
"""

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import MiddlewareNotUsed
from django.http import HttpResponse
from django.utils.cache import get_conditional_response

from pagecache.state import current_version


class PageCacheMiddleware:
    def __init__(self, get_response):
        if not settings.PAGE_CACHE["ENABLED"]:
            raise MiddlewareNotUsed
        self.get_response = get_response
        self.cache = caches[settings.PAGE_CACHE.get("CACHE", "default")]
        self.timeout = settings.PAGE_CACHE.get("TIMEOUT", 3600)

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or settings.SESSION_COOKIE_NAME in request.COOKIES:
            return self.get_response(request)
        url = request.build_absolute_uri().encode()
        key = f"page:{current_version()}:{hashlib.md5(url, usedforsecurity=False).hexdigest()}"
        entry = self.cache.get(key)
        if entry is not None:
            return self.from_entry(request, *entry)
        response = self.get_response(request)
        if self.may_store(response):
            self.cache.set(key, self.to_entry(response), self.timeout)
        return response

    def may_store(self, response):
        return (
            getattr(response, "public_page", False)
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and response.has_header("ETag")
        )

    def to_entry(self, response):
        return response.status_code, response.content, list(response.items())

    def from_entry(self, request, status, content, headers):
        response = HttpResponse(content, status=status, headers=dict(headers))
        return get_conditional_response(request, etag=response["ETag"], response=response)
