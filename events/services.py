"""Writes for the events app. Emails are recorded as EventNotice rows and sent by tasks."""

import datetime
import secrets

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from events import tasks
from events.models import CalendarFeed, Event, EventNotice, EventOutput, Registration
from events.notices import (
    ACTIVE,
    MAX_REMINDER_HOURS,
    create_notices,
    due_reminder_offset,
)
from leadvet.lib.outbox import chunked
from leadvet.lib.queue import enqueue_on_commit
from leadvet.lib.translated import translations
from leadvet.signals import changed_in_bulk
from mentors.models import Mentor
from mentors.services import pool as mentor_pool_services

# Changing any of these tells the registrants and bumps the iCalendar SEQUENCE.
TIME_AND_PLACE = ("starts_at", "ends_at", "is_online", "address", "online_url")
# Copied as they are: the title and description in every language (translations()).
COPIED_FIELDS = (
    "kind",
    "starts_at",
    "ends_at",
    "is_online",
    "address",
    "online_url",
    "capacity",
    "audience",
    "registration_deadline",
    "reminder_offsets",
    "counts_as_training",
    "hours",
    "is_public",
    "asks_dietary",
    "asks_accessibility",
)


class ActionRefused(Exception):
    """An action the rules do not allow (e.g. registering for a past event); the message is for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _notify(*, registration_ids, kind: str, key: str) -> None:
    notice_ids = create_notices(registration_ids=registration_ids, kind=kind, key=key)
    for chunk in chunked(notice_ids):
        enqueue_on_commit(tasks.send_event_notices, chunk)


def _notify_registrants(event: Event, *, kind: str) -> None:
    registration_ids = Registration.objects.filter(event=event, status__in=ACTIVE).values_list(
        "id", flat=True
    )
    _notify(registration_ids=registration_ids, kind=kind, key=str(event.sequence))


@transaction.atomic
def create_event(*, organiser, fields: dict) -> Event:
    event = Event(organiser=organiser, **fields)
    event.save()
    return event


@transaction.atomic
def update_event(*, event_id: int, fields: dict) -> Event:
    """Save the changes; a new time or place bumps SEQUENCE and tells everyone registered."""
    event = Event.objects.select_for_update().get(pk=event_id)
    moved = any(name in fields and getattr(event, name) != fields[name] for name in TIME_AND_PLACE)
    for name, value in fields.items():
        setattr(event, name, value)
    if moved:
        event.sequence += 1
    event.save()
    if moved and not event.is_cancelled:
        _notify_registrants(event, kind=EventNotice.Kind.CHANGED)
    _fill_from_waitlist(event)
    return event


@transaction.atomic
def duplicate_event(*, event: Event, organiser) -> Event:
    """A new scheduled event with the same details, its own UID and no registrations."""
    copy = Event(
        organiser=organiser,
        **{name: getattr(event, name) for name in COPIED_FIELDS},
        **translations(event, "title", "description"),
    )
    copy.save()
    return copy


@transaction.atomic
def cancel_event(*, event_id: int) -> Event:
    event = Event.objects.select_for_update().get(pk=event_id)
    if event.is_cancelled:
        raise ActionRefused(_("The event was already cancelled."))
    event.status = Event.Status.CANCELLED
    event.cancelled_at = timezone.now()
    event.sequence += 1
    event.save(update_fields=["status", "cancelled_at", "sequence", "updated_at"])
    _notify_registrants(event, kind=EventNotice.Kind.CANCELLED)
    return event


def registration_closes_at(event: Event) -> datetime.datetime:
    return event.registration_deadline or event.starts_at


def _check_open(event: Event, now: datetime.datetime) -> None:
    if event.is_cancelled:
        raise ActionRefused(_("This event has been cancelled, so registration is closed."))
    if event.starts_at <= now:
        raise ActionRefused(
            _("This event has already started or is over, so registration is closed.")
        )
    closes = registration_closes_at(event)
    if closes <= now:
        raise ActionRefused(
            _("Registration closed on %(date)s.")
            % {
                "date": formats.date_format(
                    timezone.localtime(closes, event.zone), "DATETIME_FORMAT"
                )
            }
        )


@transaction.atomic
def register(*, event_id: int, user, registered_by=None) -> Registration:
    """Register the user, or put them on the waiting list when the event is full.

    The event row is locked while the places are counted, so two people cannot
    take the last place at the same time. A registration cancelled earlier is reused.
    """
    now = timezone.now()
    event = Event.objects.select_for_update().get(pk=event_id)
    _check_open(event, now)
    registration = Registration.objects.filter(event=event, user=user).first()
    if registration is not None and registration.status in ACTIVE:
        if registration.status == Registration.Status.WAITLISTED:
            raise ActionRefused(_("%(name)s is already on the waiting list.") % {"name": user})
        raise ActionRefused(_("%(name)s is already registered.") % {"name": user})
    taken = Registration.objects.filter(event=event, status=Registration.Status.REGISTERED).count()
    full = event.capacity is not None and taken >= event.capacity
    if registration is not None:
        # A new calendar file follows the cancellation one this person may have had.
        registration.sequence_offset += 1
    registration = registration or Registration(event=event, user=user)
    registration.status = Registration.Status.WAITLISTED if full else Registration.Status.REGISTERED
    registration.registered_at = now
    registration.cancelled_at = None
    registration.promoted_at = None
    registration.attended = None
    registration.decline_reason = ""
    registration.registered_by = registered_by if registered_by != user else None
    registration.save()
    _notify(
        registration_ids=[registration.pk],
        kind=EventNotice.Kind.CONFIRMATION,
        key=registration.registered_at.isoformat(),
    )
    return registration


# Invitations to internal meetings and the invitees' answers (RSVP)

RSVP_STATUSES = (
    Registration.Status.INVITED,
    Registration.Status.MAYBE,
    Registration.Status.DECLINED,
)


class Answer:
    ATTENDING = "attending"
    DECLINED = "declined"
    MAYBE = "maybe"


def _action_stamp() -> str:
    """A key unique to one organiser action: a new action sends again, a retried task not."""
    return timezone.now().isoformat()


@transaction.atomic
def invite(*, event_id: int, users, invited_by) -> list[Registration]:
    """Invite people to an internal meeting and email them; people with an answer or a place
    are left alone, a cancelled registration is reused."""
    event = Event.objects.select_for_update().get(pk=event_id)
    if event.kind != Event.Kind.MEETING:
        raise ActionRefused(_("Invitations are for internal meetings only."))
    _check_open(event, timezone.now())
    existing = {r.user_id: r for r in Registration.objects.filter(event=event, user__in=users)}
    invited = []
    for user in users:
        registration = existing.get(user.pk)
        if registration is not None and registration.status != Registration.Status.CANCELLED:
            continue
        registration = registration or Registration(event=event, user=user)
        registration.status = Registration.Status.INVITED
        registration.registered_at = timezone.now()
        registration.cancelled_at = None
        registration.decline_reason = ""
        registration.registered_by = invited_by
        registration.save()
        invited.append(registration)
    _notify(
        registration_ids=[r.pk for r in invited],
        kind=EventNotice.Kind.INVITATION,
        key=_action_stamp(),
    )
    return invited


def answer_invitation(*, registration_id: int, answer: str, reason: str = "") -> Registration:
    """The invitee's answer. Attending registers them through `register` (capacity and the
    waiting list apply); not attending keeps the reason; maybe holds no place."""
    with transaction.atomic():
        registration = Registration.objects.select_related("event", "user").get(pk=registration_id)
        event = Event.objects.select_for_update().get(pk=registration.event_id)
        _check_open(event, timezone.now())
        registration.refresh_from_db()
        if registration.status not in RSVP_STATUSES:
            raise ActionRefused(
                _("You have already answered: you have a place or are on the waiting list.")
            )
        if answer == Answer.ATTENDING:
            return register(
                event_id=event.pk, user=registration.user, registered_by=registration.registered_by
            )
        if answer == Answer.DECLINED:
            registration.status = Registration.Status.DECLINED
            registration.decline_reason = reason.strip()
        elif answer == Answer.MAYBE:
            registration.status = Registration.Status.MAYBE
            registration.decline_reason = ""
        else:
            raise ActionRefused(_("Choose an answer."))
        registration.save(update_fields=["status", "decline_reason"])
        return registration


class Recipients:
    NON_RESPONDERS = "non_responders"
    WAITLIST = "waitlist"


@transaction.atomic
def email_invitees(*, event_id: int, recipients: str) -> int:
    """The organiser's one-click email to everyone without an answer, or to the waiting list.

    Each click is its own action (its own key), so clicking again emails again; a retried
    task finds its notices sent.
    """
    event = Event.objects.select_for_update().get(pk=event_id)
    _check_open(event, timezone.now())
    status = {
        Recipients.NON_RESPONDERS: Registration.Status.INVITED,
        Recipients.WAITLIST: Registration.Status.WAITLISTED,
    }[recipients]
    registration_ids = list(
        Registration.objects.filter(event=event, status=status).values_list("id", flat=True)
    )
    _notify(registration_ids=registration_ids, kind=EventNotice.Kind.NUDGE, key=_action_stamp())
    return len(registration_ids)


@transaction.atomic
def cancel_registration(*, registration_id: int) -> Registration:
    """Cancel; a freed place goes to the first on the waiting list, who is told.

    Someone who had a place is told too, with the calendar file that takes the event out of
    their calendar (its SEQUENCE one higher than the file they had)."""
    event_id = Registration.objects.values_list("event_id", flat=True).get(pk=registration_id)
    event = Event.objects.select_for_update().get(pk=event_id)
    registration = Registration.objects.select_related("user").get(pk=registration_id)
    if registration.status not in ACTIVE:
        raise ActionRefused(_("This registration is not active."))
    if event.starts_at <= timezone.now():
        raise ActionRefused(
            _("The event has already started, so the registration can no longer be cancelled.")
        )
    was_registered = registration.status == Registration.Status.REGISTERED
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.sequence_offset += 1
    registration.save(update_fields=["status", "cancelled_at", "sequence_offset"])
    if was_registered:
        _notify(
            registration_ids=[registration.pk],
            kind=EventNotice.Kind.UNREGISTERED,
            key=registration.cancelled_at.isoformat(),
        )
        _fill_from_waitlist(event)
    return registration


def _fill_from_waitlist(event: Event) -> list[Registration]:
    """Promote the first in line (by registration time) into free places. Event row is locked."""
    now = timezone.now()
    if event.is_cancelled or event.starts_at <= now:
        return []
    waiting = Registration.objects.filter(
        event=event, status=Registration.Status.WAITLISTED
    ).order_by("registered_at", "id")
    if event.capacity is not None:
        taken = Registration.objects.filter(
            event=event, status=Registration.Status.REGISTERED
        ).count()
        waiting = waiting[: max(event.capacity - taken, 0)]
    promoted = list(waiting)
    for registration in promoted:
        registration.status = Registration.Status.REGISTERED
        registration.promoted_at = now
        registration.save(update_fields=["status", "promoted_at"])
    if promoted:
        _notify(
            registration_ids=[r.pk for r in promoted],
            kind=EventNotice.Kind.PROMOTED,
            key=now.isoformat(),
        )
    return promoted


@transaction.atomic
def mark_attendance(*, event: Event, attended_ids: set[int]) -> int:
    """Everyone registered is marked: ticked as attended, the rest as absent."""
    registered = Registration.objects.filter(event=event, status=Registration.Status.REGISTERED)
    count = registered.filter(id__in=attended_ids).update(attended=True)
    registered.exclude(id__in=attended_ids).update(attended=False)
    changed_in_bulk.send(sender=Registration)
    if event.counts_as_training:
        day = timezone.localdate(event.starts_at)
        attended_mentors = Mentor.objects.filter(
            user__registrations__in=registered.filter(attended=True)
        )
        for mentor in attended_mentors:
            mentor_pool_services.mark_trained(mentor=mentor, on=day)
    return count


@transaction.atomic
def renew_calendar_feed(*, user) -> CalendarFeed:
    """Create the personal feed, or replace its token so the old link stops working."""
    feed, _created = CalendarFeed.objects.update_or_create(
        user=user,
        defaults={"token": secrets.token_urlsafe(32), "created_at": timezone.now()},
    )
    return feed


@transaction.atomic
def save_output(*, output: EventOutput, event: Event | None) -> EventOutput:
    output.event = event if event is not None else output.event
    output.save()
    return output


@transaction.atomic
def delete_output(*, output: EventOutput) -> None:
    stored = output.file.name if output.file else ""
    storage = output.file.storage if output.file else None
    output.delete()
    if stored:
        transaction.on_commit(lambda: storage.delete(stored))


def forget_registrant(*, user, **kwargs) -> int:
    """When a person is anonymised (mentors.signals.mentor_anonymised): their places at
    upcoming events go to the waiting list, the reasons they wrote go, and so do the emails
    still owed to them and their calendar feed. Past registrations stay for the statistics.
    Returns the number of registrations cancelled."""
    upcoming = Registration.objects.filter(
        user=user, status__in=ACTIVE, event__starts_at__gt=timezone.now()
    ).values_list("pk", flat=True)
    cancelled = 0
    for registration_id in list(upcoming):
        cancel_registration(registration_id=registration_id)
        cancelled += 1
    Registration.objects.filter(user=user).exclude(decline_reason="").update(decline_reason="")
    EventNotice.objects.filter(registration__user=user, sent_at__isnull=True).delete()
    CalendarFeed.objects.filter(user=user).delete()
    return cancelled


def enqueue_due_reminders() -> int:
    """The sweep: one task per (event, due offset) that still has someone to remind."""
    now = timezone.now()
    events = Event.objects.filter(
        status=Event.Status.SCHEDULED,
        starts_at__gt=now,
        starts_at__lte=now + datetime.timedelta(hours=MAX_REMINDER_HOURS),
    ).only("id", "starts_at", "reminder_offsets")
    enqueued = 0
    for event in events:
        offset = due_reminder_offset(event, now)
        if offset is None:
            continue
        sent = EventNotice.objects.filter(
            registration=OuterRef("pk"),
            kind=EventNotice.Kind.REMINDER,
            key=str(offset),
            sent_at__isnull=False,
        )
        owed = Registration.objects.filter(
            event=event, status=Registration.Status.REGISTERED
        ).filter(~Exists(sent))
        if owed.exists():
            enqueue_on_commit(tasks.send_event_reminders, event.pk, offset)
            enqueued += 1
    return enqueued


# The network's published outputs named in the seed material; seed_demo may call this.
SEED_OUTPUTS = (
    {
        "kind": EventOutput.Kind.ARTICLE,
        "title": "Verkostojen johtamisella vaikuttavuutta (Effectiveness by utilizing networks in leadership)",
        "url": "https://esignals.fi/kategoria/pedagogiikka/verkostojen-johtamisella-vaikuttavuutta/#5f37c07e",
        "description": "Published in eSignals.",
    },
    {
        "kind": EventOutput.Kind.PODCAST,
        "title": "Is professional teacher training part of the pulse of vocational training and working life?",
        "url": "",
        "description": "LeadVET podcast.",
    },
)


@transaction.atomic
def create_seed_outputs(*, event: Event | None = None) -> list[EventOutput]:
    """Idempotent: the eSignals article and the podcast from the seed, optionally on an event."""
    outputs = []
    for data in SEED_OUTPUTS:
        output, _created = EventOutput.objects.get_or_create(
            title=data["title"],
            defaults={**data, "event": event},
        )
        outputs.append(output)
    return outputs


# Check-in on the day, certificates, the agenda


@transaction.atomic
def check_in(*, registration_id: int, present: bool = True) -> Registration:
    """Mark one person present (a phone at the door) or take the mark back.

    A mentor present at a training event is marked trained, as with `mark_attendance`."""
    registration = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("event", "user")
        .get(pk=registration_id)
    )
    if registration.status != Registration.Status.REGISTERED:
        raise ActionRefused(_("Only people with a place can be checked in."))
    if registration.event.is_cancelled:
        raise ActionRefused(_("This event has been cancelled."))
    registration.attended = True if present else None
    registration.save(update_fields=["attended"])
    event = registration.event
    if present and event.counts_as_training and registration.user_id is not None:
        mentor = Mentor.objects.filter(user_id=registration.user_id).first()
        if mentor is not None:
            mentor_pool_services.mark_trained(mentor=mentor, on=timezone.localdate(event.starts_at))
    return registration


def certificate_recipients(event: Event):
    return Registration.objects.filter(
        event=event,
        status=Registration.Status.REGISTERED,
        attended=True,
        anonymised_at__isnull=True,
    )


@transaction.atomic
def send_certificates(*, event_id: int, registration_id: int | None = None) -> int:
    """Email the certificate to every attendee (each once, however often the button is
    pressed), or to one attendee again on request. Returns how many are owed."""
    event = Event.objects.select_for_update().get(pk=event_id)
    if event.is_cancelled:
        raise ActionRefused(_("This event has been cancelled."))
    if event.starts_at > timezone.now():
        raise ActionRefused(_("Certificates can be sent once the event has started."))
    recipients = certificate_recipients(event)
    if registration_id is not None:
        recipients = recipients.filter(pk=registration_id)
    ids = list(recipients.values_list("id", flat=True))
    if not ids:
        raise ActionRefused(_("Nobody has been marked present, so there is nobody to send to."))
    key = "all" if registration_id is None else _action_stamp()
    notice_ids = create_notices(registration_ids=ids, kind=EventNotice.Kind.CERTIFICATE, key=key)
    for chunk in chunked(notice_ids):
        enqueue_on_commit(tasks.send_event_notices, chunk)
    return len(notice_ids)


@transaction.atomic
def save_agenda(*, formset) -> None:
    """Save a valid agenda formset (new, changed and deleted sessions) in one transaction."""
    formset.save()
