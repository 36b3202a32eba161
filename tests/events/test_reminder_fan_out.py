"""A big event's reminders are split into chunks that several worker processes send."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from events import notices, tasks
from events.models import EventNotice
from leadvet.lib import mail as mail_module
from tests.factories import EventFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_big_event_reminds_everyone_once_through_chunked_tasks(monkeypatch):
    monkeypatch.setattr(tasks, "FAN_OUT_CHUNK", 2)
    event = EventFactory(
        starts_at=timezone.now() + datetime.timedelta(days=3), reminder_offsets=[24]
    )
    registrations = RegistrationFactory.create_batch(5, event=event)
    chunks = []
    real_delay = tasks.send_event_notices.apply_async

    def recording_apply_async(*args, **kwargs):
        chunks.append(kwargs["args"][0])
        return real_delay(*args, **kwargs)

    monkeypatch.setattr(tasks.send_event_notices, "apply_async", recording_apply_async)
    mail.outbox.clear()
    with time_machine.travel(event.starts_at - datetime.timedelta(hours=20)):
        sent_here = tasks.send_event_reminders.delay(event.pk, 24).get()
        tasks.send_event_reminders.delay(event.pk, 24)  # a duplicate message sends nothing more

    assert sent_here == 2
    assert [len(chunk) for chunk in chunks] == [2, 1]
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.user.email for r in registrations)
    assert EventNotice.objects.filter(sent_at__isnull=False).count() == 5


def test_the_calendar_file_is_built_once_per_event_in_a_batch(monkeypatch):
    event = EventFactory(
        starts_at=timezone.now() + datetime.timedelta(days=3), reminder_offsets=[24]
    )
    RegistrationFactory.create_batch(4, event=event)
    calls = []
    real_event_ics = notices.event_ics

    def counting_event_ics(*args, **kwargs):
        calls.append(1)
        return real_event_ics(*args, **kwargs)

    monkeypatch.setattr(notices, "event_ics", counting_event_ics)
    mail.outbox.clear()
    with time_machine.travel(event.starts_at - datetime.timedelta(hours=20)):
        tasks.send_event_reminders.delay(event.pk, 24)

    assert len(mail.outbox) == 4
    assert len(calls) == 1
    assert all(m.attachments[0][1] == mail.outbox[0].attachments[0][1] for m in mail.outbox)


def test_a_batch_is_rendered_once_per_language_and_each_person_gets_their_own_copy(monkeypatch):
    event = EventFactory(
        starts_at=timezone.now() + datetime.timedelta(days=3), reminder_offsets=[24]
    )
    finns = [RegistrationFactory(event=event, user=UserFactory(language="fi")) for _ in range(3)]
    others = [RegistrationFactory(event=event, user=UserFactory(language="en")) for _ in range(2)]
    renders = []
    real_render_email = mail_module.render_email

    def counting_render_email(template, context, *, language=None):
        renders.append(language)
        return real_render_email(template, context, language=language)

    monkeypatch.setattr(mail_module, "render_email", counting_render_email)
    mail.outbox.clear()
    with time_machine.travel(event.starts_at - datetime.timedelta(hours=20)):
        tasks.send_event_reminders.delay(event.pk, 24)

    assert sorted(renders) == ["en", "fi"]
    sent = {m.to[0]: m.message() for m in mail.outbox}
    assert sorted(sent) == sorted(r.user.email for r in finns + others)
    assert len({msg["Message-ID"] for msg in sent.values()}) == 5
    for registration in finns + others:
        msg = sent[registration.user.email]
        assert msg["To"] == registration.user.email
        text = msg.get_body(("plain",)).get_content()
        assert text.startswith("Hei," if registration in finns else "Hello,")
        assert next(msg.iter_attachments()).get_content_type() == "text/calendar"
