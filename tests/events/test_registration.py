"""Registering, the waiting list, promotion, closing times, attendance and the CSV export."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from events import services
from events.models import Event, EventNotice, Registration
from tests.downloads import csv_rows
from tests.factories import EventFactory, MentorFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_mentor_registers_and_gets_a_confirmation_with_ics(
    client, mentor, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=5)
    client.force_login(mentor.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("events:register", args=[event.pk]), follow=True)
    registration = Registration.objects.get(event=event, user=mentor.user)
    assert registration.status == Registration.Status.REGISTERED
    assert "You are registered. A confirmation is on its way." in messages_of(response)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.alternatives[0].mimetype == "text/html"
    assert message.attachments
    assert "4 left" in response.content.decode()


def test_a_full_event_puts_people_on_the_waiting_list_in_order(client, mentor, other_mentor):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    for person in (mentor, other_mentor):
        client.force_login(person.user)
        client.post(reverse("events:register", args=[event.pk]))
    first = Registration.objects.get(event=event, user=mentor.user)
    second = Registration.objects.get(event=event, user=other_mentor.user)
    assert first.status == second.status == Registration.Status.WAITLISTED
    response = client.get(reverse("events:detail", args=[event.pk]))
    assert response.context["waitlist_position"] == 2
    assert "You are number 2 on the waiting list." in response.content.decode()


def test_cancelling_promotes_the_first_in_line_and_tells_them(
    client, mentor, other_mentor, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=1)
    taken = RegistrationFactory(event=event, user=mentor.user)
    now = timezone.now()
    first = RegistrationFactory(
        event=event, status=Registration.Status.WAITLISTED, registered_at=now
    )
    second = RegistrationFactory(
        event=event,
        status=Registration.Status.WAITLISTED,
        registered_at=now + datetime.timedelta(seconds=1),
    )
    client.force_login(mentor.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("events:cancel_registration", args=[taken.pk]))
    assert response.status_code == 302
    taken.refresh_from_db()
    first.refresh_from_db()
    second.refresh_from_db()
    assert taken.status == Registration.Status.CANCELLED
    assert first.status == Registration.Status.REGISTERED
    assert first.promoted_at is not None
    assert second.status == Registration.Status.WAITLISTED
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert sorted(subjects) == sorted([first.user.email, mentor.user.email])
    assert "A place for you" in subjects[first.user.email]
    assert "Registration cancelled" in subjects[mentor.user.email]
    assert EventNotice.objects.filter(registration=first, kind=EventNotice.Kind.PROMOTED).exists()


def test_re_registering_after_cancelling_reuses_the_row(client, mentor):
    event = EventFactory()
    old = RegistrationFactory(event=event, user=mentor.user, status=Registration.Status.CANCELLED)
    client.force_login(mentor.user)
    client.post(reverse("events:register", args=[event.pk]))
    assert Registration.objects.filter(event=event).count() == 1
    old.refresh_from_db()
    assert old.status == Registration.Status.REGISTERED
    assert old.cancelled_at is None


def test_registering_twice_is_refused(client, mentor):
    event = EventFactory()
    RegistrationFactory(event=event, user=mentor.user)
    client.force_login(mentor.user)
    response = client.post(reverse("events:register", args=[event.pk]), follow=True)
    assert any("already registered" in m for m in messages_of(response))
    assert Registration.objects.filter(event=event).count() == 1


@pytest.mark.parametrize(
    ("make_event", "message"),
    [
        (
            lambda: EventFactory(status=Event.Status.CANCELLED),
            "This event has been cancelled, so registration is closed.",
        ),
        (
            lambda: EventFactory(
                starts_at=timezone.now() - datetime.timedelta(days=2),
                ends_at=timezone.now() - datetime.timedelta(days=2, hours=-3),
            ),
            "This event has already started or is over, so registration is closed.",
        ),
        (
            lambda: EventFactory(
                registration_deadline=timezone.now() - datetime.timedelta(hours=1)
            ),
            "Registration closed on",
        ),
    ],
    ids=["cancelled", "past", "deadline"],
)
def test_registration_is_refused_with_a_clear_message_and_nothing_saved(
    client, mentor, make_event, message
):
    event = make_event()
    client.force_login(mentor.user)
    response = client.post(reverse("events:register", args=[event.pk]), follow=True)
    assert response.status_code == 200
    assert any(message in m for m in messages_of(response))
    assert not Registration.objects.exists()
    assert mail.outbox == []


def test_registration_closes_at_the_start_without_a_deadline(mentor):
    event = EventFactory(registration_deadline=None)
    with time_machine.travel(event.starts_at + datetime.timedelta(minutes=1)):
        with pytest.raises(services.ActionRefused):
            services.register(event_id=event.pk, user=mentor.user)
    assert not Registration.objects.exists()


def test_the_last_place_goes_to_one_person_only(mentor, other_mentor):
    event = EventFactory(capacity=1)
    first = services.register(event_id=event.pk, user=mentor.user)
    second = services.register(event_id=event.pk, user=other_mentor.user)
    assert first.status == Registration.Status.REGISTERED
    assert second.status == Registration.Status.WAITLISTED


def test_coordinator_registers_someone_else(client, coordinator, mentor):
    event = EventFactory()
    client.force_login(coordinator)
    response = client.post(
        reverse("events:register_someone", args=[event.pk]), {"user": mentor.user.pk}
    )
    assert response.status_code == 302
    registration = Registration.objects.get(event=event)
    assert registration.user == mentor.user
    assert registration.registered_by == coordinator


def test_registering_someone_for_a_cancelled_event_shows_the_reason(client, coordinator, mentor):
    event = EventFactory(status=Event.Status.CANCELLED)
    client.force_login(coordinator)
    response = client.post(
        reverse("events:register_someone", args=[event.pk]), {"user": mentor.user.pk}
    )
    assert response.status_code == 200
    assert "registration is closed" in " ".join(response.context["add_form"].errors["user"])
    assert not Registration.objects.exists()


def test_coordinator_marks_attendance_in_bulk_and_the_rate_shows(client, coordinator):
    event = EventFactory()
    came = RegistrationFactory.create_batch(3, event=event)
    absent = RegistrationFactory(event=event)
    client.force_login(coordinator)
    response = client.post(
        reverse("events:attendance", args=[event.pk]), {"attended": [r.pk for r in came]}
    )
    assert response.status_code == 302
    assert Registration.objects.filter(attended=True).count() == 3
    absent.refresh_from_db()
    assert absent.attended is False
    detail = client.get(reverse("events:detail", args=[event.pk]))
    assert detail.context["attendance_rate"] == 75
    assert "75 %" in detail.content.decode()


def test_attendee_csv_lists_everyone_with_status(client, coordinator):
    event = EventFactory()
    registered = RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    client.force_login(coordinator)
    response = client.get(reverse("events:attendees_csv", args=[event.pk]))
    assert response["Content-Type"].startswith("text/csv")
    rows = csv_rows(response)
    assert rows[0][:3] == ["Name", "Email", "Status"]
    assert [r[1] for r in rows[1:]] == [registered.user.email, waiting.user.email]
    assert rows[2][2] == "On the waiting list"


def test_a_mentor_sees_upcoming_registrations(mentor):
    from events.selectors import upcoming_registrations_for

    soon = RegistrationFactory(user=mentor.user)
    RegistrationFactory(user=mentor.user, status=Registration.Status.CANCELLED)
    RegistrationFactory(
        user=mentor.user,
        event=EventFactory(
            starts_at=timezone.now() - datetime.timedelta(days=3),
            ends_at=timezone.now() - datetime.timedelta(days=3, hours=-2),
        ),
    )
    RegistrationFactory(user=MentorFactory().user)
    assert list(upcoming_registrations_for(mentor.user)) == [soon]
