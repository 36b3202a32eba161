"""Background jobs that make a file for one person: exports and PDFs, off the request.

An app registers each kind of file it makes (`register(JobKind(...))` in its
`AppConfig.ready`): how to make it from the job's parameters (`make`, returning a
`FileToWrite` from `leadvet.lib.exports` or `leadvet.lib.pdf`), and who may have it
(`allowed`, asked when the job starts, when it runs and at every download). Its view parses
the request, checks the permission as it always did, and hands over to `respond`:

- an export that fits on a page (`fits_a_page`, at most `DOWNLOAD_DIRECT_ROWS` rows) is made
  in the request and sent at once: the person gets their file in one click;
- anything bigger, and every PDF, is a `Job` (leadvet.models): a POST starts it and leads to
  its page, which shows its progress and then the download link; a GET shows a button that
  starts it (a GET changes nothing).

`run` (the Celery task `leadvet.run_job`) claims a queued job with a conditional UPDATE, so a
message delivered twice makes the file once; it writes the file into a temporary file, then
into the file storage under a random name, and records how many rows it has written as it
goes. A failure is recorded with a message for the person, who can try again (`retry`).

The sweep (`portal.sweeps`) enqueues jobs still waiting after `OWED_AFTER` (their message was
lost: the broker was down when they were asked for), gives a job whose worker died
(`running` past the time limit) another attempt, and deletes files and rows
`DOWNLOAD_RETENTION_DAYS` after they were made.
"""

import datetime
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from leadvet import audit
from leadvet.lib import downloads
from leadvet.lib.queue import enqueue, enqueue_on_commit
from leadvet.models import Job

logger = logging.getLogger(__name__)

# A job still waiting this long lost its message: the sweep sends it again.
OWED_AFTER = datetime.timedelta(minutes=2)
# A job that fails this many times (its worker killed each time) is given up.
MAX_ATTEMPTS = 3
# Progress is written to the job's row every this many rows.
PROGRESS_STEP = 2000


@dataclass(frozen=True)
class JobKind:
    name: str  # "mentors.mentor_list": the app and what it makes
    make: Callable[[Job, downloads.Progress], downloads.FileToWrite]
    allowed: Callable[[object, dict], bool]  # (user, params): may they have this file?
    # (user, params): at most a page of rows, made in the request; None: always a job.
    fits_a_page: Callable[[object, dict], bool] | None = None


_kinds: dict[str, JobKind] = {}


def register(kind: JobKind) -> None:
    _kinds[kind.name] = kind


def kind_of(job: Job) -> JobKind:
    return _kinds[job.kind]


def may_have(user, job: Job) -> bool:
    """The requester, still active, still allowed to read what the file holds."""
    return job.user_id == user.pk and user.is_active and kind_of(job).allowed(user, job.params)


def jobs_of(user) -> QuerySet:
    """The person's jobs not yet expired, newest first."""
    return Job.objects.filter(user=user).exclude(expires_at__lte=timezone.now())


def is_downloadable(job: Job) -> bool:
    return job.status == Job.Status.DONE and bool(job.file) and job.expires_at > timezone.now()


def at_most_a_page(queryset: QuerySet) -> bool:
    """Whether the queryset has at most DOWNLOAD_DIRECT_ROWS rows, counted no further."""
    limit = settings.DOWNLOAD_DIRECT_ROWS
    return queryset.order_by().values("pk")[: limit + 1].count() <= limit


# Asking -----------------------------------------------------------------------------------


def start(*, user, kind: str, params: dict, title: str) -> Job:
    """A job for `user`, made in the active language, its task enqueued once it is saved."""
    if kind not in _kinds:
        raise ValueError(f"unknown job kind {kind!r}")
    with transaction.atomic():
        job = Job.objects.create(
            user=user,
            kind=kind,
            params=params,
            title=str(title)[:300],
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )
        _enqueue_on_commit(job)
    return job


def retry(*, job: Job) -> bool:
    """A failed job waits again; False when it had not failed (it is running or done)."""
    with transaction.atomic():
        again = Job.objects.filter(pk=job.pk, status=Job.Status.FAILED).update(
            status=Job.Status.QUEUED,
            error="",
            attempts=0,
            rows_done=0,
            rows_total=None,
            created_at=timezone.now(),
            started_at=None,
            finished_at=None,
            expires_at=None,
        )
        if again:
            _enqueue_on_commit(job)
    return bool(again)


def _enqueue_on_commit(job: Job) -> None:
    from leadvet.tasks import run_job

    enqueue_on_commit(run_job, job.pk)


def respond(request, *, kind: str, params: dict, title: str, audit_target: str):
    """What an export view answers once it has checked the permission (see the module's
    docstring): the file, the job's page, or the button that starts the job."""
    job_kind = _kinds[kind]
    if job_kind.fits_a_page is not None and job_kind.fits_a_page(request.user, params):
        draft = Job(
            user=request.user, kind=kind, params=params, language=translation.get_language()
        )
        response = downloads.response(job_kind.make(draft, downloads.Progress()))
        audit.record(
            actor=request.user, action=audit.Action.EXPORT, target=audit_target, request=request
        )
        return response
    if request.method != "POST":
        return render(
            request,
            "downloads/start.html",
            {"title": title, "retention_days": settings.DOWNLOAD_RETENTION_DAYS},
        )
    job = start(user=request.user, kind=kind, params=params, title=title)
    audit.record(
        actor=request.user,
        action=audit.Action.EXPORT,
        target=f"{audit_target} (job {job.pk})",
        request=request,
    )
    return redirect(job)


# Running ----------------------------------------------------------------------------------


class JobProgress(downloads.Progress):
    """Counts rows and writes the count to the job's row every PROGRESS_STEP rows."""

    def __init__(self, job: Job):
        super().__init__()
        self.job_id = job.pk
        self.written = 0

    def expect(self, rows: int) -> None:
        super().expect(rows)
        Job.objects.filter(pk=self.job_id).update(rows_total=self.total)

    def advance(self, rows: int = 1) -> None:
        super().advance(rows)
        if self.done - self.written >= PROGRESS_STEP:
            self.record()

    def record(self) -> None:
        self.written = self.done
        Job.objects.filter(pk=self.job_id).update(rows_done=self.done)


def run(job_id: int) -> str:
    """Make the job's file; what became of it ("done", "failed", or "skipped" when another
    run has it or it is no longer waiting)."""
    claimed = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING,
        started_at=timezone.now(),
        attempts=F("attempts") + 1,
        rows_done=0,
        rows_total=None,
    )
    if not claimed:
        return "skipped"
    job = Job.objects.select_related("user").get(pk=job_id)
    with translation.override(job.language):
        if not may_have(job.user, job):
            return _fail(job, _("You no longer have access to what this file would hold."))
        progress = JobProgress(job)
        try:
            file = kind_of(job).make(job, progress)
            with downloads.spooled(file) as handle:
                stored = job.file.storage.save(
                    f"jobs/{job.pk}-{secrets.token_urlsafe(16)}{_extension(file.filename)}",
                    File(handle),
                )
        except SoftTimeLimitExceeded:
            logger.warning("job %s (%s) ran out of time", job.pk, job.kind)
            return _fail(
                job,
                _("Making the file took longer than %(minutes)s minutes.")
                % {"minutes": settings.JOB_TIME_LIMIT // 60},
            )
        except Exception:
            logger.exception("job %s (%s) failed", job.pk, job.kind)
            return _fail(job, _("The file could not be made."))
    progress.record()
    now = timezone.now()
    finished = Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(
        status=Job.Status.DONE,
        file=stored,
        filename=file.filename,
        content_type=file.content_type,
        size=job.file.storage.size(stored),
        finished_at=now,
        expires_at=now + datetime.timedelta(days=settings.DOWNLOAD_RETENTION_DAYS),
    )
    if not finished:  # the sweep gave up on it meanwhile: the file is nobody's
        job.file.storage.delete(stored)
        return "skipped"
    return "done"


def _extension(filename: str) -> str:
    _stem, dot, extension = filename.rpartition(".")
    return f".{extension}" if dot else ""


def _fail(job: Job, message: str) -> str:
    now = timezone.now()
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.FAILED,
        error=str(message)[:300],
        finished_at=now,
        expires_at=now + datetime.timedelta(days=settings.DOWNLOAD_RETENTION_DAYS),
    )
    return "failed"


# The sweep --------------------------------------------------------------------------------


def enqueue_owed_jobs() -> int:
    """Jobs whose message was lost (still waiting after OWED_AFTER) enqueued again; jobs
    whose worker died (running past the time limit) given another attempt, or given up after
    MAX_ATTEMPTS. The number enqueued."""
    now = timezone.now()
    stalled_since = now - datetime.timedelta(seconds=settings.JOB_TIME_LIMIT + 5 * 60)
    stalled = Job.objects.filter(status=Job.Status.RUNNING, started_at__lt=stalled_since)
    for job in stalled.filter(attempts__gte=MAX_ATTEMPTS).select_related("user"):
        with translation.override(job.language):
            _fail(job, _("The file could not be made: the work was interrupted each time."))
    stalled.filter(attempts__lt=MAX_ATTEMPTS).update(status=Job.Status.QUEUED)
    # Waiting since before OWED_AFTER, or given back by a worker that died.
    owed = Job.objects.filter(
        Q(created_at__lt=now - OWED_AFTER) | Q(attempts__gt=0), status=Job.Status.QUEUED
    ).values_list("pk", flat=True)
    from leadvet.tasks import run_job

    count = 0
    for job_id in owed:
        enqueue(run_job, job_id)
        count += 1
    return count


def delete_expired_jobs() -> int:
    """Files and rows past `expires_at` deleted; the number of jobs deleted."""
    expired = list(Job.objects.filter(expires_at__lt=timezone.now()).only("pk", "file"))
    for job in expired:
        if job.file:
            job.file.storage.delete(job.file.name)
    Job.objects.filter(pk__in=[job.pk for job in expired]).delete()
    return len(expired)
