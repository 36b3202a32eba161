"""Coordinators create, edit, duplicate and cancel events; bad input is refused with a message."""

import datetime
import zoneinfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from events.models import Event, EventNotice, Registration
from tests.factories import EventFactory, RegistrationFactory

HELSINKI = zoneinfo.ZoneInfo("Europe/Helsinki")
pytestmark = pytest.mark.django_db


def event_data(**overrides):
    data = {
        "kind": "training",
        "title": "Mentor training day",
        "description": "Training and planning for mentors.",
        "starts_at": "2030-04-11T09:00",
        "ends_at": "2030-04-11T15:00",
        "address": "Ratapihantie 13, Helsinki",
        "online_url": "",
        "capacity": "20",
        "audience": "mentors",
        "registration_deadline": "2030-04-04T16:00",
        "reminders": "7d, 1d, 2h",
    }
    data.update(overrides)
    return data


def test_coordinator_creates_an_event_in_helsinki_time_stored_in_utc(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("events:create"), event_data())
    event = Event.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("events:detail", args=[event.pk])
    assert event.starts_at == datetime.datetime(2030, 4, 11, 6, 0, tzinfo=datetime.UTC)
    assert event.starts_at.astimezone(HELSINKI).hour == 9
    assert event.reminder_offsets == [168, 24, 2]
    assert event.organiser == coordinator
    assert event.sequence == 0


def test_the_form_shows_default_reminders_as_days(client, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("events:create"))
    assert 'value="7d, 1d"' in response.content.decode()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"ends_at": "2030-04-11T08:00"}, "ends_at", "The event must end after it starts."),
        ({"capacity": "-1"}, "capacity", "The capacity must be at least 1"),
        (
            {"registration_deadline": "2030-04-12T08:00"},
            "registration_deadline",
            "Registration must close before the event starts.",
        ),
        ({"address": ""}, "address", "An on-site event needs an address."),
        ({"is_online": "on", "address": ""}, "online_url", "An online event needs a link."),
        ({"reminders": "7 weeks"}, "reminders", "is not a reminder time"),
    ],
)
def test_bad_event_input_is_refused_with_a_message_and_nothing_saved(
    client, coordinator, overrides, field, message
):
    client.force_login(coordinator)
    response = client.post(reverse("events:create"), event_data(**overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    assert message in " ".join(errors[field])
    assert message in response.content.decode().replace("&#x27;", "'")
    assert not Event.objects.exists()


def test_editing_the_time_bumps_sequence_and_tells_registrants(
    client, coordinator, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=1)
    registered = RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    cancelled = RegistrationFactory(event=event, status=Registration.Status.CANCELLED)
    client.force_login(coordinator)
    new_start = timezone.localtime(event.starts_at) + datetime.timedelta(days=1)
    data = event_data(
        starts_at=new_start.strftime("%Y-%m-%dT%H:%M"),
        ends_at=(new_start + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        registration_deadline="",
        audience=event.audience,
        capacity="1",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("events:edit", args=[event.pk]), data)
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.sequence == 1
    notices = EventNotice.objects.filter(kind=EventNotice.Kind.CHANGED, key="1")
    assert {n.registration_id for n in notices} == {registered.pk, waiting.pk}
    assert all(n.sent_at for n in notices)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [registered.user.email, waiting.user.email]
    )
    assert cancelled.user.email not in [m.to[0] for m in mail.outbox]
    ics = next(m for m in mail.outbox if m.to == [registered.user.email]).attachments[0]
    cal = Calendar.from_ical(ics[1] if isinstance(ics, tuple) else ics.content)
    vevent = cal.walk("VEVENT")[0]
    assert int(vevent["SEQUENCE"]) == 1
    assert cal["METHOD"] == "PUBLISH"


def test_editing_only_the_title_tells_nobody(
    client, coordinator, django_capture_on_commit_callbacks
):
    event = EventFactory(starts_at=datetime.datetime(2030, 5, 2, 7, 0, tzinfo=datetime.UTC))
    RegistrationFactory(event=event)
    client.force_login(coordinator)
    start = timezone.localtime(event.starts_at)
    data = event_data(
        title="New title",
        starts_at=start.strftime("%Y-%m-%dT%H:%M"),
        ends_at=timezone.localtime(event.ends_at).strftime("%Y-%m-%dT%H:%M"),
        registration_deadline="",
        address=event.address,
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("events:edit", args=[event.pk]), data)
    event.refresh_from_db()
    assert event.title == "New title"
    assert event.sequence == 0
    assert mail.outbox == []


def test_cancelling_an_event_tells_every_registrant_with_method_cancel(
    client, coordinator, django_capture_on_commit_callbacks
):
    event = EventFactory()
    registrations = RegistrationFactory.create_batch(2, event=event)
    RegistrationFactory(event=event, status=Registration.Status.CANCELLED)
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("events:cancel", args=[event.pk]))
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED
    assert event.sequence == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.user.email for r in registrations)
    for message in mail.outbox:
        attachment = message.attachments[0]
        cal = Calendar.from_ical(
            attachment[1] if isinstance(attachment, tuple) else attachment.content
        )
        assert cal["METHOD"] == "CANCEL"
        vevent = cal.walk("VEVENT")[0]
        assert vevent["STATUS"] == "CANCELLED"
        assert str(vevent["UID"]) == f"{event.uid}@leadvet"
        assert int(vevent["SEQUENCE"]) == 1


def test_duplicating_copies_the_details_with_a_new_uid(client, coordinator):
    event = EventFactory(capacity=12, reminder_offsets=[48])
    RegistrationFactory(event=event)
    client.force_login(coordinator)
    response = client.post(reverse("events:duplicate", args=[event.pk]))
    copy = Event.objects.exclude(pk=event.pk).get()
    assert response.url == reverse("events:edit", args=[copy.pk])
    assert copy.title == event.title
    assert copy.capacity == 12
    assert copy.reminder_offsets == [48]
    assert copy.uid != event.uid
    assert not copy.registrations.exists()


def test_the_edit_form_shows_times_in_helsinki(client, coordinator):
    event = EventFactory(
        starts_at=datetime.datetime(2030, 6, 1, 6, 0, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2030, 6, 1, 9, 30, tzinfo=datetime.UTC),
        reminder_offsets=[168, 24, 2],
    )
    client.force_login(coordinator)
    body = client.get(reverse("events:edit", args=[event.pk])).content.decode()
    assert 'value="1.6.2030 09:00"' in body
    assert 'value="7d, 1d, 2h"' in body


def test_the_detail_page_marks_times_for_the_viewers_zone_script(client, mentor):
    event = EventFactory(starts_at=datetime.datetime(2030, 6, 1, 6, 0, tzinfo=datetime.UTC))
    client.force_login(mentor.user)
    body = client.get(reverse("events:detail", args=[event.pk])).content.decode()
    assert '<time datetime="2030-06-01T06:00:00Z" data-local-time>' in body
    assert "Helsinki time" in body
    assert "js/events.js" in body
    assert "style=" not in body
