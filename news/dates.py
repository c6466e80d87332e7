"""Calendar periods of the archive and the sitemaps, in the site's time zone."""

import datetime

from django.utils import timezone


def period(year, month=None):
    """Aware (start, end) of a year, or of a month of it.

    Raises ValueError for a period the calendar or the database cannot hold (year 0,
    year 10,000, or year 1 east of Greenwich, whose start is in year 0 in UTC).
    """
    try:
        start = datetime.datetime(year, month or 1, 1)
        if month is None:
            end = start.replace(year=year + 1)
        else:
            end = (start + datetime.timedelta(days=32)).replace(day=1)
        start, end = timezone.make_aware(start), timezone.make_aware(end)
        start.astimezone(datetime.UTC), end.astimezone(datetime.UTC)
    except (OverflowError, ValueError) as error:
        raise ValueError(f"no such period: {year}-{month}") from error
    return start, end
