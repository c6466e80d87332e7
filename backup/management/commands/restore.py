"""Load a folder written by `backup` into an empty installation, and check it."""

import tarfile
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from backup.archive import DATA, MEDIA, media_checksums, read_manifest, row_counts
from news.models import Item
from pagecache.state import raise_version


class Command(BaseCommand):
    help = "Restore a backup FOLDER into this (empty) installation: database and media."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)

    def handle(self, *args, folder, **options):
        manifest = read_manifest(folder)
        call_command("migrate", interactive=False, verbosity=0)
        if Item.objects.exists() or get_user_model().objects.exists():
            raise CommandError("This installation has items or users: restore into an empty one.")
        media_root = Path(settings.MEDIA_ROOT)
        if any(media_checksums(media_root)):
            raise CommandError(f"{media_root} is not empty: restore into an empty one.")
        with transaction.atomic():
            call_command("loaddata", str(folder / DATA), verbosity=0)
            counts = row_counts()
            missing = {
                label: (count, counts.get(label))
                for label, count in manifest["rows"].items()
                if counts.get(label) != count
            }
            if missing:  # rolls the load back: nothing half-restored
                raise CommandError(f"Rows differ from the backup (saved, loaded): {missing}")
        media_root.mkdir(parents=True, exist_ok=True)
        with tarfile.open(folder / MEDIA, "r:gz") as archive:
            archive.extractall(media_root, filter="data")
        if media_checksums(media_root) != manifest["media"]:
            raise CommandError("Media files differ from the backup's checksums.")
        raise_version()
        rows = sum(manifest["rows"].values())
        self.stdout.write(f"Restored {rows} rows and {len(manifest['media'])} media files")
