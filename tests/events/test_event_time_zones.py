"""Events in their own time zone (issue 23): typed and shown in it with its name, and in the
reader's zone when their clock differs; emails likewise (the calendar files:
test_calendar_files.py)."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse

from events import services
from events.models import Event
from tests.events.test_event_forms import event_data
from tests.factories import (
    CountryFactory,
    EventFactory,
    MentorFactory,
    PartnerCollegeFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db

# 14:00–16:00 Tallinn time (UTC+2 in December), 13:00 in Amsterdam.
STARTS = datetime.datetime(2026, 12, 10, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def countries():
    return {
        "EE": CountryFactory(code="EE", name="Estonia"),
        "NL": CountryFactory(code="NL", name="Netherlands"),
        "FI": CountryFactory(code="FI", name="Finland"),
    }


def mentor_in(country):
    return MentorFactory(college=PartnerCollegeFactory(country=country))


@pytest.fixture
def tallinn_event(countries):
    return EventFactory(
        title="Study visit to Tallinn",
        country=countries["EE"],
        starts_at=STARTS,
        ends_at=STARTS + datetime.timedelta(hours=2),
    )


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def test_an_event_takes_its_countrys_zone_else_helsinki(countries):
    assert EventFactory(country=countries["EE"]).time_zone == "Europe/Tallinn"
    assert EventFactory(country=countries["NL"], time_zone="Europe/Tallinn").time_zone == (
        "Europe/Tallinn"
    )
    assert EventFactory().time_zone == "Europe/Helsinki"


def test_a_dutch_mentor_sees_tallinn_time_and_their_own(client, tallinn_event, countries):
    client.force_login(mentor_in(countries["NL"]).user)
    page = text(client.get(reverse("events:detail", args=[tallinn_event.pk])).content.decode())
    assert "Thu, 10 Dec 2026, 14:00–16:00 Tallinn time" in page
    assert "(Thu, 10 Dec 2026, 13:00–15:00 your time)" in page


def test_an_estonian_or_finnish_mentor_sees_only_tallinn_time(client, tallinn_event, countries):
    for country in ("EE", "FI"):  # Helsinki's clock is Tallinn's
        client.force_login(mentor_in(countries[country]).user)
        response = client.get(reverse("events:detail", args=[tallinn_event.pk]))
        page = text(response.content.decode())
        assert "14:00–16:00 Tallinn time" in page
        assert "your time" not in page


def test_the_event_list_names_each_events_zone(client, tallinn_event, countries, coordinator):
    EventFactory(
        title="Webinar from Amsterdam",
        country=countries["NL"],
        starts_at=STARTS,
        ends_at=STARTS + datetime.timedelta(hours=1),
    )
    client.force_login(coordinator)  # no country: the portal's zone, Helsinki
    page = text(client.get(reverse("events:list")).content.decode())
    assert "14:00–16:00 Tallinn time" in page
    assert "13:00–14:00 Amsterdam time (Thu, 10 Dec 2026, 14:00–15:00 your time)" in page


def test_an_email_gives_the_events_time_and_the_recipients(
    tallinn_event, countries, django_capture_on_commit_callbacks
):
    dutch, estonian = mentor_in(countries["NL"]), mentor_in(countries["EE"])
    RegistrationFactory(event=tallinn_event, user=dutch.user)
    RegistrationFactory(event=tallinn_event, user=estonian.user)
    with django_capture_on_commit_callbacks(execute=True):
        services.update_event(event_id=tallinn_event.pk, fields={"address": "Narva mnt 25"})
    bodies = {message.to[0]: message.body for message in mail.outbox}
    assert (
        "When: Thu, 10 Dec 2026, 14:00–16:00 Tallinn time "
        "(Thu, 10 Dec 2026, 13:00–15:00 your time)" in bodies[dutch.user.email]
    )
    assert "14:00–16:00 Tallinn time" in bodies[estonian.user.email]
    assert "your time" not in bodies[estonian.user.email]
    html = {m.to[0]: m.alternatives[0][0] for m in mail.outbox}
    assert "13:00–15:00 your time" in html[dutch.user.email]


def test_a_coordinator_types_the_times_in_the_events_zone(client, coordinator, countries):
    client.force_login(coordinator)
    data = event_data(
        country=countries["EE"].pk,
        starts_at="11.4.2030 09:00",
        ends_at="11.4.2030 15:00",
        registration_deadline="4.4.2030 16:00",
    )
    response = client.post(reverse("events:create"), data)
    assert response.status_code == 302, response.context["form"].errors
    event = Event.objects.get()
    assert event.time_zone == "Europe/Tallinn"
    # 09:00 in Tallinn in April (UTC+3) is 06:00 UTC.
    assert event.starts_at == datetime.datetime(2030, 4, 11, 6, 0, tzinfo=datetime.UTC)
    assert event.registration_deadline == datetime.datetime(2030, 4, 4, 13, 0, tzinfo=datetime.UTC)
    form = client.get(reverse("events:edit", args=[event.pk])).content.decode()
    assert 'value="11.4.2030 09:00"' in form

    data.update(time_zone="Europe/Amsterdam")
    client.post(reverse("events:edit", args=[event.pk]), data)
    event.refresh_from_db()
    assert event.time_zone == "Europe/Amsterdam"
    assert event.starts_at == datetime.datetime(2030, 4, 11, 7, 0, tzinfo=datetime.UTC)


def test_agenda_times_are_in_the_events_zone(client, coordinator, tallinn_event):
    client.force_login(coordinator)
    url = reverse("events:agenda", args=[tallinn_event.pk])
    response = client.post(
        url,
        {
            "agenda-TOTAL_FORMS": "1",
            "agenda-INITIAL_FORMS": "0",
            "agenda-0-starts_at": "2026-12-10T14:30",
            "agenda-0-ends_at": "2026-12-10T15:00",
            "agenda-0-title": "Welcome",
        },
    )
    assert response.status_code == 302
    item = tallinn_event.agenda_items.get()
    assert item.starts_at == datetime.datetime(2026, 12, 10, 12, 30, tzinfo=datetime.UTC)
    assert 'value="10.12.2026 14:30"' in client.get(url).content.decode()
    page = text(client.get(reverse("events:detail", args=[tallinn_event.pk])).content.decode())
    assert re.search(r"14:30–15:00\s*Welcome", page)


def test_the_api_takes_moments_with_their_offset_whatever_the_events_zone(coordinator, countries):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_login(coordinator)
    response = api.post(
        "/api/v1/events/",
        {
            "kind": "webinar",
            "title": "Webinar from Amsterdam",
            "country": countries["NL"].pk,
            "starts_at": "2030-04-11T07:00:00Z",
            "ends_at": "2030-04-11T08:00:00Z",
            "is_online": True,
            "online_url": "https://meet.example.org/leadvet",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["time_zone"] == "Europe/Amsterdam"
    event = Event.objects.get()
    assert event.starts_at == datetime.datetime(2030, 4, 11, 7, 0, tzinfo=datetime.UTC)
    # A change that leaves the times out keeps them.
    api.patch(f"/api/v1/events/{event.pk}/", {"title": "Webinar"}, format="json")
    event.refresh_from_db()
    assert (event.title, event.starts_at) == (
        "Webinar",
        datetime.datetime(2030, 4, 11, 7, 0, tzinfo=datetime.UTC),
    )
