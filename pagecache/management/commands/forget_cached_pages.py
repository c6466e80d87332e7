"""Start a new public version, so that no page cached before is served again.

For a change the page cache cannot see: rows changed by SQL or `queryset.update()` (no
model signal), a template edited in place on a server. Every worker, on every machine,
renders each page anew at its next request.
"""

from django.core.management.base import BaseCommand

from pagecache.state import raise_version


class Command(BaseCommand):
    help = "Forget every cached public page: the next request for each renders it anew."

    def handle(self, *args, **options):
        version = raise_version()
        self.stdout.write(f"Cached pages forgotten: the public content is now version {version}")
