"""PostgreSQL: fresh statistics for news_item after 0013-0015 added `language` and
rewrote the table. Without them the planner guesses that `language = 'en'` is rare and
reads a deep list page through the slug index: 2.1 s instead of 2 ms at 1M items, until
autovacuum gets round to it.
"""

from django.db import migrations


def analyze(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ANALYZE news_item")


class Migration(migrations.Migration):
    dependencies = [("news", "0015_search_document_per_language")]

    operations = [migrations.RunPython(analyze, migrations.RunPython.noop)]
