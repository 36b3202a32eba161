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


# How long a phase may wait for the queue to empty; a phase that waits longer is marked stalled.
WAIT_SECONDS = 600


def queue_is_empty(redis_client, since: float) -> bool:
    """Nothing queued, and nothing a worker took since `since` (a time.time()) still unacked.
    A message taken before (by a worker killed on it: a test's, when the bench shares the
    tests' Redis database) stays in the unacked hash until the visibility timeout, an hour,
    and is not the bench's to wait for."""
    return (
        redis_client.llen("celery") == 0
        and redis_client.zcount("unacked_index", since, "+inf") == 0
    )


def drained(redis_client, since: float, started: float) -> bool:
    """Wait until the queue is empty, at most WAIT_SECONDS after `started` (perf_counter):
    whether it is."""
    while not queue_is_empty(redis_client, since):
        if time.perf_counter() - started >= WAIT_SECONDS:
            return False
        time.sleep(0.02)
    return True


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
        since, started = time.time(), time.perf_counter()
        for _ in range(count):
            noop.delay()
        enqueued = time.perf_counter() - started
        stalled = [] if drained(client, since, started) else ["no-op tasks"]
        result["noop_seconds"] = round(time.perf_counter() - started, 2)
        result["noop_enqueue_seconds"] = round(enqueued, 2)

        started = time.perf_counter()
        send_event_reminders.delay(event.pk, 24)
        sent = 0
        while sent < count and time.perf_counter() - started < WAIT_SECONDS:
            time.sleep(0.05)
            sent = EventNotice.objects.filter(
                registration__event=event, sent_at__isnull=False
            ).count()
        if not drained(client, since, started):
            stalled.append("reminders")
        result["reminders_seconds"] = round(time.perf_counter() - started, 2)
        result["reminders_sent"] = sent
        # Tasks still queued or taken and not run when a wait ran out: the run's figure for
        # that phase is how long it waited, not how long the work took.
        result["stalled"] = stalled
    result["mail_files"] = len(list(MAIL_DIR.iterdir())) if MAIL_DIR.exists() else 0
    shutil.rmtree(MAIL_DIR, ignore_errors=True)
    result["count"] = count
    result["ratio"] = round(result["reminders_seconds"] / result["noop_seconds"], 2)
    result["worker_peak_rss_mb"] = memory.peak_mb
    return result
