"""iCalendar (.ics) for events: one event in an email or download, or a personal feed.

The portal publishes events and does not read replies, so what it sends is iTIP (RFC 5546)
METHOD:PUBLISH: the organiser and no attendees, which Outlook, Google Calendar and Apple
Calendar all add as an event of the user's own, with no RSVP buttons that would answer into
the void. Taking an event back is METHOD:CANCEL with the same UID and a higher SEQUENCE, naming
the organiser and the person it is sent to (a CANCEL must name the attendees it removes; each
person's copy names only them, so nobody sees the others' addresses).

The organiser is the address the portal's emails come from (DEFAULT_FROM_EMAIL): calendar apps
accept a CANCEL only from the organiser of the event it removes.
"""

import datetime
from collections.abc import Iterable
from email.utils import parseaddr

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, vCalAddress, vDuration
from icalendar import Event as VEvent

from events.models import Event

PRODID = "-//LeadVET//Mentor network events//EN"
PUBLISH = "PUBLISH"
CANCEL = "CANCEL"

# How often a subscribed calendar app should fetch the feed again (RFC 7986 REFRESH-INTERVAL;
# Outlook reads X-PUBLISHED-TTL): a moved or cancelled event shows within the hour.
FEED_REFRESH = datetime.timedelta(hours=1)


def event_uid(event: Event) -> str:
    return f"{event.uid}@leadvet"


def mime_type(method: str) -> str:
    """The Content-Type of a calendar attachment: iTIP over email (RFC 6047) repeats the METHOD
    as a parameter, which mail clients read before opening the file."""
    return f"text/calendar; method={method}"


def _calendar(method: str | None) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    return cal


def _address(email: str, name: str = "") -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    if name:
        address.params["cn"] = name
    return address


def organizer() -> vCalAddress:
    name, email = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return _address(email, name)


def _status(event: Event) -> str:
    return "CANCELLED" if event.is_cancelled else "CONFIRMED"


def agenda_text(event: Event) -> str:
    """The programme as plain lines: "20.09. 09:00–10:30 Title — speakers, room, link"."""
    lines = []
    for item in event.agenda_items.all():
        start = timezone.localtime(item.starts_at, event.zone)
        when = start.strftime("%d.%m. %H:%M")
        if item.ends_at:
            when += "–" + timezone.localtime(item.ends_at, event.zone).strftime("%H:%M")
        extra = ", ".join(part for part in (item.speakers, item.room, item.link) if part)
        lines.append(f"{when} {item.title}" + (f" — {extra}" if extra else ""))
    return "\n".join(lines)


def describe(event: Event) -> str:
    """The description and, after it, the agenda (calendar apps show DESCRIPTION as text)."""
    agenda = agenda_text(event)
    parts = [event.description.strip()] if event.description.strip() else []
    if agenda:
        parts.append(f"{_('Agenda')}:\n{agenda}")
    return "\n\n".join(parts)


def _vevent(event: Event, *, sequence: int, status: str | None) -> VEvent:
    url = settings.SITE_URL + reverse("events:detail", args=[event.pk])
    item = VEvent()
    item.add("uid", event_uid(event))
    item.add("sequence", sequence)
    item.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    # In the event's own zone (DTSTART;TZID=Europe/Tallinn:…), its VTIMEZONE in the calendar
    # (_with_time_zones): a calendar app shows "14:00 Tallinn time" in its reader's zone.
    item.add("dtstart", event.starts_at.astimezone(event.zone))
    item.add("dtend", event.ends_at.astimezone(event.zone))
    item.add("summary", event.title)
    if description := describe(event):
        item.add("description", description)
    if location := event.online_url if event.is_online else event.address:
        item.add("location", location)
    item.add("url", url)
    if status:
        item.add("status", status)
    return item


def _with_time_zones(cal: Calendar, events: Iterable[Event]) -> Calendar:
    """A VTIMEZONE for each TZID the events use (RFC 5545 3.6.5), its rules spelled out from a
    year before the first event to a year after the last (not the library's 1970–2038)."""
    dates = [moment.date() for event in events for moment in (event.starts_at, event.ends_at)]
    if dates:
        cal.add_missing_timezones(
            first_date=min(dates) - datetime.timedelta(days=366),
            last_date=max(dates) + datetime.timedelta(days=366),
        )
    return cal


def event_ics(event: Event, *, sequence: int) -> bytes:
    """METHOD:PUBLISH: the event to add to one's calendar, or to update it there. `sequence`
    is the person's (Registration.calendar_sequence), or the event's for someone without a
    registration."""
    cal = _calendar(PUBLISH)
    item = _vevent(event, sequence=sequence, status=_status(event))
    item.add("organizer", organizer())
    cal.add_component(item)
    return _with_time_zones(cal, [event]).to_ical()


def cancel_ics(event: Event, *, sequence: int, email: str, name: str = "") -> bytes:
    """METHOD:CANCEL for one person: the whole event when it is cancelled (STATUS:CANCELLED),
    else their own place in it (RFC 5546 3.2.5: no STATUS when attendees are removed)."""
    cal = _calendar(CANCEL)
    item = _vevent(event, sequence=sequence, status="CANCELLED" if event.is_cancelled else None)
    item.add("organizer", organizer())
    attendee = _address(email, name)
    attendee.params["role"] = "REQ-PARTICIPANT"
    item.add("attendee", attendee)
    cal.add_component(item)
    return _with_time_zones(cal, [event]).to_ical()


def feed_ics(events: Iterable[Event], *, name: str) -> bytes:
    """A subscription feed: no METHOD, cancelled events stay in it as STATUS:CANCELLED."""
    cal = _calendar(None)
    cal.add("x-wr-calname", name)
    cal.add("refresh-interval", FEED_REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vDuration(FEED_REFRESH))
    events = list(events)
    for event in events:
        cal.add_component(_vevent(event, sequence=event.sequence, status=_status(event)))
    return _with_time_zones(cal, events).to_ical()
