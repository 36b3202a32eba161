# Estonian: day first and a 24-hour clock, "neljap. 26.11.2026 kl 15:00". Django's Estonian
# formats set no week start (Sunday would follow) and no input formats (month first would).
DATETIME_FORMAT = r"D j.n.Y \k\l G:i"
SHORT_DATE_FORMAT = "j.n.Y"
SHORT_DATETIME_FORMAT = "j.n.Y G:i"
FIRST_DAY_OF_WEEK = 1  # Monday
# What the date boxes accept (leadvet.lib.forms.DateInput), ISO 8601 too (Django adds it).
DATE_INPUT_FORMATS = ["%d.%m.%Y", "%d.%m.%y"]
DATETIME_INPUT_FORMATS = [
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y %H.%M",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%y %H:%M",
    "%d.%m.%Y",
]
