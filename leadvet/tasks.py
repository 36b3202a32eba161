import datetime
import smtplib

from celery import shared_task

from leadvet import reports
from leadvet.sweeps import run_sweeps


@shared_task(name="leadvet.tasks.send_due_reminders")
def send_due_reminders() -> dict[str, int]:
    """Beat runs this every five minutes; it only enqueues, the sending tasks send."""
    return run_sweeps()


@shared_task(
    name="leadvet.tasks.email_monthly_steering_report",
    autoretry_for=(smtplib.SMTPException, ConnectionError),
    retry_backoff=60,
    retry_jitter=True,
    max_retries=6,
)
def email_monthly_steering_report(month: str | None = None) -> int:
    """Beat runs this on the first of each month; members already sent to are skipped."""
    return reports.send_monthly_steering_report(
        month=datetime.date.fromisoformat(month) if month else None
    )
