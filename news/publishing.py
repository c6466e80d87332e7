"""Changing what the public sees: publish, schedule, unpublish, delete, and their record.

These functions are the rules; the admin (form, bulk actions, delete) is one client of
them. Each checks the publish permission itself, so no path can skip it.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from news.models import Item, PublishingEvent

PUBLISH_PERMISSION = "news.publish_item"
PUBLISHING_FIELDS = ("status", "published_at", "unpublish_at")


def can_publish(user):
    return bool(user and user.is_active and user.has_perm(PUBLISH_PERMISSION))


def check_can_publish(user):
    if not can_publish(user):
        raise PermissionDenied("You may not change what the public sees.")


def publishing_state(item):
    """The fields that decide visibility, to compare before and after a save."""
    return tuple(getattr(item, field) for field in PUBLISHING_FIELDS)


def next_public_change():
    """When the public site next changes by time alone (a scheduled item goes live or a
    published one expires), or None; the page cache starts a new version then."""
    now = timezone.now()
    published = Item.objects.filter(status=Item.Status.PUBLISHED)
    moments = [
        published.filter(published_at__gt=now).aggregate(at=Min("published_at"))["at"],
        published.filter(unpublish_at__gt=now).aggregate(at=Min("unpublish_at"))["at"],
    ]
    return min((moment for moment in moments if moment), default=None)


def record(item, action, by):
    return PublishingEvent.objects.create(
        item=item,
        item_title=item.title,
        action=action,
        user=by,
        effective_at=item.published_at if action == PublishingEvent.Action.SCHEDULED else None,
    )


def record_change(item, before, by):
    """Record the event a save caused, given `publishing_state()` from before it (None: new).

    Returns the event, or None when the save changed nothing the public sees.
    """
    if before == publishing_state(item):
        return None
    was_published = before is not None and before[0] == Item.Status.PUBLISHED
    if item.status == Item.Status.PUBLISHED:
        if item.published_at > timezone.now():
            return record(item, PublishingEvent.Action.SCHEDULED, by)
        return record(item, PublishingEvent.Action.PUBLISHED, by)
    if was_published:
        return record(item, PublishingEvent.Action.UNPUBLISHED, by)
    return None


@transaction.atomic
def publish(item, by):
    """Publish `item` now, or keep it scheduled when its date is in the future."""
    check_can_publish(by)
    before = publishing_state(item)
    now = timezone.now()
    if item.status != Item.Status.PUBLISHED and item.published_at <= now:
        item.published_at = now  # readers see the day it went out, not the day it was drafted
    item.status = Item.Status.PUBLISHED
    if item.unpublish_at and item.unpublish_at <= item.published_at:
        item.unpublish_at = None
    item.updated_by = by
    item.save()
    return record_change(item, before, by)


@transaction.atomic
def unpublish(item, by):
    """Take `item` off the public site; it becomes a draft again."""
    check_can_publish(by)
    before = publishing_state(item)
    item.status = Item.Status.DRAFT
    item.updated_by = by
    item.save()
    return record_change(item, before, by)


def may_delete(item, user):
    """Editors may delete drafts; only publishers may delete anything that was published."""
    if not user.has_perm("news.delete_item"):
        return False
    return item.status == Item.Status.DRAFT or can_publish(user)


@transaction.atomic
def delete(item, by):
    if not may_delete(item, by):
        raise PermissionDenied("You may not delete this item.")
    record(item, PublishingEvent.Action.DELETED, by)
    item.delete()
