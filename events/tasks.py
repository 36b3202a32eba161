"""Celery tasks: take ids, re-read the database, safe to run twice (see leadvet.lib.outbox)."""

from celery import shared_task

from leadvet.lib.outbox import RETRY

# A big event's reminders are split into tasks of this many, so every worker process sends.
FAN_OUT_CHUNK = 500


@shared_task(name="events.send_event_reminders", **RETRY)
def send_event_reminders(event_id: int, offset: int) -> int:
    """One event's reminder for one offset: the first chunk sent here over one connection, the
    rest handed to send_event_notices tasks (a lost one is caught up by the next sweep)."""
    from events.models import EventNotice
    from events.notices import due_reminder_notices
    from leadvet.lib import outbox
    from leadvet.lib.queue import enqueue

    notice_ids = due_reminder_notices(event_id=event_id, offset=offset)
    first, *rest = list(outbox.chunked(notice_ids, FAN_OUT_CHUNK)) or [[]]
    for chunk in rest:
        enqueue(send_event_notices, chunk)
    return outbox.deliver(EventNotice, first)


@shared_task(name="events.send_event_notices", **RETRY)
def send_event_notices(notice_ids: list[int]) -> int:
    """Confirmations, changes, cancellations and promotions already recorded as EventNotice rows."""
    from events.models import EventNotice
    from leadvet.lib import outbox

    return outbox.deliver(EventNotice, notice_ids)
