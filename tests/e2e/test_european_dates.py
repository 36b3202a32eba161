"""The English interface writes European English in a browser set to American English (issue
22, item 1): 5.12.2025 or 5 Dec 2030 and 14:00, never 12/05/2025 or 2:00 PM, in lists, on
event pages and in the date box a mentor types into."""

import datetime
import re
import zoneinfo

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from leadvet import roles
from tests.e2e.conftest import verify_email, wait_for_path
from tests.factories import EventFactory, MentorFactory, MentorTaskFactory, user_with_role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HELSINKI = zoneinfo.ZoneInfo("Europe/Helsinki")
AMERICAN = re.compile(r"\b\d{1,2}/\d{1,2}/\d{4}\b|\b\d{1,2}:\d{2}\s?[AP]M\b")


def test_an_english_reader_sees_day_month_year_and_a_24_hour_clock(browser, live_server, password):
    mentor = MentorFactory(user=user_with_role(roles.MENTOR, language="en"))
    verify_email(mentor.user)
    MentorTaskFactory(number=1, name="Contact person & recruitment")
    starts = datetime.datetime(2030, 12, 5, 14, 0, tzinfo=HELSINKI)
    event = EventFactory(starts_at=starts, ends_at=starts + datetime.timedelta(hours=2))
    # The browser's own locale is American English: the portal must not follow it.
    context = browser.new_context(
        base_url=live_server.url, locale="en-US", timezone_id="Europe/Helsinki"
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(mentor.user.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    wait_for_path(page, "/")

    # The quick form's date box is typed day first, and what is typed comes back so.
    date_box = page.locator("#quick-date")
    assert re.fullmatch(r"\d{1,2}\.\d{1,2}\.\d{4}", date_box.input_value())
    date_box.fill("5.12.2025")
    page.locator("#quick-counterpart").select_option("vet_leader")
    page.locator("#quick-task").select_option(label="1. Contact person & recruitment")
    page.locator("#quick-channel").select_option("phone")
    page.get_by_role("button", name="Log contact").click()
    expect(page.get_by_text("The contact was logged")).to_be_visible()
    page.goto(reverse("mentors:contact_list"))
    expect(page.locator("main")).to_contain_text("5.12.2025")

    page.goto(reverse("events:detail", args=[event.pk]))
    when = page.locator(".event-when")
    expect(when).to_contain_text("5 Dec 2030, 14:00")
    expect(when).to_contain_text("16:00 Helsinki time")
    assert not AMERICAN.search(page.locator("main").inner_text())
    context.close()
