import datetime

import pytest
import time_machine
from django.conf import settings
from django.core import mail

from leadvet import roles
from portal.models import ReportDelivery
from portal.tasks import email_monthly_steering_report
from tests.factories import (
    ContactFactory,
    MentorFactory,
    MentorTaskFactory,
    UserFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db

FIRST_OF_DECEMBER = datetime.datetime(2026, 12, 1, 6, 0, tzinfo=datetime.UTC)


def test_beat_runs_the_monthly_report_on_the_first_of_the_month():
    entry = settings.CELERY_BEAT_SCHEDULE["email-monthly-steering-report"]
    assert entry["task"] == "leadvet.tasks.email_monthly_steering_report"
    assert entry["schedule"].day_of_month == {1}


def test_two_runs_in_a_month_send_one_email_per_steering_member_with_the_pdf(steering):
    other_member = UserFactory(roles=[roles.STEERING], language="fi")
    user_with_role(roles.MENTOR)
    UserFactory(roles=[roles.STEERING], is_active=False)
    ContactFactory(
        mentor=MentorFactory(), task=MentorTaskFactory(number=1), date=datetime.date(2026, 11, 5)
    )
    with time_machine.travel(FIRST_OF_DECEMBER, tick=False):
        assert email_monthly_steering_report.delay().get() == 2
        assert email_monthly_steering_report.delay().get() == 0
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [steering.email, other_member.email]
    )
    for message in mail.outbox:
        [(filename, content, mimetype)] = message.attachments
        assert filename == "leadvet-report-20261101-20261130.pdf"
        assert mimetype == "application/pdf" and content.startswith(b"%PDF")
    assert set(ReportDelivery.objects.values_list("month", flat=True)) == {
        datetime.date(2026, 11, 1)
    }
    assert ReportDelivery.objects.filter(sent_at__isnull=True).count() == 0
    english = next(message for message in mail.outbox if message.to == [steering.email])
    assert "November 2026" in english.subject


def test_a_failed_send_is_not_marked_sent_and_is_retried_next_run(steering, mail_server):
    from portal import reports

    mail_server.accept = 0
    mail_server.error = ConnectionError("SMTP down")
    with time_machine.travel(FIRST_OF_DECEMBER, tick=False):
        with pytest.raises(ConnectionError):
            reports.send_monthly_steering_report()
        assert not ReportDelivery.objects.filter(sent_at__isnull=False).exists()
        mail_server.accept = None
        assert reports.send_monthly_steering_report() == 1
    assert len(mail.outbox) == 1


def test_the_next_month_is_sent_again(steering):
    with time_machine.travel(FIRST_OF_DECEMBER, tick=False):
        email_monthly_steering_report.delay().get()
    with time_machine.travel(datetime.datetime(2027, 1, 1, 6, 0, tzinfo=datetime.UTC), tick=False):
        email_monthly_steering_report.delay().get()
    assert len(mail.outbox) == 2
    assert ReportDelivery.objects.count() == 2
