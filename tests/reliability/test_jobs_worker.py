"""Downloads made by a real Celery worker (the `real_worker` fixture: the configured broker,
the embedded one unless CI gives Redis), and one asked for while the broker is down, made
later by the sweep (leadvet.lib.jobs)."""

import datetime
import logging

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from leadvet.models import Job
from tests.downloads import csv_rows
from tests.factories import ContactFactory
from tests.reliability.test_broker_down import SWEEP_RETRY_DELAY, broker_unreachable
from tests.workers import drain_queue

LOG_EXPORT = reverse("mentors:college_contact_export")


@pytest.fixture
def many_contacts(settings, tmp_path):
    """Media in the test's own folder (the worker is a thread of this process: it sees the
    same settings) and more contacts than fit on a page."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DOWNLOAD_DIRECT_ROWS = 2
    ContactFactory.create_batch(5, summary="Visit")


def _file_rows(client, job: Job) -> list[list[str]]:
    page = client.get(reverse("download_detail", args=[job.pk]))
    assert f'href="{reverse("download_file", args=[job.pk])}"' in page.content.decode()
    return csv_rows(client.get(reverse("download_file", args=[job.pk])))


@pytest.mark.django_db(transaction=True)
def test_a_download_is_made_by_a_real_worker(client, real_worker, coordinator, many_contacts):
    client.force_login(coordinator)
    response = client.post(LOG_EXPORT)
    job = Job.objects.get()
    assert response.url == reverse("download_detail", args=[job.pk])
    drain_queue()
    job.refresh_from_db()
    assert (job.status, job.rows_done, job.rows_total) == (Job.Status.DONE, 5, 5)
    rows = _file_rows(client, job)
    assert len(rows) == 6 and {row[-1] for row in rows[1:]} == {"Visit"}


@pytest.mark.django_db(transaction=True)
def test_a_download_asked_for_while_the_broker_is_down_is_made_by_the_sweep(
    client, real_worker, coordinator, many_contacts, caplog
):
    caplog.set_level(logging.WARNING, logger="leadvet.lib.queue")
    client.force_login(coordinator)
    with broker_unreachable():
        response = client.post(LOG_EXPORT)
    job = Job.objects.get()
    assert response.url == reverse("download_detail", args=[job.pk])  # asked for, and kept
    assert "the sweep will catch up" in caplog.text
    drain_queue()
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED  # its message never reached the worker

    with time_machine.travel(timezone.now() + SWEEP_RETRY_DELAY, tick=True):
        call_command("send_due_reminders")
        drain_queue()
        job.refresh_from_db()
        assert job.status == Job.Status.DONE
        assert job.started_at - job.created_at >= datetime.timedelta(minutes=2)
        client.force_login(coordinator)
        assert len(_file_rows(client, job)) == 6
