"""On SQLite, an FTS5 index of items' title, lead and body, kept in step by triggers.

`unicode61` folds case for every alphabet (Cyrillic included, which SQLite's LIKE does
not) and strips diacritics. PostgreSQL uses its own full-text search (migration 0008).
"""

from django.db import migrations

CREATE = [
    """CREATE VIRTUAL TABLE news_item_fts USING fts5(
        title, lead, body, content='news_item', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER news_item_fts_insert AFTER INSERT ON news_item BEGIN
        INSERT INTO news_item_fts(rowid, title, lead, body)
        VALUES (new.id, new.title, new.lead, new.body);
    END""",
    """CREATE TRIGGER news_item_fts_delete AFTER DELETE ON news_item BEGIN
        INSERT INTO news_item_fts(news_item_fts, rowid, title, lead, body)
        VALUES ('delete', old.id, old.title, old.lead, old.body);
    END""",
    """CREATE TRIGGER news_item_fts_update AFTER UPDATE OF title, lead, body ON news_item BEGIN
        INSERT INTO news_item_fts(news_item_fts, rowid, title, lead, body)
        VALUES ('delete', old.id, old.title, old.lead, old.body);
        INSERT INTO news_item_fts(rowid, title, lead, body)
        VALUES (new.id, new.title, new.lead, new.body);
    END""",
    "INSERT INTO news_item_fts(news_item_fts) VALUES ('rebuild')",
]
DROP = [
    "DROP TRIGGER IF EXISTS news_item_fts_update",
    "DROP TRIGGER IF EXISTS news_item_fts_delete",
    "DROP TRIGGER IF EXISTS news_item_fts_insert",
    "DROP TABLE IF EXISTS news_item_fts",
]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("news", "0010_image_dimensions_for_renditions")]

    operations = [migrations.RunPython(run(CREATE), run(DROP))]
