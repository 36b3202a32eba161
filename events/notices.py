"""Delivering event emails exactly once.

Every email about a registration has an EventNotice row, unique per
(registration, kind, key). Delivery marks a row sent and hands its email to the
mail server in one transaction (see deliver_notices), so a retry, a second
worker or a second sweep sends nothing twice.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from events.ical import event_ics
from events.models import Event, EventNotice, Registration
from leadvet.mail import Attachment, build_copies

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
        return (
            registration.status in ACTIVE and notice.key == registration.registered_at.isoformat()
        )
    if notice.kind == kind.INVITATION:
        return registration.status == Registration.Status.INVITED and event.starts_at > now
    if notice.kind == kind.NUDGE:
        # To the people still without an answer, or still on the waiting list.
        return event.starts_at > now and registration.status in (
            Registration.Status.INVITED,
            Registration.Status.WAITLISTED,
        )
    return False


def build_notice_emails(
    notices: list[EventNotice],
) -> list[tuple[EventNotice, EmailMultiAlternatives]]:
    """Each notice with its email. The notices that say the same thing (same event, kind, key,
    registration status and language) are copies of one email, built once: nothing in an
    event email is personal but the address."""
    groups: dict[tuple, list[EventNotice]] = defaultdict(list)
    for notice in notices:
        registration = notice.registration
        same_email = (
            registration.event_id,
            notice.kind,
            notice.key,
            registration.status,
            registration.user.language,
        )
        groups[same_email].append(notice)
    ics_cache: dict = {}
    emails = []
    for (_event, kind, _key, status, language), group in groups.items():
        event = group[0].registration.event
        cancelled = kind == EventNotice.Kind.CANCELLED
        attachments = []
        if cancelled or status == Registration.Status.REGISTERED:
            method = "CANCEL" if cancelled else "REQUEST"
            ics_key = (event.pk, event.sequence, method)
            if ics_key not in ics_cache:
                ics_cache[ics_key] = event_ics(event, method=method)
            attachments.append(Attachment("event.ics", ics_cache[ics_key], "text/calendar"))
        context = {
            "kind": kind,
            "event": event,
            "status": status,
            "event_url": settings.SITE_URL + reverse("events:detail", args=[event.pk]),
            "calendar_attached": bool(attachments),
        }
        copies = build_copies(
            to=[notice.registration.user.email for notice in group],
            template="events/notice",
            context=context,
            language=language,
            attachments=attachments,
        )
        emails += zip(group, copies, strict=True)
    return emails


def deliver_notices(*, notice_ids: Iterable[int]) -> int:
    """Send the given notices that are still unsent and wanted; return how many were sent.

    Each email is claimed and sent in a transaction of its own: if the mail server fails, that
    claim rolls back and the task's retry sends it and the rest; the emails before it stay
    recorded as sent. A second worker waits on the row lock of the email being sent, then
    finds it sent. Only a process killed between the server accepting an email and the commit
    sends that one email again.
    """
    sent = 0
    for chunk in chunked(notice_ids):
        now = timezone.now()
        notices = list(
            EventNotice.objects.select_related("registration__user", "registration__event").filter(
                id__in=chunk, sent_at__isnull=True
            )
        )
        wanted = [n for n in notices if notice_is_wanted(n, now)]
        unwanted = [n.id for n in notices if n not in wanted]
        if unwanted:
            # Nothing was sent: the row goes, so the record stays "what was sent".
            EventNotice.objects.filter(id__in=unwanted, sent_at__isnull=True).delete()
        if not wanted:
            continue
        with _commits_not_waiting_for_disk(), mailers.default as mail_server:
            for notice, message in build_notice_emails(wanted):
                with transaction.atomic():
                    claimed = EventNotice.objects.filter(pk=notice.pk, sent_at__isnull=True).update(
                        sent_at=now
                    )
                    if claimed:
                        mail_server.send_messages([message])  # raises on failure: unclaimed again
                if claimed:
                    sent += 1
    return sent


@contextmanager
def _commits_not_waiting_for_disk() -> Iterator[None]:
    """On PostgreSQL, commits that return before their WAL record reaches the disk, so one
    "sent" mark per email costs a round trip and not a disk flush each. Only a crash of the
    database server itself (not of a worker) can forget the last fraction of a second of
    marks, and then those emails go again."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


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
