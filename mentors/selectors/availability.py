"""Availability periods, and who is available now."""

import datetime

from django.db.models import Case, Exists, OuterRef, Q, QuerySet, When
from django.utils import timezone

from mentors.models import Availability, Mentor

UNAVAILABLE_STATUSES = (Mentor.Status.PAUSED, Mentor.Status.ALUMNI)


def available_now_q(day: datetime.date | None = None) -> Q:
    """Mentors with an "available" period covering `day`, no "away" period covering it, and
    neither paused nor alumni.

    Usable as Mentor.objects.filter(available_now_q()) or inside Case/When annotations.
    """
    day = day or timezone.localdate()
    covering = Availability.objects.filter(
        mentor=OuterRef("pk"), starts_on__lte=day, ends_on__gte=day
    )
    return (
        # A paused mentor or an alumnus is not available, whatever periods they left behind.
        ~Q(status__in=UNAVAILABLE_STATUSES)
        & Q(Exists(covering.filter(kind=Availability.Kind.AVAILABLE)))
        & ~Q(Exists(covering.filter(kind=Availability.Kind.AWAY)))
    )


def with_available_now(queryset: QuerySet, day: datetime.date | None = None) -> QuerySet:
    """Annotate a Mentor queryset with a boolean `available_now`, computed in SQL."""
    return queryset.annotate(
        available_now=Case(When(available_now_q(day), then=True), default=False)
    )


def availability_for(mentor: Mentor) -> QuerySet:
    return (
        Availability.objects.filter(mentor=mentor)
        .prefetch_related("tasks")
        .order_by("-starts_on", "-id")
    )


def overlapping_availability(
    *,
    mentor: Mentor,
    kind: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    exclude_pk: int | None = None,
) -> Availability | None:
    """The first period of the same kind that shares at least one day with the given dates."""
    overlapping = Availability.objects.filter(
        mentor=mentor, kind=kind, starts_on__lte=ends_on, ends_on__gte=starts_on
    )
    if exclude_pk:
        overlapping = overlapping.exclude(pk=exclude_pk)
    return overlapping.order_by("starts_on").first()
