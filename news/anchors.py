"""Where the deep pages of the public lists start, remembered from the pages read before.

A deep page read by position steps over every item before it in the listing index: at page
500, 5,000 entries (0.7 ms on PostgreSQL, 0.3 ms on SQLite, the same at any N). A page read
tells where two pages start: its own, after the item just before it (read with the page),
and the next one, after its last item. Whoever reads either page next starts there instead,
by key, the way page 1 starts at the newest item: a crawler walking the pages, and the
many readers of one deep page.

An anchor is the item a page starts after, with the public content's version it was read
under (pagecache.state). The statement that reads from it reads the version too, and the
page is trusted only if nothing the public sees changed since: any publish, edit,
unpublish, delete or scheduled moment raises the version, and the page is read by position
again (one statement more, once per change, page and process).

A list's length is remembered the same way, with the version it was counted under: a page
past the end, which shows the last page instead, is known to be past it by reading the
version alone, not by stepping over every item of the list and counting them (0.26 s at a
million items, for every page number a client makes up).

Neither is remembered from a read inside a transaction (`pagecache.state.may_remember`).
"""

from typing import NamedTuple

from pagecache.state import catch_up, may_remember, still_current

# The most anchors a process keeps; past it, they start again.
MAX_ANCHORS = 10_000

_anchors = {}
_lengths = {}


class Anchor(NamedTuple):
    version: int
    published_at: object
    pk: int


def find(place):
    """The anchor of the page starting at `place` (a list and a position), or None."""
    return _anchors.get(place)


def holds(place, anchor, rows, now):
    """Whether `rows`, read from the `anchor` of `place` with the public version, are the
    page's. An anchor that no longer holds is forgotten, and the page is read by position
    (past a scheduled moment, `remember` then raises the version)."""
    if rows and still_current(anchor.version, rows[0], now):
        return True
    _anchors.pop(place, None)
    return False


def remember(place, before, now):
    """Remember that the page at `place` starts after the item `before`, read with the
    public version (`pagecache.state.read_with`), if that version is still current. If
    it ended at a scheduled moment, the version is raised for the next read to anchor."""
    if not may_remember(before._state.db):
        return
    if not still_current(before.public_version, before, now):
        catch_up(before)
        return
    if len(_anchors) >= MAX_ANCHORS:
        _anchors.clear()
    _anchors[place] = Anchor(before.public_version, before.published_at, before.pk)


class Length(NamedTuple):
    version: int
    count: int


def length(place, count, version):
    """How many items the list `place` holds: remembered while the public version is the
    one it was counted under, else `count()`. `version()` reads the current version; it
    is read before counting, so that a change in between leaves the count under a version
    already past."""
    current = version()
    known = _lengths.get(place)
    if known is not None and known.version == current:
        return known.count
    counted = count()
    # An empty list (a section's address made up) is quick to count again.
    if counted and may_remember():
        if len(_lengths) >= MAX_ANCHORS:
            _lengths.clear()
        _lengths[place] = Length(current, counted)
    return counted


def known_past(place, start, version):
    """Whether the list `place` is known to end before `start`, by the length counted
    before under the current version (`version()`, read only when a length is remembered
    that `start` lies past)."""
    known = _lengths.get(place)
    return known is not None and start >= known.count and known.version == version()


def forget():
    _anchors.clear()
    _lengths.clear()
