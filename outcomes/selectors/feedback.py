"""Reads of feedback and curriculum proposals."""

import datetime

from django.db.models import QuerySet

from events.models import Event, Registration
from outcomes.models import ContactFeedback, CurriculumProposal, EventFeedback

# Attendees are asked for feedback on events that ended at most this long ago.
EVENT_FEEDBACK_WITHIN = datetime.timedelta(days=7)


def contact_feedback_for(user, pk: int) -> ContactFeedback | None:
    """The feedback the user was asked for; None for anyone else's."""
    return (
        ContactFeedback.objects.select_related("request__mentor__user", "request__task")
        .filter(pk=pk, recipient=user)
        .first()
    )


def event_feedback_for(user, pk: int) -> EventFeedback | None:
    return (
        EventFeedback.objects.select_related("registration__event")
        .filter(pk=pk, registration__user=user)
        .first()
    )


def open_feedback_for(user) -> dict:
    """The home page: questions waiting for the user's answer."""
    return {
        "contacts": list(
            ContactFeedback.objects.filter(recipient=user, answered_at__isnull=True)
            .select_related("request__mentor__user")
            .order_by("-created_at")[:5]
        ),
        "events": list(
            EventFeedback.objects.filter(registration__user=user, answered_at__isnull=True)
            .select_related("registration__event")
            .order_by("-created_at")[:5]
        ),
    }


def registrations_owed_feedback(*, now: datetime.datetime) -> QuerySet[Registration]:
    """Attended registrations of events that ended in the last week, not yet asked."""
    return Registration.objects.filter(
        attended=True,
        event__status=Event.Status.SCHEDULED,
        event__ends_at__lte=now,
        event__ends_at__gte=now - EVENT_FEEDBACK_WITHIN,
        feedback__isnull=True,
    ).order_by("pk")[:1000]


def proposals(*, status: str = "") -> QuerySet[CurriculumProposal]:
    queryset = CurriculumProposal.objects.select_related(
        "contact__task", "contact__college", "decided_by"
    ).order_by("-created_at")
    if status in CurriculumProposal.Status.values:
        queryset = queryset.filter(status=status)
    return queryset
