"""The event list and detail make the same number of queries for few and many rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import EventFactory, EventOutputFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def count_queries(client, url) -> int:
    """Warm-up request: how many queries the page makes with few rows."""
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("who", ["coordinator", "mentor"])
def test_event_list_queries_do_not_grow_with_events(
    client, request, who, django_assert_num_queries
):
    user = request.getfixturevalue(who)
    user = getattr(user, "user", user)
    client.force_login(user)
    url = reverse("events:list")
    events = EventFactory.create_batch(5)
    for event in events:
        RegistrationFactory(event=event, user=user)
        RegistrationFactory.create_batch(2, event=event)
    few = count_queries(client, url)
    for event in EventFactory.create_batch(25):
        RegistrationFactory.create_batch(3, event=event)
    with django_assert_num_queries(few):
        response = client.get(url)
    assert len(response.context["page_obj"].object_list) == 25


@pytest.mark.parametrize("who", ["coordinator", "mentor"])
def test_event_detail_queries_do_not_grow_with_registrations(
    client, request, who, django_assert_num_queries
):
    user = request.getfixturevalue(who)
    user = getattr(user, "user", user)
    client.force_login(user)
    event = EventFactory(capacity=10)
    RegistrationFactory.create_batch(5, event=event)
    RegistrationFactory(event=event, user=user, status="waitlisted")
    EventOutputFactory.create_batch(2, event=event)
    url = reverse("events:detail", args=[event.pk])
    few = count_queries(client, url)
    RegistrationFactory.create_batch(25, event=event, status="waitlisted")
    EventOutputFactory.create_batch(5, event=event)
    with django_assert_num_queries(few):
        client.get(url)


def test_attendee_page_queries_do_not_grow_with_registrations(
    client, coordinator, django_assert_num_queries
):
    client.force_login(coordinator)
    event = EventFactory()
    RegistrationFactory.create_batch(5, event=event)
    url = reverse("events:attendees", args=[event.pk])
    few = count_queries(client, url)
    RegistrationFactory.create_batch(25, event=event, registered_by=coordinator)
    with django_assert_num_queries(few):
        client.get(url)
