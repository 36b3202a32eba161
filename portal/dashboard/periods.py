"""Report periods: a date range and the one of the same length just before it; terms; filters."""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date
    previous_start: datetime.date
    previous_end: datetime.date
    is_term: bool = False
    # How the previous period compares: SAME_LENGTH (the days just before), ELAPSED (the same
    # number of days from the start of the previous term: an unfinished term) or PER_MONTH
    # (whole terms of different lengths, compared per month) or MONTH (a calendar month and
    # the one before it).
    comparison: str = "same_length"

    @classmethod
    def last_days(cls, days: int, today: datetime.date) -> "Period":
        return cls.between(today - datetime.timedelta(days=days - 1), today)

    @classmethod
    def between(cls, start: datetime.date, end: datetime.date) -> "Period":
        """The period and the one of the same length just before it."""
        length = end - start + datetime.timedelta(days=1)
        return cls(start, end, start - length, start - datetime.timedelta(days=1))

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def start_at(self) -> datetime.datetime:
        return _local_midnight(self.start)

    @property
    def end_at(self) -> datetime.datetime:
        """The moment the period ends (exclusive): midnight after its last day."""
        return _local_midnight(self.end + datetime.timedelta(days=1))


def term_of(day: datetime.date) -> tuple[str, int]:
    """Spring term is January–July, autumn term August–December."""
    return ("spring" if day.month < 8 else "autumn", day.year)


SAME_LENGTH, ELAPSED, PER_MONTH, MONTH = "same_length", "elapsed", "per_month", "month"


def term_period(season: str, year: int, *, today: datetime.date | None = None) -> Period:
    """A term compared like with like: while it runs (`today` inside it), with the same number
    of days from the start of the previous term; a whole term, per month with the previous
    one (spring has seven months, autumn five)."""
    if season == "spring":
        start, end = datetime.date(year, 1, 1), datetime.date(year, 7, 31)
        previous = (datetime.date(year - 1, 8, 1), datetime.date(year - 1, 12, 31))
    else:
        start, end = datetime.date(year, 8, 1), datetime.date(year, 12, 31)
        previous = (datetime.date(year, 1, 1), datetime.date(year, 7, 31))
    if today is not None and start <= today < end:
        elapsed = today - start
        previous_end = min(previous[0] + elapsed, previous[1])
        return Period(start, end, previous[0], previous_end, is_term=True, comparison=ELAPSED)
    return Period(start, end, *previous, is_term=True, comparison=PER_MONTH)


def months_in(start: datetime.date, end: datetime.date) -> float:
    """The length of a date range in months: whole calendar months count as whole, other
    days as a fraction of an average month."""
    if start.day == 1 and (end + datetime.timedelta(days=1)).day == 1:
        return (end.year * 12 + end.month) - (start.year * 12 + start.month) + 1
    return ((end - start).days + 1) / 30.4375


def term_label(season: str, year: int) -> str:
    if season == "spring":
        return _("Spring %(year)s") % {"year": year}
    return _("Autumn %(year)s") % {"year": year}


def recent_terms(today: datetime.date, count: int = 4) -> list[tuple[str, int]]:
    """The current term and the ones before it, newest first."""
    season, year = term_of(today)
    terms = []
    for _index in range(count):
        terms.append((season, year))
        season, year = ("spring", year) if season == "autumn" else ("autumn", year - 1)
    return terms


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@dataclass(frozen=True)
class Filters:
    period: Period
    country_id: int | None = None
    college_id: int | None = None
    field_id: int | None = None
    # None: the whole network (coordinators, steering); a tuple: a college coordinator's colleges.
    scope_college_ids: tuple[int, ...] | None = None

    @property
    def college_ids(self) -> tuple[int, ...] | None:
        if self.college_id:
            return (self.college_id,)
        return self.scope_college_ids

    @property
    def scope(self) -> dict:
        return {
            "college_ids": self.college_ids,
            "country_id": self.country_id,
            "field_id": self.field_id,
        }

    @property
    def comparison_scope(self) -> dict:
        """For per-college tables: every college, but those outside the scope only as one row."""
        return {
            "college_ids": (self.college_id,) if self.college_id else None,
            "country_id": self.country_id,
            "field_id": self.field_id,
            "visible_college_ids": self.scope_college_ids,
        }


def percent_change(current: int, previous: int) -> int | None:
    if not previous:
        return None
    return round((current - previous) * 100 / previous)
