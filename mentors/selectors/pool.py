"""The mentor pool: the list, exports and a mentor's page."""

import datetime

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.utils import timezone

from mentors.models import Availability, Contact, GroupAssignment, Mentor, StatusChange


def available_now_expression(day: datetime.date | None = None) -> ExpressionWrapper:
    """True when an available period covers `day` and no away period does."""
    day = day or timezone.localdate()
    covering = Availability.objects.filter(
        mentor=OuterRef("pk"), starts_on__lte=day, ends_on__gte=day
    )
    return ExpressionWrapper(
        Q(Exists(covering.filter(kind=Availability.Kind.AVAILABLE)))
        & ~Q(Exists(covering.filter(kind=Availability.Kind.AWAY))),
        output_field=BooleanField(),
    )


def mentor_pool(queryset: QuerySet | None = None) -> QuerySet:
    """Mentors with what the list and exports show, in a fixed number of queries."""
    queryset = Mentor.objects.all() if queryset is None else queryset
    return (
        queryset.select_related("user", "user__invitation", "college", "college__country", "unit")
        .prefetch_related("fields", "tasks", "languages")
        .annotate(available_now=available_now_expression())
    )


def mentor_for_detail(mentor_id: int) -> Mentor:
    return (
        Mentor.objects.select_related(
            "user", "user__invitation", "college", "college__country", "unit"
        )
        .prefetch_related("fields", "tasks", "languages")
        .annotate(available_now=available_now_expression())
        .get(pk=mentor_id)
    )


def mentor_availability(mentor: Mentor) -> QuerySet:
    """Current and future periods, soonest first."""
    return (
        Availability.objects.filter(mentor=mentor, ends_on__gte=timezone.localdate())
        .prefetch_related("tasks")
        .order_by("starts_on")
    )


def mentor_assignments(mentor: Mentor) -> QuerySet:
    return mentor.assignments.select_related("vte_group", "vte_group__teacher_educator").order_by(
        "-starts_on"
    )


def contact_counts_by_task(mentor: Mentor) -> QuerySet:
    return (
        Contact.objects.filter(mentor=mentor)
        .values("task__number", "task__name")
        .annotate(count=Count("id"))
        .order_by("task__number")
    )


def events_attended(mentor: Mentor) -> QuerySet:
    """The mentor's attended events, read through the user's registrations."""
    return (
        mentor.user.registrations.filter(attended=True)
        .select_related("event")
        .order_by("-event__starts_at")
    )


def status_history(mentor: Mentor) -> QuerySet:
    return StatusChange.objects.filter(mentor=mentor).select_related("changed_by")


def has_activity(mentor: Mentor) -> bool:
    """Contacts, group assignments, event registrations or contact requests keep a mentor."""
    return (
        Contact.objects.filter(mentor=mentor).exists()
        or GroupAssignment.objects.filter(mentor=mentor).exists()
        or mentor.contact_requests.exists()
        or mentor.user.registrations.exists()
    )
