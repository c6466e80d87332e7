"""Which release of the site a process runs: a digest of what its pages are made from.

Pages are cached under it as well as under the public content's version. With a cache
shared between processes (Redis, memcached), a deployment's new workers would otherwise be
served, until the next change to the content or for the hour pages are kept, the pages the
old ones rendered with the old templates, code, translations or stylesheets' names; and
while old and new workers run side by side, each would be served the other's.
"""

import functools
import hashlib
from pathlib import Path

from django.apps import apps
from django.conf import settings

# The site's own folders besides its apps: the project's package, templates, static files,
# catalogues.
FOLDERS = ("cstosite", "jinja2", "templates", "static", "locale")
# The pinned dependencies: an upgrade can change what a page says, too.
FILES = ("requirements.txt",)
SUFFIXES = {".py", ".html", ".xml", ".txt", ".po", ".mo", ".css", ".js", ".svg", ".json"}


def sources(root):
    """The files under `root` that make the pages: its own apps' code, templates and
    static files, the folders in FOLDERS, the FILES; in a fixed order."""
    folders = {root / name for name in FOLDERS}
    for config in apps.get_app_configs():
        path = Path(config.path)
        # Not an installed package, even one in a virtualenv inside the project.
        if path.is_relative_to(root) and "site-packages" not in path.parts:
            folders.add(path)
    found = {root / name for name in FILES if (root / name).is_file()}
    for folder in folders:
        found.update(
            path
            for path in folder.rglob("*")
            if path.suffix in SUFFIXES and path.is_file() and "__pycache__" not in path.parts
        )
    return sorted(found)


def release(root=None):
    """A short digest of the names and contents of `sources(root)`: the same for the same
    code on any machine, another after any change. Without `root`, the running site's,
    worked out once per process (~10 ms): a worker runs one release until it is replaced."""
    if root is None:
        return running_release()
    root = Path(root)
    digest = hashlib.sha256()
    for path in sources(root):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


@functools.cache
def running_release():
    return release(settings.BASE_DIR)
