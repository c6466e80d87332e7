"""What a backup holds: the database as a Django fixture (XML), the media files, and a manifest
with the row count of each model and the SHA-256 of each media file, checked on restore."""

import hashlib
import json
from pathlib import Path

from django.apps import apps

# XML: the JSON serializer cuts times to milliseconds, XML keeps them exact.
DATA, MEDIA, MANIFEST = "data.xml", "media.tar.gz", "manifest.json"
# Made by migrations or derived, not content: recreated, never restored.
EXCLUDED = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "axes",
    "pagecache",
]


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def media_checksums(root):
    root = Path(root)
    if not root.is_dir():
        return {}
    return {
        path.relative_to(root).as_posix(): sha256(path)
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def row_counts():
    """Rows of every model a backup holds, by label."""
    counts = {}
    for model in apps.get_models():
        label = model._meta.label
        if model._meta.app_label in EXCLUDED or label.lower() in EXCLUDED:
            continue
        if model._meta.proxy or not model._meta.managed:
            continue
        counts[label] = model._default_manager.count()
    return counts


def write_manifest(folder, media_root):
    manifest = {"rows": row_counts(), "media": media_checksums(media_root)}
    (Path(folder) / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return manifest


def read_manifest(folder):
    return json.loads((Path(folder) / MANIFEST).read_text())
