"""Reminders through a REAL Celery worker on the configured broker (Redis in CI).

The clock is moved past the 1-day reminder with time_machine (tick=True, so the
worker thread sees the moved clock too); the sweep is the real management command.
"""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from icalendar import Calendar

from events import services
from events.models import EventNotice, Registration
from events.tasks import send_event_reminders
from tests.factories import EventFactory, RegistrationFactory
from tests.workers import drain_queue, wait_for_outbox


def ics_of(message) -> Calendar:
    """The calendar file (a place at an on-site event also has the check-in QR code)."""
    (attachment,) = [a for a in message.attachments if a[2].startswith("text/calendar")]
    return Calendar.from_ical(attachment[1])


@pytest.mark.django_db(transaction=True)
def test_one_sweep_sends_each_registrant_one_reminder_and_a_second_sweep_none(real_worker):
    starts = (timezone.now() + datetime.timedelta(days=3)).replace(microsecond=0)
    event = EventFactory(starts_at=starts, reminder_offsets=[7 * 24, 24])
    registrations = RegistrationFactory.create_batch(3, event=event)
    cancelled = RegistrationFactory(event=event, status=Registration.Status.CANCELLED)
    mail.outbox.clear()

    with time_machine.travel(starts - datetime.timedelta(hours=23), tick=True):
        call_command("send_due_reminders")
        wait_for_outbox(3)
        drain_queue()
        assert len(mail.outbox) == 3

        call_command("send_due_reminders")
        send_event_reminders.delay(event.pk, 24)  # a duplicate message, as after a redelivery
        drain_queue()

    assert len(mail.outbox) == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.user.email for r in registrations)
    assert cancelled.user.email not in {m.to[0] for m in mail.outbox}
    for message in mail.outbox:
        assert message.subject.startswith("[LeadVET] Reminder:")
        assert message.alternatives[0].mimetype == "text/html"
        calendar = ics_of(message)
        assert calendar["METHOD"] == "PUBLISH"
        (vevent,) = calendar.walk("VEVENT")
        assert str(vevent["UID"]) == f"{event.uid}@leadvet"
        assert int(vevent["SEQUENCE"]) == event.sequence
        assert vevent.decoded("DTSTART") == starts
    sent = EventNotice.objects.filter(kind=EventNotice.Kind.REMINDER, sent_at__isnull=False)
    assert sent.count() == 3
    assert set(sent.values_list("key", flat=True)) == {"24"}


@pytest.mark.django_db(transaction=True)
def test_a_waitlisted_person_is_promoted_and_told_by_the_worker(real_worker):
    event = EventFactory(capacity=1, reminder_offsets=[])
    leaving = RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    mail.outbox.clear()

    services.cancel_registration(registration_id=leaving.pk)
    wait_for_outbox(2)
    drain_queue()

    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.REGISTERED
    sent = {m.to[0]: m for m in mail.outbox}
    assert sorted(sent) == sorted([waiting.user.email, leaving.user.email])
    promoted = sent[waiting.user.email]
    assert "A place for you" in promoted.subject
    assert ics_of(promoted)["METHOD"] == "PUBLISH"
    # The one who left is told too, with the file that takes the event out of their calendar.
    assert ics_of(sent[leaving.user.email])["METHOD"] == "CANCEL"
    notice = EventNotice.objects.get(registration=waiting, kind=EventNotice.Kind.PROMOTED)
    assert notice.sent_at is not None
