"""PostgreSQL: each item's search document kept in its row (storage MAIN), not in the
TOAST table.

With the column's default storage (EXTENDED) a row past 2 kB moves its largest values out,
and the document, a kilobyte and more of positions that hardly compress, went first: every
item's. A search reads the document of each match it ranks, and each read went through
the TOAST index, about 2 µs a match, more than ranking it. MAIN moves the other long values
(the body) out first and the document only when the row cannot hold it otherwise. The
lists never read the document; the item page reads its body from the TOAST table, as it
already did for long bodies.

`VACUUM FULL` rewrites the rows already stored (new and edited rows follow the new storage
anyway) and locks the table while it copies it (34 s for a million items here); a plain
`VACUUM` then marks the new pages all-visible, which `VACUUM FULL` does not, and without
which the index-only reads of the lists and the sitemap would visit the table again
(page 500 read by position at 1M: 0.9 -> 2.9 ms). Neither runs in a transaction, hence
`atomic = False`.
"""

from django.db import migrations


def storage(kind, rewrite):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(
            f"ALTER TABLE news_item ALTER COLUMN search_document SET STORAGE {kind}"
        )
        if rewrite:
            schema_editor.execute("VACUUM FULL news_item")
            schema_editor.execute("VACUUM (ANALYZE) news_item")

    return operation


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("news", "0016_analyze_items_after_the_language_columns")]

    operations = [migrations.RunPython(storage("MAIN", True), storage("EXTENDED", False))]
