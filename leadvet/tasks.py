"""The base floor's tasks: the account emails' sending task (leadvet.lib.accounts), and the
background jobs' runner (leadvet.lib.jobs). Each takes ids and re-reads the database, so a
retry or a second worker sends nothing twice and makes no file twice."""

from celery import shared_task
from django.conf import settings

from leadvet.lib.outbox import RETRY


@shared_task(name="leadvet.send_account_emails", **RETRY)
def send_account_emails(email_ids: list[int]) -> int:
    from leadvet.lib import outbox
    from leadvet.models import AccountEmail

    return outbox.deliver(AccountEmail, email_ids)


@shared_task(
    name="leadvet.run_job",
    soft_time_limit=settings.JOB_TIME_LIMIT,
    time_limit=settings.JOB_TIME_LIMIT + 60,
)
def run_job(job_id: int) -> str:
    """Make a job's file (an export, a PDF); a job already taken or done is skipped."""
    from leadvet.lib import jobs

    return jobs.run(job_id)
