"""Per-language date formats that differ from Django's (FORMAT_MODULE_PATH points here).

Only the names set in <language>/formats.py change; every other format falls back to Django's
own locale module. Date-times carry the weekday, because people plan events by it, and are
written the way the browser's Intl.DateTimeFormat writes them, so the server's Helsinki time
and the viewer's local time that static/js/events.js adds beside it look alike.
"""
