"""Compile the interface catalogues (locale/*/LC_MESSAGES/*.po) into the .mo files Django
reads, in Python: Django's own compilemessages needs GNU gettext's msgfmt, which a fresh
machine or a slim production image may not have.
"""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Compile the .po catalogues of LOCALE_PATHS into .mo files."

    def add_arguments(self, parser):
        parser.add_argument(
            "--fill",
            metavar="LANGUAGE",
            help="First give every empty message of LANGUAGE's catalogues its own text "
            "(for the language the source is written in, after makemessages).",
        )

    def handle(self, *args, fill=None, **options):
        catalogues = sorted(
            path
            for folder in settings.LOCALE_PATHS
            for path in Path(folder).glob("*/LC_MESSAGES/*.po")
        )
        if not catalogues:
            raise CommandError(f"No catalogues in {settings.LOCALE_PATHS}.")
        for path in catalogues:
            try:
                catalogue = polib.pofile(str(path))
            except (OSError, ValueError) as error:
                raise CommandError(f"{path}: {error}") from error
            if fill and path.parent.parent.name == fill:
                self.fill_with_source(catalogue)
                catalogue.save()
            catalogue.save_as_mofile(str(path.with_suffix(".mo")))
            if options["verbosity"] > 0:
                self.stdout.write(f"{path}: {catalogue.percent_translated()}% translated")

    def fill_with_source(self, catalogue):
        for entry in catalogue.untranslated_entries() + catalogue.fuzzy_entries():
            entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
            entry.previous_msgid = entry.previous_msgid_plural = None
            if entry.msgid_plural:
                entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
            else:
                entry.msgstr = entry.msgid
