"""Aggregates for the dashboard and reports.

Every function takes the same scope arguments: `college_ids` (None = every college),
`country_id` and `field_id` (None = no filter). A contact counts for the college of its
day (Contact.college); a mentor for their current college.
"""

import calendar
import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import (
    Avg,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import TruncMonth

from colleges import selectors as college_selectors
from mentors.models import Contact, ContactRequest, CounterpartKind, Mentor

VTE_SESSION_TASK_NUMBER = 4  # "visits VTE sessions as expert by experience"


def _has_field(field_id: int, mentor_ref: str) -> Exists:
    return Exists(
        Mentor.fields.through.objects.filter(
            mentor_id=OuterRef(mentor_ref), vocationalfield_id=field_id
        )
    )


def _mentor_scope(*, college_ids: Sequence[int] | None = None, country_id=None, field_id=None) -> Q:
    q = Q()
    if college_ids is not None:
        q &= Q(college_id__in=college_ids)
    if country_id:
        q &= Q(college__country_id=country_id)
    if field_id:
        q &= Q(_has_field(field_id, "pk"))
    return q


def _contact_scope(
    *, college_ids: Sequence[int] | None = None, country_id=None, field_id=None
) -> Q:
    q = Q()
    if college_ids is not None:
        q &= Q(college_id__in=college_ids)
    if country_id:
        q &= Q(college__country_id=country_id)
    if field_id:
        q &= Q(_has_field(field_id, "mentor_id"))
    return q


def mentor_status_counts(*, also: dict | None = None, **scope) -> list[dict]:
    """Mentors per status; active ones also counted by whether they serve a shortage field.

    `also`: scalar subqueries (another app's figures, e.g. the alumni path) carried on every
    row, so the dashboard reads them in this same query.
    """
    shortage = Exists(
        Mentor.fields.through.objects.filter(
            mentor_id=OuterRef("pk"), vocationalfield__is_shortage=True
        )
    )
    return list(
        Mentor.objects.filter(_mentor_scope(**scope))
        .values("status")
        .annotate(
            count=Count("id"), in_shortage_fields=Count("id", filter=Q(shortage)), **(also or {})
        )
        .order_by("status")
    )


def active_mentors_per_college(**scope) -> dict[int, int]:
    """College id -> active mentors; fold_by_college and sum_by_country make the tables."""
    return dict(
        Mentor.objects.filter(_mentor_scope(**scope), status=Mentor.Status.ACTIVE)
        .order_by()
        .values_list("college_id")
        .annotate(count=Count("id"))
    )


def active_mentors_in_shortage_fields(**scope) -> QuerySet:
    """Active mentors per shortage field (a mentor with two such fields counts in both)."""
    return (
        Mentor.fields.through.objects.filter(
            vocationalfield__is_shortage=True,
            mentor__in=Mentor.objects.filter(_mentor_scope(**scope), status=Mentor.Status.ACTIVE),
        )
        .values("vocationalfield__name")
        .annotate(count=Count("mentor_id"))
        .order_by("-count", "vocationalfield__name")
    )


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
    period and the previous one; and the period's win-win indicators (outcome flags, mentors
    with contacts, mentors in VTE sessions)."""
    aggregates = {}
    for days in windows:
        aggregates[f"last_{days}"] = Count(
            "id", filter=Q(date__gt=today - datetime.timedelta(days=days), date__lte=today)
        )
        aggregates[f"previous_{days}"] = Count(
            "id",
            filter=Q(
                date__gt=today - datetime.timedelta(days=2 * days),
                date__lte=today - datetime.timedelta(days=days),
            ),
        )
    in_period = Q(date__range=(start, end))
    aggregates["period"] = Count("id", filter=in_period)
    aggregates["previous_period"] = Count(
        "id", filter=Q(date__range=(previous_start, previous_end))
    )
    for flag in ("placement", "recruitment_lead", "curriculum_input", "wellbeing_insight"):
        aggregates[flag] = Count("id", filter=in_period & Q(**{flag: True}))
    in_vte_sessions = Q(task__number=VTE_SESSION_TASK_NUMBER) | Q(
        counterpart_kind=CounterpartKind.VTE_GROUP
    )
    aggregates["mentors_with_contacts"] = Count("mentor_id", distinct=True, filter=in_period)
    aggregates["mentors_in_vte_sessions"] = Count(
        "mentor_id", distinct=True, filter=in_period & in_vte_sessions
    )
    earliest = min(today - datetime.timedelta(days=2 * max(windows)), previous_start, start)
    return Contact.objects.filter(_contact_scope(**scope), date__gte=earliest).aggregate(
        **aggregates
    )


# A college added after the catalogue was read (the same request): counted, not named.
UNKNOWN_COLLEGE = {"name": "", "country__code": "", "country__name": ""}


def fold_by_college(
    counts: dict[int, int], catalogue: dict[int, dict], visible_college_ids: Sequence[int] | None
) -> list[dict]:
    """Per-college counts as rows named by college, or folded into one "other colleges" row
    (bucket 0) for colleges outside `visible_college_ids`: a college coordinator sees their own
    colleges by name and the rest only as an aggregate."""
    buckets: dict[int, dict] = {}
    for college_id, count in counts.items():
        if visible_college_ids is None or college_id in visible_college_ids:
            college = catalogue.get(college_id, UNKNOWN_COLLEGE)
            key, name, country = college_id, college["name"], college["country__name"]
        else:
            key, name, country = 0, "", ""
        row = buckets.setdefault(
            key, {"bucket": key, "bucket_name": name, "bucket_country": country, "count": 0}
        )
        row["count"] += count
    return sorted(buckets.values(), key=lambda row: (-row["count"], row["bucket_name"]))


def sum_by_country(
    counts: dict[int, int], catalogue: dict[int, dict], college_ids: Sequence[int] | None
) -> list[dict]:
    countries: dict[str, dict] = {}
    for college_id, count in counts.items():
        if college_ids is not None and college_id not in college_ids:
            continue
        college = catalogue.get(college_id, UNKNOWN_COLLEGE)
        row = countries.setdefault(
            college["country__code"],
            {
                "college__country__code": college["country__code"],
                "college__country__name": college["country__name"],
                "count": 0,
            },
        )
        row["count"] += count
    return sorted(
        countries.values(), key=lambda row: (-row["count"], row["college__country__name"])
    )


@dataclass(frozen=True)
class ContactBreakdown:
    """The period's contacts by month and task, by task, by college and by country."""

    total: int
    per_month: list[dict]
    per_task: list[dict]
    by_college: list[dict]
    by_country: list[dict]


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
    """One scan of the period's contacts grouped by month, task and college id, folded in
    Python into the tables of the dashboard and the network-activity report. The college is
    named from `catalogue` afterwards: grouping on the joined college and country names costs
    several times as much at a million contacts.

    `college_ids` narrows the total, months, tasks and countries. `by_college` compares
    `compare_college_ids` (None: every college), those outside `visible_college_ids` folded
    into one row; `compare_college_ids` must hold `college_ids`.
    """
    rows = (
        Contact.objects.filter(
            _contact_scope(
                college_ids=compare_college_ids, country_id=country_id, field_id=field_id
            ),
            date__range=(start, end),
        )
        .annotate(month=TruncMonth("date"))
        .order_by()
        .values_list("month", "task__number", "task__name", "college_id")
        .annotate(count=Count("*"))
    )
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


def contact_request_figures(*, start: datetime.datetime, end: datetime.datetime, **scope) -> dict:
    """Open requests now, and the average time to answer of requests made in start–end."""
    answer_time = ExpressionWrapper(
        F("responded_at") - F("created_at"), output_field=DurationField()
    )
    made_in_period = Q(created_at__gte=start, created_at__lt=end)
    requests = ContactRequest.objects.all()
    if mentor_scope := _mentor_scope(**scope):
        requests = requests.filter(mentor__in=Mentor.objects.filter(mentor_scope))
    return requests.aggregate(
        open=Count("id", filter=Q(status=ContactRequest.Status.OPEN)),
        made=Count("id", filter=made_in_period),
        answered=Count("id", filter=made_in_period & Q(responded_at__isnull=False)),
        average_answer_time=Avg(answer_time, filter=made_in_period & Q(responded_at__isnull=False)),
    )


def mentors_without_contact_since(since: datetime.date, **scope) -> QuerySet:
    """Active mentors with no contact on or after `since`, longest silent first."""
    return (
        Mentor.objects.filter(_mentor_scope(**scope), status=Mentor.Status.ACTIVE)
        .filter(~Exists(Contact.objects.filter(mentor_id=OuterRef("pk"), date__gte=since)))
        .annotate(
            last_contact=Subquery(
                Contact.objects.filter(mentor_id=OuterRef("pk"))
                .order_by("-date")
                .values("date")[:1]
            )
        )
        .select_related("user", "college")
        .order_by(F("last_contact").asc(nulls_first=True), "user__last_name", "id")
    )


def _silent_mentors(since: datetime.date, **scope) -> QuerySet:
    return Mentor.objects.filter(_mentor_scope(**scope), status=Mentor.Status.ACTIVE).filter(
        ~Exists(Contact.objects.filter(mentor_id=OuterRef("pk"), date__gte=since))
    )


def counts_per_college_and_field(mentors: QuerySet) -> dict[str, list[dict]]:
    """Aggregates without names: `mentors` counted per current college and per vocational
    field (a mentor in two fields counts in both; "fields" has those without one as None)."""
    by_college = list(
        mentors.order_by()
        .values("college__name", "college__country__name")
        .annotate(count=Count("id"))
        .order_by("-count", "college__name")
    )
    by_field = list(
        mentors.order_by()
        .values("fields__name", "fields__is_shortage")
        .annotate(count=Count("id"))
        .order_by("-count", "fields__name")
    )
    return {"by_college": by_college, "by_field": by_field}


def silent_mentor_counts(since: datetime.date, **scope) -> dict[str, list[dict]]:
    """Active mentors with no contact on or after `since`, per college and per field."""
    return counts_per_college_and_field(_silent_mentors(since, **scope))


def untrained_mentor_counts(today: datetime.date, **scope) -> dict[str, list[dict]]:
    """Active mentors without recent mentor training, per college and per field."""
    return counts_per_college_and_field(
        Mentor.objects.filter(_mentor_scope(**scope), status=Mentor.Status.ACTIVE).exclude(
            trained_q(today)
        )
    )


TRAINING_VALID_MONTHS = 24


def training_cutoff(today: datetime.date) -> datetime.date:
    """Training on or after this day counts as recent (the last 24 months)."""
    months = today.year * 12 + today.month - 1 - TRAINING_VALID_MONTHS
    year, month = divmod(months, 12)
    month += 1
    day = min(today.day, calendar.monthrange(year, month)[1])
    return datetime.date(year, month, day)


def trained_q(today: datetime.date) -> Q:
    """Mentors trained within the last 24 months."""
    return Q(trained_on__gte=training_cutoff(today))


def active_mentors_without_recent_training(today: datetime.date, **scope) -> QuerySet:
    """Active mentors never trained or trained more than 24 months ago, longest untrained first."""
    return (
        Mentor.objects.filter(_mentor_scope(**scope), status=Mentor.Status.ACTIVE)
        .exclude(trained_q(today))
        .select_related("user", "college")
        .order_by(F("trained_on").asc(nulls_first=True), "user__last_name", "id")
    )


def most_active_mentors(
    *, start: datetime.date, end: datetime.date, limit: int, **scope
) -> QuerySet:
    """The mentors with most contacts in the period, with their current college (graph nodes).

    The ranking groups the period's contacts on the mentor id alone; only the `limit` winners
    are joined to their names (grouping every contact on the joined names is several times
    slower at a million contacts).
    """
    in_period = Contact.objects.filter(_contact_scope(**scope), date__range=(start, end)).order_by()
    ranked = in_period.values("mentor_id").annotate(n=Count("*")).order_by("-n", "mentor_id")
    contacts = in_period.filter(mentor_id=OuterRef("pk")).values("mentor_id").annotate(n=Count("*"))
    return (
        Mentor.objects.filter(pk__in=Subquery(ranked.values("mentor_id")[:limit]))
        .annotate(contacts_in_period=Subquery(contacts.values("n"), output_field=IntegerField()))
        .values(
            "id",
            "user__first_name",
            "user__last_name",
            "college_id",
            "college__name",
            "contacts_in_period",
        )
        .order_by("-contacts_in_period", "id")
    )


def mentor_group_contact_counts(
    *, start: datetime.date, end: datetime.date, mentor_ids: Sequence[int], **scope
) -> QuerySet:
    """Mentor–VTE group edges weighted by the number of contacts in the period."""
    return (
        Contact.objects.filter(
            _contact_scope(**scope),
            date__range=(start, end),
            mentor_id__in=mentor_ids,
            vte_group__isnull=False,
        )
        .values("mentor_id", "vte_group_id", "vte_group__name", "vte_group__term")
        .annotate(weight=Count("id"))
        .order_by("mentor_id", "vte_group_id")
    )
