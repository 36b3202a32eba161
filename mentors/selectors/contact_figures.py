"""The contact log's figures for the dashboard, the steering report and the network-activity
API, read from the rollups (mentors/models/rollups.py) rather than from every contact.

Scope arguments as in `figures`: `college_ids` (None: every college), `country_id` and
`field_id`. A contact counts for the college of its day. The day and task rollups have no
vocational field: a mentor's fields are their current ones, many to many, and counted per
field those rollups would hold more rows than the contacts themselves (1.2 million per day and
college for a million contacts at national scale). A figure filtered by field therefore reads
the contacts, as it always did; the mentor rollup, which has the mentor, is filtered by the
mentor's fields like the mentors are.

The task and mentor rollups count whole months (the mentor rollup whole years too): a period
that begins or ends inside a month reads the days of that month outside it from the day rollup
where no task or mentor is counted, else from the contacts (`contact_sources`), in the same
query; how a period splits into those grains is `period_covers`'. Counts are grouped in SQL
down to the rows a figure shows.
"""

import datetime
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import (
    Case,
    Count,
    DateField,
    F,
    IntegerField,
    Q,
    QuerySet,
    Sum,
    TextField,
    Value,
    When,
)
from django.utils import timezone

from colleges import selectors as college_selectors
from leadvet.lib.combined_reads import Part, read_together, sourced_parts
from leadvet.lib.translated import localized
from mentors.models import (
    Contact,
    ContactDayRollup,
    ContactMentorRollup,
    ContactMentorYearRollup,
    ContactMonthRollup,
    ContactNetworkRollup,
    ContactTaskRollup,
)
from mentors.models.rollups import in_vte_session_q, month_of
from mentors.selectors.figures import _contact_scope, _has_field, fold_by_college, sum_by_country
from mentors.selectors.period_covers import month_cover, month_split, year_cover

OUTCOME_FLAGS = ("placement", "recruitment_lead", "curriculum_input", "wellbeing_insight")


def _rollup_scope(*, college_ids: Sequence[int] | None = None, country_id=None) -> Q:
    q = Q()
    if college_ids is not None:
        q &= Q(college_id__in=college_ids)
    if country_id:
        q &= Q(college__country_id=country_id)
    return q


def _is_whole_network(*, college_ids=None, country_id=None, **_scope) -> bool:
    """No college and no country chosen: the network rollup answers."""
    return college_ids is None and not country_id


def _days_of(ranges: Iterable[tuple[datetime.date, datetime.date]]) -> list[datetime.date]:
    """Every day of the ranges (the days around whole months: at most two months' worth), to
    filter by as a list: the date index is then read day by day. An OR of ranges made
    PostgreSQL read the whole contact table (0.5 s of 10 million rows, against 0.1 s)."""
    return [
        first + datetime.timedelta(days=offset)
        for first, last in ranges
        for offset in range((last - first).days + 1)
    ]


def _in_days(ranges: Iterable[tuple[datetime.date, datetime.date]]) -> Q:
    return Q(date__in=_days_of(ranges))


def contact_period_counts(
    *,
    today: datetime.date,
    windows: Sequence[int],
    start: datetime.date,
    end: datetime.date,
    previous_start: datetime.date,
    previous_end: datetime.date,
    since: datetime.date | None = None,
    split_at: datetime.date | None = None,
    **scope,
) -> dict | tuple[dict, dict]:
    """In one query: contacts in the last N days and the N days before, for each window; in the
    period and the previous one; and the period's outcome counts (placements, recruitment leads,
    curriculum inputs, wellbeing insights). From the day rollup; for the whole network from the
    network rollup (a row per day and task rather than per day and college); by field from the
    contacts.

    Each count is a sum over days, so the counts of days apart add up to those of all of them:
    `since` counts only the contacts of that day and later; `split_at` answers two sets of
    counts, of the days before that day and of that day and later, still in one query."""
    by_field = bool(scope.get("field_id"))
    day = "date" if by_field else "day"

    def days_q(**lookups) -> Q:
        return Q(**{f"{day}__{lookup}": value for lookup, value in lookups.items()})

    def tally(q: Q, outcome: str | None = None):
        if by_field:
            return Count("pk", filter=q & Q(**{outcome: True}) if outcome else q)
        return Sum(f"{outcome}s" if outcome else "contacts", filter=q, default=0)

    counted: dict[str, tuple[Q, str | None]] = {}
    for length in windows:
        back = today - datetime.timedelta(days=length)
        counted[f"last_{length}"] = (days_q(gt=back, lte=today), None)
        counted[f"previous_{length}"] = (
            days_q(gt=back - datetime.timedelta(days=length), lte=back),
            None,
        )
    in_period = days_q(range=(start, end))
    counted["period"] = (in_period, None)
    counted["previous_period"] = (days_q(range=(previous_start, previous_end)), None)
    for flag in OUTCOME_FLAGS:
        counted[flag] = (in_period, flag)
    earliest = min(today - datetime.timedelta(days=2 * max(windows)), previous_start, start)
    if by_field:
        rows = Contact.objects.filter(_contact_scope(**scope))
    elif _is_whole_network(**scope):
        rows = ContactNetworkRollup.objects.all()
    else:
        rows = ContactDayRollup.objects.filter(
            _rollup_scope(college_ids=scope.get("college_ids"), country_id=scope.get("country_id"))
        )
    rows = rows.filter(days_q(gte=max(earliest, since) if since else earliest))
    if split_at is None:
        return rows.aggregate(**{name: tally(*condition) for name, condition in counted.items()})
    parts = {"before": days_q(lt=split_at), "from": days_q(gte=split_at)}
    found = rows.aggregate(
        **{
            f"{part}_{name}": tally(q & days, outcome)
            for part, days in parts.items()
            for name, (q, outcome) in counted.items()
        }
    )
    return tuple({name: found[f"{part}_{name}"] for name in counted} for part in parts)


@dataclass(frozen=True)
class ContactSources:
    """The contacts of some day ranges, as filtered and unordered sources to count from; each
    None when it has nothing to add. Per college:

    - `college_months`: the month rollup's rows of the whole months inside the ranges
      (`month`, `college`, `contacts`, `minutes`);
    - `college_days`: the day rollup's rows of the other days (`day`, `college`, `contacts`,
      `minutes`).

    Per task, for the whole network (no colleges, no country) `network_days`, the network
    rollup's rows of every day of the ranges (`day`, `task`, `contacts`, `minutes`); else
    `task_months`, the task rollup's rows of the whole months (`month`, `college`, `task`,
    `contacts`, `minutes`), and `task_contacts`, the contacts of the other days (`date`,
    `college`, `task`, `duration_minutes`).
    """

    college_months: QuerySet | None
    college_days: QuerySet | None
    network_days: QuerySet | None
    task_months: QuerySet | None
    task_contacts: QuerySet | None


def _date_ranges(ranges: Iterable[tuple[datetime.date, datetime.date]], field: str) -> Q:
    """Rows of a rollup whose key begins with a date (a day, a month's first), by ranges:
    PostgreSQL reads each range of its key (the list of days, as for the contacts, made it
    scan the table)."""
    in_ranges = Q()
    for first, last in ranges:
        in_ranges |= Q(**{f"{field}__range": (first, last)})
    return in_ranges


def contact_sources(
    *,
    periods: Iterable[tuple[datetime.date, datetime.date]],
    college_ids: Sequence[int] | None = None,
    country_id=None,
) -> ContactSources:
    """The sources of the contacts of the day ranges `periods` (start, end inclusive; not
    overlapping). A month cut by a range's end is read by its days, so a figure split at a
    range's start that falls inside a month stays exact."""
    periods = [(start, end) for start, end in periods if start <= end]
    months, days = Q(), []
    for start, end in periods:
        whole, edges = month_split(start, end)
        if whole is not None:
            months |= Q(month__range=whole)
        days.extend(edges)
    scope = {"college_ids": college_ids, "country_id": country_id}
    network = _is_whole_network(**scope)

    def rollup(model, *conditions) -> QuerySet:
        return model.objects.filter(_rollup_scope(**scope), *conditions, contacts__gt=0)

    return ContactSources(
        college_months=rollup(ContactMonthRollup, months) if months else None,
        college_days=rollup(ContactDayRollup, _date_ranges(days, "day")) if days else None,
        network_days=(
            rollup(ContactNetworkRollup, _date_ranges(periods, "day"))
            if network and periods
            else None
        ),
        task_months=rollup(ContactTaskRollup, months) if months and not network else None,
        task_contacts=(
            Contact.objects.filter(_contact_scope(**scope), _in_days(days))
            if days and not network
            else None
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


# The columns of the breakdown's statement (leadvet.lib.combined_reads).
BREAKDOWN_COLUMNS = {
    "month": DateField(),
    "task_number": IntegerField(),
    "task_name": TextField(),
    "college": IntegerField(),
    "n": IntegerField(),
}


def _breakdown_parts(
    *,
    start: datetime.date,
    end: datetime.date,
    college_ids: Sequence[int] | None,
    compare_college_ids: Sequence[int] | None,
    country_id=None,
    field_id=None,
) -> dict[str, Part]:
    """The period's contacts per college (of `compare_college_ids`) and per month and task (of
    `college_ids`), each grouped in SQL: from the rollups' whole months and the days around
    them, or the network rollup's days (`contact_sources`); by field from the contacts."""
    task = {"task_number": F("task__number"), "task_name": localized("task__name")}
    if field_id:

        def of(ids) -> QuerySet:
            return Contact.objects.filter(
                _contact_scope(college_ids=ids, country_id=country_id, field_id=field_id),
                date__range=(start, end),
            )

        return {
            "per_college": Part(
                of(compare_college_ids), {"college": "college_id", "n": Count("*")}
            ),
            "per_month_task": Part(
                of(college_ids), {"month": month_of("date"), **task, "n": Count("*")}
            ),
        }
    compared, own = (
        contact_sources(periods=[(start, end)], college_ids=ids, country_id=country_id)
        for ids in (compare_college_ids, college_ids)
    )
    per_college = {"college": "college_id", "n": Sum("contacts")}
    reads = [
        ("per_college", compared.college_months, per_college),
        ("per_college", compared.college_days, per_college),
        (
            "per_month_task",
            own.network_days,
            {"month": month_of("day"), **task, "n": Sum("contacts")},
        ),
        ("per_month_task", own.task_months, {"month": "month", **task, "n": Sum("contacts")}),
        (
            "per_month_task",
            own.task_contacts,
            {"month": month_of("date"), **task, "n": Count("*")},
        ),
    ]
    return sourced_parts(reads)


@dataclass(frozen=True)
class BreakdownCounts:
    """The contacts per college (`per_college`) and per month and task (`per_month_task`:
    (month, (task number, task name)) -> contacts) of some days: those of two spans of days add
    up to those of both (`plus`)."""

    per_college: Counter
    per_month_task: Counter

    def plus(self, other: "BreakdownCounts") -> "BreakdownCounts":
        # update(), not +: a count of 0 (a rollup row emptied by deletions) stays, as read.
        both = BreakdownCounts(Counter(self.per_college), Counter(self.per_month_task))
        both.per_college.update(other.per_college)
        both.per_month_task.update(other.per_month_task)
        return both


def breakdown_counts(
    *,
    start: datetime.date,
    end: datetime.date,
    college_ids: Sequence[int] | None = None,
    country_id=None,
    field_id=None,
    compare_college_ids: Sequence[int] | None = None,
) -> BreakdownCounts:
    """The counts of `contact_breakdown` for start–end, in one statement on the rollups,
    grouped in SQL."""
    rows = read_together(
        _breakdown_parts(
            start=start,
            end=end,
            college_ids=college_ids,
            compare_college_ids=compare_college_ids,
            country_id=country_id,
            field_id=field_id,
        ),
        BREAKDOWN_COLUMNS,
    )
    counts = BreakdownCounts(Counter(), Counter())
    for row in rows.get("per_college", ()):
        counts.per_college[row["college"]] += row["n"]
    for row in rows.get("per_month_task", ()):
        counts.per_month_task[(row["month"], (row["task_number"], row["task_name"]))] += row["n"]
    return counts


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
    counts: BreakdownCounts | None = None,
) -> ContactBreakdown:
    """The period's contacts per college and per month and task (`breakdown_counts`, unless
    given as `counts`), folded in Python into the tables of the dashboard and the
    network-activity report. The college is named from `catalogue` afterwards.

    `college_ids` narrows the total, months, tasks and countries. `by_college` compares
    `compare_college_ids` (None: every college), those outside `visible_college_ids` folded
    into one row; `compare_college_ids` must hold `college_ids`.
    """
    if counts is None:
        counts = breakdown_counts(
            start=start,
            end=end,
            college_ids=college_ids,
            compare_college_ids=compare_college_ids,
            country_id=country_id,
            field_id=field_id,
        )
    per_college = counts.per_college
    in_scope_per_college = {
        college_id: count
        for college_id, count in per_college.items()
        if college_ids is None or college_id in college_ids
    }
    per_task: dict[tuple, int] = {}
    for (_month, task), count in counts.per_month_task.items():
        per_task[task] = per_task.get(task, 0) + count
    catalogue = catalogue if catalogue is not None else college_selectors.college_catalogue()

    def task_row(task: tuple, count: int, **extra) -> dict:
        return {**extra, "task__number": task[0], "task__name": task[1], "count": count}

    return ContactBreakdown(
        total=sum(per_task.values()),
        per_month=sorted(
            (
                task_row(task, count, month=month)
                for (month, task), count in counts.per_month_task.items()
            ),
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


def _mentor_contact_rows(*, start: datetime.date, end: datetime.date, **scope):
    """The SQL of the contacts per mentor in start–end, in parts to be summed per mentor: the
    mentor rollups' years and months (`year_cover`) and the contacts of the days around them
    (`month_cover`), added or taken away. None for an empty set of colleges."""
    field = Q(_has_field(scope["field_id"], "mentor_id")) if scope.get("field_id") else Q()
    today = timezone.localdate()
    cover = month_cover(start, end, today=today)
    rollup_scope = _rollup_scope(
        college_ids=scope.get("college_ids"), country_id=scope.get("country_id")
    )

    # Rows as they are, summed once per mentor below (summed per part first, the parts
    # were read twice as slowly).
    def per_mentor(model, condition: Q, sign: int) -> QuerySet:
        return (
            model.objects.filter(rollup_scope, field, condition, contacts__gt=0)
            .order_by()
            .values(
                by_mentor=F("mentor_id"),
                n=F("contacts") * sign,
                in_sessions=F("vte_session_contacts") * sign,
            )
        )

    parts = []
    if cover.months is not None:
        years = year_cover(*cover.months, today=today)
        if years.years:
            parts.append(per_mentor(ContactMentorYearRollup, Q(year__in=years.years), 1))
        for ranges, sign in ((years.plus, 1), (years.minus, -1)):
            if ranges:
                parts.append(per_mentor(ContactMentorRollup, _date_ranges(ranges, "month"), sign))
    for ranges, sign in ((cover.plus, 1), (cover.minus, -1)):
        if ranges:
            parts.append(
                Contact.objects.filter(_contact_scope(**scope), _in_days(ranges))
                .order_by()
                .values(
                    by_mentor=F("mentor_id"),
                    n=Value(sign, IntegerField()),
                    in_sessions=Case(
                        When(in_vte_session_q(), then=Value(sign)),
                        default=Value(0),
                        output_field=IntegerField(),
                    ),
                )
            )
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    try:
        sql, params = rows.query.get_compiler(rows.db).as_sql()
    except EmptyResultSet:  # an empty set of colleges
        return None
    quote = connections[rows.db].ops.quote_name
    mentor, n, sessions = quote("by_mentor"), quote("n"), quote("in_sessions")
    # Summed per mentor, the days taken away counted negative.
    summed = (
        f"SELECT {mentor}, CAST(SUM({n}) AS BIGINT) AS {n}, "
        f"CAST(SUM({sessions}) AS BIGINT) AS {sessions} "
        f"FROM ({sql}) contacts GROUP BY {mentor} HAVING SUM({n}) > 0"
    )
    return rows.db, summed, params


def mentor_contact_figures(
    *, start: datetime.date, end: datetime.date, limit: int, **scope
) -> MentorContacts:
    """One query: the contacts per mentor in the period (`_mentor_contact_rows`), counted and
    ranked (most contacts first, then the lowest id) in SQL."""
    read = _mentor_contact_rows(start=start, end=end, **scope)
    if read is None:
        return MentorContacts(with_contacts=0, in_vte_sessions=0, most_active=[])
    db, summed, params = read
    quote = connections[db].ops.quote_name
    mentor, n, sessions = quote("by_mentor"), quote("n"), quote("in_sessions")
    # Counted and ranked in the database: the first `limit` rows, each with the number of
    # mentors with contacts and in VTE sessions.
    statement = (
        f"SELECT {mentor}, {n}, COUNT(*) OVER (), "
        f"SUM(CASE WHEN {sessions} > 0 THEN 1 ELSE 0 END) OVER () FROM ({summed}) mentors "
        f"ORDER BY {n} DESC, {mentor} LIMIT %s"
    )
    with connections[db].cursor() as cursor:
        cursor.execute(statement, (*params, max(limit, 1)))
        ranked = cursor.fetchall()
    return MentorContacts(
        with_contacts=int(ranked[0][2]) if ranked else 0,
        in_vte_sessions=int(ranked[0][3]) if ranked else 0,
        most_active=[
            {"id": mentor_id, "contacts_in_period": int(count)}
            for mentor_id, count, _mentors, _in_sessions in ranked[:limit]
        ],
    )


def mentor_contact_counts(
    *, start: datetime.date, end: datetime.date, **scope
) -> list[tuple[int, int, int]]:
    """Every mentor with contacts in the period: (mentor id, contacts, contacts in VTE
    sessions), by mentor id; one query."""
    read = _mentor_contact_rows(start=start, end=end, **scope)
    if read is None:
        return []
    db, summed, params = read
    quote = connections[db].ops.quote_name
    mentor = quote("by_mentor")
    with connections[db].cursor() as cursor:
        cursor.execute(f"SELECT * FROM ({summed}) mentors ORDER BY {mentor}", params)
        return cursor.fetchall()


def contacts_from(
    day: datetime.date, *, end: datetime.date, **scope
) -> tuple[list[tuple[int, int, int]], set[int]]:
    """In one query: the contacts dated `day` to `end` per mentor in the scope, as
    (mentor id, contacts, contacts in VTE sessions), in no order; and every mentor with a
    contact dated `day` or later, at any college. Read as plain tuples: at EU scale a day has
    8,000 mentors' contacts, and read as dicts they cost more than the query."""
    counted_here = _contact_scope(**scope) & Q(date__range=(day, end))
    counted = (
        Contact.objects.filter(counted_here)
        .order_by()
        .values("mentor_id")
        .annotate(n=Count("pk"), in_sessions=Count("pk", filter=in_vte_session_q()))
        .values_list("mentor_id", "n", "in_sessions")
    )
    # The others (another college, a later day): none for the whole network today. Marked
    # by -1 contacts in VTE sessions.
    others = (
        Contact.objects.filter(date__gte=day)
        .exclude(counted_here)
        .order_by()
        .values("mentor_id")
        .annotate(n=Count("pk"), in_sessions=Value(-1, IntegerField()))
        .values_list("mentor_id", "n", "in_sessions")
    )
    statements, params = [], []
    for part in (counted, others):
        try:
            sql, part_params = part.query.sql_with_params()
        except EmptyResultSet:  # an empty set of colleges
            continue
        statements.append(sql)
        params.extend(part_params)
    with connections[counted.db].cursor() as cursor:
        cursor.execute(" UNION ALL ".join(statements), params)
        rows = cursor.fetchall()
    return [row for row in rows if row[2] >= 0], {row[0] for row in rows}


def any_contact_after(day: datetime.date) -> bool:
    """Whether any contact is dated after `day` (the services refuse a date in the future)."""
    return Contact.objects.filter(date__gt=day).exists()


def contacts_logged(*, college_ids: Iterable[int] | None) -> int:
    """How many contacts the colleges have (None: every college): the count of a whole contact
    log without reading its rows (10 million at EU scale), from the smallest rollup that holds
    it: the network's, a row per day and task (6,000 rows for two years), or the colleges'
    rows per month (the task rollup, per month, college and task, has 600,000 at EU scale and
    took 16 ms to sum)."""
    if college_ids is None:
        rows = ContactNetworkRollup.objects.all()
    else:
        rows = ContactMonthRollup.objects.filter(college_id__in=college_ids)
    return rows.aggregate(contacts=Sum("contacts", default=0))["contacts"]
