"""Aggregates of the outcomes for the dashboard, the steering report and the API: a fixed
number of grouped SQL queries whatever the size of the data, folded in Python.

Every function takes the dashboard's scope: `start`/`end` (dates, inclusive), `college_ids`
(None: every college), `country_id`, `field_id` (None: no filter).
"""

import datetime
from collections.abc import Sequence

from django.db.models import (
    Avg,
    BooleanField,
    Case,
    CharField,
    Count,
    Min,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import TruncMonth

from events.models import Registration
from mentors.models import Contact
from outcomes.models import (
    ContactFeedback,
    CurriculumProposal,
    EventFeedback,
    Placement,
    StudentOutcome,
)


def _college_scope(prefix: str, college_ids, country_id) -> Q:
    q = Q()
    if college_ids is not None:
        q &= Q(**{f"{prefix}college_id__in": college_ids})
    if country_id:
        q &= Q(**{f"{prefix}college__country_id": country_id})
    return q


def path_counts(
    *,
    start: datetime.date,
    end: datetime.date,
    college_ids: Sequence[int] | None = None,
    country_id=None,
    field_id=None,
) -> list[dict]:
    """Placements (by start) and outcomes (by date) of the period in one query, one row per
    college, field, month and kind ("placement", "hired", "offered", "further")."""
    scope = _college_scope("", college_ids, country_id)
    if field_id:
        scope &= Q(field_id=field_id)
    columns = ("college_id", "field_id", "field__name", "field__is_shortage", "month", "kind")
    placements = (
        Placement.objects.filter(scope, starts_on__range=(start, end))
        .annotate(month=TruncMonth("starts_on"), kind=Value("placement", CharField()))
        .order_by()
        .values_list(*columns)
        .annotate(count=Count("*"))
    )
    outcomes = (
        StudentOutcome.objects.filter(scope, date__range=(start, end))
        .annotate(month=TruncMonth("date"))
        .order_by()
        .values_list(*columns)
        .annotate(count=Count("*"))
    )
    return [
        dict(zip((*columns, "count"), row, strict=True))
        for row in placements.union(outcomes, all=True).order_by()
    ]


def hires(
    *,
    start: datetime.date,
    end: datetime.date,
    college_ids: Sequence[int] | None = None,
    country_id=None,
    field_id=None,
) -> list[tuple[int, datetime.date, datetime.date | None]]:
    """(college id, date of hire, date of the first contact that led there or None) of each
    hire of the period."""
    scope = _college_scope("", college_ids, country_id)
    if field_id:
        scope &= Q(field_id=field_id)
    return list(
        StudentOutcome.objects.filter(
            scope, kind=StudentOutcome.Kind.HIRED, date__range=(start, end)
        )
        .order_by()
        .values("id", "college_id", "date")
        .annotate(first_contact=Min("contacts__date"))
        .values_list("college_id", "date", "first_contact")
    )


def contact_minutes(
    *,
    start: datetime.date,
    end: datetime.date,
    previous_start: datetime.date,
    college_ids: Sequence[int] | None = None,
    country_id=None,
) -> list[dict]:
    """Minutes and contacts per college (of the contact's day), task and month, from
    `previous_start` (`current`: on or after `start`); `extra`: the task may need extra
    resources."""
    return list(
        Contact.objects.filter(
            _college_scope("", college_ids, country_id), date__range=(previous_start, end)
        )
        .annotate(
            month=TruncMonth("date"),
            current=Case(
                When(date__gte=start, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
        .order_by()
        .values(
            "college_id",
            "task_id",
            "task__number",
            "task__name",
            "task__extra_resources__id",
            "month",
            "current",
        )
        .annotate(minutes=Sum("duration_minutes"), contacts=Count("*"))
    )


def attendance_per_event(
    *,
    start_at: datetime.datetime,
    end_at: datetime.datetime,
    college_ids: Sequence[int] | None = None,
    country_id=None,
) -> list[dict]:
    """Attended registrations of mentors per event (its start and end) and the mentor's
    college, for events that started in the period."""
    return list(
        Registration.objects.filter(
            _college_scope("user__mentor__", college_ids, country_id),
            attended=True,
            user__mentor__isnull=False,
            event__starts_at__gte=start_at,
            event__starts_at__lt=end_at,
        )
        .order_by()
        .values("event__starts_at", "event__ends_at", "user__mentor__college_id")
        .annotate(attendees=Count("*"))
    )


def contact_feedback_counts(
    *,
    start_at: datetime.datetime,
    end_at: datetime.datetime,
    college_ids: Sequence[int] | None = None,
    country_id=None,
) -> list[dict]:
    """Feedback asked after contact requests answered in the period, per college of the
    mentor and task: how many asked, answered, and the mean score."""
    return list(
        ContactFeedback.objects.filter(
            _college_scope("request__mentor__", college_ids, country_id),
            created_at__gte=start_at,
            created_at__lt=end_at,
        )
        .order_by()
        .values("request__mentor__college_id", "request__task__number", "request__task__name")
        .annotate(
            asked=Count("*"),
            answered=Count("id", filter=Q(answered_at__isnull=False)),
            score_sum=Sum("score"),
        )
    )


def event_feedback_counts(*, start_at: datetime.datetime, end_at: datetime.datetime) -> list[dict]:
    """Feedback asked after events of the period, per event type."""
    return list(
        EventFeedback.objects.filter(
            registration__event__starts_at__gte=start_at,
            registration__event__starts_at__lt=end_at,
        )
        .order_by()
        .values("registration__event__kind")
        .annotate(
            asked=Count("*"),
            answered=Count("id", filter=Q(answered_at__isnull=False)),
            mean=Avg("score"),
        )
    )


def curriculum_changes(
    *,
    start_at: datetime.datetime,
    end_at: datetime.datetime,
    college_ids: Sequence[int] | None = None,
    country_id=None,
    limit: int = 50,
):
    """Proposals decided in the period, taken up first: what changed in teacher education."""
    return (
        CurriculumProposal.objects.filter(
            _college_scope("contact__", college_ids, country_id),
            decided_at__gte=start_at,
            decided_at__lt=end_at,
        )
        .select_related("contact__task")
        .order_by("status", "-decided_at")
        .only(
            "proposal",
            "status",
            "change",
            "decided_at",
            "contact__date",
            "contact__task__number",
            "contact__task__name",
        )[:limit]
    )


def curriculum_status_counts(
    *,
    start_at: datetime.datetime,
    end_at: datetime.datetime,
    college_ids: Sequence[int] | None = None,
    country_id=None,
) -> dict[str, int]:
    """Proposals made (contacts of the period) by their status now."""
    return dict(
        CurriculumProposal.objects.filter(
            _college_scope("contact__", college_ids, country_id),
            created_at__gte=start_at,
            created_at__lt=end_at,
        )
        .order_by()
        .values("status")
        .annotate(count=Count("*"))
        .values_list("status", "count")
    )
