"""The reminder fan-out: one event's reminders to thousands against as many no-op tasks."""

import os
import shutil
import time

from bench.environment import MAIL_DIR  # first: the defaults and django.setup()

# isort: split

from django.utils import timezone

from bench.servers import CeleryWorker, PeakMemory
from events.models import Event, EventNotice, Registration
from leadvet.models import User

EVENT_TITLE = "Bench reminder event"  # its registrations are the bench's, not the network's


def queue_is_empty(redis_client) -> bool:
    return redis_client.llen("celery") == 0 and redis_client.hlen("unacked") == 0


def reminder_event(count: int) -> Event:
    """An event starting in 12 hours with `count` registered people (bench users are made once)."""
    title = f"{EVENT_TITLE} ({count})"
    event = Event.objects.filter(title=title).first()
    starts = timezone.now() + timezone.timedelta(hours=12)
    if event is None:
        event = Event.objects.create(
            kind=Event.Kind.WEBINAR,
            title=title,
            starts_at=starts,
            ends_at=starts + timezone.timedelta(hours=2),
            is_online=True,
            online_url="https://meet.example.org/bench",
            reminder_offsets=[24],
        )
    else:
        Event.objects.filter(pk=event.pk).update(
            starts_at=starts, ends_at=starts + timezone.timedelta(hours=2)
        )
    existing = set(
        User.objects.filter(email__startswith="bench-reminder-").values_list("email", flat=True)
    )
    User.objects.bulk_create(
        [
            User(email=email, first_name="Reader", last_name=str(i), password="!bench")
            for i in range(count)
            if (email := f"bench-reminder-{i}@bench.example.org") not in existing
        ],
        batch_size=2000,
    )
    users = (
        User.objects.filter(email__startswith="bench-reminder-")
        .order_by("pk")
        .values_list("pk", flat=True)[:count]
    )
    Registration.objects.bulk_create(
        [Registration(event=event, user_id=pk) for pk in users],
        ignore_conflicts=True,
        batch_size=2000,
    )
    EventNotice.objects.filter(registration__event=event).delete()
    return event


def fan_out(count: int) -> dict:
    """`count` no-op tasks through the broker and the worker, then one event's reminders to
    `count` people: seconds from the first enqueue until the queue is empty, and the worker's
    largest RSS meanwhile."""
    import redis

    from events.tasks import send_event_reminders
    from leadvet.celery import noop

    client = redis.Redis.from_url(os.environ["CELERY_BROKER_URL"])
    event = reminder_event(count)
    shutil.rmtree(MAIL_DIR, ignore_errors=True)
    result = {}
    with CeleryWorker() as worker, PeakMemory(worker.process.pid) as memory:
        started = time.perf_counter()
        for _ in range(count):
            noop.delay()
        enqueued = time.perf_counter() - started
        while not queue_is_empty(client):
            time.sleep(0.02)
        result["noop_seconds"] = round(time.perf_counter() - started, 2)
        result["noop_enqueue_seconds"] = round(enqueued, 2)

        started = time.perf_counter()
        send_event_reminders.delay(event.pk, 24)
        sent = 0
        while sent < count and time.perf_counter() - started < 600:
            time.sleep(0.05)
            sent = EventNotice.objects.filter(
                registration__event=event, sent_at__isnull=False
            ).count()
        while not queue_is_empty(client):
            time.sleep(0.02)
        result["reminders_seconds"] = round(time.perf_counter() - started, 2)
        result["reminders_sent"] = sent
    result["mail_files"] = len(list(MAIL_DIR.iterdir())) if MAIL_DIR.exists() else 0
    shutil.rmtree(MAIL_DIR, ignore_errors=True)
    result["count"] = count
    result["ratio"] = round(result["reminders_seconds"] / result["noop_seconds"], 2)
    result["worker_peak_rss_mb"] = memory.peak_mb
    return result
