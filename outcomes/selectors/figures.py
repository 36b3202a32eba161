"""Aggregates of the outcomes for the dashboard, the steering report and the API: a fixed
number of grouped SQL queries whatever the size of the data, folded in Python.

Every function takes the dashboard's scope: `start`/`end` (dates, inclusive), `college_ids`
(None: every college), `country_id`, `field_id` (None: no filter).
"""

import datetime
from collections.abc import Sequence

from django.db.models import Avg, Count, Min, Q, Sum
from django.db.models.functions import TruncMonth

from events.models import Registration
from mentors.models import Contact
from outcomes.models import (
    ContactFeedback,
    CurriculumProposal,
    EventFeedback,
    ExtraResourceTask,
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
    """Placements (by start) and outcomes (by date) of the period, one row per college,
    field, month and kind ("placement", "hired", "offered", "further")."""
    scope = _college_scope("", college_ids, country_id)
    if field_id:
        scope &= Q(field_id=field_id)
    placements = (
        Placement.objects.filter(scope, starts_on__range=(start, end))
        .annotate(month=TruncMonth("starts_on"))
        .order_by()
        .values("college_id", "field_id", "field__name", "field__is_shortage", "month")
        .annotate(count=Count("*"))
    )
    outcomes = (
        StudentOutcome.objects.filter(scope, date__range=(start, end))
        .annotate(month=TruncMonth("date"))
        .order_by()
        .values("college_id", "field_id", "field__name", "field__is_shortage", "month", "kind")
        .annotate(count=Count("*"))
    )
    return [{**row, "kind": "placement"} for row in placements] + list(outcomes)


def hire_lead_times(
    *,
    start: datetime.date,
    end: datetime.date,
    college_ids: Sequence[int] | None = None,
    country_id=None,
    field_id=None,
) -> list[tuple[datetime.date, datetime.date]]:
    """(date of hire, date of the first contact that led there) of the period's hires that
    name their contacts."""
    scope = _college_scope("", college_ids, country_id)
    if field_id:
        scope &= Q(field_id=field_id)
    return list(
        StudentOutcome.objects.filter(
            scope, kind=StudentOutcome.Kind.HIRED, date__range=(start, end)
        )
        .order_by()
        .values("id", "date")
        .annotate(first_contact=Min("contacts__date"))
        .filter(first_contact__isnull=False)
        .values_list("date", "first_contact")
    )


def network_hires_per_college(
    *,
    start: datetime.date,
    end: datetime.date,
    college_ids: Sequence[int] | None = None,
    country_id=None,
    field_id=None,
) -> dict[int, int]:
    """Hires of the period that name at least one network contact, per college."""
    scope = _college_scope("", college_ids, country_id)
    if field_id:
        scope &= Q(field_id=field_id)
    return dict(
        StudentOutcome.objects.filter(
            scope,
            kind=StudentOutcome.Kind.HIRED,
            date__range=(start, end),
            contacts__isnull=False,
        )
        .order_by()
        .values("college_id")
        .annotate(count=Count("id", distinct=True))
        .values_list("college_id", "count")
    )


def contact_minutes(
    *,
    start: datetime.date,
    end: datetime.date,
    college_ids: Sequence[int] | None = None,
    country_id=None,
) -> list[dict]:
    """Minutes of contacts per college (of the contact's day), task and month."""
    return list(
        Contact.objects.filter(
            _college_scope("", college_ids, country_id), date__range=(start, end)
        )
        .annotate(month=TruncMonth("date"))
        .order_by()
        .values("college_id", "task_id", "task__number", "task__name", "month")
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


def extra_resource_task_ids() -> set[int]:
    return set(ExtraResourceTask.objects.values_list("task_id", flat=True))


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
