# Dutch: day first with hyphens and a 24-hour clock, "do 26-11-2026 15:00" (Django's own short
# date, 26-11-2026, is already the Dutch one). The date boxes write 5-12-2026 and read a date
# with full stops too (5.12.2026, as the other languages write it), never month first.
DATETIME_FORMAT = "D j-n-Y H:i"
DATE_INPUT_FORMATS = ["%d-%m-%Y", "%d-%m-%y", "%d.%m.%Y", "%d/%m/%Y"]
DATETIME_INPUT_FORMATS = [
    "%d-%m-%Y %H:%M",
    "%d-%m-%Y %H.%M",
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%y %H:%M",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y %H.%M",
    "%d/%m/%Y %H:%M",
    "%d-%m-%Y",
    "%d.%m.%Y",
]
