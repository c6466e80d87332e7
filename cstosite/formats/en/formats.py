# English dates: lists and item pages write DD.MM.YYYY (templates); a month or a date
# written out (archives, the admin) uses these.
DATE_FORMAT = "j F Y"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d.m.Y"
