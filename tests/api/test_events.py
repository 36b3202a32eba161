import datetime

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from events.models import Event, EventNotice, Registration
from tests.factories import EventFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db

EVENTS = "/api/v1/events/"
REGISTRATIONS = "/api/v1/registrations/"


def test_users_see_events_of_their_audiences(api_as, teacher_educator):
    everyone = EventFactory(audience=Event.Audience.EVERYONE)
    for_mentors = EventFactory(audience=Event.Audience.MENTORS)
    client = api_as(teacher_educator)
    assert [row["id"] for row in client.get(EVENTS).json()["results"]] == [everyone.pk]
    assert client.get(f"{EVENTS}{for_mentors.pk}/").status_code == 404


def test_events_filter_by_the_pages_filter_and_order(api_as, coordinator):
    webinar = EventFactory(kind=Event.Kind.WEBINAR, is_online=True)
    EventFactory()
    client = api_as(coordinator)
    assert [r["id"] for r in client.get(EVENTS, {"kind": "webinar"}).json()["results"]] == [
        webinar.pk
    ]
    assert [r["id"] for r in client.get(EVENTS, {"place": "online"}).json()["results"]] == [
        webinar.pk
    ]
    assert client.get(EVENTS, {"kind": "party"}).status_code == 400


def test_mentor_registers_through_the_service(api_as, mentor):
    event = EventFactory(capacity=1)
    client = api_as(mentor.user)
    response = client.post(f"{EVENTS}{event.pk}/register/")
    assert response.status_code == 201
    assert response.json()["status"] == "registered"
    assert client.get(f"{EVENTS}{event.pk}/").json()["viewer_status"] == "registered"
    again = client.post(f"{EVENTS}{event.pk}/register/")
    assert again.status_code == 400
    assert again.json()["non_field_errors"]
    assert Registration.objects.count() == 1


def test_full_event_puts_the_next_one_on_the_waiting_list(api_as, mentor, other_mentor):
    event = EventFactory(capacity=1)
    api_as(mentor.user).post(f"{EVENTS}{event.pk}/register/")
    response = api_as(other_mentor.user).post(f"{EVENTS}{event.pk}/register/")
    assert response.json()["status"] == "waitlisted"


def test_registering_for_a_past_event_is_400(api_as, mentor):
    event = EventFactory(starts_at=timezone.now() - datetime.timedelta(days=1))
    response = api_as(mentor.user).post(f"{EVENTS}{event.pk}/register/")
    assert response.status_code == 400
    assert not Registration.objects.exists()


def test_registering_for_an_event_of_another_audience_is_404(api_as, teacher_educator):
    event = EventFactory(audience=Event.Audience.MENTORS)
    assert api_as(teacher_educator).post(f"{EVENTS}{event.pk}/register/").status_code == 404
    assert not Registration.objects.exists()


def test_user_cancels_own_registration_and_the_waiting_list_moves(api_as, mentor, other_mentor):
    event = EventFactory(capacity=1)
    own = RegistrationFactory(event=event, user=mentor.user)
    waiting = RegistrationFactory(event=event, user=other_mentor.user, status="waitlisted")
    response = api_as(mentor.user).post(f"{REGISTRATIONS}{own.pk}/cancel/")
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.REGISTERED


def test_another_users_registration_is_404(api_as, mentor, other_mentor):
    theirs = RegistrationFactory(user=other_mentor.user)
    client = api_as(mentor.user)
    assert client.get(f"{REGISTRATIONS}{theirs.pk}/").status_code == 404
    assert client.post(f"{REGISTRATIONS}{theirs.pk}/cancel/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Registration.Status.REGISTERED


def test_coordinator_cancels_anyones_registration(api_as, coordinator, mentor):
    registration = RegistrationFactory(user=mentor.user)
    response = api_as(coordinator).post(f"{REGISTRATIONS}{registration.pk}/cancel/")
    assert response.status_code == 200


def test_cancelling_twice_is_400(api_as, mentor):
    registration = RegistrationFactory(user=mentor.user, status="cancelled")
    response = api_as(mentor.user).post(f"{REGISTRATIONS}{registration.pk}/cancel/")
    assert response.status_code == 400
    assert response.json()["non_field_errors"]


def test_user_without_a_role_sees_no_events(api_as):
    assert api_as(UserFactory()).get(EVENTS).status_code == 403


def test_read_only_token_cannot_register(token_client, mentor):
    event = EventFactory()
    client = token_client(mentor.user, can_write=False)
    assert client.get(EVENTS).status_code == 200
    assert client.post(f"{EVENTS}{event.pk}/register/").status_code == 403
    assert not Registration.objects.exists()


@pytest.mark.parametrize("url", [EVENTS, REGISTRATIONS])
def test_event_lists_query_count_does_not_grow(
    api_as, coordinator, url, django_assert_num_queries, django_assert_max_num_queries
):
    client = api_as(coordinator)
    RegistrationFactory.create_batch(5)
    client.get(url)
    with django_assert_max_num_queries(8) as few:
        client.get(url)
    RegistrationFactory.create_batch(25)
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(client.get(url).json()["results"]) == 30


# Writes to events: coordinators, through the page's form and services


def event_data(**overrides):
    data = {
        "kind": "training",
        "title": "Mentor training day",
        "description": "Training and planning for mentors.",
        "starts_at": "2030-04-11T09:00:00+03:00",
        "ends_at": "2030-04-11T15:00:00+03:00",
        "is_online": False,
        "address": "Ratapihantie 13, Helsinki",
        "capacity": 20,
        "audience": "mentors",
        "registration_deadline": "2030-04-04T16:00:00+03:00",
        "reminders": "7d, 1d, 2h",
    }
    data.update(overrides)
    return data


def test_coordinator_creates_an_event_with_the_pages_rules(api_as, coordinator):
    response = api_as(coordinator).post(EVENTS, event_data(), format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["registered_count"] == 0
    assert body["reminders"] == "7d, 1d, 2h"
    assert body["status"] == "scheduled"
    event = Event.objects.get()
    assert body["id"] == event.pk
    assert event.starts_at == datetime.datetime(2030, 4, 11, 6, 0, tzinfo=datetime.UTC)
    assert event.reminder_offsets == [168, 24, 2]
    assert event.organiser == coordinator
    assert event.capacity == 20


def test_times_without_an_offset_are_helsinki_time_and_defaults_apply(api_as, coordinator):
    data = event_data(starts_at="2030-04-11T09:00", ends_at="2030-04-11T15:00")
    for name in ("reminders", "capacity", "audience", "registration_deadline", "description"):
        del data[name]
    response = api_as(coordinator).post(EVENTS, data, format="json")
    assert response.status_code == 201
    event = Event.objects.get()
    assert event.starts_at == datetime.datetime(2030, 4, 11, 6, 0, tzinfo=datetime.UTC)
    assert event.reminder_offsets == [168, 24]  # the page form's default
    assert (event.capacity, event.audience) == (None, Event.Audience.EVERYONE)
    assert response.json()["reminders"] == "7d, 1d"


@pytest.mark.parametrize("who", ["college_coordinator", "teacher_educator", "steering"])
def test_only_coordinators_create_events(api_as, request, who):
    response = api_as(request.getfixturevalue(who)).post(EVENTS, event_data(), format="json")
    assert response.status_code == 403
    assert response.json()["detail"]
    assert not Event.objects.exists()


def test_mentor_and_anonymous_cannot_create_events(api_as, mentor):
    assert api_as(mentor.user).post(EVENTS, event_data(), format="json").status_code == 403
    response = api_as(None).post(EVENTS, event_data(), format="json")
    assert response.status_code == 401
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"ends_at": "2030-04-11T08:00:00+03:00"}, "ends_at"),
        ({"registration_deadline": "2030-04-12T08:00:00+03:00"}, "registration_deadline"),
        ({"starts_at": "tomorrow"}, "starts_at"),
        ({"starts_at": "0026-04-11T09:00:00+03:00"}, "starts_at"),
        ({"capacity": 0}, "capacity"),
        ({"capacity": "many"}, "capacity"),
        ({"kind": "party"}, "kind"),
        ({"audience": "everybody"}, "audience"),
        ({"address": ""}, "address"),
        ({"is_online": True, "address": ""}, "online_url"),
        ({"online_url": "not a link"}, "online_url"),
        ({"is_online": "perhaps"}, "is_online"),
        ({"reminders": "7 weeks"}, "reminders"),
        ({"reminders": "90d"}, "reminders"),
        ({"title": ""}, "title"),
    ],
)
def test_bad_event_input_is_400_and_writes_nothing(api_as, coordinator, overrides, field):
    starts = datetime.datetime(2030, 4, 11, 6, 0, tzinfo=datetime.UTC)  # as event_data()
    existing = EventFactory(
        title="Kept", capacity=5, starts_at=starts, ends_at=starts + datetime.timedelta(hours=6)
    )
    RegistrationFactory(event=existing)
    client = api_as(coordinator)
    created = client.post(EVENTS, event_data(**overrides), format="json")
    changed = client.patch(f"{EVENTS}{existing.pk}/", overrides, format="json")
    for response in (created, changed):
        assert response.status_code == 400, response.json()
        assert field in response.json()
    assert Event.objects.count() == 1
    existing.refresh_from_db()
    assert (existing.title, existing.capacity, existing.sequence) == ("Kept", 5, 0)
    assert not EventNotice.objects.exists()


def test_the_capacity_message_is_the_pages(api_as, coordinator):
    response = api_as(coordinator).post(EVENTS, event_data(capacity=0), format="json")
    assert "at least 1" in response.json()["capacity"][0]


def test_editing_only_the_title_tells_nobody(
    api_as, coordinator, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=3, reminder_offsets=[48])
    RegistrationFactory(event=event)
    with django_capture_on_commit_callbacks(execute=True):
        response = api_as(coordinator).patch(
            f"{EVENTS}{event.pk}/", {"title": "New title"}, format="json"
        )
    assert response.status_code == 200
    assert response.json()["registered_count"] == 1
    event.refresh_from_db()
    assert (event.title, event.sequence, event.capacity) == ("New title", 0, 3)
    assert event.reminder_offsets == [48]
    assert mail.outbox == []


def test_moving_an_event_tells_everyone_registered(
    api_as, coordinator, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=1)
    registered = RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    RegistrationFactory(event=event, status=Registration.Status.CANCELLED)
    new_start = event.starts_at + datetime.timedelta(days=1)
    data = {
        "starts_at": new_start.isoformat(),
        "ends_at": (new_start + datetime.timedelta(hours=2)).isoformat(),
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = api_as(coordinator).patch(f"{EVENTS}{event.pk}/", data, format="json")
    assert response.status_code == 200
    event.refresh_from_db()
    assert event.sequence == 1
    notices = EventNotice.objects.filter(kind=EventNotice.Kind.CHANGED, key="1")
    assert {n.registration_id for n in notices} == {registered.pk, waiting.pk}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [registered.user.email, waiting.user.email]
    )


def test_coordinator_replaces_an_event_with_put(api_as, coordinator):
    event = EventFactory()
    response = api_as(coordinator).put(f"{EVENTS}{event.pk}/", event_data(), format="json")
    assert response.status_code == 200
    event.refresh_from_db()
    assert (event.title, event.capacity, event.audience) == ("Mentor training day", 20, "mentors")


@pytest.mark.parametrize("who", ["college_coordinator", "steering"])
def test_non_coordinators_cannot_change_or_cancel_events_they_see(api_as, request, who):
    event = EventFactory(title="Kept")
    RegistrationFactory(event=event)
    client = api_as(request.getfixturevalue(who))
    assert client.get(f"{EVENTS}{event.pk}/").status_code == 200
    assert client.patch(f"{EVENTS}{event.pk}/", {"title": "X"}, format="json").status_code == 403
    response = client.post(f"{EVENTS}{event.pk}/cancel/")
    assert response.status_code == 403
    assert response.json()["detail"]
    event.refresh_from_db()
    assert (event.title, event.status) == ("Kept", Event.Status.SCHEDULED)
    assert not EventNotice.objects.exists()


def test_mentor_cannot_change_or_cancel_an_event(api_as, mentor):
    event = EventFactory(title="Kept")
    client = api_as(mentor.user)
    assert client.patch(f"{EVENTS}{event.pk}/", {"title": "X"}, format="json").status_code == 403
    assert client.post(f"{EVENTS}{event.pk}/cancel/").status_code == 403
    event.refresh_from_db()
    assert (event.title, event.status) == ("Kept", Event.Status.SCHEDULED)


def test_an_event_for_another_audience_is_404_to_write(api_as, teacher_educator):
    event = EventFactory(title="Kept", audience=Event.Audience.MENTORS)
    client = api_as(teacher_educator)
    assert client.patch(f"{EVENTS}{event.pk}/", {"title": "X"}, format="json").status_code == 404
    assert client.post(f"{EVENTS}{event.pk}/cancel/").status_code == 404
    event.refresh_from_db()
    assert (event.title, event.status) == ("Kept", Event.Status.SCHEDULED)


def test_anonymous_cannot_cancel(api_as):
    event = EventFactory()
    assert api_as(None).post(f"{EVENTS}{event.pk}/cancel/").status_code == 401
    event.refresh_from_db()
    assert event.status == Event.Status.SCHEDULED


def test_cancelling_tells_every_registrant_as_the_page_does(
    api_as, coordinator, django_capture_on_commit_callbacks
):
    event = EventFactory()
    registered = RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    RegistrationFactory(event=event, status=Registration.Status.CANCELLED)
    with django_capture_on_commit_callbacks(execute=True):
        response = api_as(coordinator).post(f"{EVENTS}{event.pk}/cancel/")
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    event.refresh_from_db()
    assert (event.status, event.sequence) == (Event.Status.CANCELLED, 1)
    notices = EventNotice.objects.filter(kind=EventNotice.Kind.CANCELLED)
    assert {n.registration_id for n in notices} == {registered.pk, waiting.pk}
    assert all(n.sent_at for n in notices)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [registered.user.email, waiting.user.email]
    )
    for message in mail.outbox:
        attachment = message.attachments[0]
        cal = Calendar.from_ical(
            attachment[1] if isinstance(attachment, tuple) else attachment.content
        )
        assert cal["METHOD"] == "CANCEL"


def test_the_cancel_notices_go_only_on_commit(
    api_as, coordinator, django_capture_on_commit_callbacks
):
    event = EventFactory()
    RegistrationFactory(event=event)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        api_as(coordinator).post(f"{EVENTS}{event.pk}/cancel/")
    assert callbacks
    assert mail.outbox == []


def test_cancelling_twice_is_400_and_sends_nothing_more(
    api_as, coordinator, django_capture_on_commit_callbacks
):
    event = EventFactory()
    RegistrationFactory(event=event)
    client = api_as(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{EVENTS}{event.pk}/cancel/")
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(f"{EVENTS}{event.pk}/cancel/")
    assert again.status_code == 400
    assert again.json()["non_field_errors"] == ["The event was already cancelled."]
    event.refresh_from_db()
    assert event.sequence == 1
    assert len(mail.outbox) == 1


def test_cancelling_an_unknown_event_is_404(api_as, coordinator):
    response = api_as(coordinator).post(f"{EVENTS}999999/cancel/")
    assert response.status_code == 404
    assert response.json()["detail"]


def test_read_only_token_cannot_write_events(token_client, coordinator):
    event = EventFactory(title="Kept")
    RegistrationFactory(event=event)
    client = token_client(coordinator, can_write=False)
    assert client.post(EVENTS, event_data(), format="json").status_code == 403
    assert client.patch(f"{EVENTS}{event.pk}/", {"title": "X"}, format="json").status_code == 403
    assert client.post(f"{EVENTS}{event.pk}/cancel/").status_code == 403
    assert Event.objects.count() == 1
    event.refresh_from_db()
    assert (event.title, event.status) == ("Kept", Event.Status.SCHEDULED)
    assert not EventNotice.objects.exists()


def test_read_write_token_writes_events(token_client, coordinator):
    event = EventFactory()
    client = token_client(coordinator, can_write=True)
    assert client.post(EVENTS, event_data(), format="json").status_code == 201
    assert client.post(f"{EVENTS}{event.pk}/cancel/").status_code == 200
    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED


@pytest.mark.parametrize("moment", ["0001-01-01T00:00", "0001-01-01", "9999-12-31T23:00"])
def test_a_time_outside_the_portals_years_is_400_and_nothing_is_written(
    api_as, coordinator, moment
):
    response = api_as(coordinator).post(EVENTS, event_data(starts_at=moment), format="json")
    assert response.status_code == 400
    assert "between the years" in str(response.json()["starts_at"])
    assert not Event.objects.exists()
