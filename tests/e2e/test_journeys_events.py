"""An event with one place: the second person waits, and moves up when the first cancels.

The registrations are done with the keyboard alone (Tab, Enter).
"""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from events.models import Event, Registration
from leadvet import roles
from tests.e2e.conftest import log_in_with_keyboard, log_out, log_out_with_keyboard, nav_to, tab_to
from tests.factories import user_with_role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _log_out_with_keyboard(page) -> None:
    log_out_with_keyboard(page)
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)


def test_waitlisted_user_is_promoted_when_the_only_place_frees_up(
    page, log_in, password, mailoutbox
):
    coordinator = user_with_role(roles.COORDINATOR, first_name="Cora")
    first = user_with_role(roles.MENTOR, first_name="Aino", email="aino@example.org")
    second = user_with_role(roles.MENTOR, first_name="Bea", email="bea@example.org")
    starts = timezone.localtime() + datetime.timedelta(days=30)

    # The coordinator creates an event with a single place.
    log_in(coordinator)
    nav_to(page, "Events")
    page.get_by_role("link", name="New event").first.click()
    page.get_by_label("Type").select_option(label="Training")
    page.get_by_label("Title (English)").fill("Mentor training day")
    page.get_by_label("Description (English)").fill("Practice in guiding teacher students.")
    # Typed as the portal writes it: day.month.year and a 24-hour time.
    page.get_by_label("Starts").fill(f"{starts.day}.{starts.month}.{starts.year} 09:00")
    page.get_by_label("Ends").fill(f"{starts.day}.{starts.month}.{starts.year} 15:00")
    page.get_by_label("Address").fill("Tikkurila campus, Vantaa")
    page.get_by_label("Capacity").fill("1")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mentor training day")
    event = Event.objects.get(title="Mentor training day")
    assert event.capacity == 1
    log_out(page)
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)

    # Aino takes the place, Bea joins the waiting list: keyboard only.
    log_in_with_keyboard(page, first, password)
    page.goto(f"/events/{event.pk}/")
    tab_to(page, "Register")
    page.keyboard.press("Enter")
    expect(page.get_by_text("You are registered.", exact=True)).to_be_visible()
    _log_out_with_keyboard(page)

    log_in_with_keyboard(page, second, password)
    page.goto(f"/events/{event.pk}/")
    expect(page.get_by_text("1 of 1 taken, 0 left")).to_be_visible()
    tab_to(page, "Join the waiting list")
    page.keyboard.press("Enter")
    expect(page.get_by_text("You are number 1 on the waiting list.")).to_be_visible()
    _log_out_with_keyboard(page)

    # Aino cancels; Bea moves up and is told by email.
    log_in_with_keyboard(page, first, password)
    page.goto(f"/events/{event.pk}/")
    tab_to(page, "Cancel my registration")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Your registration was cancelled.")).to_be_visible()
    _log_out_with_keyboard(page)

    registration = Registration.objects.get(event=event, user=second)
    assert registration.status == Registration.Status.REGISTERED
    assert registration.promoted_at is not None
    promotion = [m for m in mailoutbox if m.to == [second.email] and "A place for you" in m.subject]
    assert len(promotion) == 1
    assert "you are now registered" in promotion[0].body

    log_in_with_keyboard(page, second, password)
    page.goto(f"/events/{event.pk}/")
    expect(page.get_by_text("You are registered.", exact=True)).to_be_visible()
    expect(page.get_by_text("1 of 1 taken, 0 left")).to_be_visible()
