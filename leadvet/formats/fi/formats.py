# "to 26.11.2026 klo 15.00", as Intl.DateTimeFormat("fi", {weekday: "short", day: "numeric",
# month: "short", year: "numeric", hour: "numeric", minute: "2-digit"}) writes it.
DATETIME_FORMAT = r"D j.n.Y \k\l\o G.i"
