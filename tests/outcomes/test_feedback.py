"""Feedback: "Did this help?" after an answered contact request; a short form after an event."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from leadvet import roles
from mentors.models import ContactRequest
from outcomes import services
from outcomes.models import ContactFeedback, EventFeedback
from portal.dashboard import impact, impact_presentation
from portal.dashboard.periods import Filters, Period
from tests.factories import (
    ContactRequestFactory,
    EventFactory,
    MentorFactory,
    RegistrationFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db


def answer(request, status=ContactRequest.Status.ACCEPTED):
    request.status = status
    request.responded_at = timezone.now()
    request.save()


def test_an_answered_request_asks_its_teacher_educator_once_by_email(
    django_capture_on_commit_callbacks,
):
    request = ContactRequestFactory()
    with django_capture_on_commit_callbacks(execute=True):
        answer(request)
    with django_capture_on_commit_callbacks(execute=True):
        request.save()
    feedback = ContactFeedback.objects.get()
    assert feedback.recipient == request.requester
    assert feedback.sent_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [request.requester.email]
    assert reverse("outcomes:contact_feedback", args=[feedback.pk]) in mail.outbox[0].body


def test_an_open_request_asks_nothing():
    ContactRequestFactory()
    assert not ContactFeedback.objects.exists()


def test_the_question_is_on_the_home_page_and_answering_it_records_the_score(client):
    request = ContactRequestFactory()
    answer(request)
    feedback = ContactFeedback.objects.get()
    client.force_login(request.requester)
    home = client.get(reverse("home"))
    url = reverse("outcomes:contact_feedback", args=[feedback.pk])
    assert url.encode() in home.content

    assert client.post(url, {"score": "7", "what_came_of_it": ""}).status_code == 400
    assert client.post(url, {"score": "4", "what_came_of_it": "A placement."}).status_code == 302
    feedback.refresh_from_db()
    assert (feedback.score, feedback.what_came_of_it) == (4, "A placement.")
    assert url.encode() not in client.get(reverse("home")).content


def test_someone_else_cannot_answer_the_question(client):
    request = ContactRequestFactory()
    answer(request)
    feedback = ContactFeedback.objects.get()
    client.force_login(user_with_role(roles.TEACHER_EDUCATOR))
    url = reverse("outcomes:contact_feedback", args=[feedback.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"score": "5"}).status_code == 404


def test_the_sweep_asks_attendees_of_a_past_event_once(django_capture_on_commit_callbacks):
    event = EventFactory(
        starts_at=timezone.now() - datetime.timedelta(days=2),
        ends_at=timezone.now() - datetime.timedelta(days=2, hours=-2),
    )
    attended = RegistrationFactory(event=event, attended=True)
    RegistrationFactory(event=event, attended=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.enqueue_due_feedback() == 1
    assert services.enqueue_due_feedback() == 0
    feedback = EventFeedback.objects.get()
    assert feedback.registration == attended
    assert [message.to for message in mail.outbox] == [[attended.user.email]]


def test_attendee_answers_the_event_form(client):
    registration = RegistrationFactory(attended=True)
    feedback = EventFeedback.objects.create(registration=registration)
    client.force_login(registration.user)
    url = reverse("outcomes:event_feedback", args=[feedback.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"score": "5", "comment": "Useful"}).status_code == 302
    feedback.refresh_from_db()
    assert feedback.score == 5 and feedback.answered_at is not None


def test_completion_and_scores_per_college_and_task_in_the_figures():
    mentor = MentorFactory()
    for score in (5, 4, 4, 3, 4, None):
        request = ContactRequestFactory(mentor=mentor)
        answer(request)
        if score:
            services.answer_contact_feedback(
                feedback=ContactFeedback.objects.get(request=request),
                score=score,
                what_came_of_it="",
            )
    figures = impact.build_impact(Filters(period=Period.last_days(30, timezone.localdate())))
    row = next(r for r in figures["health"] if r["college_id"] == mentor.college_id)
    assert (row["feedback_asked"], row["feedback_answered"], row["feedback_mean"]) == (6, 5, 4.0)
    tables = impact_presentation.impact_tables(figures, anonymous=True)
    assert tables["feedback_by_college"].values == [[mentor.college.name, 6, 5, 83, 4.0]]
