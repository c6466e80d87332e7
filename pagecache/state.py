"""The public content's version: read once per cached request, raised by every change."""

import math

from django.apps import apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import F, Subquery
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.module_loading import import_string

from cstosite.prepared import on_server
from pagecache.models import PublicState

ROW = 1
VERSION_SQL = f"SELECT version, changes_at FROM {PublicState._meta.db_table} WHERE id = {ROW}"  # noqa: S608 - the model's table, a constant  # nosec B608


def ms(moment):
    """`moment` as the state stores times: milliseconds since the epoch."""
    return moment.timestamp() * 1000


def now_ms():
    return ms(timezone.now())


def change_came(changes_at, now):
    """Whether the scheduled change at `changes_at` (ms, or None for none) has come by
    `now` (ms): the content read under its version is no longer the public's."""
    return changes_at is not None and changes_at <= now


def next_change_ms():
    """When the public content next changes by time alone, in ms, or None."""
    schedule = settings.PAGE_CACHE.get("SCHEDULE")
    moment = import_string(schedule)() if schedule else None
    return math.ceil(ms(moment)) if moment else None


def current_version():
    """The version pages are cached under; raised first if a scheduled change has come."""
    # One indexed read per request, without the ORM's overhead: this is the hot path. On
    # PostgreSQL a statement prepared once per session: planned on each run, the read took
    # 47 µs of the server's CPU against 30 (a request's round trip 100 against 78 µs).
    with connection.cursor() as cursor:
        cursor.execute(on_server(connection, VERSION_SQL, slots=[], sent=[]))
        row = cursor.fetchone()
    if row is None or change_came(row[1], now_ms()):
        return raise_version()
    return row[0]


def read_with():
    """The version and when it ends by time alone, as annotations for a statement of any
    table (`public_version`, `public_changes_at`): what was read with them is known to be
    the public's for as long as `still_current` says so."""
    state = PublicState.objects.filter(pk=ROW)
    return {
        "public_version": Subquery(state.values("version")),
        "public_changes_at": Subquery(state.values("changes_at")),
    }


def still_current(version, read, now):
    """Whether what was read under `version` is still the public's at `now`, given the
    row `read` with `read_with()` just now: the same version, and no scheduled change
    has come since (the version is raised lazily for those, by the next `current_version`)."""
    if version is None or read.public_version != version:
        return False
    return not change_came(read.public_changes_at, ms(now))


def may_remember(using=DEFAULT_DB_ALIAS):
    """Whether what was read on `using` under a public version may be remembered under it
    past this read (news.anchors, the sections `news.queries` holds): not inside a
    transaction. The version read there may be the transaction's own; rolled back, the
    next change raises the version to the same number, under which what was read of the
    rolled-back content would be trusted."""
    return not connections[using].in_atomic_block


def catch_up(read):
    """Raise the version if, by the clock, the scheduled change ending the one `read` (with
    `read_with()`) has come. With the page cache on, the next request would
    (`current_version`); with it off, no request does, and what is trusted only under a
    current version (news.anchors) would not be again until someone saved something."""
    if change_came(read.public_changes_at, now_ms()):
        current_version()  # reads the row again: raised once, whoever comes first


def raise_version(**kwargs):
    """Start a new version: pages cached under older ones are never served again."""
    changes_at = next_change_ms()
    updated = PublicState.objects.filter(pk=ROW).update(
        version=F("version") + 1, changes_at=changes_at
    )
    if not updated:
        PublicState.objects.get_or_create(pk=ROW, defaults={"changes_at": changes_at})
    return PublicState.objects.values_list("version", flat=True).get(pk=ROW)


def watch_models():
    """Raise the version whenever a model the public pages show is saved or deleted."""
    for label in settings.PAGE_CACHE.get("WATCH", []):
        model = apps.get_model(label)
        post_save.connect(raise_version, sender=model, dispatch_uid=f"pagecache-save-{label}")
        post_delete.connect(raise_version, sender=model, dispatch_uid=f"pagecache-del-{label}")


def forget_pages_on_template_change(sender, file_path, **kwargs):
    """While developing (runserver's autoreloader), an edited template shows at once."""
    if file_path.suffix in (".html", ".txt", ".xml"):
        raise_version()
