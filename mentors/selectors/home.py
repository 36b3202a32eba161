"""The home page sections of mentors and teacher educators."""

import datetime

from django.db.models import Count, QuerySet, Sum
from django.utils import timezone

from leadvet import roles
from leadvet.lib import idempotency
from leadvet.lib.translated import localized
from mentors.models import Channel, Contact, ContactRequest, CounterpartKind, Mentor, MentorTask
from mentors.selectors.announcements import announcements_for_mentor
from mentors.selectors.contacts import last_contact_defaults
from mentors.selectors.requests import open_requests_for_mentor, requests_sent_by

# The quick log form's duration when the mentor has logged nothing yet (the full form's too).
QUICK_LOG_MINUTES = 30


def mentor_for_user(user) -> Mentor | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Mentor.objects.select_related("user", "college").filter(user=user).first()


def term_bounds(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """Spring term is January–July, autumn term August–December."""
    if day.month <= 7:
        return datetime.date(day.year, 1, 1), datetime.date(day.year, 7, 31)
    return datetime.date(day.year, 8, 1), datetime.date(day.year, 12, 31)


def activity_by_task(mentor: Mentor, starts_on: datetime.date, ends_on: datetime.date) -> QuerySet:
    return (
        Contact.objects.filter(mentor=mentor, date__range=(starts_on, ends_on))
        .values("task__number", task__name=localized("task__name"))
        .annotate(contacts=Count("id"), minutes=Sum("duration_minutes"))
        .order_by("task__number")
    )


def mentor_home(user) -> dict | None:
    """What a mentor's home page shows; None for users without a mentor record."""
    if not roles.is_mentor(user):
        return None
    mentor = mentor_for_user(user)
    if mentor is None:
        return None
    today = timezone.localdate()
    term_start, term_end = term_bounds(today)
    activity = list(activity_by_task(mentor, term_start, term_end))
    return {
        "mentor": mentor,
        "open_requests": list(open_requests_for_mentor(mentor)[:10]),
        "announcements": list(announcements_for_mentor(mentor)[:5]),
        "activity": activity,
        "activity_total": sum(row["contacts"] for row in activity),
        "term_start": term_start,
        "term_end": term_end,
        "today": today,
        # The quick form shows every value it sends: the duration too, editable.
        "defaults": {"duration_minutes": QUICK_LOG_MINUTES, **last_contact_defaults(mentor)},
        "tasks": list(MentorTask.objects.order_by("number")),
        "counterpart_kinds": CounterpartKind.choices,
        "channels": Channel.choices,
        # The quick log form's key: sending it twice logs one contact.
        "idempotency_key": idempotency.new_key(),
    }


def educator_home(user) -> dict | None:
    """A teacher educator's sent requests and their status."""
    if not roles.is_teacher_educator(user):
        return None
    sent = requests_sent_by(user)
    return {
        "sent_requests": list(sent[:10]),
        "open_count": sent.filter(status=ContactRequest.Status.OPEN).count(),
    }
