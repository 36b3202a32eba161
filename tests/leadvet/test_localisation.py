"""Dates and numbers follow the user's language; their emails are rendered in it too."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import formats, timezone, translation

from events import services as event_services
from leadvet import roles
from tests.factories import (
    ContactFactory,
    EventFactory,
    MentorFactory,
    QuestionFactory,
    RegistrationFactory,
    SurveyAnswerFactory,
    SurveyFactory,
    SurveyResponseFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 25, 10, 0, tzinfo=datetime.UTC)
# A Thursday: Django abbreviates it "Thu" in English and "to" in Finnish.
EVENT_START = datetime.datetime(2026, 12, 10, 8, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.mark.parametrize(("language", "shown"), [("fi", "25.11.2026"), ("en", "25.11.2026")])
def test_contact_dates_are_shown_in_the_users_date_format(client, language, shown):
    mentor = MentorFactory(user=user_with_role(roles.MENTOR, language=language))
    ContactFactory(mentor=mentor, date=datetime.date(2026, 11, 25))
    client.force_login(mentor.user)
    response = client.get(reverse("mentors:contact_list"))
    assert response["Content-Language"] == language
    assert shown in response.content.decode()


def _in(language: str, value, format_name: str) -> str:
    """`value` written with `format_name` as the portal writes it for `language`, in Helsinki time."""
    with translation.override(language):
        return formats.date_format(timezone.localtime(value), format_name)


OTHER = {"en": "fi", "fi": "en"}


def test_the_date_time_formats_name_the_weekday_in_each_language():
    assert _in("en", EVENT_START, "DATETIME_FORMAT").startswith("Thu")
    assert _in("fi", EVENT_START, "DATETIME_FORMAT").startswith("to ")


@pytest.mark.parametrize("language", ["en", "fi"])
def test_event_page_shows_times_in_the_users_locale_format(client, language):
    event = EventFactory(starts_at=EVENT_START, ends_at=EVENT_START + datetime.timedelta(hours=3))
    client.force_login(user_with_role(roles.MENTOR, language=language))
    response = client.get(reverse("events:detail", args=[event.pk]))
    html = response.content.decode()
    start = _in(language, event.starts_at, "DATETIME_FORMAT")
    end = _in(language, event.ends_at, "TIME_FORMAT")
    # The text inside <time> is what a reader without JavaScript sees; the attribute stays ISO.
    assert (
        f'<time datetime="{event.starts_at.astimezone(datetime.UTC):%Y-%m-%dT%H:%M:%SZ}" data-local-time>{start}</time>'
        in html
    )
    assert f"data-time-only>{end}</time>" in html
    assert (
        f"data-local-time>{_in(language, event_services.registration_closes_at(event), 'DATETIME_FORMAT')}</time>"
        in html
    )
    assert _in(OTHER[language], event.starts_at, "DATETIME_FORMAT") not in html


def test_an_event_over_several_days_shows_the_end_date_too(client):
    event = EventFactory(starts_at=EVENT_START, ends_at=EVENT_START + datetime.timedelta(days=1))
    client.force_login(user_with_role(roles.MENTOR, language="en"))
    html = client.get(reverse("events:detail", args=[event.pk])).content.decode()
    assert f">{_in('en', event.ends_at, 'DATETIME_FORMAT')}</time>" in html
    assert "data-time-only" not in html


@pytest.mark.parametrize(("language", "mean"), [("fi", "3,50"), ("en", "3.50")])
def test_survey_means_use_the_users_decimal_separator(client, settings, language, mean):
    survey = SurveyFactory(is_anonymous=False)
    question = QuestionFactory(survey=survey, kind="likert", text="Peer networks help me")
    for value in [3, 4] * (settings.SURVEY_ANONYMITY_THRESHOLD // 2 + 1):
        SurveyAnswerFactory(
            question=question, value=value, response=SurveyResponseFactory(survey=survey)
        )
    client.force_login(user_with_role(roles.COORDINATOR, language=language))
    response = client.get(reverse("surveys:results", args=[survey.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert f">{mean}<" in html
    other = "3.50" if language == "fi" else "3,50"
    assert f">{other}<" not in html


def test_a_finnish_users_email_is_rendered_in_finnish(
    mailoutbox, django_capture_on_commit_callbacks
):
    finnish = user_with_role(roles.MENTOR, language="fi", email="aino@example.org")
    english = user_with_role(roles.MENTOR, language="en", email="bea@example.org")
    event = EventFactory(starts_at=EVENT_START, ends_at=EVENT_START + datetime.timedelta(hours=3))
    with django_capture_on_commit_callbacks(execute=True):
        event_services.register(event_id=event.pk, user=finnish)
        event_services.register(event_id=event.pk, user=english)

    by_recipient = {message.to[0]: message for message in mailoutbox}
    assert _in("fi", EVENT_START, "DATETIME_FORMAT") in by_recipient["aino@example.org"].body
    assert _in("en", EVENT_START, "DATETIME_FORMAT") in by_recipient["bea@example.org"].body


def test_the_language_chosen_in_the_portal_is_used_for_later_emails(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    user = user_with_role(roles.MENTOR, language="en", email="kaisa@example.org")
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "fi", "next": "/"})
    event = EventFactory(starts_at=EVENT_START, ends_at=EVENT_START + datetime.timedelta(hours=3))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("events:register", args=[event.pk]))

    (message,) = mailoutbox
    assert message.to == ["kaisa@example.org"]
    assert _in("fi", EVENT_START, "DATETIME_FORMAT") in message.body


@pytest.mark.parametrize("language", ["en", "fi"])
def test_the_reminder_email_shows_the_time_in_the_recipients_locale_format(
    language, mailoutbox, django_capture_on_commit_callbacks
):
    event = EventFactory(
        starts_at=EVENT_START,
        ends_at=EVENT_START + datetime.timedelta(hours=3),
        reminder_offsets=[24],
    )
    RegistrationFactory(event=event, user=user_with_role(roles.MENTOR, language=language))
    with time_machine.travel(EVENT_START - datetime.timedelta(hours=20), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert event_services.enqueue_due_reminders() == 1

    (message,) = mailoutbox
    html = message.alternatives[0].content
    when = f"{_in(language, event.starts_at, 'DATETIME_FORMAT')}–{_in(language, event.ends_at, 'TIME_FORMAT')}"
    assert when in message.body
    assert when in html
    other = _in(OTHER[language], event.starts_at, "DATETIME_FORMAT")
    assert other not in message.body
    assert other not in html


def test_an_email_about_an_event_over_several_days_gives_the_end_date(
    mailoutbox, django_capture_on_commit_callbacks
):
    event = EventFactory(starts_at=EVENT_START, ends_at=EVENT_START + datetime.timedelta(days=2))
    user = user_with_role(roles.MENTOR, language="fi")
    with django_capture_on_commit_callbacks(execute=True):
        event_services.register(event_id=event.pk, user=user)

    (message,) = mailoutbox
    assert f"–{_in('fi', event.ends_at, 'DATETIME_FORMAT')}" in message.body


# Issue 22, item 1: European English everywhere, date boxes included.


def test_english_short_dates_and_times_are_day_month_year_and_24_hour():
    day = datetime.date(2026, 12, 5)
    moment = datetime.datetime(2026, 12, 5, 14, 0, tzinfo=datetime.UTC)
    with translation.override("en"):
        assert formats.date_format(day, "SHORT_DATE_FORMAT") == "5.12.2026"
        assert formats.date_format(day, "DATE_FORMAT") == "5 Dec 2026"
        assert formats.date_format(moment, "SHORT_DATETIME_FORMAT") == "5.12.2026 14:00"
        assert formats.date_format(moment, "TIME_FORMAT") == "14:00"


@pytest.mark.parametrize("language", ["en", "fi"])
def test_date_boxes_show_and_read_day_month_year(client, language):
    from mentors.forms.contacts import ContactForm
    from mentors.models import Contact

    mentor = MentorFactory(user=user_with_role(roles.MENTOR, language=language))
    contact = ContactFactory(mentor=mentor, date=datetime.date(2026, 9, 1))
    with translation.override(language):
        html = str(ContactForm(instance=contact)["date"])
        assert 'type="text"' in html and 'value="1.9.2026"' in html
    client.force_login(mentor.user)
    response = client.post(
        reverse("mentors:contact_edit", args=[contact.pk]),
        {
            "date": "5.11.2026",
            "counterpart_kind": contact.counterpart_kind,
            "task": contact.task_id,
            "channel": contact.channel,
            "duration_minutes": "30",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert Contact.objects.get(pk=contact.pk).date == datetime.date(2026, 11, 5)


def test_an_event_time_typed_day_first_with_a_24_hour_clock_is_read_as_helsinki_time():
    from events.forms import EventForm

    with translation.override("en"):
        form = EventForm()
        field = form.fields["starts_at"]
        value = field.clean("5.12.2026 14:00")
    assert timezone.localtime(value).replace(tzinfo=None) == datetime.datetime(2026, 12, 5, 14, 0)
    assert 'value="5.12.2026 14:00"' in str(EventForm(initial={"starts_at": value})["starts_at"])


def test_an_english_email_writes_event_times_in_european_english():
    user = user_with_role(roles.MENTOR, language="en")
    starts = datetime.datetime(2026, 12, 5, 12, 0, tzinfo=datetime.UTC)  # 14:00 in Helsinki
    event = EventFactory(starts_at=starts, ends_at=starts + datetime.timedelta(hours=2))
    from leadvet.lib import mail as lib_mail

    _subject, text, html = lib_mail.render_email(
        "events/notice", {"event": event, "user": user, "kind": "reminder"}, language="en"
    )
    for body in (text, html):
        assert "Sat, 5 Dec 2026, 14:00–16:00" in body
        assert "PM" not in body and "12/05" not in body


def test_every_date_box_of_the_report_filters_is_typed_day_first(client, coordinator):
    client.force_login(coordinator)
    response = client.get(
        reverse("reports"), {"period": "custom", "date_from": "11.3.2026", "date_to": "20.3.2026"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'<input type="text" name="date_from" value="11\.3\.2026"', html)
    assert re.search(r'<input type="text" name="date_to" value="20\.3\.2026"', html)
    assert 'type="date"' not in html
