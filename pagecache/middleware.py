"""Serve public pages from the cache until anything the public sees changes.

Only views marked with `pagecache.public_page` are stored, only for readers without a
session (staff see previews and their own state), and only whole 200 responses that set
no cookie. The key holds the public content's version (see `pagecache.state`) and the full
URL with its host, so a change or a scheduled time passing is never served stale; and the
release of the code that rendered the page (`pagecache.release`), so a deployment never
serves the pages of the one before from a shared cache.

The cache is an aid, never a need: when its server (Redis, memcached) fails to answer,
the page is rendered as if it were not cached, a warning is logged, and the cache is left
alone for `PAGE_CACHE["RETRY_AFTER"]` seconds, so that readers do not each wait on it.
"""

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.memcached import BaseMemcachedCache
from django.core.exceptions import MiddlewareNotUsed
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from pymemcache.exceptions import MemcacheError
from redis.exceptions import RedisError

from pagecache.release import release
from pagecache.state import current_version

logger = logging.getLogger(__name__)

# Memcached keeps no entry over 1 MiB (the key and pickling's overhead included): larger
# pages are not offered to it, where it would answer with an error.
MEMCACHED_MAX_BYTES = 1_000_000


# What the cache clients raise when their server cannot be reached or fails to answer:
# refused, reset or timed-out connections, and each client's own errors.
UNANSWERED = (OSError, RedisError, MemcacheError)


def page_key(release, version, url):
    """The cache key of the page at `url` (absolute, with its host) as the site's
    `release` (pagecache.release) renders it under the public content's `version`."""
    digest = hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()
    return f"page:{release}:{version}:{digest}"


class PageCacheMiddleware:
    def __init__(self, get_response):
        if not settings.PAGE_CACHE["ENABLED"]:
            raise MiddlewareNotUsed
        self.get_response = get_response
        self.cache = caches[settings.PAGE_CACHE.get("CACHE", "default")]
        self.timeout = settings.PAGE_CACHE.get("TIMEOUT", 3600)
        self.release = release()
        self.retry_after = settings.PAGE_CACHE.get("RETRY_AFTER", 5)
        self.max_bytes = MEMCACHED_MAX_BYTES if isinstance(self.cache, BaseMemcachedCache) else None
        # Until when (time.monotonic) the cache is left alone after it failed to answer.
        self.unused_until = 0.0

    def __call__(self, request):
        if (
            request.method not in ("GET", "HEAD")
            or settings.SESSION_COOKIE_NAME in request.COOKIES
            or (self.unused_until and not self.back_in_use())
        ):
            return self.get_response(request)
        key = page_key(self.release, current_version(), request.build_absolute_uri())
        try:
            entry = self.cache.get(key)
        except UNANSWERED as error:
            self.leave_alone(error)
            return self.get_response(request)
        if entry is not None:
            return self.from_entry(request, *entry)
        response = self.get_response(request)
        if self.may_store(response):
            try:
                self.cache.set(key, self.to_entry(response), self.timeout)
            except UNANSWERED as error:
                self.leave_alone(error)
        return response

    def back_in_use(self):
        if time.monotonic() < self.unused_until:
            return False
        self.unused_until = 0.0
        return True

    def leave_alone(self, error):
        self.unused_until = time.monotonic() + self.retry_after
        logger.warning(
            "The page cache did not answer (%r): pages are rendered without it for %s s.",
            error,
            self.retry_after,
        )

    def may_store(self, response):
        return (
            getattr(response, "public_page", False)
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and response.has_header("ETag")
            and (self.max_bytes is None or len(response.content) <= self.max_bytes)
        )

    def to_entry(self, response):
        return response.status_code, response.content, list(response.items())

    def from_entry(self, request, status, content, headers):
        response = HttpResponse(content, status=status, headers=dict(headers))
        return get_conditional_response(request, etag=response["ETag"], response=response)
