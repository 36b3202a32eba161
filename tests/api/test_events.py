import datetime

import pytest
from django.utils import timezone

from events.models import Event, Registration
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
