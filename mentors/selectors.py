"""Reads of the mentors app: querysets and SQL aggregates."""

import datetime
from collections.abc import Sequence

from django.db.models import (
    Avg,
    Case,
    CharField,
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
    Value,
    When,
)
from django.db.models.functions import TruncMonth

from mentors.models import Contact, ContactRequest, CounterpartKind, Mentor

# Aggregates for the dashboard and reports
#
# Every function takes the same scope arguments: `college_ids` (None = every college),
# `country_id` and `field_id` (None = no filter). A contact counts for the college of its
# day (Contact.college); a mentor for their current college.

VTE_SESSION_TASK_NUMBER = 4  # "visits VTE sessions as expert by experience"


def _has_field(field_id: int, mentor_ref: str) -> Exists:
    return Exists(
        Mentor.fields.through.objects.filter(
            mentor_id=OuterRef(mentor_ref), vocationalfield_id=field_id
        )
    )


def _mentor_scope(
    *, college_ids: Sequence[int] | None = None, country_id=None, field_id=None
) -> Q:
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


def _college_bucket(visible_college_ids: Sequence[int] | None, prefix: str = ""):
    """Annotations naming a row's college, or folding it into one "other colleges" row (id 0).

    College coordinators see their own colleges by name and the rest only as an aggregate.
    """
    college_id, name, country = f"{prefix}college_id", f"{prefix}college__name", f"{prefix}college__country__name"
    if visible_college_ids is None:
        return {"bucket": F(college_id), "bucket_name": F(name), "bucket_country": F(country)}
    visible = Q(**{f"{college_id}__in": visible_college_ids})
    return {
        "bucket": Case(When(visible, then=F(college_id)), default=Value(0), output_field=IntegerField()),
        "bucket_name": Case(When(visible, then=F(name)), default=Value(""), output_field=CharField()),
        "bucket_country": Case(When(visible, then=F(country)), default=Value(""), output_field=CharField()),
    }


def mentor_status_counts(**scope) -> QuerySet:
    return (
        Mentor.objects.filter(_mentor_scope(**scope))
        .values("status")
        .annotate(count=Count("id"))
        .order_by("status")
    )


def active_mentors_by_college(*, visible_college_ids: Sequence[int] | None = None, **scope) -> QuerySet:
    return (
        Mentor.objects.filter(_mentor_scope(**scope), status=Mentor.Status.ACTIVE)
        .annotate(**_college_bucket(visible_college_ids))
        .values("bucket", "bucket_name", "bucket_country")
        .annotate(count=Count("id"))
        .order_by("-count", "bucket_name")
    )


def active_mentors_by_country(**scope) -> QuerySet:
    return (
        Mentor.objects.filter(_mentor_scope(**scope), status=Mentor.Status.ACTIVE)
        .values("college__country__name")
        .annotate(count=Count("id"))
        .order_by("-count", "college__country__name")
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


def active_mentor_totals(**scope) -> dict:
    shortage = Exists(
        Mentor.fields.through.objects.filter(mentor_id=OuterRef("pk"), vocationalfield__is_shortage=True)
    )
    return Mentor.objects.filter(_mentor_scope(**scope), status=Mentor.Status.ACTIVE).aggregate(
        active=Count("id"), in_shortage_fields=Count("id", filter=Q(shortage))
    )


def contact_window_counts(
    *,
    today: datetime.date,
    windows: Sequence[int],
    start: datetime.date,
    end: datetime.date,
    previous_start: datetime.date,
    previous_end: datetime.date,
    **scope,
) -> dict:
    """Contacts in the last N days and the N days before, for each window, and in the period
    and the previous one: one query."""
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
    aggregates["period"] = Count("id", filter=Q(date__range=(start, end)))
    aggregates["previous_period"] = Count("id", filter=Q(date__range=(previous_start, previous_end)))
    earliest = min(today - datetime.timedelta(days=2 * max(windows)), previous_start)
    return Contact.objects.filter(_contact_scope(**scope), date__gte=earliest).aggregate(**aggregates)


def contact_outcome_counts(*, start: datetime.date, end: datetime.date, **scope) -> dict:
    """The win-win indicators of the period: outcome flags and mentors in VTE sessions."""
    in_vte_sessions = Q(task__number=VTE_SESSION_TASK_NUMBER) | Q(counterpart_kind=CounterpartKind.VTE_GROUP)
    return Contact.objects.filter(_contact_scope(**scope), date__range=(start, end)).aggregate(
        contacts=Count("id"),
        placement=Count("id", filter=Q(placement=True)),
        recruitment_lead=Count("id", filter=Q(recruitment_lead=True)),
        curriculum_input=Count("id", filter=Q(curriculum_input=True)),
        wellbeing_insight=Count("id", filter=Q(wellbeing_insight=True)),
        mentors_with_contacts=Count("mentor_id", distinct=True),
        mentors_in_vte_sessions=Count("mentor_id", distinct=True, filter=in_vte_sessions),
    )


def contacts_per_month_by_task(*, start: datetime.date, end: datetime.date, **scope) -> QuerySet:
    return (
        Contact.objects.filter(_contact_scope(**scope), date__range=(start, end))
        .annotate(month=TruncMonth("date"))
        .values("month", "task__number", "task__name")
        .annotate(count=Count("id"))
        .order_by("month", "task__number")
    )


def contacts_per_task(*, start: datetime.date, end: datetime.date, **scope) -> QuerySet:
    return (
        Contact.objects.filter(_contact_scope(**scope), date__range=(start, end))
        .values("task__number", "task__name")
        .annotate(count=Count("id"))
        .order_by("-count", "task__number")
    )


def contacts_by_college(
    *, start: datetime.date, end: datetime.date, visible_college_ids: Sequence[int] | None = None, **scope
) -> QuerySet:
    return (
        Contact.objects.filter(_contact_scope(**scope), date__range=(start, end))
        .annotate(**_college_bucket(visible_college_ids))
        .values("bucket", "bucket_name", "bucket_country")
        .annotate(count=Count("id"))
        .order_by("-count", "bucket_name")
    )


def contact_request_figures(*, start: datetime.datetime, end: datetime.datetime, **scope) -> dict:
    """Open requests now, and the average time to answer of requests made in start–end."""
    answer_time = ExpressionWrapper(F("responded_at") - F("created_at"), output_field=DurationField())
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
                Contact.objects.filter(mentor_id=OuterRef("pk")).order_by("-date").values("date")[:1]
            )
        )
        .select_related("user", "college")
        .order_by(F("last_contact").asc(nulls_first=True), "user__last_name", "id")
    )


def most_active_mentors(*, start: datetime.date, end: datetime.date, limit: int, **scope) -> QuerySet:
    """The mentors with most contacts in the period, with their current college (graph nodes)."""
    return (
        Contact.objects.filter(_contact_scope(**scope), date__range=(start, end))
        .values(
            "mentor_id",
            "mentor__user__first_name",
            "mentor__user__last_name",
            "mentor__college_id",
            "mentor__college__name",
        )
        .annotate(contacts=Count("id"))
        .order_by("-contacts", "mentor_id")[:limit]
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
