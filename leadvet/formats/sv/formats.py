# Swedish as Finland's public sector writes it (the portal's Swedish is Finland-Swedish): day
# first and a 24-hour clock with a full stop, "tors 26.11.2026 kl. 15.00", as
# Intl.DateTimeFormat("sv-FI") writes the time (static/js/events.js). Django's Swedish formats
# are Sweden's (2026-11-26), and its input formats read 10/25/2006 month first.
DATETIME_FORMAT = r"D j.n.Y \k\l. G.i"
TIME_FORMAT = "G.i"
SHORT_DATE_FORMAT = "j.n.Y"
SHORT_DATETIME_FORMAT = "j.n.Y G.i"
# The date boxes accept what Finland's Finnish ones do (day first, a colon or a full stop).
from leadvet.formats.fi.formats import DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS  # noqa: E402, F401
