"""Celery tasks: take ids, re-read the database, safe to run twice (see events.notices)."""

from smtplib import SMTPException

from celery import shared_task

from events import notices

RETRY = {
    "autoretry_for": (SMTPException, OSError),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "max_retries": 5,
}


@shared_task(name="events.send_event_reminders", **RETRY)
def send_event_reminders(event_id: int, offset: int) -> int:
    """One event's reminder for one offset, to all due registrations over one connection."""
    return notices.send_reminders(event_id=event_id, offset=offset)


@shared_task(name="events.send_event_notices", **RETRY)
def send_event_notices(notice_ids: list[int]) -> int:
    """Confirmations, changes, cancellations and promotions already recorded as EventNotice rows."""
    return notices.deliver_notices(notice_ids=notice_ids)
