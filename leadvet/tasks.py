from celery import shared_task

from leadvet.sweeps import run_sweeps


@shared_task(name="leadvet.tasks.send_due_reminders")
def send_due_reminders() -> dict[str, int]:
    """Beat runs this every five minutes; it only enqueues, the sending tasks send."""
    return run_sweeps()
