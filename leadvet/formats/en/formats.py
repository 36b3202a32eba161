# "Thu, Nov 26, 2026, 3:00 PM", as Intl.DateTimeFormat("en", {weekday: "short", day: "numeric",
# month: "short", year: "numeric", hour: "numeric", minute: "2-digit"}) writes it.
DATETIME_FORMAT = "D, M j, Y, g:i A"
DATE_FORMAT = "M j, Y"
TIME_FORMAT = "g:i A"
SHORT_DATETIME_FORMAT = "m/d/Y g:i A"
