"""The reminder sweep and delivery: due offsets, exactly once, retries after SMTP failures."""

import datetime
import smtplib

import pytest
import time_machine
from celery.exceptions import Retry
from django.core import mail
from django.db import connection
from django.utils import timezone

from events import notices, services
from events.models import Event, EventNotice, Registration
from events.tasks import send_event_reminders
from leadvet.lib import outbox
from portal.sweeps import SWEEPS
from tests.factories import EventFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    starts = timezone.now() + datetime.timedelta(days=10)
    return EventFactory(starts_at=starts, reminder_offsets=[168, 24])


def test_the_sweeps_are_registered():
    assert "events.services.enqueue_due_reminders" in SWEEPS


def test_nothing_is_due_before_the_first_offset(event):
    RegistrationFactory(event=event)
    assert services.enqueue_due_reminders() == 0
    assert mail.outbox == []


def test_the_seven_day_reminder_goes_once(event, django_capture_on_commit_callbacks):
    registration = RegistrationFactory(event=event)
    with time_machine.travel(event.starts_at - datetime.timedelta(days=6)):
        with django_capture_on_commit_callbacks(execute=True):
            assert services.enqueue_due_reminders() == 1
        with django_capture_on_commit_callbacks(execute=True):
            assert services.enqueue_due_reminders() == 0
        assert notices.send_reminders(event_id=event.pk, offset=168) == 0
    assert [m.to for m in mail.outbox] == [[registration.user.email]]
    assert EventNotice.objects.get().key == "168"


def test_only_the_latest_due_offset_is_sent(event, django_capture_on_commit_callbacks):
    RegistrationFactory(event=event)
    with time_machine.travel(event.starts_at - datetime.timedelta(hours=2)):
        with django_capture_on_commit_callbacks(execute=True):
            services.enqueue_due_reminders()
    assert len(mail.outbox) == 1
    assert EventNotice.objects.get().key == "24"


def test_a_failing_mail_server_is_retried_and_nothing_is_sent_twice(event, mail_server):
    registrations = RegistrationFactory.create_batch(3, event=event)
    mail_server.accept = 0
    with time_machine.travel(event.starts_at - datetime.timedelta(hours=20)):
        # In eager mode Celery raises the Retry it would schedule on a worker.
        with pytest.raises(Retry):
            send_event_reminders.delay(event.pk, 24)
        assert mail.outbox == []
        assert EventNotice.objects.filter(sent_at__isnull=True).count() == 3
        mail_server.accept = None  # the server is back
        send_event_reminders.delay(event.pk, 24)  # the retry
        send_event_reminders.delay(event.pk, 24)  # a duplicate delivery of the message
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.user.email for r in registrations)
    assert EventNotice.objects.filter(sent_at__isnull=False).count() == 3


def test_a_server_failing_mid_batch_keeps_what_it_accepted_and_the_retry_sends_the_rest(
    event, mail_server
):
    registrations = RegistrationFactory.create_batch(5, event=event)
    mail_server.accept = 2
    with time_machine.travel(event.starts_at - datetime.timedelta(hours=20)):
        with pytest.raises(Retry):
            send_event_reminders.delay(event.pk, 24)
        accepted = [m.to[0] for m in mail.outbox]
        assert len(accepted) == 2
        assert set(
            EventNotice.objects.filter(sent_at__isnull=False).values_list(
                "registration__user__email", flat=True
            )
        ) == set(accepted)
        mail_server.accept = None
        send_event_reminders.delay(event.pk, 24)  # the retry
    received = [m.to[0] for m in mail.outbox]
    assert sorted(received) == sorted(r.user.email for r in registrations)  # each exactly once
    assert EventNotice.objects.filter(sent_at__isnull=True).count() == 0


def test_a_failed_send_leaves_the_reminder_unclaimed(event, mail_server):
    RegistrationFactory(event=event)
    mail_server.accept = 0
    mail_server.error = OSError("mail server unreachable")
    with time_machine.travel(event.starts_at - datetime.timedelta(hours=20)):
        with pytest.raises(OSError):
            notices.send_reminders(event_id=event.pk, offset=24)
        notice = EventNotice.objects.get()
        assert notice.sent_at is None
        # The sweep sees it is still owed.
        assert services.enqueue_due_reminders() == 1


def test_cancelled_events_and_registrations_get_no_reminders(django_capture_on_commit_callbacks):
    starts = timezone.now() + datetime.timedelta(hours=10)
    cancelled_event = EventFactory(starts_at=starts, status=Event.Status.CANCELLED)
    RegistrationFactory(event=cancelled_event)
    event = EventFactory(starts_at=starts)
    RegistrationFactory(event=event, status=Registration.Status.CANCELLED)
    RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.enqueue_due_reminders() == 0
    assert notices.send_reminders(event_id=cancelled_event.pk, offset=24) == 0
    assert mail.outbox == []


def test_a_registration_cancelled_after_queueing_gets_nothing(event):
    registration = RegistrationFactory(event=event)
    with time_machine.travel(event.starts_at - datetime.timedelta(hours=20)):
        notice_ids = notices.create_notices(
            registration_ids=[registration.pk], kind=EventNotice.Kind.REMINDER, key="24"
        )
        Registration.objects.filter(pk=registration.pk).update(status=Registration.Status.CANCELLED)
        assert outbox.deliver(EventNotice, notice_ids) == 0
    assert mail.outbox == []
    assert not EventNotice.objects.exists()


def test_reminders_are_in_the_recipients_language(event, django_capture_on_commit_callbacks):
    RegistrationFactory(event=event, user=UserFactory(language="fi"))
    with time_machine.travel(event.starts_at - datetime.timedelta(hours=20)):
        with django_capture_on_commit_callbacks(execute=True):
            services.enqueue_due_reminders()
    (message,) = mail.outbox
    assert message.alternatives[0].mimetype == "text/html"
    html = message.alternatives[0].content
    assert '<html lang="fi">' in html


def test_a_superseded_change_notice_is_not_sent(django_capture_on_commit_callbacks):
    event = EventFactory()
    registration = RegistrationFactory(event=event)
    notice_ids = notices.create_notices(
        registration_ids=[registration.pk], kind=EventNotice.Kind.CHANGED, key="1"
    )
    Event.objects.filter(pk=event.pk).update(sequence=2)
    assert outbox.deliver(EventNotice, notice_ids) == 0
    assert mail.outbox == []


def test_the_catch_up_sweep_resends_notices_a_lost_message_missed(
    django_capture_on_commit_callbacks,
):
    event = EventFactory()
    registration = RegistrationFactory(event=event)
    with time_machine.travel(timezone.now() - datetime.timedelta(minutes=30)):
        services.cancel_event(event_id=event.pk)  # its on-commit enqueue never runs here
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox.resend_unsent() == 1
    assert [m.to for m in mail.outbox] == [[registration.user.email]]
    assert outbox.resend_unsent() == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="synchronous_commit is PostgreSQL's")
def test_delivery_leaves_the_connections_commit_setting_as_it_found_it(event, mail_server):
    RegistrationFactory.create_batch(2, event=event)

    def synchronous_commit():
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            return cursor.fetchone()[0]

    before = synchronous_commit()
    with time_machine.travel(event.starts_at - datetime.timedelta(hours=20)):
        assert notices.send_reminders(event_id=event.pk, offset=24) == 2
        mail_server.accept = 0
        RegistrationFactory(event=event)
        with pytest.raises(smtplib.SMTPServerDisconnected):
            notices.send_reminders(event_id=event.pk, offset=24)
    assert synchronous_commit() == before
