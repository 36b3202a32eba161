"""Scheduled work of the portal as a whole. Task names are the broker's and beat's contract:
they stay `leadvet.tasks.*` from before this module moved to the portal app."""

import datetime

from celery import shared_task

from leadvet.lib.outbox import RETRY


@shared_task(name="leadvet.tasks.send_due_reminders")
def send_due_reminders() -> dict[str, int]:
    """Beat runs this every five minutes; it only enqueues, the sending tasks send."""
    from portal.sweeps import run_sweeps

    return run_sweeps()


@shared_task(name="leadvet.tasks.email_monthly_steering_report", **RETRY)
def email_monthly_steering_report(month: str | None = None) -> int:
    """Beat runs this on the first of each month; members already sent to are skipped."""
    from portal import reports

    return reports.send_monthly_steering_report(
        month=datetime.date.fromisoformat(month) if month else None
    )


@shared_task(name="portal.send_report_deliveries", **RETRY)
def send_report_deliveries(delivery_ids: list[int]) -> int:
    """Monthly reports owed but not sent (the outbox's sweep resends through this task)."""
    from leadvet.lib import outbox
    from portal.models import ReportDelivery

    return outbox.deliver(ReportDelivery, delivery_ids)
