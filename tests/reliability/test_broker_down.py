"""Broker down: the user's action succeeds, and the sweep delivers what is owed once it is back.

The outage is real, not a mock: the web side's broker is pointed at a local port that
refuses connections (Celery lets the CELERY_BROKER_URL environment variable win over
the setting, so both are changed). The worker (the `real_worker` fixture) stays on the
configured broker, as a worker on another machine would. After the outage the clock is
moved past the sweeps' "first message was lost" delay and the real sweep command runs.
"""

import datetime
import logging
import os
from contextlib import contextmanager

import pytest
import time_machine
from django.contrib.messages import constants as message_levels
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from events.models import EventNotice, Registration
from leadvet.celery import app
from mentors.models import Contact, ContactRequest, Notice
from surveys.models import Invitation, Response, SurveyNotice
from tests.factories import (
    EventFactory,
    MentorTaskFactory,
    QuestionFactory,
    SurveyFactory,
    SurveyInvitationFactory,
)
from tests.workers import drain_queue, wait_for_outbox

REFUSING_BROKER = "redis://127.0.0.1:1/0"  # nothing listens on port 1: connection refused
SWEEP_RETRY_DELAY = datetime.timedelta(minutes=15)  # past the sweeps' 10-minute grace


def _forget_broker_connections() -> None:
    """The producer pool caches connections to the old URL; the next send makes new ones."""
    app._pool = None
    app.amqp._producer_pool = None


@contextmanager
def broker_unreachable():
    names = (
        "broker_url",
        "broker_transport",
        "broker_transport_options",
        "broker_connection_timeout",
    )
    saved_conf = {name: app.conf[name] for name in names}
    saved_env = os.environ.get("CELERY_BROKER_URL")
    os.environ["CELERY_BROKER_URL"] = REFUSING_BROKER
    app.conf.broker_url = REFUSING_BROKER
    app.conf.broker_transport = None  # the URL's (redis), not the embedded broker's
    app.conf.broker_transport_options = {"socket_connect_timeout": 0.5, "max_retries": 0}
    app.conf.broker_connection_timeout = 0.5
    _forget_broker_connections()
    try:
        yield
    finally:
        if saved_env is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = saved_env
        for name, value in saved_conf.items():
            app.conf[name] = value
        _forget_broker_connections()


def _levels(response) -> list[int]:
    return [message.level for message in response.context["messages"]] if response.context else []


def _enqueue_warnings(caplog) -> list[logging.LogRecord]:
    return [
        record
        for record in caplog.records
        if record.name == "leadvet.lib.queue" and record.levelno == logging.WARNING
    ]


@pytest.mark.django_db(transaction=True)
def test_actions_succeed_while_the_broker_is_down_and_the_sweep_delivers_each_email_once(
    client, real_worker, caplog, mentor, teacher_educator, coordinator
):
    event = EventFactory(
        starts_at=timezone.now() + datetime.timedelta(hours=20), reminder_offsets=[24]
    )
    survey = SurveyFactory(audience_roles=["mentor"])
    survey.audience_colleges.set([mentor.college])
    question = QuestionFactory(survey=survey, key="peer", kind="likert", text="Peer networks")
    answering = SurveyInvitationFactory(
        survey=survey, token="b" * 40, email="respondent@example.org", sent_at=timezone.now()
    )
    task = MentorTaskFactory()
    mail.outbox.clear()
    caplog.set_level(logging.WARNING, logger="leadvet.lib.queue")

    with broker_unreachable():
        with pytest.raises(Exception, match="127.0.0.1:1"):
            app.send_task("leadvet.ping", retry=False)  # the outage is real

        client.force_login(mentor.user)
        response = client.post(
            reverse("mentors:contact_create"),
            {
                "date": timezone.localdate().isoformat(),
                "counterpart_kind": "teacher_student",
                "task": task.pk,
                "channel": "video",
                "duration_minutes": 45,
                "summary": "Logged while the broker was down.",
            },
            follow=True,
        )
        assert response.redirect_chain == [(reverse("mentors:contact_list"), 302)]
        assert _levels(response) == [message_levels.SUCCESS]
        assert Contact.objects.filter(mentor=mentor, summary__startswith="Logged while").exists()

        response = client.post(reverse("events:register", args=[event.pk]), follow=True)
        assert response.status_code == 200
        assert _levels(response) == [message_levels.SUCCESS]
        assert Registration.objects.get(event=event, user=mentor.user).status == "registered"

        client.force_login(teacher_educator)
        response = client.post(
            reverse("mentors:public_profile", args=[mentor.pk]),
            {"topic": "A visit", "task": task.pk},
            follow=True,
        )
        assert response.status_code == 200
        assert _levels(response) == [message_levels.SUCCESS]
        contact_request = ContactRequest.objects.get(mentor=mentor, requester=teacher_educator)

        client.force_login(coordinator)
        response = client.post(
            reverse("surveys:invite", args=[survey.pk]), {"language": "en"}, follow=True
        )
        assert response.status_code == 200
        assert message_levels.ERROR not in _levels(response)
        invited = Invitation.objects.get(survey=survey, user=mentor.user)

        client.logout()
        response = client.post(
            reverse("survey_respond", args=[answering.token]),
            {f"q_{question.pk}": "4", "action": "submit"},
        )
        assert response.status_code in (200, 302)
        answering.refresh_from_db()
        assert answering.used
        assert Response.objects.get(survey=answering.survey).submitted_at is not None

    # Three emails could not be enqueued (request, confirmation, invitation); each was logged.
    warnings = _enqueue_warnings(caplog)
    assert len(warnings) == 3
    assert all("the sweep will catch up" in record.getMessage() for record in warnings)
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]
    assert mail.outbox == []
    # The database says what is owed.
    assert (
        Notice.objects.get(kind=Notice.Kind.REQUEST_NEW, key=str(contact_request.pk)).sent_at
        is None
    )
    assert EventNotice.objects.get(kind=EventNotice.Kind.CONFIRMATION).sent_at is None
    assert invited.sent_at is None

    # The broker is back; the next sweeps run.
    with time_machine.travel(timezone.now() + SWEEP_RETRY_DELAY, tick=True):
        call_command("send_due_reminders")
        wait_for_outbox(4)
        drain_queue()
        delivered = sorted((message.to[0], message.subject) for message in mail.outbox)

        call_command("send_due_reminders")
        drain_queue()

    assert len(mail.outbox) == 4, delivered
    assert {to for to, _subject in delivered} == {mentor.user.email}
    subjects = " | ".join(subject for _to, subject in delivered)
    assert "Reminder:" in subjects
    assert Notice.objects.get(kind=Notice.Kind.REQUEST_NEW).sent_at is not None
    assert sorted(
        EventNotice.objects.filter(sent_at__isnull=False).values_list("kind", flat=True)
    ) == [EventNotice.Kind.CONFIRMATION, EventNotice.Kind.REMINDER]
    invited.refresh_from_db()
    assert invited.sent_at is not None
    assert SurveyNotice.objects.filter(invitation=invited, sent_at__isnull=False).count() == 1
    assert not SurveyNotice.objects.filter(invitation=answering).exists()
