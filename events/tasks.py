"""Celery tasks: take ids, re-read the database, safe to run twice (see events.notices)."""

from smtplib import SMTPException

from celery import shared_task

from events import notices
from leadvet.queue import enqueue

RETRY = {
    "autoretry_for": (SMTPException, OSError),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "max_retries": 5,
}


# A big event's reminders are split into tasks of this many, so every worker process sends.
FAN_OUT_CHUNK = 500


@shared_task(name="events.send_event_reminders", **RETRY)
def send_event_reminders(event_id: int, offset: int) -> int:
    """One event's reminder for one offset: the first chunk sent here over one connection, the
    rest handed to send_event_notices tasks (a lost one is caught up by the next sweep)."""
    notice_ids = notices.due_reminder_notices(event_id=event_id, offset=offset)
    first, *rest = list(notices.chunked(notice_ids, FAN_OUT_CHUNK)) or [[]]
    for chunk in rest:
        enqueue(send_event_notices, chunk)
    return notices.deliver_notices(notice_ids=first)


@shared_task(name="events.send_event_notices", **RETRY)
def send_event_notices(notice_ids: list[int]) -> int:
    """Confirmations, changes, cancellations and promotions already recorded as EventNotice rows."""
    return notices.deliver_notices(notice_ids=notice_ids)
