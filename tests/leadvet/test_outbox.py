"""The one outbox: every email the portal sends is owed as a row and delivered exactly once."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from alumni.models import AlumniNotice
from events.models import EventNotice, Registration
from leadvet.celery import app
from leadvet.lib import outbox
from leadvet.models import AccountEmail
from mentors.models import Notice
from outcomes.models import ContactFeedback, EventFeedback
from portal.models import ReportDelivery
from space.models import DigestEmail
from surveys.models import SurveyNotice
from tests.factories import (
    EventFactory,
    RegistrationFactory,
    SurveyFactory,
    UserFactory,
)


def test_every_kind_of_email_goes_through_the_one_outbox():
    assert set(outbox.OUTBOXES) == {
        EventNotice,
        SurveyNotice,
        Notice,
        ReportDelivery,
        AccountEmail,
        AlumniNotice,
        DigestEmail,
        ContactFeedback,
        EventFeedback,
    }


def test_every_task_that_sends_email_retries_by_the_one_policy():
    sending = {o.task.name for o in outbox.OUTBOXES.values()} | {
        "events.send_event_reminders",
        "surveys.send_survey_invitation",
        "surveys.send_survey_reminder",
        "mentors.tasks.send_notice",
        "mentors.send_invitation_email",
        "leadvet.tasks.email_monthly_steering_report",
        "leadvet.send_account_emails",
        "alumni.send_alumni_notice",
        "space.tasks.send_digests",
        "outcomes.send_contact_feedback",
        "outcomes.send_event_feedback",
    }
    policies = {
        name: (
            app.tasks[name].autoretry_for,
            app.tasks[name].retry_backoff,
            app.tasks[name].retry_backoff_max,
            app.tasks[name].max_retries,
        )
        for name in sending
    }
    assert set(policies.values()) == {
        (
            outbox.RETRY["autoretry_for"],
            outbox.RETRY["retry_backoff"],
            outbox.RETRY["retry_backoff_max"],
            outbox.RETRY["max_retries"],
        )
    }


@pytest.fixture
def lost_cancellation(db):
    """A cancellation email owed at `owed_at` whose task message never reached a worker."""

    def owe(owed_at: datetime.datetime) -> EventNotice:
        registration = RegistrationFactory(
            event=EventFactory(), status=Registration.Status.REGISTERED
        )
        registration.event.status = registration.event.Status.CANCELLED
        registration.event.save()
        return EventNotice.objects.create(
            registration=registration, kind=EventNotice.Kind.CANCELLED, key="", created_at=owed_at
        )

    return owe


def test_the_sweep_leaves_an_email_alone_while_its_first_message_may_still_arrive(
    lost_cancellation,
):
    notice = lost_cancellation(timezone.now() - outbox.RESEND_AFTER + datetime.timedelta(minutes=1))
    assert outbox.resend_unsent() == 0
    notice.refresh_from_db()
    assert notice.sent_at is None and mail.outbox == []


def test_the_sweep_sends_an_email_whose_message_was_lost_once(lost_cancellation):
    notice = lost_cancellation(timezone.now() - outbox.RESEND_AFTER - datetime.timedelta(minutes=1))
    assert outbox.resend_unsent() == 1
    assert outbox.resend_unsent() == 0
    notice.refresh_from_db()
    assert notice.sent_at is not None
    assert [m.to for m in mail.outbox] == [[notice.registration.user.email]]


def test_the_sweep_gives_up_on_an_email_owed_too_long_ago(lost_cancellation):
    lost_cancellation(timezone.now() - outbox.RESEND_WITHIN - datetime.timedelta(hours=1))
    assert outbox.resend_unsent() == 0
    assert mail.outbox == []


def test_an_email_no_longer_wanted_is_forgotten_or_settled_as_its_outbox_says(db):
    # An event email whose event is back on: nothing was owed after all, the row goes.
    registration = RegistrationFactory(event=EventFactory())
    cancelled = EventNotice.objects.create(
        registration=registration, kind=EventNotice.Kind.CANCELLED, key=""
    )
    assert outbox.deliver(EventNotice, [cancelled.pk]) == 0
    assert not EventNotice.objects.filter(pk=cancelled.pk).exists()
    # A mentor notice about an announcement that was deleted: settled, never owed again.
    user = UserFactory()
    settled = Notice.objects.create(kind=Notice.Kind.ANNOUNCEMENT, key="0", recipient=user)
    assert outbox.deliver(Notice, [settled.pk]) == 0
    settled.refresh_from_db()
    assert settled.sent_at is not None
    assert mail.outbox == []


def test_a_survey_invitation_sent_marks_the_invitation_sent_in_the_same_transaction(db):
    from surveys.tasks import send_survey_invitation

    survey = SurveyFactory()
    invitation = survey.invitations.create(token="t" * 20, email="invitee@example.org")
    with time_machine.travel(timezone.now(), tick=False):
        assert send_survey_invitation(invitation.pk) is True
        invitation.refresh_from_db()
        notice = SurveyNotice.objects.get(invitation=invitation)
        assert invitation.sent_at == notice.sent_at == timezone.now()
    assert send_survey_invitation(invitation.pk) is False
    assert [m.to for m in mail.outbox] == [["invitee@example.org"]]
