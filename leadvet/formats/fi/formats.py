# "to 26.11.2026 klo 15.00", as Intl.DateTimeFormat("fi", {weekday: "short", day: "numeric",
# month: "short", year: "numeric", hour: "numeric", minute: "2-digit"}) writes it.
DATETIME_FORMAT = r"D j.n.Y \k\l\o G.i"
# What the date boxes accept (leadvet.lib.forms.DateInput), ISO 8601 too (Django adds it):
# Django's Finnish formats and "5.12.2026 14:00" with a colon, as the boxes write it.
DATE_INPUT_FORMATS = ["%d.%m.%Y", "%d.%m.%y"]
DATETIME_INPUT_FORMATS = [
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y %H.%M",
    "%d.%m.%Y %H.%M.%S",
    "%d.%m.%y %H.%M",
    "%d.%m.%Y",
]
