"""Dates and numbers follow the user's language; their emails are rendered in it too."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from events import services as event_services
from leadvet import roles
from tests.factories import (
    ContactFactory,
    EventFactory,
    MentorFactory,
    QuestionFactory,
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


@pytest.mark.parametrize(("language", "shown"), [("fi", "25.11.2026"), ("en", "11/25/2026")])
def test_contact_dates_are_shown_in_the_users_date_format(client, language, shown):
    mentor = MentorFactory(user=user_with_role(roles.MENTOR, language=language))
    ContactFactory(mentor=mentor, date=datetime.date(2026, 11, 25))
    client.force_login(mentor.user)
    response = client.get(reverse("mentors:contact_list"))
    assert response["Content-Language"] == language
    assert shown in response.content.decode()


@pytest.mark.parametrize(("language", "shown"), [("fi", "to 10.12.2026 10:00"), ("en", "Thu 10.12.2026 10:00")])
def test_event_date_is_shown_with_the_users_weekday_names(client, language, shown):
    event = EventFactory(starts_at=EVENT_START, ends_at=EVENT_START + datetime.timedelta(hours=3))
    client.force_login(user_with_role(roles.MENTOR, language=language))
    response = client.get(reverse("events:detail", args=[event.pk]))
    assert shown in response.content.decode()


@pytest.mark.parametrize(("language", "mean"), [("fi", "3,50"), ("en", "3.50")])
def test_survey_means_use_the_users_decimal_separator(client, settings, language, mean):
    survey = SurveyFactory(is_anonymous=False)
    question = QuestionFactory(survey=survey, kind="likert", text="Peer networks help me")
    for value in [3, 4] * (settings.SURVEY_ANONYMITY_THRESHOLD // 2 + 1):
        SurveyAnswerFactory(question=question, value=value, response=SurveyResponseFactory(survey=survey))
    client.force_login(user_with_role(roles.COORDINATOR, language=language))
    response = client.get(reverse("surveys:results", args=[survey.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert f">{mean}<" in html
    other = "3.50" if language == "fi" else "3,50"
    assert f">{other}<" not in html


def test_a_finnish_users_email_is_rendered_in_finnish(mailoutbox, django_capture_on_commit_callbacks):
    finnish = user_with_role(roles.MENTOR, language="fi", email="aino@example.org")
    english = user_with_role(roles.MENTOR, language="en", email="bea@example.org")
    event = EventFactory(starts_at=EVENT_START, ends_at=EVENT_START + datetime.timedelta(hours=3))
    with django_capture_on_commit_callbacks(execute=True):
        event_services.register(event_id=event.pk, user=finnish)
        event_services.register(event_id=event.pk, user=english)

    by_recipient = {message.to[0]: message for message in mailoutbox}
    assert "to 10.12.2026 10:00" in by_recipient["aino@example.org"].body
    assert "Thu 10.12.2026 10:00" in by_recipient["bea@example.org"].body


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
    assert "to 10.12.2026 10:00" in message.body
