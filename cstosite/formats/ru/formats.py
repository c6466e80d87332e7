# Russian dates: "29 ноября 2026" (the genitive month, E) in full, "Ноябрь 2026" for a month.
DATE_FORMAT = "j E Y"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j E"
SHORT_DATE_FORMAT = "d.m.Y"
