"""`manage.py maintain_database`: news.maintenance, after a bulk import and nightly on SQLite."""

from django.core.management.base import BaseCommand
from django.db import connection

from news.maintenance import maintain


class Command(BaseCommand):
    help = "Refresh the planner's statistics and merge SQLite's search index (nightly on SQLite)."

    def handle(self, *args, **options):
        maintain()
        self.stdout.write(f"{connection.vendor}: statistics refreshed, search index merged")
