"""The interface catalogues: complete in both languages, and holding every string in use."""

import os
import re
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

LOCALE = Path(settings.BASE_DIR) / "locale"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")


def catalogue(language):
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def translations(entry):
    return list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]


@pytest.mark.parametrize("language", ["en", "ru"])
def test_every_message_is_translated_and_none_is_fuzzy(language):
    messages = catalogue(language)

    assert len(messages) > 200
    assert [entry.msgid for entry in messages.untranslated_entries()] == []
    assert [entry.msgid for entry in messages.fuzzy_entries()] == []


def test_russian_messages_keep_their_placeholders_and_are_russian():
    for entry in catalogue("ru"):
        wanted = sorted(PLACEHOLDER.findall(entry.msgid))
        for text in translations(entry):
            assert sorted(set(PLACEHOLDER.findall(text))) == sorted(set(wanted)), entry.msgid
            letters = re.sub(r"%\(\w+\)[sd]|<[^>]+>|RSS|Atom|JPEG|PNG|GIF|WebP", "", text)
            assert re.search("[а-яё]", letters, re.I), entry.msgid


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext (CI installs it)")
def test_the_catalogues_hold_every_string_the_code_and_templates_use(settings, tmp_path):
    """`make messages` would add nothing: no string in use is missing a translation."""
    # A copy of the sources with an empty locale folder: makemessages writes beside them.
    source = tmp_path / "source"
    shutil.copytree(
        settings.BASE_DIR,
        source,
        ignore=shutil.ignore_patterns(
            ".*", "var", "media", "locale", "tests", "bench", "__pycache__", "*.sqlite3"
        ),
    )
    (source / "locale").mkdir()
    settings.LOCALE_PATHS = [source / "locale"]
    here = os.getcwd()
    os.chdir(source)
    try:
        call_command("makemessages", locale=["ru"], no_location=True, verbosity=0)
    finally:
        os.chdir(here)
    in_use = {
        entry.msgid for entry in polib.pofile(str(source / "locale/ru/LC_MESSAGES/django.po"))
    }

    assert in_use - {entry.msgid for entry in catalogue("ru")} == set()
    assert {entry.msgid for entry in catalogue("ru")} - in_use == set()  # nothing stale


def test_compile_catalogues_writes_what_django_reads(tmp_path, settings):
    folder = tmp_path / "ru" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    shutil.copy(LOCALE / "ru" / "LC_MESSAGES" / "django.po", folder)
    settings.LOCALE_PATHS = [tmp_path]

    call_command("compile_catalogues", verbosity=0)

    compiled = polib.mofile(str(folder / "django.mo"))
    assert {entry.msgid: entry.msgstr for entry in compiled}["All news"] == "Все новости"
