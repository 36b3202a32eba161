"""A person without an account registers for a public multiplier event, confirms by e-mail,
gets the reminder with the calendar file, is checked in from a phone-wide browser by the
coordinator (the QR code's link), and downloads a certificate the verification link confirms."""

import datetime
import re
import subprocess
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from events import services, tokens
from events.models import Event, Registration
from events.qr import qr_png
from leadvet import roles
from tests.e2e.conftest import fits_or_what_sticks_out, resize, verify_email
from tests.factories import EventFactory, user_with_role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _path(url: str) -> str:
    return urlsplit(url).path


def test_public_registration_to_verified_certificate(
    page, browser, live_server, password, mailoutbox, tmp_path
):
    coordinator = user_with_role(roles.COORDINATOR, first_name="Cora")
    starts = timezone.now() + datetime.timedelta(days=3)
    event = EventFactory(
        kind=Event.Kind.MULTIPLIER,
        title="LeadVET Multiplier Event",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=7),
        is_public=True,
        asks_dietary=True,
        capacity=40,
        reminder_offsets=[7 * 24],
        hours=6,
    )

    # Registering, without an account.
    page.goto(f"/events/public/{event.pk}/")
    resize(page, 375)
    assert fits_or_what_sticks_out(page) == []
    page.get_by_label("Name").fill("Kadri Tamm")
    page.locator("#id_email").fill("kadri@example.ee")
    page.locator("#id_organisation").fill("Tallinna Tööstushariduskeskus")
    page.get_by_label("Type of organisation").select_option(label="Vocational college")
    page.get_by_label("Country").select_option(label="Estonia")
    page.get_by_label("Dietary needs").fill("Vegetarian")
    page.get_by_label("I agree").check()
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your e-mail")
    registration = Registration.objects.get(event=event, guest_email="kadri@example.ee")
    assert registration.status == Registration.Status.PENDING

    # Confirming by the e-mail's link.
    (opt_in,) = mailoutbox
    confirm_url = re.search(r"https?://\S+/events/public/confirm/\S+/", opt_in.body).group(0)
    page.goto(_path(confirm_url))
    page.get_by_role("button", name="Confirm my registration").click()
    expect(page.get_by_text("You are registered.")).to_be_visible()
    expect(page.locator("svg.qr-code")).to_be_visible()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.REGISTERED
    confirmation = mailoutbox[-1]
    qr = dict((name, content) for name, content, _type in confirmation.attachments)
    check_in_url = tokens.token_url(registration.pk, tokens.CHECK_IN)
    assert qr["check-in-qr.png"] == qr_png(check_in_url)  # the QR code is the check-in link

    # The reminder, with the calendar file; its link is the person's own page.
    services.enqueue_due_reminders()
    reminder = mailoutbox[-1]
    assert "Reminder: LeadVET Multiplier Event" in reminder.subject and reminder.to == [
        "kadri@example.ee"
    ]
    ics = dict((name, content) for name, content, _type in reminder.attachments)["event.ics"]
    assert "SUMMARY:LeadVET Multiplier Event" in (ics if isinstance(ics, str) else ics.decode())
    manage_url = tokens.token_url(registration.pk, tokens.MANAGE)
    assert manage_url in reminder.body

    # On the day: the coordinator's phone opens the QR code's link and checks her in.
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=1),
        ends_at=timezone.now() + datetime.timedelta(hours=6),
    )
    phone = browser.new_context(base_url=live_server.url, viewport={"width": 375, "height": 740})
    coordinator_page = phone.new_page()
    verify_email(coordinator)
    coordinator_page.goto("/accounts/login/")
    coordinator_page.get_by_label("Email").fill(coordinator.email)
    coordinator_page.get_by_label("Password").fill(password)
    coordinator_page.get_by_role("button", name="Log in").click()
    coordinator_page.wait_for_url(lambda url: urlsplit(url).path == "/")
    coordinator_page.goto(_path(check_in_url))
    expect(coordinator_page.get_by_role("heading", level=1)).to_have_text("Kadri Tamm")
    assert fits_or_what_sticks_out(coordinator_page) == []
    coordinator_page.get_by_role("button", name="Check in").click()
    expect(coordinator_page.get_by_text("Kadri Tamm is checked in.")).to_be_visible()
    # The list searched by name shows her as present.
    coordinator_page.get_by_label("Search by name").fill("tamm")
    coordinator_page.get_by_role("button", name="Search").click()
    expect(coordinator_page.get_by_text("Checked in", exact=True)).to_be_visible()
    assert fits_or_what_sticks_out(coordinator_page) == []
    phone.close()
    registration.refresh_from_db()
    assert registration.attended is True

    # After the event: her certificate, and its verification link.
    page.goto(_path(manage_url))
    assert fits_or_what_sticks_out(page) == []
    with page.expect_download() as download:
        page.get_by_role("link", name="Download your certificate (PDF)").click()
    pdf = tmp_path / "certificate.pdf"
    download.value.save_as(pdf)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "Kadri Tamm" in text and "LeadVET Multiplier Event" in text and "6.0 hours" in text
    verify_url = tokens.token_url(registration.pk, tokens.CERTIFICATE)
    assert verify_url in re.sub(r"\s+", "", text)
    page.goto(_path(verify_url))
    expect(page.get_by_role("heading", level=1)).to_have_text("This certificate is genuine")
    expect(page.get_by_text("Kadri Tamm")).to_be_visible()
