"""Event emails: which are owed, whether each is still wanted, and how it reads.

Every email about a registration has an EventNotice row, unique per (registration, kind,
key); `leadvet.lib.outbox.deliver` sends them exactly once with the emails built here.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import timezone

from events import tokens
from events.ical import CANCEL, PUBLISH, cancel_ics, event_ics, mime_type
from events.models import Event, EventNotice, Registration
from events.time_zones import recipient_zones
from leadvet.lib import outbox
from leadvet.lib.mail import Attachment, build_copies

ACTIVE = (Registration.Status.REGISTERED, Registration.Status.WAITLISTED)
MAX_REMINDER_HOURS = 60 * 24
# The emails whose calendar file takes the event out of the person's calendar.
CALENDAR_CANCELS = (EventNotice.Kind.CANCELLED, EventNotice.Kind.UNREGISTERED)
# The emails with the check-in QR code attached (a place at an on-site event).
CHECK_IN_KINDS = (EventNotice.Kind.CONFIRMATION, EventNotice.Kind.PROMOTED)
# Emails of their own template, personal to each recipient.
PERSONAL_KINDS = (EventNotice.Kind.OPT_IN, EventNotice.Kind.CERTIFICATE)


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
    if registration.anonymised_at is not None or not registration.recipient_email:
        return False
    if notice.kind == kind.CERTIFICATE:
        return bool(registration.attended) and not event.is_cancelled and event.starts_at <= now
    if notice.kind == kind.CANCELLED:
        return event.is_cancelled and registration.status in ACTIVE
    if notice.kind == kind.UNREGISTERED:
        # Unless they registered again meanwhile; a cancelled event is taken out all the same.
        return (
            registration.status == Registration.Status.CANCELLED
            and registration.cancelled_at is not None
            and notice.key == registration.cancelled_at.isoformat()
            and event.ends_at >= now
        )
    if event.is_cancelled or event.ends_at < now:
        return False
    if notice.kind == kind.OPT_IN:
        return event.is_public and registration.status in (Registration.Status.PENDING, *ACTIVE)
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
    notices: list[EventNotice], now: datetime.datetime
) -> list[tuple[EventNotice, EmailMultiAlternatives | None]]:
    """Each notice with its email, or None when it is no longer wanted (the outbox's builder).

    The notices that say the same thing (same event, kind, key, registration status and
    language, and the same SEQUENCE for the person's calendar) are copies of one email, built
    once: nothing in an event email is personal but the address, and the calendar file of a
    cancellation, which names its one attendee (see events.ical)."""
    emails: list[tuple[EventNotice, EmailMultiAlternatives | None]] = []
    groups: dict[tuple, list[EventNotice]] = defaultdict(list)
    # The time is shown in the event's zone and, where it differs, in the recipient's.
    zones = recipient_zones(notice.registration for notice in notices)
    for notice in notices:
        if not notice_is_wanted(notice, now):
            emails.append((notice, None))
            continue
        registration = notice.registration
        same_email = (
            registration.event_id,
            notice.kind,
            notice.key,
            registration.status,
            registration.recipient_language,
            zones[registration.pk],
            None if notice.kind in CALENDAR_CANCELS else registration.calendar_sequence,
            # A public participant's emails carry their own links: one email each.
            registration.pk if registration.is_public or notice.kind in PERSONAL_KINDS else None,
        )
        groups[same_email].append(notice)
    ics_cache: dict = {}
    for (_event, kind, _key, status, language, zone, sequence, personal), group in groups.items():
        event = group[0].registration.event
        if kind in PERSONAL_KINDS:
            emails.append((group[0], _personal_email(group[0], language, zone)))
            continue
        cancels = kind in CALENDAR_CANCELS
        attachments = []
        if status == Registration.Status.REGISTERED and not cancels:
            if (event.pk, sequence) not in ics_cache:
                ics_cache[event.pk, sequence] = event_ics(event, sequence=sequence)
            ics = ics_cache[event.pk, sequence]
            attachments.append(Attachment("event.ics", ics, mime_type(PUBLISH)))
        check_in = (
            kind in CHECK_IN_KINDS
            and status == Registration.Status.REGISTERED
            and not event.is_online
        )
        context = {
            "kind": kind,
            "event": event,
            "status": status,
            "event_url": _event_url(event, group[0].registration if personal else None),
            "manage_url": tokens.token_url(personal, tokens.MANAGE) if personal else "",
            "calendar_attached": cancels or bool(attachments),
            "qr_attached": check_in,
            "viewer_time_zone": zone,
        }
        copies = build_copies(
            to=[notice.registration.recipient_email for notice in group],
            template="events/notice",
            context=context,
            language=language,
            attachments=attachments,
        )
        if cancels:
            for notice, copy in zip(group, copies, strict=True):
                copy.attach("event.ics", _cancel_ics(notice.registration), mime_type(CANCEL))
        if check_in:
            for notice, copy in zip(group, copies, strict=True):
                copy.attach("check-in-qr.png", check_in_qr_png(notice.registration.pk), "image/png")
        emails += zip(group, copies, strict=True)
    return emails


def _event_url(event: Event, public_registration: Registration | None) -> str:
    """Members read the event in the portal; a public participant on the public page."""
    if public_registration is not None:
        return settings.SITE_URL + reverse("events:public_event", args=[event.pk])
    return settings.SITE_URL + reverse("events:detail", args=[event.pk])


def check_in_qr_png(registration_id: int) -> bytes:
    """The QR code of the coordinator-only check-in link of one registration."""
    from events.qr import qr_png

    return qr_png(tokens.token_url(registration_id, tokens.CHECK_IN))


def _personal_email(notice: EventNotice, language: str, zone: str):
    """The confirmation link of a public registration, or a certificate with its PDF."""
    from events.certificates import certificate_pdf

    registration = notice.registration
    event = registration.event
    context = {
        "kind": notice.kind,
        "event": event,
        "status": registration.status,
        "name": registration.person_name,
        "confirm_url": tokens.token_url(registration.pk, tokens.CONFIRM),
        "manage_url": tokens.token_url(registration.pk, tokens.MANAGE),
        "verify_url": tokens.token_url(registration.pk, tokens.CERTIFICATE),
        "event_url": _event_url(event, registration if registration.is_public else None),
        "viewer_time_zone": zone,
    }
    attachments = []
    if notice.kind == EventNotice.Kind.CERTIFICATE:
        from django.utils import translation

        with translation.override(language):
            pdf = certificate_pdf(registration)
        attachments.append(Attachment("certificate.pdf", pdf, "application/pdf"))
    template = "events/opt_in" if notice.kind == EventNotice.Kind.OPT_IN else "events/certificate"
    (email,) = build_copies(
        to=[registration.recipient_email],
        template=template,
        context=context,
        language=language,
        attachments=attachments,
    )
    return email


def _cancel_ics(registration: Registration) -> bytes:
    return cancel_ics(
        registration.event,
        sequence=registration.calendar_sequence,
        email=registration.recipient_email,
        name=registration.person_name,
    )


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
    return outbox.deliver(EventNotice, due_reminder_notices(event_id=event_id, offset=offset))
