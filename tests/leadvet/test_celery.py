"""A real Celery worker on the configured broker (Redis in CI, the embedded broker locally)."""

import threading

from leadvet.celery import app

received: list[str] = []
done = threading.Event()


@app.task(name="tests.record_message")
def record_message(text: str) -> None:
    received.append(text)
    done.set()


def test_celery_is_configured_for_safe_redelivery():
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert "send-due-reminders" in app.conf.beat_schedule


def test_a_real_worker_runs_a_task_through_the_configured_broker(real_worker):
    received.clear()
    done.clear()
    record_message.delay("hello from the broker")
    assert done.wait(timeout=30), f"no worker picked up the task from {app.conf.broker_url}"
    assert received == ["hello from the broker"]
