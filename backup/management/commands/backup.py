"""Save the database and the media files into a folder that `restore` can load."""

import tarfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from backup.archive import DATA, EXCLUDED, MEDIA, write_manifest


class Command(BaseCommand):
    help = "Save the database (as a fixture) and the media files into FOLDER."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)

    def handle(self, *args, folder, **options):
        folder.mkdir(parents=True, exist_ok=True)
        if any(folder.iterdir()):
            raise CommandError(f"{folder} is not empty: choose a new folder for the backup.")
        call_command(
            "dumpdata",
            *[f"--exclude={label}" for label in EXCLUDED],
            "--format=xml",
            "--natural-foreign",
            "--natural-primary",
            f"--output={folder / DATA}",
            verbosity=0,
        )
        media_root = Path(settings.MEDIA_ROOT)
        with tarfile.open(folder / MEDIA, "w:gz") as archive:
            if media_root.is_dir():
                archive.add(media_root, arcname=".")
        manifest = write_manifest(folder, media_root)
        rows = sum(manifest["rows"].values())
        self.stdout.write(f"Saved {rows} rows and {len(manifest['media'])} media files to {folder}")
