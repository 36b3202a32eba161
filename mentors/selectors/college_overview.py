"""College coordinators: availability overview and contact log."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from mentors.models import Availability, Contact, Mentor


@dataclass(frozen=True)
class AvailabilityRow:
    """One mentor's line on the availability overview: the period covering today and the next."""

    mentor: Mentor
    now: Availability | None
    next: Availability | None
    away: Availability | None


def availability_overview_mentors(queryset: QuerySet, day: datetime.date | None = None) -> QuerySet:
    """Mentors with their current and future periods prefetched (a fixed number of queries)."""
    day = day or timezone.localdate()
    periods = (
        Availability.objects.filter(ends_on__gte=day)
        .prefetch_related("tasks")
        .order_by("starts_on", "id")
    )
    return (
        queryset.exclude(status=Mentor.Status.ALUMNI)
        .select_related("user", "college")
        .prefetch_related(Prefetch("availability", queryset=periods, to_attr="upcoming_periods"))
        .order_by("college__name", "user__last_name", "user__first_name", "id")
    )


def availability_rows(mentors, day: datetime.date | None = None) -> list[AvailabilityRow]:
    """Split each mentor's prefetched periods into now / next / away; no further queries."""
    day = day or timezone.localdate()
    rows = []
    for mentor in mentors:
        available = [p for p in mentor.upcoming_periods if p.kind == Availability.Kind.AVAILABLE]
        away = [p for p in mentor.upcoming_periods if p.kind == Availability.Kind.AWAY]
        now = next((p for p in available if p.covers(day)), None)
        after = now.ends_on if now else day
        rows.append(
            AvailabilityRow(
                mentor=mentor,
                now=now,
                next=next((p for p in available if p.starts_on > after), None),
                away=next(iter(away), None),
            )
        )
    return rows


def college_contact_log(college_ids: frozenset[int] | None) -> QuerySet:
    """Contacts counted for the given colleges (None: every college), newest first."""
    contacts = Contact.objects.all()
    if college_ids is not None:
        contacts = contacts.filter(college_id__in=college_ids)
    return contacts.select_related("mentor__user", "task", "vte_group", "college").order_by(
        "-date", "-id"
    )
