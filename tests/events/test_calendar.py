"""iCalendar: the "add to calendar" download and the personal, revocable feed."""

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from events.models import CalendarFeed, Event, Registration
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def test_add_to_calendar_download_is_a_valid_ics(client, mentor):
    event = EventFactory(is_online=True, online_url="https://meet.example.org/leadvet", address="")
    client.force_login(mentor.user)
    response = client.get(reverse("events:ics", args=[event.pk]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    (vevent,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(vevent["UID"]) == f"{event.uid}@leadvet"
    assert str(vevent["LOCATION"]) == "https://meet.example.org/leadvet"
    assert str(vevent["URL"]).endswith(reverse("events:detail", args=[event.pk]))
    # In the event's own zone (the portal's by default), with its VTIMEZONE.
    assert vevent.decoded("DTSTART") == event.starts_at.replace(microsecond=0)
    assert vevent["DTSTART"].params["TZID"] == "Europe/Helsinki"
    (vtimezone,) = Calendar.from_ical(response.content).walk("VTIMEZONE")
    assert str(vtimezone["TZID"]) == "Europe/Helsinki"


def test_user_creates_a_feed_and_it_lists_their_events(client, mentor):
    mine = RegistrationFactory(user=mentor.user).event
    waiting = RegistrationFactory(user=mentor.user, status=Registration.Status.WAITLISTED).event
    dropped = RegistrationFactory(user=mentor.user, status=Registration.Status.CANCELLED).event
    someone_elses = RegistrationFactory().event
    client.force_login(mentor.user)
    assert client.get(reverse("events:calendar")).context["feed_url"] is None
    client.post(reverse("events:calendar"))
    feed_url = client.get(reverse("events:calendar")).context["feed_url"]
    client.logout()
    response = client.get(feed_url)
    assert response.status_code == 200
    uids = {str(v["UID"]) for v in Calendar.from_ical(response.content).walk("VEVENT")}
    assert uids == {f"{mine.uid}@leadvet", f"{waiting.uid}@leadvet"}
    assert f"{dropped.uid}@leadvet" not in uids
    assert f"{someone_elses.uid}@leadvet" not in uids


def test_revoking_the_feed_makes_the_old_link_stop_working(client, mentor):
    client.force_login(mentor.user)
    client.post(reverse("events:calendar"))
    old_token = CalendarFeed.objects.get(user=mentor.user).token
    response = client.post(reverse("events:calendar"), follow=True)
    assert "Revoke and create a new link" in response.content.decode()
    new_token = CalendarFeed.objects.get(user=mentor.user).token
    assert new_token != old_token
    assert client.get(reverse("events:feed", args=[old_token])).status_code == 404
    assert client.get(reverse("events:feed", args=[new_token])).status_code == 200


def test_an_unknown_feed_token_is_404(client):
    assert client.get(reverse("events:feed", args=["nope"])).status_code == 404


def test_a_cancelled_event_stays_in_the_feed_as_cancelled(client, mentor):
    event = EventFactory(status=Event.Status.CANCELLED, cancelled_at=timezone.now(), sequence=1)
    RegistrationFactory(user=mentor.user, event=event)
    feed = CalendarFeed.objects.create(user=mentor.user, token="t" * 43)
    response = client.get(reverse("events:feed", args=[feed.token]))
    (vevent,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert vevent["STATUS"] == "CANCELLED"
    assert int(vevent["SEQUENCE"]) == 1
