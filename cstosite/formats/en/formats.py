# English dates on the public pages: lists keep DD.MM.YYYY (templates), full dates and
# months are written out.
DATE_FORMAT = "j F Y"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d.m.Y"
