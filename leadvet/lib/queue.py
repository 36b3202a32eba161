"""Enqueueing Celery work after the surrounding transaction commits.

A rolled-back write sends nothing. If the broker is down, the user's action still
succeeds: the failure is logged and the periodic sweep (send_due_reminders) picks
up what the database says is owed. A broker found unreachable is not tried again by
this process for RETRY_AFTER seconds, so that during an outage each write does not
wait for the connection attempt (up to CELERY_BROKER_CONNECTION_TIMEOUT) again.
"""

import logging
import time

from django.db import transaction
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)

RETRY_AFTER = 5.0
# When each broker (its URL) may be tried again by this process.
_unreachable_until: dict[str, float] = {}


def enqueue(task, *args, **kwargs) -> None:
    """Send a task to the broker now, logging (not raising) when the broker is unreachable."""
    broker = task.app.conf.broker_url
    if time.monotonic() < _unreachable_until.get(broker, 0.0):
        logger.warning(
            "broker unreachable: %s%r not enqueued; the sweep will catch up", task.name, args
        )
        return
    try:
        task.apply_async(args=args, kwargs=kwargs, retry=False)
    except Exception as error:
        if isinstance(error, OperationalError):  # the connection, not the task, failed
            _unreachable_until[broker] = time.monotonic() + RETRY_AFTER
        logger.warning(
            "could not enqueue %s%r; the sweep will catch up", task.name, args, exc_info=True
        )
    else:
        _unreachable_until.pop(broker, None)


def enqueue_on_commit(task, *args, **kwargs) -> None:
    transaction.on_commit(lambda: enqueue(task, *args, **kwargs))
