import os
import shutil

import pytest

from bench.cache_servers import COMMANDS, CacheServer
from cstosite.settings import cache_from_url


def start(kind):
    """A server of `kind` for these tests; where it is not installed, the tests that need it
    are skipped, except in CI (`.ci/run` installs both), where they fail."""
    binary = COMMANDS[kind].split()[0]  # also the name of its Debian package
    if shutil.which(binary) is None:
        message = f"{binary} not found (apt-get install {binary})"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    server = CacheServer(kind)
    server.start()
    return server


@pytest.fixture(scope="session")
def cache_servers():
    """The Redis and memcached servers of this test run, each started when first asked for."""
    servers = {}

    def server(kind):
        if kind not in servers or servers[kind].process is None:
            servers[kind] = start(kind)
        return servers[kind]

    yield server
    for each in servers.values():
        each.stop()


@pytest.fixture
def use_cache(settings, cache_servers):
    """`use_cache(kind)`: the site's cache on a real server of `kind` ("redis",
    "memcached"), named as `DJANGO_CACHE_URL` names it, and emptied; returns the server."""

    def use(kind):
        server = cache_servers(kind)
        server.flush()
        settings.CACHES = {"default": cache_from_url(server.url)}
        return server

    return use


@pytest.fixture(params=["redis", "memcached"])
def shared_cache(request, use_cache):
    return use_cache(request.param)
