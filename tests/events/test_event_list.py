"""Upcoming and past events with filters, search, pagination and an htmx partial."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import Event
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def listed(client, name="events:list", **params):
    return list(client.get(reverse(name), params).context["page_obj"].object_list)


def test_upcoming_and_past_are_separate(client, coordinator):
    upcoming = EventFactory()
    past = EventFactory(
        starts_at=timezone.now() - datetime.timedelta(days=5),
        ends_at=timezone.now() - datetime.timedelta(days=5, hours=-2),
    )
    client.force_login(coordinator)
    assert listed(client) == [upcoming]
    assert listed(client, "events:past") == [past]


def test_filters_by_type_audience_place_and_search(client, coordinator):
    webinar = EventFactory(
        kind=Event.Kind.WEBINAR, is_online=True, online_url="https://x.example.org", address=""
    )
    alumni = EventFactory(
        kind=Event.Kind.ALUMNI, audience=Event.Audience.MENTORS, title="Alumni evening"
    )
    client.force_login(coordinator)
    assert listed(client, kind="webinar") == [webinar]
    assert listed(client, audience="mentors") == [alumni]
    assert listed(client, place="online") == [webinar]
    assert listed(client, place="onsite") == [alumni]
    assert listed(client, q="alumni EVENING") == [alumni]


def test_the_list_is_paginated_by_25(client, coordinator):
    EventFactory.create_batch(26)
    client.force_login(coordinator)
    assert len(listed(client)) == 25
    assert len(listed(client, page=2)) == 1


def test_the_list_shows_the_viewers_status(client, mentor):
    event = EventFactory()
    RegistrationFactory(event=event, user=mentor.user, status="waitlisted")
    client.force_login(mentor.user)
    assert "On the waiting list" in client.get(reverse("events:list")).content.decode()


def test_htmx_requests_get_only_the_results(client, coordinator):
    EventFactory(title="Planning day")
    client.force_login(coordinator)
    response = client.get(reverse("events:list"), headers={"HX-Request": "true"})
    body = response.content.decode()
    assert 'id="event-results"' in body
    assert "<html" not in body
    assert "Planning day" in body


def test_an_empty_list_says_so(client, mentor):
    client.force_login(mentor.user)
    assert "No events match." in client.get(reverse("events:list")).content.decode()
