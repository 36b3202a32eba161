"""Check-in from a phone (search, the QR link), certificates and their verification, the
agenda in the calendar file, and the mentors' training record and status letter."""

import datetime
import re
import subprocess

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from events import tokens, training
from events.ical import event_ics
from events.models import AgendaItem
from tests.factories import EventFactory, MentorFactory, MentorTaskFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def _started_event(**kwargs):
    start = timezone.now() - datetime.timedelta(hours=1)
    return EventFactory(starts_at=start, ends_at=start + datetime.timedelta(hours=3), **kwargs)


def test_check_in_by_name_search_and_undo(client, coordinator, django_assert_max_num_queries):
    event = _started_event()
    guest = RegistrationFactory(
        event=event, user=None, guest_name="Kadri Tamm", guest_email="k@example.ee"
    )
    for _ in range(5):
        RegistrationFactory(event=event)
    client.force_login(coordinator)
    url = reverse("events:check_in", args=[event.pk])
    with django_assert_max_num_queries(14):
        response = client.get(url, {"q": "tamm"})
    assert response.status_code == 200
    assert list(response.context["page_obj"]) == [guest]
    client.post(reverse("events:check_in_person", args=[event.pk, guest.pk]), {"present": "1"})
    guest.refresh_from_db()
    assert guest.attended is True
    client.post(reverse("events:check_in_person", args=[event.pk, guest.pk]), {"present": "0"})
    guest.refresh_from_db()
    assert guest.attended is None


def test_the_qr_link_checks_in_only_for_a_coordinator(client, coordinator, mentor):
    event = _started_event()
    registration = RegistrationFactory(event=event, user=mentor.user)
    url = tokens.token_path(registration.pk, tokens.CHECK_IN)
    client.force_login(mentor.user)
    assert client.post(url).status_code == 403  # not even their own
    registration.refresh_from_db()
    assert registration.attended is None
    client.force_login(coordinator)
    assert client.get(url).status_code == 200
    client.post(url)
    registration.refresh_from_db()
    assert registration.attended is True


def test_certificate_download_verification_and_bulk_email(
    client, coordinator, mentor, django_capture_on_commit_callbacks, tmp_path
):
    event = _started_event(title="Mentor training day", hours=3)
    registration = RegistrationFactory(event=event, user=mentor.user, attended=True)
    absent = RegistrationFactory(event=event, attended=False)
    client.force_login(mentor.user)
    response = client.get(reverse("events:certificate", args=[event.pk]))
    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "c.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert mentor.name in text and "Mentor training day" in text and "3.0 hours" in text
    verify = tokens.token_url(registration.pk, tokens.CERTIFICATE)
    assert re.sub(r"\s", "", text).count(verify.split("/events/")[1].rstrip("/")) == 1
    client.logout()
    page = client.get(tokens.token_path(registration.pk, tokens.CERTIFICATE))
    assert page.status_code == 200 and b"This certificate is genuine" in page.content
    assert client.get(tokens.token_path(absent.pk, tokens.CERTIFICATE)).status_code == 404

    client.force_login(coordinator)
    url = reverse("events:send_certificates", args=[event.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)  # pressed twice: sent once
    (sent,) = mail.outbox
    assert sent.to == [mentor.user.email]
    assert sent.attachments[0][0] == "certificate.pdf" and verify in sent.body
    # On request, one person again, from the attendees page.
    page = client.get(reverse("events:attendees", args=[event.pk]))
    assert "E-mail certificate" in page.text
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"registration": registration.pk})
    assert len(mail.outbox) == 2 and mail.outbox[-1].to == [mentor.user.email]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"registration": absent.pk})  # not present: nothing
    assert len(mail.outbox) == 2


def test_no_certificate_before_attendance(client, mentor):
    event = _started_event()
    RegistrationFactory(event=event, user=mentor.user)
    client.force_login(mentor.user)
    assert client.get(reverse("events:certificate", args=[event.pk])).status_code == 404


def test_agenda_on_the_page_in_the_calendar_file(client, coordinator):
    event = EventFactory(is_public=True)
    client.force_login(coordinator)
    day = timezone.localtime(event.starts_at).strftime("%Y-%m-%d")
    response = client.post(
        reverse("events:agenda", args=[event.pk]),
        {
            "agenda-TOTAL_FORMS": "1",
            "agenda-INITIAL_FORMS": "0",
            "agenda-0-starts_at": f"{day}T09:00",
            "agenda-0-ends_at": f"{day}T10:30",
            "agenda-0-title": "Opening & welcome",
            "agenda-0-speakers": "Åsa O'Brien",
            "agenda-0-room": "Auditorium",
        },
    )
    assert response.status_code == 302
    assert AgendaItem.objects.get(event=event).title == "Opening & welcome"
    assert "Opening &amp; welcome" in client.get(reverse("events:detail", args=[event.pk])).text
    client.logout()
    assert "Auditorium" in client.get(reverse("events:public_event", args=[event.pk])).text
    ics = event_ics(event, sequence=0).decode()
    assert "09:00–10:30 Opening & welcome — Åsa O'Brien\\, Auditorium" in ics.replace("\r\n ", "")


def test_a_bad_agenda_row_changes_nothing(client, coordinator):
    event = EventFactory()
    client.force_login(coordinator)
    response = client.post(
        reverse("events:agenda", args=[event.pk]),
        {
            "agenda-TOTAL_FORMS": "1",
            "agenda-INITIAL_FORMS": "0",
            "agenda-0-starts_at": "2026-01-01T10:00",
            "agenda-0-ends_at": "2026-01-01T09:00",
            "agenda-0-title": "Backwards",
        },
    )
    assert response.status_code == 400 and b"must end after it starts" in response.content
    assert not AgendaItem.objects.exists()


def test_training_hours_per_year_and_below_target(
    client, coordinator, django_assert_max_num_queries
):
    trained, behind = MentorFactory(), MentorFactory()
    this_year = timezone.localdate().year
    day = timezone.make_aware(datetime.datetime(this_year, 1, 15, 9))
    for hours in (4, 6):
        event = EventFactory(
            counts_as_training=True,
            starts_at=day,
            ends_at=day + datetime.timedelta(hours=3),
            hours=hours,
        )
        RegistrationFactory(event=event, user=trained.user, attended=True)
    untimed = EventFactory(
        counts_as_training=True,
        starts_at=day,
        ends_at=day + datetime.timedelta(hours=2, minutes=30),
    )
    RegistrationFactory(event=untimed, user=behind.user, attended=True)
    record = training.record_of(trained.user)
    assert record.by_year == [(this_year, 10)] and record.total == 10
    assert training.record_of(behind.user).total == 2.5
    for _ in range(5):
        MentorFactory()
    client.force_login(coordinator)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("events:training_overview"), {"year": this_year})
    below = [row.mentor for row in response.context["below"]]
    assert behind in below and trained not in below  # target 8 hours by default
    client.post(reverse("events:training_overview"), {"year": this_year, "hours": "12"})
    response = client.get(reverse("events:training_overview"), {"year": this_year})
    assert trained in [row.mentor for row in response.context["below"]]


@pytest.mark.parametrize(
    ("language", "needles"),
    [
        ("fi", ["Virallinen mentorin asema", "Yhteyshenkilö ja rekrytointi", "1.2.2023", "6,0"]),
        ("en", ["Official mentor status", "Contact person & recruitment", "1.2.2023", "6.0"]),
        ("sv", ["Officiell mentorstatus", "Kontaktperson och rekrytering", "1.2.2023", "6,0"]),
        ("et", ["Ametlik mentori staatus", "Kontaktisik ja värbamine", "1.2.2023", "6,0"]),
        ("nl", ["Officiële mentorstatus", "Contactpersoon en werving", "1-2-2023", "6,0"]),
    ],
)
def test_the_mentor_downloads_the_status_letter(client, mentor, tmp_path, language, needles):
    mentor.tasks.add(MentorTaskFactory(number=1, name="Contact person & recruitment"))
    start = timezone.make_aware(datetime.datetime(2025, 5, 2, 9))
    event = EventFactory(
        counts_as_training=True, starts_at=start, ends_at=start + datetime.timedelta(hours=6)
    )
    RegistrationFactory(event=event, user=mentor.user, attended=True)
    client.force_login(mentor.user)
    page = client.get(reverse("events:training"))
    assert page.status_code == 200 and "2025" in page.text
    response = client.get(reverse("events:status_letter", args=[language]))
    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    for needle in [*needles, mentor.name]:
        assert needle in text, needle
    assert client.get(reverse("events:status_letter", args=["de"])).status_code == 404
