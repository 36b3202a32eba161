"""Reads of the events app: querysets and SQL aggregates."""

import datetime
from collections.abc import Sequence

from django.db.models import Count, Q, QuerySet

from events.models import Event, Registration

# Aggregates for the dashboard and reports
#
# Registrations are scoped by the registrant's mentor college; events themselves belong
# to the whole network.


def _registration_scope(
    *, college_ids: Sequence[int] | None = None, country_id=None, field_id=None
) -> Q:
    q = Q()
    if college_ids is not None:
        q &= Q(user__mentor__college_id__in=college_ids)
    if country_id:
        q &= Q(user__mentor__college__country_id=country_id)
    if field_id:
        q &= Q(user__mentor__fields=field_id)
    return q


def event_counts(*, now: datetime.datetime, start: datetime.datetime, end: datetime.datetime) -> dict:
    scheduled = Q(status=Event.Status.SCHEDULED)
    return Event.objects.aggregate(
        upcoming=Count("id", filter=scheduled & Q(starts_at__gt=now)),
        in_period=Count("id", filter=scheduled & Q(starts_at__gte=start, starts_at__lt=end)),
    )


def registration_figures_by_kind(
    *, now: datetime.datetime, start: datetime.datetime, end: datetime.datetime, **scope
) -> QuerySet:
    """Per event type: registrations for events starting in the period, and of those that
    have ended, how many were registered and how many attended."""
    registered = Q(status=Registration.Status.REGISTERED)
    past = Q(event__ends_at__lt=now)
    return (
        Registration.objects.filter(
            _registration_scope(**scope),
            event__status=Event.Status.SCHEDULED,
            event__starts_at__gte=start,
            event__starts_at__lt=end,
        )
        .values("event__kind")
        .annotate(
            registrations=Count("id", filter=registered),
            past_registrations=Count("id", filter=registered & past),
            attended=Count("id", filter=registered & past & Q(attended=True)),
        )
        .order_by("event__kind")
    )
