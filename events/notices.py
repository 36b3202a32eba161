"""Delivering event emails exactly once.

Every email about a registration has an EventNotice row, unique per
(registration, kind, key). Delivery claims unsent rows under a row lock, marks
them sent and sends in the same transaction: if the mail server fails, the
claim rolls back and the task's retry sends them; a second worker skips locked
rows and finds the rest already sent.
"""

import datetime
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from events.ical import event_ics
from events.models import Event, EventNotice, Registration
from leadvet.mail import Attachment, build_email, send_many

ACTIVE = (Registration.Status.REGISTERED, Registration.Status.WAITLISTED)
CHUNK = 100
MAX_REMINDER_HOURS = 60 * 24


def chunked(ids: Iterable[int], size: int = CHUNK) -> Iterator[list[int]]:
    ids = list(ids)
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def due_reminder_offset(event: Event, now: datetime.datetime) -> int | None:
    """The smallest offset whose time has come: a later reminder makes earlier ones moot."""
    if event.starts_at <= now:
        return None
    due = [
        hours
        for hours in event.reminder_offsets or []
        if event.starts_at - datetime.timedelta(hours=hours) <= now
    ]
    return min(due) if due else None


def notice_is_wanted(notice: EventNotice, now: datetime.datetime) -> bool:
    """Re-check, at sending time, that the email still makes sense."""
    registration = notice.registration
    event = registration.event
    kind = EventNotice.Kind
    if notice.kind == kind.CANCELLED:
        return event.is_cancelled and registration.status in ACTIVE
    if event.is_cancelled or event.ends_at < now:
        return False
    if notice.kind == kind.REMINDER:
        return (
            registration.status == Registration.Status.REGISTERED
            and event.starts_at > now
            and notice.key == str(due_reminder_offset(event, now))
        )
    if notice.kind == kind.CHANGED:
        return registration.status in ACTIVE and notice.key == str(event.sequence)
    if notice.kind == kind.PROMOTED:
        return registration.status == Registration.Status.REGISTERED
    if notice.kind == kind.CONFIRMATION:
        return registration.status in ACTIVE and notice.key == registration.registered_at.isoformat()
    if notice.kind == kind.INVITATION:
        return registration.status == Registration.Status.INVITED and event.starts_at > now
    if notice.kind == kind.NUDGE:
        # To the people still without an answer, or still on the waiting list.
        return event.starts_at > now and registration.status in (
            Registration.Status.INVITED,
            Registration.Status.WAITLISTED,
        )
    return False


def build_notice_email(notice: EventNotice, *, ics_cache: dict | None = None) -> EmailMultiAlternatives:
    """`ics_cache` lets a batch about one event build its calendar file once."""
    registration = notice.registration
    event = registration.event
    user = registration.user
    cancelled = notice.kind == EventNotice.Kind.CANCELLED
    attachments = []
    if cancelled or registration.status == Registration.Status.REGISTERED:
        method = "CANCEL" if cancelled else "REQUEST"
        cache = {} if ics_cache is None else ics_cache
        key = (event.pk, event.sequence, method)
        if key not in cache:
            cache[key] = event_ics(event, method=method)
        attachments.append(Attachment("event.ics", cache[key], "text/calendar"))
    context = {
        "kind": notice.kind,
        "event": event,
        "registration": registration,
        "user": user,
        "hours_before": int(notice.key) if notice.kind == EventNotice.Kind.REMINDER else None,
        "event_url": settings.SITE_URL + reverse("events:detail", args=[event.pk]),
        "calendar_attached": bool(attachments),
    }
    return build_email(
        to=[user.email],
        template="events/notice",
        context=context,
        language=user.language,
        attachments=attachments,
    )


def deliver_notices(*, notice_ids: Iterable[int]) -> int:
    """Send the given notices that are still unsent and wanted; return how many were sent."""
    sent = 0
    for chunk in chunked(notice_ids):
        now = timezone.now()
        with transaction.atomic():
            notices = list(
                EventNotice.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("registration__user", "registration__event")
                .filter(id__in=chunk, sent_at__isnull=True)
            )
            wanted = [n for n in notices if notice_is_wanted(n, now)]
            unwanted = [n.id for n in notices if n not in wanted]
            if unwanted:
                # Nothing was sent: the row goes, so the record stays "what was sent".
                EventNotice.objects.filter(id__in=unwanted, sent_at__isnull=True).delete()
            if not wanted:
                continue
            claimed = EventNotice.objects.filter(
                id__in=[n.id for n in wanted], sent_at__isnull=True
            ).update(sent_at=now)
            if claimed != len(wanted):
                # Someone else got there first; roll back and let the sweep sort it out.
                transaction.set_rollback(True)
                continue
            # Raises on SMTP failure: the claim above rolls back with it.
            ics_cache: dict = {}
            send_many([build_notice_email(n, ics_cache=ics_cache) for n in wanted])
            sent += len(wanted)
    return sent


def create_notices(*, registration_ids: Iterable[int], kind: str, key: str) -> list[int]:
    """Make sure each registration has its (kind, key) row; return the unsent ones' ids."""
    registration_ids = list(registration_ids)
    EventNotice.objects.bulk_create(
        [EventNotice(registration_id=rid, kind=kind, key=key) for rid in registration_ids],
        ignore_conflicts=True,
        batch_size=500,
    )
    return list(
        EventNotice.objects.filter(
            registration_id__in=registration_ids, kind=kind, key=key, sent_at__isnull=True
        ).values_list("id", flat=True)
    )


def due_reminder_notices(*, event_id: int, offset: int) -> list[int]:
    """The unsent `offset`-hours reminder notices of the event, created where missing."""
    now = timezone.now()
    event = Event.objects.filter(pk=event_id, status=Event.Status.SCHEDULED).first()
    if event is None or due_reminder_offset(event, now) != offset:
        return []
    registration_ids = Registration.objects.filter(
        event=event, status=Registration.Status.REGISTERED
    ).values_list("id", flat=True)
    return create_notices(
        registration_ids=registration_ids, kind=EventNotice.Kind.REMINDER, key=str(offset)
    )


def send_reminders(*, event_id: int, offset: int) -> int:
    """Send the `offset`-hours reminder to every registered person who has not had it."""
    return deliver_notices(notice_ids=due_reminder_notices(event_id=event_id, offset=offset))
