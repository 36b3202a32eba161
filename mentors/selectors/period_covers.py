"""A period of days as the grains of the contact rollups (mentors/models/rollups.py): whole
years, whole months and the days around them, each added or taken away, so that a figure reads
the fewest rows and stays exact. Dates only; the reads are `contact_figures`'.

- `month_split`: the whole calendar months of a period and the days outside them.
- `month_cover`: whole months with days added and taken away, where reading a month whole
  and subtracting its days outside the period reads less (the days after today are free).
- `year_cover`: whole months as calendar years with months added and taken away, likewise
  (the months after this one are free).
"""

import datetime
from dataclasses import dataclass


def month_split(
    start: datetime.date, end: datetime.date
) -> tuple[tuple[datetime.date, datetime.date] | None, list[tuple[datetime.date, datetime.date]]]:
    """The whole calendar months in start–end (the first days of the first and the last), or
    None; and the day ranges of start–end outside them (none, one or two)."""
    first = start if start.day == 1 else month_after(start)
    day_after = end + datetime.timedelta(days=1)
    stop = day_after if day_after.day == 1 else day_after.replace(day=1)
    if first >= stop:
        return None, [(start, end)]
    edges = []
    if start < first:
        edges.append((start, first - datetime.timedelta(days=1)))
    if stop <= end:
        edges.append((stop, end))
    last = (stop - datetime.timedelta(days=1)).replace(day=1)
    return (first, last), edges


@dataclass(frozen=True)
class MonthCover:
    """start–end as whole months of a month rollup (`months`: first and last, or None) with
    days added (`plus`) and days taken away (`minus`): a month mostly inside the period is
    read whole and the days outside it subtracted where that reads less (`MONTH_READ_DAYS`),
    counting the days after `today` as free (they hold no contacts). A year that begins on
    the 8th then reads 7 days of contacts rather than 24; today alone reads today's."""

    months: tuple[datetime.date, datetime.date] | None
    plus: list[tuple[datetime.date, datetime.date]]
    minus: list[tuple[datetime.date, datetime.date]]


# Reading one month of a month rollup costs about as much as reading a week of contacts (a
# row per mentor and month against the contacts of a day: 50,000 against 9,000 at EU scale).
MONTH_READ_DAYS = 7


def month_cover(start: datetime.date, end: datetime.date, *, today: datetime.date) -> MonthCover:
    whole, edges = month_split(start, end)
    first, last = whole if whole is not None else (None, None)
    plus, minus = [], []
    one_day = datetime.timedelta(days=1)
    for edge_start, edge_end in edges:
        month = edge_start.replace(day=1)
        month_end = month_after(month) - one_day
        if edge_end > month_end:  # days of two months, no whole one between them
            plus.append((edge_start, edge_end))
            continue
        outside = [
            (day_from, day_to)
            for day_from, day_to in ((month, edge_start - one_day), (edge_end + one_day, month_end))
            if day_from <= day_to
        ]
        inside_days = (edge_end - edge_start).days + 1
        # The days after today are read too (exact whatever is logged), but hold no contacts.
        outside_days = sum(
            max(0, (min(day_to, today) - day_from).days + 1) for day_from, day_to in outside
        )
        if outside_days + MONTH_READ_DAYS > inside_days:
            plus.append((edge_start, edge_end))
            continue
        minus.extend(outside)
        first = month if first is None else min(first, month)
        last = month if last is None else max(last, month)
    return MonthCover(months=(first, last) if first is not None else None, plus=plus, minus=minus)


@dataclass(frozen=True)
class YearCover:
    """Whole months (a MonthCover's) as calendar years of a year rollup with months added
    (`plus`) and months taken away (`minus`), as ranges of first days of months: a year
    mostly inside them is read whole and the months outside it subtracted where that reads
    less (`YEAR_READ_MONTHS`), counting the months after this one as free (they hold no
    contacts). The last 365 days then read this year and last month of last year, and take
    this month away, rather than read twelve months."""

    years: list[datetime.date]
    plus: list[tuple[datetime.date, datetime.date]]
    minus: list[tuple[datetime.date, datetime.date]]


# Reading one year of a year rollup costs about as much as reading two months of a month
# rollup (a row per mentor active in the year against one per mentor active in a month).
YEAR_READ_MONTHS = 2


def year_cover(first: datetime.date, last: datetime.date, *, today: datetime.date) -> YearCover:
    """The months first–last (first days of months) as whole years and months."""
    this_month = today.replace(day=1)
    years, plus, minus = [], [], []
    for year in range(first.year, last.year + 1):
        january, december = datetime.date(year, 1, 1), datetime.date(year, 12, 1)
        start, end = max(first, january), min(last, december)
        outside = [
            (month_from, month_to)
            for month_from, month_to in (
                (january, _month_before(start)),
                (month_after(end), december),
            )
            if month_from <= month_to
        ]
        # The months after this one are read too (exact whatever is logged), but hold none.
        outside_months = sum(
            _months_between(month_from, min(month_to, this_month))
            for month_from, month_to in outside
        )
        if outside_months + YEAR_READ_MONTHS >= _months_between(start, end):
            plus.append((start, end))
            continue
        years.append(january)
        minus.extend(outside)
    return YearCover(years=years, plus=plus, minus=minus)


def _months_between(first: datetime.date, last: datetime.date) -> int:
    """How many months first–last holds (first days of months; none when last is before)."""
    return max(0, (last.year - first.year) * 12 + last.month - first.month + 1)


def _month_before(month: datetime.date) -> datetime.date:
    return (month - datetime.timedelta(days=1)).replace(day=1)


def month_after(day: datetime.date) -> datetime.date:
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
