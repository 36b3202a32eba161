"""Contact summaries older than CONTACT_SUMMARY_RETENTION_YEARS are blanked by a monthly job."""

import datetime

import pytest
import time_machine
from celery.schedules import crontab

from leadvet.celery import app
from mentors.services import privacy as privacy_services
from mentors.tasks import clear_old_contact_summaries
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db


@time_machine.travel(datetime.datetime(2026, 3, 1, 3, 30, tzinfo=datetime.UTC), tick=False)
def test_summaries_older_than_the_retention_period_are_cleared_and_the_contacts_kept(
    settings, mentor
):
    settings.CONTACT_SUMMARY_RETENTION_YEARS = 5
    old = ContactFactory(mentor=mentor, date=datetime.date(2021, 2, 28), summary="Old notes")
    recent = ContactFactory(mentor=mentor, date=datetime.date(2021, 3, 1), summary="Recent notes")

    assert clear_old_contact_summaries.delay().get() == 1

    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.summary == "" and old.task_id is not None
    assert recent.summary == "Recent notes"
    assert privacy_services.clear_old_contact_summaries() == 0


def test_retention_is_a_monthly_beat_job():
    entry = next(
        e
        for e in app.conf.beat_schedule.values()
        if e["task"] == "mentors.tasks.clear_old_contact_summaries"
    )
    assert isinstance(entry["schedule"], crontab)
    assert entry["schedule"].day_of_month == {1}


def test_retention_handles_a_leap_day(settings, mentor):
    settings.CONTACT_SUMMARY_RETENTION_YEARS = 1
    ContactFactory(mentor=mentor, date=datetime.date(2023, 2, 27), summary="x")
    ContactFactory(mentor=mentor, date=datetime.date(2023, 2, 28), summary="y")
    assert privacy_services.clear_old_contact_summaries(today=datetime.date(2024, 2, 29)) == 1
