"""A kind of bulk email someone turned off is not sent to them, and is not owed again."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from leadvet.lib import outbox
from leadvet.mail_preferences import turn_off, turn_on
from leadvet.models import BulkEmail
from mentors.models import Notice
from mentors.services.announcements import publish_announcement
from portal.models import ReportDelivery
from portal.reports import send_monthly_steering_report
from surveys import tasks as survey_tasks
from surveys.models import Invitation, SurveyNotice
from surveys.services import enqueue_due_survey_notices
from tests.factories import (
    MentorFactory,
    MentorInvitationFactory,
    SurveyInvitationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_an_announcement_skips_the_mentor_who_turned_announcements_off(
    coordinator, django_capture_on_commit_callbacks
):
    keeps, declines = MentorFactory(), MentorFactory()
    # By the link in an email, whose address may be written in another case.
    turn_off(address=declines.user.email.upper(), kind=BulkEmail.ANNOUNCEMENTS)

    with django_capture_on_commit_callbacks(execute=True):
        publish_announcement(author=coordinator, title="Spring", body="News.", audience="all")

    assert [m.to for m in mail.outbox] == [[keeps.user.email]]
    # Settled without an email: a later sweep does not owe it again.
    declined = Notice.objects.get(recipient=declines.user)
    assert declined.sent_at is not None
    assert outbox.resend_unsent(now=timezone.now() + datetime.timedelta(hours=1)) == 0


def test_turning_one_kind_off_keeps_the_others_and_turning_it_on_sends_again(mentor):
    address = mentor.user.email
    turn_off(address=address, kind=BulkEmail.ANNOUNCEMENTS)
    nudge = Notice.objects.create(
        kind=Notice.Kind.ACTIVITY_NUDGE, key="never", recipient=mentor.user
    )
    assert outbox.deliver(Notice, [nudge.pk]) == 1

    turn_on(address=address, kind=BulkEmail.ANNOUNCEMENTS)
    availability = Notice.objects.create(
        kind=Notice.Kind.AVAILABILITY_NUDGE, key="2026-01", recipient=mentor.user
    )
    assert outbox.deliver(Notice, [availability.pk]) == 1
    assert len(mail.outbox) == 2


def test_emails_about_a_persons_own_business_go_whatever_they_turned_off(mentor):
    for kind in BulkEmail.values:
        turn_off(address=mentor.user.email, kind=kind)
    MentorInvitationFactory(user=mentor.user)
    invitation = Notice.objects.create(kind=Notice.Kind.INVITATION, key="1", recipient=mentor.user)

    assert outbox.deliver(Notice, [invitation.pk]) == 1


def test_a_respondent_without_an_account_who_opted_out_is_not_invited_nor_retried():
    invitation = SurveyInvitationFactory(email="Visitor@Example.org")
    turn_off(address="visitor@example.org", kind=BulkEmail.SURVEY_INVITATIONS)

    assert survey_tasks.send_survey_invitation.delay(invitation.pk).get() is False

    assert mail.outbox == []
    notice = SurveyNotice.objects.get(invitation=invitation)
    assert notice.sent_at is not None  # settled
    assert Invitation.objects.get(pk=invitation.pk).sent_at is None  # never emailed
    # The survey sweep does not owe the invitation again every five minutes.
    assert enqueue_due_survey_notices() == 0


def test_survey_reminders_can_be_turned_off_apart_from_invitations(
    django_capture_on_commit_callbacks,
):
    invitation = SurveyInvitationFactory(survey__reminder_days=[3])
    turn_off(address=invitation.email, kind=BulkEmail.SURVEY_REMINDERS)
    assert survey_tasks.send_survey_invitation.delay(invitation.pk).get() is True
    invitation.refresh_from_db()

    with (
        time_machine.travel(invitation.sent_at + datetime.timedelta(days=3, minutes=1)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert enqueue_due_survey_notices() == 1

    assert len(mail.outbox) == 1  # the invitation only
    reminder = SurveyNotice.objects.get(kind=SurveyNotice.Kind.REMINDER)
    assert reminder.sent_at is not None


def test_the_monthly_report_skips_a_steering_member_who_turned_it_off(steering):
    other = UserFactory(roles=[steering.groups.get().name])
    turn_off(address=steering.email, kind=BulkEmail.MONTHLY_REPORT)

    assert send_monthly_steering_report(month=datetime.date(2026, 5, 1)) == 1

    assert [m.to for m in mail.outbox] == [[other.email]]
    assert ReportDelivery.objects.filter(sent_at__isnull=True).count() == 0
