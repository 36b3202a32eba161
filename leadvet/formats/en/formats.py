# European English: day before month, a 24-hour clock. "Thu, 26 Nov 2026, 15:00", as
# Intl.DateTimeFormat("en-GB", {weekday: "short", day: "numeric", month: "short",
# year: "numeric", hour: "numeric", minute: "2-digit"}) writes it (static/js/events.js).
DATETIME_FORMAT = "D, j M Y, G:i"
DATE_FORMAT = "j M Y"
TIME_FORMAT = "G:i"
# 5.12.2026: day.month, never 12/05/2026 (which a Finn, an Estonian and an American each
# read differently).
SHORT_DATE_FORMAT = "j.n.Y"
SHORT_DATETIME_FORMAT = "j.n.Y G:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
FIRST_DAY_OF_WEEK = 1  # Monday
# What the date boxes accept (leadvet.lib.forms.DateInput), ISO 8601 too (Django adds it).
DATE_INPUT_FORMATS = ["%d.%m.%Y"]
DATETIME_INPUT_FORMATS = ["%d.%m.%Y %H:%M", "%d.%m.%Y %H.%M", "%d.%m.%Y"]
