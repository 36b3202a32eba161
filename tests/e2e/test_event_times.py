"""Event times in the browser: the server writes Helsinki time in the reader's locale format,
and static/js/events.js adds the reader's own local time beside it in the same style."""

import datetime

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation

from leadvet import roles
from tests.e2e.conftest import verify_email, wait_for_path
from tests.factories import EventFactory, user_with_role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# events.js's options without the zone name: how the browser writes the time the server shows.
HELSINKI_IN_THE_BROWSER = """([iso, lang]) => new Date(iso).toLocaleString(lang, {
    weekday: "short", day: "numeric", month: "short", year: "numeric", hour: "numeric", minute: "2-digit",
    timeZone: "Europe/Helsinki",
})"""


def _open_event(
    browser, live_server, password, *, language: str, zone: str, javascript: bool = True
):
    user = user_with_role(roles.MENTOR, language=language)
    verify_email(user)
    starts = timezone.now().replace(microsecond=0) + datetime.timedelta(days=20)
    event = EventFactory(starts_at=starts, ends_at=starts + datetime.timedelta(hours=2))
    context = browser.new_context(
        base_url=live_server.url,
        timezone_id=zone,
        java_script_enabled=javascript,
        viewport={"width": 375, "height": 812},
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    wait_for_path(page, "/")
    page.goto(reverse("events:detail", args=[event.pk]))
    return context, page, event


@pytest.mark.parametrize("language", ["en", "fi"])
def test_the_server_and_the_browser_write_event_times_alike(
    browser, live_server, password, language
):
    context, page, event = _open_event(
        browser, live_server, password, language=language, zone="America/New_York"
    )
    start = page.locator(".event-when time").first
    shown = start.inner_text()
    with translation.override(language):
        assert shown == formats.date_format(timezone.localtime(event.starts_at), "DATETIME_FORMAT")
    iso = start.get_attribute("datetime")
    browser_locale = {"en": "en-GB"}.get(language, language)  # as static/js/events.js
    in_browser = page.evaluate(HELSINKI_IN_THE_BROWSER, [iso, browser_locale])
    assert in_browser == shown
    local = page.locator(".event-when time + span").first.inner_text()
    assert "America/New_York" in local
    # A real space before each note, not just a margin: copied or read aloud, "15:00 (…".
    whole = page.locator(".event-when").first.text_content()
    assert f"{shown} ({local.strip('()')})" in whole
    context.close()


def test_without_javascript_the_page_still_shows_the_helsinki_time(browser, live_server, password):
    context, page, event = _open_event(
        browser, live_server, password, language="fi", zone="America/New_York", javascript=False
    )
    with translation.override("fi"):
        expected = formats.date_format(timezone.localtime(event.starts_at), "DATETIME_FORMAT")
    assert page.locator(".event-when time").first.inner_text() == expected
    assert page.get_by_text("America/New_York").count() == 0
    context.close()
