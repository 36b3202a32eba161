"""The contact log's figures for the dashboard, the steering report and the network-activity
API, read from the rollups (mentors/models/rollups.py) rather than from every contact.

Scope arguments as in `figures`: `college_ids` (None: every college), `country_id` and
`field_id`. A contact counts for the college of its day. The day and task rollups have no
vocational field: a mentor's fields are their current ones, many to many, and counted per
field those rollups would hold more rows than the contacts themselves (1.2 million per day and
college for a million contacts at national scale). A figure filtered by field therefore reads
the contacts, as it always did; the mentor rollup, which has the mentor, is filtered by the
mentor's fields like the mentors are.

The task and mentor rollups count whole months: a period that begins or ends inside a month
reads the days of that month outside it from the contacts (`month_split`), in the same query.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet, Sum

from colleges import selectors as college_selectors
from leadvet.lib.translated import localized
from mentors.models import Contact, ContactDayRollup, ContactMentorRollup, ContactTaskRollup
from mentors.models.rollups import in_vte_session_q, month_of
from mentors.selectors.figures import _contact_scope, _has_field, fold_by_college, sum_by_country

OUTCOME_FLAGS = ("placement", "recruitment_lead", "curriculum_input", "wellbeing_insight")


def month_split(
    start: datetime.date, end: datetime.date
) -> tuple[tuple[datetime.date, datetime.date] | None, list[tuple[datetime.date, datetime.date]]]:
    """The whole calendar months in start–end (the first days of the first and the last), or
    None; and the day ranges of start–end outside them (none, one or two)."""
    first = start if start.day == 1 else _month_after(start)
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


def _month_after(day: datetime.date) -> datetime.date:
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def _rollup_scope(*, college_ids: Sequence[int] | None = None, country_id=None) -> Q:
    q = Q()
    if college_ids is not None:
        q &= Q(college_id__in=college_ids)
    if country_id:
        q &= Q(college__country_id=country_id)
    return q


def _in_days(ranges: Iterable[tuple[datetime.date, datetime.date]]) -> Q:
    q = Q()
    for days in ranges:
        q |= Q(date__range=days)
    return q


def contact_period_counts(
    *,
    today: datetime.date,
    windows: Sequence[int],
    start: datetime.date,
    end: datetime.date,
    previous_start: datetime.date,
    previous_end: datetime.date,
    **scope,
) -> dict:
    """In one query: contacts in the last N days and the N days before, for each window; in the
    period and the previous one; and the period's outcome counts (placements, recruitment leads,
    curriculum inputs, wellbeing insights). From the day rollup; by field from the contacts."""
    by_field = bool(scope.get("field_id"))
    day = "date" if by_field else "day"

    def days(**lookups) -> Q:
        return Q(**{f"{day}__{lookup}": value for lookup, value in lookups.items()})

    def tally(q: Q, outcome: str | None = None):
        if by_field:
            return Count("pk", filter=q & Q(**{outcome: True}) if outcome else q)
        return Sum(f"{outcome}s" if outcome else "contacts", filter=q, default=0)

    aggregates = {}
    for length in windows:
        back = today - datetime.timedelta(days=length)
        aggregates[f"last_{length}"] = tally(days(gt=back, lte=today))
        aggregates[f"previous_{length}"] = tally(
            days(gt=back - datetime.timedelta(days=length), lte=back)
        )
    in_period = days(range=(start, end))
    aggregates["period"] = tally(in_period)
    aggregates["previous_period"] = tally(days(range=(previous_start, previous_end)))
    for flag in OUTCOME_FLAGS:
        aggregates[flag] = tally(in_period, flag)
    earliest = min(today - datetime.timedelta(days=2 * max(windows)), previous_start, start)
    if by_field:
        rows = Contact.objects.filter(_contact_scope(**scope))
    else:
        rows = ContactDayRollup.objects.filter(
            _rollup_scope(college_ids=scope.get("college_ids"), country_id=scope.get("country_id"))
        )
    return rows.filter(days(gte=earliest)).aggregate(**aggregates)


@dataclass(frozen=True)
class ContactSources:
    """The contacts of some day ranges, as filtered and unordered sources to count from; each
    None when it has nothing to add:

    - `months`: the task rollup's rows of the whole months inside the ranges (`month`,
      `college`, `task`, `contacts`, `minutes`);
    - `days`: the day rollup's rows of the other days (`day`, `college`, `contacts`,
      `minutes`), for counts that need no task;
    - `contacts`: the contacts of those same other days (`date`, `college`, `task`,
      `duration_minutes`), for counts per task.
    """

    months: QuerySet | None
    days: QuerySet | None
    contacts: QuerySet | None


def contact_sources(
    *,
    periods: Iterable[tuple[datetime.date, datetime.date]],
    college_ids: Sequence[int] | None = None,
    country_id=None,
) -> ContactSources:
    """The sources of the contacts of the day ranges `periods` (start, end inclusive; not
    overlapping). A month cut by a range's end is read by its days, so a figure split at a
    range's start that falls inside a month stays exact."""
    months, days = Q(), []
    for start, end in periods:
        if start > end:
            continue
        whole, edges = month_split(start, end)
        if whole is not None:
            months |= Q(month__range=whole)
        days.extend(edges)
    scope = {"college_ids": college_ids, "country_id": country_id}
    in_days = Q()
    for first, last in days:
        in_days |= Q(day__range=(first, last))
    return ContactSources(
        months=(
            ContactTaskRollup.objects.filter(_rollup_scope(**scope), months, contacts__gt=0)
            if months
            else None
        ),
        days=(
            ContactDayRollup.objects.filter(_rollup_scope(**scope), in_days, contacts__gt=0)
            if days
            else None
        ),
        contacts=(
            Contact.objects.filter(_contact_scope(**scope), _in_days(days)) if days else None
        ),
    )


@dataclass(frozen=True)
class ContactBreakdown:
    """The period's contacts by month and task, by task, by college and by country."""

    total: int
    per_month: list[dict]
    per_task: list[dict]
    by_college: list[dict]
    by_country: list[dict]


def _breakdown_rows(*, start: datetime.date, end: datetime.date, **scope) -> QuerySet:
    """(month, task number, task name, college id, contacts) of the period: the task rollup's
    whole months and the contacts of the days around them, in one query."""
    columns = {
        "task_number": F("task__number"),
        "task_name": localized("task__name"),
        "by_college": F("college_id"),
    }

    def from_contacts(days: Iterable[tuple[datetime.date, datetime.date]]) -> QuerySet:
        return (
            Contact.objects.filter(_contact_scope(**scope), _in_days(days))
            .order_by()
            .values(by_month=month_of("date"), **columns)
            .annotate(n=Count("pk"))
        )

    if scope.get("field_id"):
        return from_contacts([(start, end)])
    whole, edges = month_split(start, end)
    if whole is None:
        return from_contacts(edges)
    months = (
        ContactTaskRollup.objects.filter(
            _rollup_scope(college_ids=scope.get("college_ids"), country_id=scope.get("country_id")),
            month__range=whole,
            contacts__gt=0,
        )
        .order_by()
        .values(by_month=F("month"), **columns, n=F("contacts"))
    )
    return months.union(from_contacts(edges), all=True) if edges else months


def contact_breakdown(
    *,
    start: datetime.date,
    end: datetime.date,
    college_ids: Sequence[int] | None = None,
    country_id=None,
    field_id=None,
    compare_college_ids: Sequence[int] | None = None,
    visible_college_ids: Sequence[int] | None = None,
    catalogue: dict[int, dict] | None = None,
) -> ContactBreakdown:
    """The period's contacts grouped by month, task and college id (one query on the task
    rollup), folded in Python into the tables of the dashboard and the network-activity report.
    The college is named from `catalogue` afterwards.

    `college_ids` narrows the total, months, tasks and countries. `by_college` compares
    `compare_college_ids` (None: every college), those outside `visible_college_ids` folded
    into one row; `compare_college_ids` must hold `college_ids`.
    """
    rows = _breakdown_rows(
        start=start,
        end=end,
        college_ids=compare_college_ids,
        country_id=country_id,
        field_id=field_id,
    ).values_list("by_month", "task_number", "task_name", "by_college", "n")
    months: dict[tuple, int] = {}
    per_task: dict[tuple, int] = {}
    per_college: dict[int, int] = {}
    in_scope_per_college: dict[int, int] = {}
    for month, task_number, task_name, college_id, count in rows:
        per_college[college_id] = per_college.get(college_id, 0) + count
        if college_ids is not None and college_id not in college_ids:
            continue
        task = (task_number, task_name)
        in_scope_per_college[college_id] = in_scope_per_college.get(college_id, 0) + count
        months[(month, task)] = months.get((month, task), 0) + count
        per_task[task] = per_task.get(task, 0) + count
    catalogue = catalogue if catalogue is not None else college_selectors.college_catalogue()

    def task_row(task: tuple, count: int, **extra) -> dict:
        return {**extra, "task__number": task[0], "task__name": task[1], "count": count}

    return ContactBreakdown(
        total=sum(per_task.values()),
        per_month=sorted(
            (task_row(task, count, month=month) for (month, task), count in months.items()),
            key=lambda row: (row["month"], row["task__number"]),
        ),
        per_task=sorted(
            (task_row(task, count) for task, count in per_task.items()),
            key=lambda row: (-row["count"], row["task__number"]),
        ),
        by_college=fold_by_college(per_college, catalogue, visible_college_ids),
        by_country=sum_by_country(in_scope_per_college, catalogue, None),
    )


@dataclass(frozen=True)
class MentorContacts:
    """The period's mentors with contacts, those in VTE sessions (task 4 or a VTE group as
    counterpart), and the `limit` most active ({"id", "contacts_in_period"}, most first)."""

    with_contacts: int
    in_vte_sessions: int
    most_active: list[dict]


def mentor_contact_figures(
    *, start: datetime.date, end: datetime.date, limit: int, **scope
) -> MentorContacts:
    """One query: the mentor rollup's whole months and the contacts of the days around them,
    per mentor; counted and ranked in Python (most contacts first, then the lowest id)."""
    field = Q(_has_field(scope["field_id"], "mentor_id")) if scope.get("field_id") else Q()
    whole, edges = month_split(start, end)
    parts = []
    if whole is not None:
        parts.append(
            ContactMentorRollup.objects.filter(
                _rollup_scope(
                    college_ids=scope.get("college_ids"), country_id=scope.get("country_id")
                ),
                field,
                month__range=whole,
                contacts__gt=0,
            )
            .order_by()
            .values(by_mentor=F("mentor_id"))
            .annotate(n=Sum("contacts"), in_sessions=Sum("vte_session_contacts"))
        )
    if edges:
        parts.append(
            Contact.objects.filter(_contact_scope(**scope), _in_days(edges))
            .order_by()
            .values(by_mentor=F("mentor_id"))
            .annotate(n=Count("pk"), in_sessions=Count("pk", filter=in_vte_session_q()))
        )
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    contacts: dict[int, int] = {}
    in_sessions: set[int] = set()
    for mentor_id, count, sessions in rows.values_list("by_mentor", "n", "in_sessions"):
        contacts[mentor_id] = contacts.get(mentor_id, 0) + count
        if sessions:
            in_sessions.add(mentor_id)
    ranked = sorted(contacts.items(), key=lambda item: (-item[1], item[0]))[:limit]
    return MentorContacts(
        with_contacts=len(contacts),
        in_vte_sessions=len(in_sessions),
        most_active=[{"id": mentor_id, "contacts_in_period": n} for mentor_id, n in ranked],
    )
