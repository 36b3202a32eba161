"""Invitation emails through a real Celery worker on the configured broker."""

import datetime
import time

import pytest
from django.core import mail
from django.utils import timezone

from surveys import services
from surveys.models import SurveyNotice
from tests.factories import SurveyFactory
from tests.workers import drain_queue


def _wait_for(condition, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_each_invitation_once_even_when_the_sweep_enqueues_it_again(
    real_worker,
):
    survey = SurveyFactory(
        opens_at=timezone.now() - datetime.timedelta(hours=1),
        closes_at=timezone.now() + datetime.timedelta(days=10),
    )
    people = [
        services.Invitee(email="leader@example.org", role="vet_leader"),
        services.Invitee(email="firm@example.org", role="working_life"),
    ]
    assert services.send_invitations(survey=survey, extra_people=people) == 2
    services.enqueue_due_survey_notices()  # a sweep racing the first delivery
    sent = SurveyNotice.objects.filter(invitation__survey=survey, sent_at__isnull=False)
    assert _wait_for(lambda: sent.count() == 2), "the worker did not deliver the invitations"
    assert services.enqueue_due_survey_notices() == 0
    drain_queue()  # any duplicate message has reached the worker
    assert sorted(m.to[0] for m in mail.outbox) == ["firm@example.org", "leader@example.org"]
