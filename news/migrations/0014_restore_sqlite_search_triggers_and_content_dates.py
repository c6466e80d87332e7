"""After 0013: SQLite rebuilt the item table to add its columns, which dropped migration
0011's FTS5 triggers with the old table; they are created again (and the index rebuilt).
Any later migration that rebuilds the table on SQLite must do the same.

Existing items' content last changed when they were last saved.
"""

import importlib

from django.db import migrations
from django.db.models import F

fts = importlib.import_module("news.migrations.0011_sqlite_full_text_search")
TRIGGERS = [statement for statement in fts.CREATE if "CREATE TRIGGER" in statement]


def restore_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for name in ("insert", "delete", "update"):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS news_item_fts_{name}")
    for statement in TRIGGERS:
        schema_editor.execute(statement)
    schema_editor.execute("INSERT INTO news_item_fts(news_item_fts) VALUES ('rebuild')")


def content_dates(apps, schema_editor):
    apps.get_model("news", "Item").objects.update(content_changed_at=F("updated_at"))


class Migration(migrations.Migration):
    dependencies = [("news", "0013_add_languages_and_translations")]

    operations = [
        migrations.RunPython(restore_triggers, migrations.RunPython.noop),
        migrations.RunPython(content_dates, migrations.RunPython.noop),
    ]
