"""A period as the rollups' grains (mentors.selectors.period_covers): whole months and the
days around them, whole years and the months around them, each exactly the period, and a
grain read whole only where that reads less."""

import datetime
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mentors.selectors import period_covers


@pytest.mark.parametrize(
    ("start", "end", "whole", "edges"),
    [
        ("2026-01-01", "2026-07-31", ("2026-01-01", "2026-07-01"), []),
        (
            "2025-12-07",
            "2026-12-06",
            ("2026-01-01", "2026-11-01"),
            [("2025-12-07", "2025-12-31"), ("2026-12-01", "2026-12-06")],
        ),
        ("2026-03-05", "2026-03-20", None, [("2026-03-05", "2026-03-20")]),
        ("2026-03-05", "2026-04-30", ("2026-04-01", "2026-04-01"), [("2026-03-05", "2026-03-31")]),
        ("2026-02-01", "2026-02-28", ("2026-02-01", "2026-02-01"), []),
        ("2024-02-01", "2024-02-28", None, [("2024-02-01", "2024-02-28")]),
    ],
)
def test_a_period_splits_into_whole_months_and_the_days_around_them(start, end, whole, edges):
    day = datetime.date.fromisoformat
    assert period_covers.month_split(day(start), day(end)) == (
        (day(whole[0]), day(whole[1])) if whole else None,
        [(day(first), day(last)) for first, last in edges],
    )


def _months(first: datetime.date, last: datetime.date) -> Counter:
    months, month = Counter(), first
    while month <= last:
        months[month] += 1
        month = period_covers.month_after(month)
    return months


def _days(first: datetime.date, last: datetime.date) -> Counter:
    return Counter(first + datetime.timedelta(days=n) for n in range((last - first).days + 1))


@settings(max_examples=200, derandomize=True)
@given(
    st.dates(datetime.date(2024, 1, 1), datetime.date(2026, 12, 31)),
    st.integers(0, 500),
    st.integers(-40, 40),
)
def test_a_month_cover_adds_up_to_the_days_of_the_period(start, length, today_offset):
    """Whole months, plus days, minus days: every day of the period once, no other day; and
    a month is read whole only where that takes fewer days (those after today free)."""
    end = start + datetime.timedelta(days=length)
    today = end + datetime.timedelta(days=today_offset)
    cover = period_covers.month_cover(start, end, today=today)
    covered = Counter()
    for month in _months(*cover.months) if cover.months is not None else ():
        covered += _days(month, period_covers.month_after(month) - datetime.timedelta(1))
    for first, last in cover.plus:
        covered += _days(first, last)
    for first, last in cover.minus:
        covered.subtract(_days(first, last))
    assert +covered == _days(start, end) and -covered == Counter()
    read = sum((last - first).days + 1 for first, last in cover.plus) + sum(
        max(0, (min(last, today) - first).days + 1) for first, last in cover.minus
    )
    _whole, edges = period_covers.month_split(start, end)
    assert read <= sum((last - first).days + 1 for first, last in edges)


def test_today_alone_reads_todays_contacts():
    today = datetime.date(2026, 12, 1)
    cover = period_covers.month_cover(today, today, today=today)
    assert (cover.months, cover.plus, cover.minus) == (None, [(today, today)], [])


def test_a_year_to_today_reads_the_week_before_it_not_the_weeks_in_it():
    today = datetime.date(2026, 12, 7)
    cover = period_covers.month_cover(datetime.date(2025, 12, 8), today, today=today)
    assert cover.months == (datetime.date(2025, 12, 1), datetime.date(2026, 12, 1))
    assert cover.plus == []
    assert cover.minus == [
        (datetime.date(2025, 12, 1), datetime.date(2025, 12, 7)),
        (datetime.date(2026, 12, 8), datetime.date(2026, 12, 31)),
    ]


@settings(max_examples=200, derandomize=True)
@given(
    st.dates(datetime.date(2022, 1, 1), datetime.date(2026, 12, 31)),
    st.integers(0, 40),
    st.integers(-14, 14),
)
def test_a_year_cover_adds_up_to_the_months_it_covers(first_day, length, today_offset):
    """Whole years, plus months, minus months: every month once, no other month; and a year
    is read whole only where that reads less (the months after this one free)."""
    first = first_day.replace(day=1)
    last = max(_months(first, first + datetime.timedelta(days=31 * length)))
    today = (last + datetime.timedelta(days=31 * today_offset)).replace(day=15)
    cover = period_covers.year_cover(first, last, today=today)
    covered = Counter()
    for january in cover.years:
        covered += _months(january, january.replace(month=12))
    for month_from, month_to in cover.plus:
        covered += _months(month_from, month_to)
    for month_from, month_to in cover.minus:
        covered.subtract(_months(month_from, month_to))
    assert +covered == _months(first, last) and -covered == Counter()
    this_month = today.replace(day=1)
    read = (
        period_covers.YEAR_READ_MONTHS * len(cover.years)
        + sum(len(_months(month_from, month_to)) for month_from, month_to in cover.plus)
        + sum(
            len(_months(month_from, min(month_to, this_month)))
            for month_from, month_to in cover.minus
        )
    )
    assert read <= len(_months(first, last))


def test_the_last_365_days_read_this_year_and_last_december_less_this_month():
    today = datetime.date(2026, 12, 7)
    months = period_covers.month_cover(
        datetime.date(2025, 12, 8), datetime.date(2026, 12, 6), today=today
    ).months
    assert months == (datetime.date(2025, 12, 1), datetime.date(2026, 11, 1))
    cover = period_covers.year_cover(*months, today=today)
    assert cover.years == [datetime.date(2026, 1, 1)]
    assert cover.plus == [(datetime.date(2025, 12, 1), datetime.date(2025, 12, 1))]
    assert cover.minus == [(datetime.date(2026, 12, 1), datetime.date(2026, 12, 1))]
