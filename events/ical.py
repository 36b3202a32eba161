"""iCalendar (.ics) for events: one event in an email or download, or a personal feed."""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as VEvent

from events.models import Event

PRODID = "-//LeadVET//Mentor network events//EN"


def event_uid(event: Event) -> str:
    return f"{event.uid}@leadvet"


def _calendar(method: str | None) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    return cal


def _vevent(event: Event, *, cancelled: bool = False) -> VEvent:
    url = settings.SITE_URL + reverse("events:detail", args=[event.pk])
    item = VEvent()
    item.add("uid", event_uid(event))
    item.add("sequence", event.sequence)
    item.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    item.add("dtstart", event.starts_at.astimezone(datetime.UTC))
    item.add("dtend", event.ends_at.astimezone(datetime.UTC))
    item.add("summary", event.title)
    item.add("description", event.description)
    item.add("location", event.online_url if event.is_online else event.address)
    item.add("url", url)
    item.add("status", "CANCELLED" if cancelled or event.is_cancelled else "CONFIRMED")
    return item


def event_ics(event: Event, *, method: str = "REQUEST") -> bytes:
    """METHOD:REQUEST for invitations and updates, METHOD:CANCEL when the event is cancelled."""
    cal = _calendar(method)
    cal.add_component(_vevent(event, cancelled=method == "CANCEL"))
    return cal.to_ical()


def feed_ics(events: Iterable[Event], *, name: str) -> bytes:
    """A subscription feed: no METHOD, cancelled events stay in it as STATUS:CANCELLED."""
    cal = _calendar(None)
    cal.add("x-wr-calname", name)
    for event in events:
        cal.add_component(_vevent(event))
    return cal.to_ical()
