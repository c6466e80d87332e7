"""A GIN index on the weighted search document, on PostgreSQL only (SQLite has no GIN)."""

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations

from news.search import weighted_vector

INDEX_NAME = "news_item_search"


def index():
    return GinIndex(weighted_vector(), name=INDEX_NAME)


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("news", "Item"), index())


def remove_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("news", "Item"), index())


class Migration(migrations.Migration):
    dependencies = [("news", "0007_add_share_links")]

    operations = [migrations.RunPython(add_index, remove_index)]
