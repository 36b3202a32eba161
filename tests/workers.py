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
    """Wait until the solo worker has run every task queued so far. It runs them in the order
    of their messages, except that the embedded broker may swap messages queued within the
    same millisecond: a second marker, queued once the first has run, comes after them all."""
    for _ in range(2):
        worker_idle.clear()
        mark_worker_idle.delay()
        assert worker_idle.wait(timeout), "the worker did not reach the marker task"
