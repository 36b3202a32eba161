"""Every calendar the portal writes, read by an independent parser (ical.js, from npm).

One story through the services (register, the waiting list, cancel, register again, a moved
event, a reminder, the event cancelled) collects every email's calendar file, the "add to
calendar" download and the personal feed; tests/tools/parse_ical.mjs reads them all in one
node run. What calendar apps need of them (RFC 5545, iTIP RFC 5546, iMIP RFC 6047, RFC 7986):
- emails that add or update the event: METHOD:PUBLISH, the organiser and no attendees;
- a cancellation: METHOD:CANCEL with the same UID, a higher SEQUENCE than the file before it,
  the organiser and the one attendee it is sent to;
- the MIME part says the same method (text/calendar; method=...), read by Python's email parser;
- the feed: no METHOD, a refresh interval.
"""

import datetime
import email
import email.policy
from email.utils import parseaddr

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from events import services, tasks
from events.ical import event_uid
from events.models import CalendarFeed, EventNotice, Registration
from events.notices import build_notice_emails
from leadvet import roles
from tests.factories import CountryFactory, EventFactory, RegistrationFactory, user_with_role
from tests.tools.checkers import parse_calendars

pytestmark = pytest.mark.django_db

ORGANIZER = "mailto:" + parseaddr(settings.DEFAULT_FROM_EMAIL)[1]


def _calendar_parts(message) -> list:
    """The text/calendar parts of the email as it goes over SMTP (CRLF line ends), read back
    by Python's email parser."""
    wire = message.message().as_bytes(policy=email.policy.SMTP)
    parsed = email.message_from_bytes(wire, policy=email.policy.SMTP)
    return [part for part in parsed.walk() if part.get_content_type() == "text/calendar"]


def _register(event, user):
    return services.register(event_id=event.pk, user=user)


def test_every_calendar_the_portal_writes_is_one_calendar_apps_accept(
    tmp_path, django_capture_on_commit_callbacks
):
    start = (timezone.now() + datetime.timedelta(days=10)).replace(microsecond=0)
    event = EventFactory(
        title="Työelämäyhteistyö; mentors, teacher students and the VET leaders of six colleges",
        description="Line one.\nLine two, with a comma; and a semicolon — and a long line " * 3,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
        capacity=2,
        reminder_offsets=[24],
    )
    ann, ben, cai = (
        user_with_role(roles.MENTOR, first_name=name, last_name="Mäkelä") for name in "ABC"
    )
    outsider = user_with_role(roles.MENTOR)

    def step(action, *args, **kwargs):
        # Each action's emails go out before the next one, as a worker would send them.
        with django_capture_on_commit_callbacks(execute=True):
            action(*args, **kwargs)

    def cancel(user):
        registration = Registration.objects.get(event=event, user=user)
        services.cancel_registration(registration_id=registration.pk)

    step(_register, event, ann)
    step(_register, event, ben)
    step(_register, event, cai)  # full: on the waiting list, so no calendar file yet
    step(cancel, ann)  # her file takes it out of her calendar; Cai gets her place
    step(_register, event, ann)  # full again: the waiting list
    step(cancel, ben)  # Ann gets his place: a new file after her cancellation
    moved = start + datetime.timedelta(days=1)
    step(
        services.update_event,
        event_id=event.pk,
        fields={"starts_at": moved, "ends_at": moved + datetime.timedelta(hours=2)},
    )
    with time_machine.travel(moved - datetime.timedelta(hours=20)):
        tasks.send_event_reminders.delay(event.pk, 24)
    step(services.cancel_event, event_id=event.pk)

    files, parts = {}, {}
    for index, message in enumerate(mail.outbox):
        for part in _calendar_parts(message):
            name = f"email {index} to {message.to[0]}: {message.subject}"
            files[name] = part.get_content().encode()
            parts[name] = (message.to[0], part)
    client = Client()
    client.force_login(ann)
    files["download by Ann"] = client.get(reverse("events:ics", args=[event.pk])).content
    client.force_login(outsider)
    files["download by someone unregistered"] = client.get(
        reverse("events:ics", args=[event.pk])
    ).content
    feed = services.renew_calendar_feed(user=ann)
    files["Ann's feed"] = Client().get(reverse("events:feed", args=[feed.token])).content

    parsed = parse_calendars(files, tmp_path)

    assert {name: answer["errors"] for name, answer in parsed.items() if answer["errors"]} == {}
    uid = event_uid(event)
    history: dict[str, list[tuple[str, int]]] = {}
    for name, (recipient, part) in parts.items():
        answer = parsed[name]
        (vevent,) = answer["events"]
        assert answer["components"] == ["VTIMEZONE", "VEVENT"]
        assert vevent["uid"] == uid
        assert vevent["organizer"]["value"] == ORGANIZER
        # iMIP: the MIME part repeats the METHOD inside it.
        assert part.get_param("method") == answer["method"], name
        assert part.get_filename() == "event.ics"
        if answer["method"] == "PUBLISH":
            assert vevent["attendees"] == [], name
        else:
            assert answer["method"] == "CANCEL", name
            (attendee,) = vevent["attendees"]
            assert attendee["value"] == f"mailto:{recipient}", name
            assert attendee["cn"].endswith("Mäkelä")
        history.setdefault(recipient, []).append((answer["method"], vevent["sequence"]))

    # Each person's files, in the order sent: a cancellation and the file after it each
    # have a higher SEQUENCE than the one before, so calendar apps apply them.
    assert history == {
        ann.email: [("PUBLISH", 0), ("CANCEL", 1), ("PUBLISH", 2), ("PUBLISH", 3), ("PUBLISH", 3)]
        + [("CANCEL", 4)],
        ben.email: [("PUBLISH", 0), ("CANCEL", 1)],
        cai.email: [("PUBLISH", 0), ("PUBLISH", 1), ("PUBLISH", 1), ("CANCEL", 2)],
    }
    statuses = {
        name: parsed[name]["events"][0]["status"]
        for name in parts
        if parsed[name]["method"] == "CANCEL"
    }
    # The whole event cancelled says so; a person's place cancelled must not (RFC 5546 3.2.5).
    assert sorted(statuses.values(), key=str) == ["CANCELLED", "CANCELLED", None, None]

    download = parsed["download by Ann"]
    assert download["method"] == "PUBLISH"
    assert download["events"][0]["sequence"] == 4  # her copy's, not the event's 2
    assert download["events"][0]["organizer"]["value"] == ORGANIZER
    assert parsed["download by someone unregistered"]["events"][0]["sequence"] == 2

    feed_answer = parsed["Ann's feed"]
    assert feed_answer["method"] is None
    assert feed_answer["properties"]["REFRESH-INTERVAL"] == ["PT1H"]
    assert feed_answer["types"]["REFRESH-INTERVAL"] == "duration"
    assert feed_answer["properties"]["X-PUBLISHED-TTL"] == ["PT1H"]
    assert [(e["uid"], e["status"]) for e in feed_answer["events"]] == [(uid, "CANCELLED")]


def test_leaving_the_waiting_list_sends_nothing(django_capture_on_commit_callbacks):
    registration = RegistrationFactory(status=Registration.Status.WAITLISTED)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(registration_id=registration.pk)
    assert mail.outbox == []
    assert not EventNotice.objects.filter(kind=EventNotice.Kind.UNREGISTERED).exists()


def test_a_cancellation_not_yet_sent_is_dropped_when_the_person_registers_again():
    event = EventFactory()
    registration = RegistrationFactory(event=event)
    services.cancel_registration(registration_id=registration.pk)
    notice = EventNotice.objects.get(kind=EventNotice.Kind.UNREGISTERED)
    services.register(event_id=event.pk, user=registration.user)

    ((_notice, message),) = build_notice_emails([notice], timezone.now())

    assert message is None
    registration.refresh_from_db()
    assert registration.sequence_offset == 2


def test_the_feed_asks_calendar_apps_to_refresh_hourly(client, mentor):
    RegistrationFactory(user=mentor.user)
    feed = CalendarFeed.objects.create(user=mentor.user, token="f" * 43)
    body = client.get(reverse("events:feed", args=[feed.token])).content.decode()
    assert "\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in body
    assert "\r\nX-PUBLISHED-TTL:PT1H\r\n" in body
    assert "METHOD:" not in body


def test_a_tallinn_event_carries_its_zone_in_every_calendar(tmp_path):
    """Issue 23: the event's own TZID with its VTIMEZONE, read by ical.js as the same instant."""
    estonia = CountryFactory(code="EE", name="Estonia")
    # 14:00 Tallinn time in winter (UTC+2) and in summer (UTC+3).
    winter = datetime.datetime(2026, 12, 10, 12, 0, tzinfo=datetime.UTC)
    summer = datetime.datetime(2027, 6, 10, 11, 0, tzinfo=datetime.UTC)
    events = [
        EventFactory(
            country=estonia, starts_at=moment, ends_at=moment + datetime.timedelta(hours=2)
        )
        for moment in (winter, summer)
    ]
    assert {event.time_zone for event in events} == {"Europe/Tallinn"}
    member = user_with_role(roles.MENTOR)
    registration = RegistrationFactory(event=events[0], user=member)
    feed = services.renew_calendar_feed(user=member)
    RegistrationFactory(event=events[1], user=member)
    client = Client()
    client.force_login(registration.user)
    files = {
        "download": client.get(reverse("events:ics", args=[events[0].pk])).content,
        "feed": Client().get(reverse("events:feed", args=[feed.token])).content,
    }
    assert b"DTSTART;TZID=Europe/Tallinn:20261210T140000" in files["download"]
    assert b"DTSTART;TZID=Europe/Tallinn:20270610T140000" in files["feed"]

    parsed = parse_calendars(files, tmp_path)

    assert {name: answer["errors"] for name, answer in parsed.items() if answer["errors"]} == {}
    assert parsed["download"]["timezones"] == ["Europe/Tallinn"]
    assert parsed["feed"]["timezones"] == ["Europe/Tallinn"]
    (download,) = parsed["download"]["events"]
    assert (download["tzid"], download["start_utc"], download["end_utc"]) == (
        "Europe/Tallinn",
        "2026-12-10T12:00:00.000Z",
        "2026-12-10T14:00:00.000Z",
    )
    assert sorted((e["tzid"], e["start_utc"]) for e in parsed["feed"]["events"]) == [
        ("Europe/Tallinn", "2026-12-10T12:00:00.000Z"),
        ("Europe/Tallinn", "2027-06-10T11:00:00.000Z"),
    ]
