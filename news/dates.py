"""Calendar periods of the archive and the sitemaps, in the site's time zone."""

import datetime

from django.utils import timezone

from news import queries


def period(year, month=None):
    """Aware (start, end) of a year, or of a month of it.

    Raises ValueError for a period the calendar or the database cannot hold (year 0,
    year 10,000, or year 1 east of Greenwich, whose start is in year 0 in UTC).
    """
    if month is None:
        return month_start(year, 1), month_start(year + 1, 1)
    return month_start(year, month), month_start(*following(year, month))


def month_start(year, month):
    """When a month starts in the site's time zone (ValueError as for `period`)."""
    try:
        start = timezone.make_aware(datetime.datetime(year, month, 1))
        start.astimezone(datetime.UTC)
    except (OverflowError, ValueError) as error:
        raise ValueError(f"no such period: {year}-{month}") from error
    return start


def following(year, month):
    return (year, month + 1) if month < 12 else (year + 1, 1)


def preceding(year, month):
    return (year, month - 1) if month > 1 else (year - 1, 12)


def months_with_items(language, now):
    """(year, month) from the newest published item's month back to the oldest's, of the
    items in `language` public at `now`."""
    values = {"language": language, "now": now}
    span = queries.PUBLISHED_SPAN(**values)
    if not span:
        return []
    newest, oldest = (timezone.localtime(moment) for moment in span[0])
    months = []
    year, month = newest.year, newest.month
    while (year, month) >= (oldest.year, oldest.month):
        months.append((year, month))
        year, month = preceding(year, month)
    return months


def month_bounds(months):
    """The moments between `months`, (year, month) contiguous and newest first: the
    newest's end, then each one's start, as far back as the calendar and the database go
    (`period`)."""
    bounds = []
    for year, month in [following(*months[0]), *months] if months else []:
        try:
            bounds.append(month_start(year, month))
        except ValueError:
            break
    return bounds
