"""Versions of an item's content: history, pending changes to live items, compare, restore.

Why our own model rather than django-reversion or django-simple-history: both record what
was saved to the row, but a pending version is content that must *not* reach the row (the
live page) until a publisher accepts it. One small model holds every saved version and the
pending one alike, so history, compare, restore and "publish changes" share one shape.
"""

import difflib

from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags

from news import publishing
from news.models import Item, ItemVersion, PublishingEvent
from news.richtext import clean_html

# Content a version holds; publishing fields (status, dates) are decisions, not content.
CONTENT_FIELDS = [
    "language", "section", "title", "slug", "lead", "body", "image", "image_alt", "image_caption",
    "image_credit", "press_contact", "translation_of",
]  # fmt: skip


def snapshot(item):
    """The item's content as JSON-ready values (foreign keys as ids, files as names), the
    body sanitized as it would be stored."""
    data = {}
    for name in CONTENT_FIELDS:
        field = Item._meta.get_field(name)
        value = field.value_from_object(item)
        data[name] = value.name if hasattr(value, "name") else value
    data["body"] = clean_html(data["body"])
    return data


def apply(item, data):
    """Put a version's content on `item` (not saved)."""
    for name, value in data.items():
        field = Item._meta.get_field(name)
        setattr(item, field.attname, value)


def note_content_change(item, before):
    """Stamp `item.content_changed_at` (not saved) if its content differs from the
    snapshot `before`; translations are compared by it (news.translations)."""
    if snapshot(item) != before:
        item.content_changed_at = timezone.now()


def record_version(item, by, data=None):
    return ItemVersion.objects.create(
        item=item, data=snapshot(item) if data is None else data, created_by=by
    )


def is_live_or_scheduled(item):
    return item.status == Item.Status.PUBLISHED


@transaction.atomic
def save_pending(item, data, by):
    """Keep `data` as the item's pending version; the live row is not touched."""
    item.pending_version = record_version(item, by, data)
    item.updated_by = by
    item.version += 1
    item.save(update_fields=["pending_version", "updated_by", "updated_at", "version"])
    return item.pending_version


@transaction.atomic
def publish_pending(item, by):
    """A publisher accepts the pending version: it becomes the live content.

    Raises ValidationError, changing nothing, if that content is no longer valid."""
    publishing.check_can_publish(by)
    if item.pending_version is None:
        return None
    before = snapshot(item)
    apply(item, item.pending_version.data)
    item.full_clean()  # the address or translation may have been taken meanwhile
    note_content_change(item, before)
    item.pending_version = None
    item.updated_by = by
    item.save()
    return publishing.record(item, PublishingEvent.Action.PUBLISHED, by)


@transaction.atomic
def discard_pending(item, by):
    publishing.check_can_publish(by)
    item.pending_version = None
    item.version += 1
    item.save(update_fields=["pending_version", "version", "updated_at"])


@transaction.atomic
def restore(item, version, by):
    """Bring back an old version as a draft: pending on a live item, the content of a draft.

    Raises ValidationError, changing nothing, if that content is no longer valid."""
    if is_live_or_scheduled(item):
        return save_pending(item, version.data, by)
    before = snapshot(item)
    apply(item, version.data)
    item.full_clean()  # an old version's address or translation may be taken now
    note_content_change(item, before)
    item.updated_by = by
    item.save()
    return record_version(item, by)


def text_of(field, value):
    if field == "body":
        return strip_tags(value or "").replace("\xa0", " ")
    return "" if value is None else str(value)


def compare(older, newer):
    """Field-by-field differences between two versions' data, for people to read.

    Returns a list of dicts: field label, old and new text, and for the body a unified
    diff of its text, line by sentence.
    """
    changes = []
    for name in CONTENT_FIELDS:
        old, new = older.get(name), newer.get(name)
        if old == new:
            continue
        label = Item._meta.get_field(name).verbose_name
        change = {"field": label, "old": text_of(name, old), "new": text_of(name, new)}
        if name == "body":
            change["diff"] = list(
                difflib.unified_diff(
                    _sentences(change["old"]), _sentences(change["new"]), lineterm="", n=1
                )
            )[2:]
        changes.append(change)
    return changes


def _sentences(text):
    return [part.strip() for part in text.replace(". ", ".\n").splitlines() if part.strip()]
