"""Reads for the events app: querysets with their joins and aggregates already applied."""

import datetime
from collections.abc import Sequence

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from events import permissions
from events.models import CalendarFeed, Event, EventNotice, EventOutput, Registration
from leadvet.lib.combined_reads import Part, read_together

ACTIVE = (Registration.Status.REGISTERED, Registration.Status.WAITLISTED)


def visible_events(user) -> QuerySet[Event]:
    """The events of the user's audiences and those they are registered or invited to
    (permissions.can_see_event as one query)."""
    events = Event.objects.all()
    audiences = permissions.visible_audiences(user)
    if audiences is not None:
        theirs = Registration.objects.filter(event=OuterRef("pk"), user_id=user.pk)
        events = events.filter(Q(audience__in=audiences) | Q(Exists(theirs)))
    return events


def with_counts(events: QuerySet[Event]) -> QuerySet[Event]:
    """Places taken, waiting list and attendance, counted in SQL."""
    registered = Q(registrations__status=Registration.Status.REGISTERED)
    return events.annotate(
        registered_count=Count("registrations", filter=registered),
        waitlisted_count=Count(
            "registrations", filter=Q(registrations__status=Registration.Status.WAITLISTED)
        ),
        attended_count=Count("registrations", filter=registered & Q(registrations__attended=True)),
        attendance_marked_count=Count(
            "registrations", filter=registered & Q(registrations__attended__isnull=False)
        ),
        # Answers to meeting invitations (RSVP): not attending, maybe, no answer yet.
        declined_count=Count(
            "registrations", filter=Q(registrations__status=Registration.Status.DECLINED)
        ),
        maybe_count=Count(
            "registrations", filter=Q(registrations__status=Registration.Status.MAYBE)
        ),
        invited_count=Count(
            "registrations", filter=Q(registrations__status=Registration.Status.INVITED)
        ),
    )


def with_viewer_status(events: QuerySet[Event], user) -> QuerySet[Event]:
    mine = Registration.objects.filter(event=OuterRef("pk"), user=user).values("status")[:1]
    return events.annotate(viewer_status=Subquery(mine))


def event_list(user, *, past: bool = False) -> QuerySet[Event]:
    now = timezone.now()
    events = visible_events(user)
    if past:
        events = events.filter(ends_at__lt=now).order_by("-starts_at")
    else:
        events = events.filter(ends_at__gte=now).order_by("starts_at")
    return with_viewer_status(with_counts(events), user)


def event_for_viewer(user, event_id: int) -> Event | None:
    """The event with its counts, or None when it does not exist or is not for this user."""
    return with_counts(visible_events(user)).filter(pk=event_id).first()


def event_title_and_audience(event_id: int) -> dict | None:
    """Only what a person outside an event's audience may be told of it (a shared link):
    its title and who it is for."""
    return Event.objects.filter(pk=event_id).values("title", "audience").first()


def registration_of(user, event: Event) -> Registration | None:
    return Registration.objects.filter(event=event, user=user).first()


def waitlist_position(registration: Registration) -> int | None:
    """1 for the first in line; None when not on the waiting list."""
    if registration.status != Registration.Status.WAITLISTED:
        return None
    ahead = Registration.objects.filter(
        event_id=registration.event_id, status=Registration.Status.WAITLISTED
    ).filter(
        Q(registered_at__lt=registration.registered_at)
        | Q(registered_at=registration.registered_at, id__lt=registration.id)
    )
    return ahead.count() + 1


def places_left(event: Event) -> int | None:
    if event.capacity is None:
        return None
    return max(event.capacity - event.registered_count, 0)


def attendance_rate(event: Event) -> int | None:
    """Per cent of registered people marked as attended, once attendance has been marked."""
    if not event.attendance_marked_count or not event.registered_count:
        return None
    return round(100 * event.attended_count / event.registered_count)


def attendees(event: Event) -> QuerySet[Registration]:
    """Registered first, then the waiting list in its order, then invitees by their answer;
    cancelled last."""
    order = {
        Registration.Status.REGISTERED: 0,
        Registration.Status.WAITLISTED: 1,
        Registration.Status.INVITED: 2,
        Registration.Status.MAYBE: 3,
        Registration.Status.DECLINED: 4,
    }
    return (
        Registration.objects.filter(event=event)
        .select_related("user__mentor__college__country", "registered_by")
        .annotate(
            status_order=Case(
                *[When(status=s, then=Value(n)) for s, n in order.items()],
                default=Value(9),
                output_field=IntegerField(),
            )
        )
        .order_by("status_order", "registered_at", "id")
    )


def outputs_of(event: Event) -> QuerySet[EventOutput]:
    return EventOutput.objects.filter(event=event).order_by(
        F("published_on").desc(nulls_last=True), "title"
    )


def all_outputs() -> QuerySet[EventOutput]:
    return EventOutput.objects.select_related("event").order_by(
        F("published_on").desc(nulls_last=True), "title"
    )


def upcoming_registrations_for(user, *, limit: int | None = None) -> QuerySet[Registration]:
    """The user's registered or waitlisted events that have not ended, soonest first."""
    regs = (
        Registration.objects.filter(
            user=user, status__in=ACTIVE, event__ends_at__gte=timezone.now()
        )
        .select_related("event")
        .order_by("event__starts_at")
    )
    return regs[:limit] if limit else regs


def feed_events(user) -> QuerySet[Event]:
    """Events for the personal iCal feed: registered or waitlisted, from the last 90 days on."""
    since = timezone.now() - datetime.timedelta(days=90)
    return (
        Event.objects.filter(
            registrations__user=user,
            registrations__status__in=ACTIVE,
            ends_at__gte=since,
        )
        .order_by("starts_at")
        .prefetch_related("agenda_items")
    )


def feed_of(user) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user).first()


def feed_by_token(token: str) -> CalendarFeed | None:
    return (
        CalendarFeed.objects.select_related("user")
        .filter(token=token, user__is_active=True)
        .first()
    )


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


def event_figures(
    *, now: datetime.datetime, start: datetime.datetime, end: datetime.datetime, **scope
) -> tuple[dict, list[dict]]:
    """In one query: the scheduled events upcoming and starting in the period; and per event
    type, the registrations for events starting in the period and, of those that have ended,
    how many were registered and how many attended."""
    scheduled = Q(status=Event.Status.SCHEDULED)
    registered = Q(status=Registration.Status.REGISTERED)
    past = Q(event__ends_at__lt=now)
    rows = read_together(
        {
            "events": Part(
                Event.objects.all(),
                {
                    "upcoming": Count("id", filter=scheduled & Q(starts_at__gt=now)),
                    "in_period": Count(
                        "id", filter=scheduled & Q(starts_at__gte=start, starts_at__lt=end)
                    ),
                },
            ),
            "by_kind": Part(
                Registration.objects.filter(
                    _registration_scope(**scope),
                    event__status=Event.Status.SCHEDULED,
                    event__starts_at__gte=start,
                    event__starts_at__lt=end,
                ),
                # Rows counted, not a column's values: read from the (event, status) index
                # alone (Django counts no "*" under a filter).
                {
                    "kind": "event__kind",
                    "registrations": Count(Value(1), filter=registered),
                    "past_registrations": Count(Value(1), filter=registered & past),
                    "attended": Count(Value(1), filter=registered & past & Q(attended=True)),
                },
            ),
        },
        {
            "kind": CharField(),
            "upcoming": IntegerField(),
            "in_period": IntegerField(),
            "registrations": IntegerField(),
            "past_registrations": IntegerField(),
            "attended": IntegerField(),
        },
    )
    [counts] = rows["events"]
    by_kind = sorted(
        ({"event__kind": row.pop("kind"), **row} for row in rows["by_kind"]),
        key=lambda row: row["event__kind"],
    )
    return counts, by_kind


def personal_data_of(user) -> dict:
    """The user's registrations and whether they have a calendar feed, for "Download my data"."""
    return {
        "registrations": list(
            Registration.objects.filter(user=user)
            .order_by("registered_at")
            .values(
                "event__title",
                "event__starts_at",
                "status",
                "registered_at",
                "cancelled_at",
                "promoted_at",
                "attended",
                "decline_reason",
            )
        ),
        # The token is a secret that grants access; only its existence is personal data here.
        "calendar_feed": CalendarFeed.objects.filter(user=user).exists(),
        # The emails sent or owed about their registrations (which and when; no text is kept).
        "event_emails": list(
            EventNotice.objects.filter(registration__user=user)
            .order_by("created_at", "pk")
            .values("registration__event__title", "kind", "key", "created_at", "sent_at")
        ),
    }


# Public registration, check-in, the training record


def public_event(event_id: int) -> Event | None:
    """An event open to the public, with its counts (cancelled ones too: the page says so)."""
    return with_counts(Event.objects.filter(is_public=True)).filter(pk=event_id).first()


def check_in_list(event: Event, *, query: str = "") -> QuerySet[Registration]:
    """The people with a place, by name, narrowed by a search of their names."""
    registrations = Registration.objects.filter(
        event=event, status=Registration.Status.REGISTERED
    ).select_related("user")
    for word in query.split()[:5]:
        registrations = registrations.filter(
            Q(guest_name__icontains=word)
            | Q(user__first_name__icontains=word)
            | Q(user__last_name__icontains=word)
            | Q(user__email__icontains=word)
        )
    return registrations.order_by(
        Coalesce("user__last_name", "guest_name"), "user__first_name", "id"
    )
