"""Public registration: double opt-in, capacity, no enumeration, honeypot, rate limit,
cancelling by the signed link, the participant's data, retention."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from events import public, tokens
from events.models import Event, EventNotice, Registration
from tests.factories import EventFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client, django_capture_on_commit_callbacks):
    """A client whose every request runs what it enqueued on commit (the emails)."""

    class Committing:
        def __getattr__(self, name):
            method = getattr(client, name)
            if name not in ("get", "post"):
                return method

            def call(*args, **kwargs):
                with django_capture_on_commit_callbacks(execute=True):
                    return method(*args, **kwargs)

            return call

    return Committing()


def _form(**overrides):
    data = {
        "name": "Åsa O'Brien",
        "email": "asa@example.com",
        "organisation": "Stadin AO",
        "organisation_type": "vet",
        "from_partner": "no",
        "country": "SE",
        "role": "Teacher",
        "language": "en",
        "consent": "on",
        "website": "",
    }
    return {**data, **overrides}


@pytest.fixture
def event(db):
    return EventFactory(kind=Event.Kind.MULTIPLIER, is_public=True, capacity=1, asks_dietary=True)


def _link(message, purpose_path: str) -> str:
    return re.search(rf"https?://\S+{purpose_path}\S+/", message.body).group(0)


def test_register_confirm_by_email_then_cancel_by_the_signed_link(client, event):
    response = client.post(
        reverse("events:public_event", args=[event.pk]), _form(dietary_needs="Vegan")
    )
    assert response.status_code == 302
    registration = Registration.objects.get(event=event)
    assert registration.status == Registration.Status.PENDING
    assert registration.user is None and registration.dietary_needs == "Vegan"
    (opt_in,) = mail.outbox
    assert opt_in.to == ["asa@example.com"] and "Confirm your registration" in opt_in.subject
    assert "Åsa O'Brien" in opt_in.body  # plain text: not escaped
    confirm_url = _link(opt_in, "/events/public/confirm/")
    path = confirm_url.split("testserver", 1)[-1].split(".org", 1)[-1]
    assert client.get(path).status_code == 200  # a mail scanner's GET confirms nothing
    registration.refresh_from_db()
    assert registration.status == Registration.Status.PENDING
    response = client.post(path)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.REGISTERED
    assert response.url == tokens.token_path(registration.pk, tokens.MANAGE)
    confirmation = mail.outbox[-1]
    assert "You are registered" in confirmation.body
    assert tokens.token_url(registration.pk, tokens.MANAGE) in confirmation.body
    names = [a[0] for a in confirmation.attachments]
    assert "event.ics" in names and "check-in-qr.png" in names
    page = client.get(response.url)
    assert page.status_code == 200 and b"<svg" in page.content
    ics = client.get(
        reverse("events:public_ics", args=[tokens.make_token(registration.pk, tokens.MANAGE)])
    )
    assert b"BEGIN:VEVENT" in ics.content
    client.post(response.url)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED


def test_full_event_puts_the_confirmed_on_the_waiting_list(client, event):
    RegistrationFactory(event=event)
    client.post(reverse("events:public_event", args=[event.pk]), _form())
    registration = Registration.objects.get(event=event, user__isnull=True)
    public.confirm(registration_id=registration.pk)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.WAITLISTED


def test_the_answer_is_the_same_for_an_account_a_registered_address_and_a_new_one(
    client, event, django_capture_on_commit_callbacks
):
    UserFactory(email="member@example.com")
    answers = []
    for email in ("member@example.com", "new@example.com", "new@example.com"):
        response = client.post(reverse("events:public_event", args=[event.pk]), _form(email=email))
        answers.append((response.status_code, response.url))
    assert len(set(answers)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        public.confirm(registration_id=Registration.objects.get(guest_email="new@example.com").pk)
    response = client.post(
        reverse("events:public_event", args=[event.pk]), _form(email="new@example.com")
    )
    assert (response.status_code, response.url) == answers[0]
    assert "already registered" in mail.outbox[-1].body
    assert Registration.objects.filter(event=event, guest_email="new@example.com").count() == 1


def test_honeypot_sends_nothing_but_answers_the_same(client, event):
    response = client.post(
        reverse("events:public_event", args=[event.pk]), _form(website="http://spam")
    )
    assert response.status_code == 302
    assert not Registration.objects.exists() and not mail.outbox


def test_rate_limits(client, event):
    url = reverse("events:public_event", args=[event.pk])
    for _ in range(public.PER_ADDRESS_LIMIT + 2):
        client.post(url, _form())
    assert len(mail.outbox) == public.PER_ADDRESS_LIMIT
    for n in range(public.PER_CLIENT_LIMIT):
        client.post(url, _form(email=f"p{n}@example.com"))
    response = client.post(url, _form(email="late@example.com"))
    assert response.status_code == 429
    assert not Registration.objects.filter(guest_email="late@example.com").exists()


def test_bad_input_changes_nothing(client, event):
    response = client.post(
        reverse("events:public_event", args=[event.pk]), _form(email="nope", consent="")
    )
    assert response.status_code == 400
    assert b"Enter a valid email address" in response.content
    assert not Registration.objects.exists()


def test_only_public_events_have_a_public_page(client):
    event = EventFactory(is_public=False)
    assert client.get(reverse("events:public_event", args=[event.pk])).status_code == 404


def test_a_forged_or_other_purpose_token_is_refused(client, event):
    registration = RegistrationFactory(
        event=event, user=None, guest_email="x@example.com", guest_name="X"
    )
    confirm = tokens.make_token(registration.pk, tokens.CONFIRM)
    assert client.get(reverse("events:public_registration", args=[confirm])).status_code == 404
    assert client.get(reverse("events:public_registration", args=["1:abc"])).status_code == 404


def test_personal_data_download(client, event):
    registration = RegistrationFactory(
        event=event, user=None, guest_email="x@example.com", guest_name="X", organisation="Org"
    )
    token = tokens.make_token(registration.pk, tokens.MANAGE)
    data = client.get(reverse("events:public_data", args=[token])).json()
    assert data["registration"]["email"] == "x@example.com"
    assert data["registration"]["organisation"] == "Org"


def test_retention(event):
    now = timezone.now()
    stale = RegistrationFactory(
        event=event,
        user=None,
        guest_email="a@example.com",
        guest_name="A",
        status=Registration.Status.PENDING,
        registered_at=now - datetime.timedelta(days=8),
    )
    old_event = EventFactory(
        starts_at=now - datetime.timedelta(days=6 * 366),
        ends_at=now - datetime.timedelta(days=6 * 366) + datetime.timedelta(hours=2),
    )
    old = RegistrationFactory(
        event=old_event,
        user=None,
        guest_email="b@example.com",
        guest_name="B",
        organisation="Org",
        country="SE",
        dietary_needs="Vegan",
    )
    EventNotice.objects.create(registration=old, kind="confirmation", key="k")
    public.apply_retention(now=now)
    assert not Registration.objects.filter(pk=stale.pk).exists()
    old.refresh_from_db()
    assert (old.guest_name, old.guest_email, old.dietary_needs) == ("", "", "")
    assert (old.organisation, old.country) == ("Org", "SE") and old.anonymised_at
    assert not old.notices.exists()


def test_the_opt_in_email_gives_the_time_in_the_events_zone_and_the_participants(client):
    """Issue 23: an event in Tallinn, a participant from the Netherlands (the country on the
    form): 14:00 Tallinn time, 13:00 their time."""
    from tests.factories import CountryFactory

    starts = datetime.datetime(2030, 12, 10, 12, 0, tzinfo=datetime.UTC)
    event = EventFactory(
        is_public=True,
        country=CountryFactory(code="EE", name="Estonia"),
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
    )
    client.post(reverse("events:public_event", args=[event.pk]), _form(country="NL"))
    client.post(
        reverse("events:public_event", args=[event.pk]),
        _form(email="kadri@example.ee", country="EE"),
    )
    bodies = {message.to[0]: message.body for message in mail.outbox}
    assert (
        "Tue, 10 Dec 2030, 14:00–16:00 Tallinn time (Tue, 10 Dec 2030, 13:00–15:00 your time)"
        in bodies["asa@example.com"]
    )
    assert "14:00–16:00 Tallinn time" in bodies["kadri@example.ee"]
    assert "your time" not in bodies["kadri@example.ee"]
