"""Enqueueing Celery work after the surrounding transaction commits.

A rolled-back write sends nothing. If the broker is down, the user's action still
succeeds: the failure is logged and the periodic sweep (send_due_reminders) picks
up what the database says is owed.
"""

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue(task, *args, **kwargs) -> None:
    """Send a task to the broker now, logging (not raising) when the broker is unreachable."""
    try:
        task.apply_async(args=args, kwargs=kwargs, retry=False)
    except Exception:
        logger.warning(
            "could not enqueue %s%r; the sweep will catch up", task.name, args, exc_info=True
        )


def enqueue_on_commit(task, *args, **kwargs) -> None:
    transaction.on_commit(lambda: enqueue(task, *args, **kwargs))
