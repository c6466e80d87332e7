"""PostgreSQL: each item's search document parsed with its own language's dictionary
(Russian stems "учения" and "учений" alike; English stems "exercises"). news.search picks
the same dictionary for the query from the page's language.
"""

from django.db import migrations


def document(config):
    return (
        f"setweight(to_tsvector('{config}'::regconfig, COALESCE(title, '')), 'A')"
        f" || setweight(to_tsvector('{config}'::regconfig, COALESCE(lead, '')), 'B')"
        f" || setweight(to_tsvector('{config}'::regconfig, COALESCE(body, '')), 'C')"
    )


def replace_column(expression):
    return [
        "DROP INDEX IF EXISTS news_item_search",
        "ALTER TABLE news_item DROP COLUMN IF EXISTS search_document",
        f"ALTER TABLE news_item ADD COLUMN search_document tsvector GENERATED ALWAYS AS ({expression}) STORED",
        "CREATE INDEX news_item_search ON news_item USING gin (search_document)",
    ]


PER_LANGUAGE = f"CASE WHEN language = 'ru' THEN {document('russian')} ELSE {document('english')} END"
ENGLISH_ONLY = document("english")


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("news", "0014_restore_sqlite_search_triggers_and_content_dates")]

    operations = [
        migrations.RunPython(run(replace_column(PER_LANGUAGE)), run(replace_column(ENGLISH_ONLY)))
    ]
