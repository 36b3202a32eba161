"""leadvet.lib.jobs: a download made by a worker once, with its progress, kept a while, made
again by the sweep when its message was lost, failed with a reason and tried again."""

import datetime
from unittest import mock

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from leadvet import roles
from leadvet.lib import jobs
from leadvet.lib.downloads import FileToWrite
from leadvet.models import Job, User
from mentors import downloads as mentor_downloads
from portal.sweeps import run_sweeps
from tests.downloads import parse_csv
from tests.factories import (
    ContactFactory,
    MentorFactory,
    college_coordinator_for,
    user_with_role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def flaky_kind():
    """A kind whose first run fails (a database that went away, say) and whose next works."""
    calls = []

    def make(job, progress):
        calls.append(job.pk)
        if len(calls) == 1:
            raise RuntimeError("the database went away")
        return FileToWrite("hello.txt", "text/plain", lambda file: file.write(b"hello"))

    jobs.register(jobs.JobKind("tests.flaky", make=make, allowed=lambda user, params: True))
    yield calls
    jobs._kinds.pop("tests.flaky")


def _contact_log_job(user, **query) -> Job:
    """The coordinators' contact log asked for, its message not yet sent."""
    return Job.objects.create(
        user=user,
        kind=mentor_downloads.COLLEGE_CONTACTS,
        params={"query": "&".join(f"{key}={value}" for key, value in query.items())},
        title="Contact log (CSV)",
        language="en",
    )


def _file_rows(job: Job) -> list[list[str]]:
    job.refresh_from_db()
    with job.file.open("rb") as handle:
        return parse_csv(handle.read(), ",")


def test_a_job_writes_every_row_and_keeps_the_file_a_while(coordinator, settings):
    ContactFactory.create_batch(10, summary="Visit")
    job = _contact_log_job(coordinator)
    assert jobs.run(job.pk) == "done"
    rows = _file_rows(job)
    assert rows[0][:2] == ["Mentor", "Date"] and len(rows) == 11
    assert job.status == Job.Status.DONE
    assert job.rows_done == job.rows_total == 10
    assert job.filename.startswith("contacts-") and job.filename.endswith(".csv")
    assert job.size == job.file.size and job.size > 0
    assert job.expires_at == job.finished_at + datetime.timedelta(
        days=settings.DOWNLOAD_RETENTION_DAYS
    )


def test_the_rows_done_are_written_to_the_jobs_row_as_it_goes(coordinator, monkeypatch):
    monkeypatch.setattr(jobs, "PROGRESS_STEP", 4)
    # Three months: on PostgreSQL the log is copied a month at a time, newest first, and the
    # count goes on after each (4, 4 and 2 rows); elsewhere it goes on row by row.
    month = timezone.localdate().replace(day=1)
    for count in (4, 4, 2):
        ContactFactory.create_batch(count, date=month)
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    job = _contact_log_job(coordinator)
    seen = []
    real_record = jobs.JobProgress.record

    def record(progress):
        real_record(progress)
        seen.append(Job.objects.values_list("rows_done", "rows_total").get(pk=job.pk))

    monkeypatch.setattr(jobs.JobProgress, "record", record)
    jobs.run(job.pk)
    # Written after rows 4 and 8, and once at the end.
    assert seen == [(4, 10), (8, 10), (10, 10)]


def test_the_rows_are_read_through_the_databases_chunked_cursor_or_copied(coordinator):
    """`.iterator()`: a server-side cursor, so a million rows are never in the worker's
    memory at once; on PostgreSQL the contact log is written by COPY, its rows never Python
    objects at all (tests/mentors/test_contact_log_by_copy.py)."""
    ContactFactory.create_batch(3)
    job = _contact_log_job(coordinator)
    with mock.patch.object(
        connection, "chunked_cursor", wraps=connection.chunked_cursor
    ) as chunked_cursor:
        jobs.run(job.pk)
    assert chunked_cursor.call_count == (0 if connection.vendor == "postgresql" else 1)
    assert len(_file_rows(job)) == 4


def test_a_second_message_for_the_same_job_makes_nothing(coordinator, settings):
    ContactFactory()
    job = _contact_log_job(coordinator)
    assert jobs.run(job.pk) == "done"
    job.refresh_from_db()
    first = job.file.name
    assert jobs.run(job.pk) == "skipped"
    job.refresh_from_db()
    assert job.file.name == first
    assert len(list((settings.MEDIA_ROOT / "jobs").iterdir())) == 1


def test_the_file_is_made_in_the_requesters_language(coordinator):
    ContactFactory(duration_minutes=90)
    job = _contact_log_job(coordinator)
    Job.objects.filter(pk=job.pk).update(language="fi")
    jobs.run(job.pk)
    job.refresh_from_db()
    with job.file.open("rb") as handle:
        header = parse_csv(handle.read(), ";")[0]
    assert header[:2] == ["Mentori", "Päivämäärä"]


def test_a_failed_job_says_why_and_can_be_tried_again(coordinator, flaky_kind, caplog):
    job = jobs.start(user=coordinator, kind="tests.flaky", params={}, title="Hello")
    jobs.run(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.error == "The file could not be made."
    assert "the database went away" in caplog.text  # the reason, for the operator
    assert jobs.retry(job=job) is True
    assert jobs.retry(job=job) is False  # waiting already: nothing to try again
    assert jobs.run(job.pk) == "done"
    job.refresh_from_db()
    assert (job.status, job.error, job.attempts) == (Job.Status.DONE, "", 1)
    with job.file.open("rb") as handle:
        assert handle.read() == b"hello"


def test_a_job_whose_requester_lost_the_permission_is_not_made(coordinator):
    job = _contact_log_job(coordinator)
    coordinator.groups.remove(roles.role_group(roles.COORDINATOR))
    assert jobs.run(job.pk) == "failed"
    job.refresh_from_db()
    assert job.error == "You no longer have access to what this file would hold."
    assert not job.file


def test_a_college_coordinators_file_holds_their_colleges_only_and_needs_them_still(db):
    own, other = MentorFactory(), MentorFactory()
    ContactFactory(mentor=own, summary="ours")
    ContactFactory(mentor=other, summary="theirs")
    coordinator = college_coordinator_for(own.college)
    job = _contact_log_job(coordinator, college=own.college_id)
    jobs.run(job.pk)
    assert [row[-1] for row in _file_rows(job)[1:]] == ["ours"]
    assert jobs.may_have(coordinator, job)
    own.college.coordinators.remove(coordinator)
    coordinator = User.objects.get(pk=coordinator.pk)  # as the next request reads them
    assert not jobs.may_have(coordinator, job)


def test_the_sweep_makes_a_job_whose_message_was_lost(coordinator):
    ContactFactory()
    job = _contact_log_job(coordinator)  # saved, never enqueued: the broker was down
    run_sweeps()  # at once: the message may still be on its way
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED
    with time_machine.travel(timezone.now() + jobs.OWED_AFTER + datetime.timedelta(seconds=1)):
        assert run_sweeps()["leadvet.lib.jobs.enqueue_owed_jobs"] == 1  # eager: made at once
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert len(_file_rows(job)) == 2


def test_a_job_whose_worker_died_is_tried_again_then_given_up(coordinator, settings):
    ContactFactory()
    job = _contact_log_job(coordinator)
    stalled = timezone.now() - datetime.timedelta(seconds=settings.JOB_TIME_LIMIT + 6 * 60)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, started_at=stalled, attempts=1)
    assert jobs.enqueue_owed_jobs() == 1
    job.refresh_from_db()
    assert (job.status, job.attempts) == (Job.Status.DONE, 2)

    again = _contact_log_job(coordinator)
    Job.objects.filter(pk=again.pk).update(
        status=Job.Status.RUNNING, started_at=stalled, attempts=jobs.MAX_ATTEMPTS
    )
    assert jobs.enqueue_owed_jobs() == 0
    again.refresh_from_db()
    assert again.status == Job.Status.FAILED
    assert "interrupted" in again.error


def test_the_sweep_deletes_files_and_rows_once_they_expire(coordinator, settings):
    ContactFactory()
    kept, failed = _contact_log_job(coordinator), _contact_log_job(coordinator)
    jobs.run(kept.pk)
    Job.objects.filter(pk=failed.pk).update(status=Job.Status.FAILED)
    kept.refresh_from_db()
    path = settings.MEDIA_ROOT / kept.file.name
    assert path.exists()
    Job.objects.filter(pk=failed.pk).update(expires_at=kept.expires_at)
    with time_machine.travel(kept.expires_at - datetime.timedelta(minutes=1)):
        assert jobs.delete_expired_jobs() == 0
    assert path.exists()
    with time_machine.travel(kept.expires_at + datetime.timedelta(minutes=1)):
        assert run_sweeps()["leadvet.lib.jobs.delete_expired_jobs"] == 2
    assert not path.exists()
    assert not Job.objects.exists()


def test_an_unknown_kind_is_refused(coordinator):
    with pytest.raises(ValueError, match="unknown job kind"):
        jobs.start(user=coordinator, kind="tests.nothing", params={}, title="x")
    assert not Job.objects.exists()


def test_a_job_started_in_a_transaction_rolled_back_is_never_made(coordinator, flaky_kind):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        jobs.start(user=coordinator, kind="tests.flaky", params={}, title="Hello")
        raise RuntimeError("the page's other write failed")
    assert flaky_kind == [] and not Job.objects.exists()


def test_steering_members_may_not_have_a_coordinators_named_report(db):
    steering = user_with_role(roles.STEERING)
    params = {"named": True, "format": "pdf", "period": {}, "label": ""}
    job = Job(user=steering, kind="portal.report", params=params)
    assert not jobs.may_have(steering, job)
    assert jobs.may_have(
        steering, Job(user=steering, kind="portal.report", params={**params, "named": False})
    )
