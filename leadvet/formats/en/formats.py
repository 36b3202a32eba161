# European English: day before month, a 24-hour clock. "Thu, 26 Nov 2026, 15:00", as
# Intl.DateTimeFormat("en-GB", {weekday: "short", day: "numeric", month: "short",
# year: "numeric", hour: "numeric", minute: "2-digit"}) writes it (static/js/events.js).
DATETIME_FORMAT = "D, j M Y, G:i"
DATE_FORMAT = "j M Y"
TIME_FORMAT = "G:i"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y G:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
FIRST_DAY_OF_WEEK = 1  # Monday
