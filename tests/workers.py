"""Helpers for tests that run a REAL Celery worker (the `real_worker` fixture)."""

import threading
import time

from django.core import mail

from leadvet.celery import app

worker_idle = threading.Event()


@app.task(name="tests.mark_worker_idle")
def mark_worker_idle() -> None:
    worker_idle.set()


def wait_for_outbox(count: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while len(mail.outbox) < count and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(mail.outbox) >= count, f"{len(mail.outbox)} of {count} emails after {timeout}s"


def drain_queue(timeout: float = 30) -> None:
    """The solo worker runs tasks in order: once this marker ran, everything before it did."""
    worker_idle.clear()
    mark_worker_idle.delay()
    assert worker_idle.wait(timeout), "the worker did not reach the marker task"
