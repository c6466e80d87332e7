"""A GIN index on the weighted search document, on PostgreSQL only (SQLite has no GIN).

Migration 0012 replaces it with an index on a stored document column; the expression is
spelled out here so this migration keeps meaning what it meant.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEX_NAME = "news_item_search"


def index():
    document = (
        SearchVector("title", weight="A", config="english")
        + SearchVector("lead", weight="B", config="english")
        + SearchVector("body", weight="C", config="english")
    )
    return GinIndex(document, name=INDEX_NAME)


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("news", "Item"), index())


def remove_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("news", "Item"), index())


class Migration(migrations.Migration):
    dependencies = [("news", "0007_add_share_links")]

    operations = [migrations.RunPython(add_index, remove_index)]
