"""A GIN index on the weighted search document, on PostgreSQL only (SQLite has no GIN)."""

from django.db import migrations

from news.search import search_index


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("news", "Item"), search_index())


def remove_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("news", "Item"), search_index())


class Migration(migrations.Migration):
    dependencies = [("news", "0007_add_share_links")]

    operations = [migrations.RunPython(add_index, remove_index)]
