"""leadvet.lib.queue: a broker outage costs one connection attempt per RETRY_AFTER, not one
per write, and never an error for the user."""

import logging

import pytest

from leadvet.celery import app
from leadvet.lib import queue
from tests.reliability.test_broker_down import broker_unreachable


@app.task(name="tests.queue_noop")
def noop(value) -> None:
    """A task for these tests."""


@pytest.fixture(autouse=True)
def _no_broker_known_unreachable(monkeypatch):
    """What an earlier test found about a broker is not this test's business."""
    monkeypatch.setattr(queue, "_unreachable_until", {})


@pytest.fixture
def through_the_broker():
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = True


def _messages(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "leadvet.lib.queue"]


def test_an_unreachable_broker_is_not_tried_again_until_retry_after(
    caplog, monkeypatch, through_the_broker
):
    caplog.set_level(logging.WARNING, logger="leadvet.lib.queue")
    with broker_unreachable():
        queue.enqueue(noop, 1)
        queue.enqueue(noop, 2)
        monkeypatch.setattr(queue, "RETRY_AFTER", 0.0)
        queue.enqueue(noop, 3)  # the window (5 s) opened by the first failure still holds
    assert _messages(caplog) == [
        "could not enqueue tests.queue_noop(1,); the sweep will catch up",
        "broker unreachable: tests.queue_noop(2,) not enqueued; the sweep will catch up",
        "broker unreachable: tests.queue_noop(3,) not enqueued; the sweep will catch up",
    ]


def test_the_broker_is_tried_again_once_the_window_has_passed(
    caplog, monkeypatch, through_the_broker
):
    monkeypatch.setattr(queue, "RETRY_AFTER", 0.0)
    caplog.set_level(logging.WARNING, logger="leadvet.lib.queue")
    with broker_unreachable():
        queue.enqueue(noop, 1)
        queue.enqueue(noop, 2)
    assert _messages(caplog) == [
        "could not enqueue tests.queue_noop(1,); the sweep will catch up",
        "could not enqueue tests.queue_noop(2,); the sweep will catch up",
    ]


def test_a_task_failing_in_process_does_not_mark_the_broker_unreachable(caplog):
    @app.task(name="tests.queue_failing")
    def failing() -> None:
        raise ValueError("the task's own failure")

    caplog.set_level(logging.WARNING, logger="leadvet.lib.queue")
    queue.enqueue(failing)  # eager in tests: runs here and raises
    queue.enqueue(noop, 1)
    assert _messages(caplog) == ["could not enqueue tests.queue_failing(); the sweep will catch up"]
