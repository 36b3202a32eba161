"""Worker killed: a SIGKILL in the middle of a reminder fan-out loses nothing and sends nothing twice.

Real worker processes (`celery worker --pool=prefork`) run against the test database and
the configured broker and write their emails to files. The first one is killed with SIGKILL,
with its pool child, between two emails in the middle of a batch (KILL_AFTER of them handed
over: see doomed_worker.py). The message it held was not acknowledged (late acks); whether
the broker redelivers it now (Redis waits for the visibility timeout, the embedded broker
not at all), the sweep finds in the database who is still owed a reminder, and the unique
EventNotice rows stop a second send.
"""

import datetime
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from io import StringIO
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from events.models import EventNotice, Registration
from events.tasks import send_event_reminders
from leadvet.celery import app
from leadvet.lib.outbox import CHUNK
from tests.factories import EventFactory, RegistrationFactory

REGISTRATIONS = 2 * CHUNK + 50
KILL_AFTER = CHUNK + CHUNK // 2  # in the middle of the second batch
TIMEOUT = 120


def database_url() -> str:
    """The TEST database pytest-django made (test_<name>), for the worker processes."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    credentials = quote(db["USER"] or "")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"])
    host = f"{credentials}@" if credentials else ""
    return f"postgres://{host}{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


def start_worker(
    name: str, mail_dir: Path, log_dir: Path, *, doomed: bool = False
) -> subprocess.Popen:
    env = {
        # Under pytest-xdist os.environ holds this test process's own broker (LEADVET_VAR_DIR
        # for the embedded one, CELERY_BROKER_URL for Redis: see tests/conftest.py).
        **os.environ,
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": app.conf.broker_url,
        "EMAIL_URL": f"file://{mail_dir}",
        "PYTHONUNBUFFERED": "1",
    }
    if doomed:
        env |= {
            "DJANGO_SETTINGS_MODULE": "tests.reliability.doomed_worker",
            "DOOMED_MAIL_DIR": str(mail_dir),
            "KILL_AFTER": str(KILL_AFTER),
        }
    log = open(log_dir / f"{name}.log", "wb")  # noqa: SIM115 - closed with the process below
    process = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("celery")),
            "-A",
            "leadvet",
            "worker",
            "--pool=prefork",
            "--concurrency=1",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=INFO",
            f"--hostname={name}@%h",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: the kill takes the pool child too
    )
    process.log = log
    return process


def kill(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    process.log.close()


def sent_reminders() -> int:
    return EventNotice.objects.filter(kind=EventNotice.Kind.REMINDER, sent_at__isnull=False).count()


def wait_until(condition, what: str, log_dir: Path) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        if time.monotonic() > deadline:
            logs = "\n".join(path.read_text()[-3000:] for path in sorted(log_dir.glob("*.log")))
            pytest.fail(f"timed out waiting for {what}; worker logs:\n{logs}")
        time.sleep(0.02)


def recipients_in(mail_dir: Path) -> Counter:
    """One `To:` header per message in the file backend's files."""
    return Counter(
        line.removeprefix("To: ").strip()
        for path in mail_dir.iterdir()
        for line in path.read_text().splitlines()
        if line.startswith("To: ")
    )


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_fan_out_loses_no_reminder_and_sends_none_twice(tmp_path):
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    event = EventFactory(
        starts_at=timezone.now() + datetime.timedelta(hours=20), reminder_offsets=[24]
    )
    RegistrationFactory.create_batch(REGISTRATIONS, event=event)
    emails = set(Registration.objects.filter(event=event).values_list("user__email", flat=True))
    app.conf.task_always_eager = False
    app.control.purge()

    workers = [start_worker("doomed", mail_dir, tmp_path, doomed=True)]
    try:
        send_event_reminders.delay(event.pk, 24)
        wait_until(lambda: workers[0].poll() is not None, "the worker to die", tmp_path)
        assert workers[0].returncode == -signal.SIGKILL
        # Everything handed over before the kill is recorded as sent; nothing after it.
        assert sent_reminders() == KILL_AFTER
        assert sum(recipients_in(mail_dir).values()) == KILL_AFTER

        workers.append(start_worker("successor", mail_dir, tmp_path))
        call_command("send_due_reminders")
        wait_until(lambda: sent_reminders() == REGISTRATIONS, "the remaining reminders", tmp_path)

        # A later sweep finds nothing owed, so enqueues no reminder task at all.
        out = StringIO()
        call_command("send_due_reminders", stdout=out)
        assert "events.services.enqueue_due_reminders: 0 enqueued" in out.getvalue()
    finally:
        for worker in workers:
            kill(worker)
        app.control.purge()

    notices = EventNotice.objects.filter(kind=EventNotice.Kind.REMINDER)
    assert notices.count() == notices.filter(sent_at__isnull=False).count() == REGISTRATIONS
    assert set(notices.values_list("registration__user__email", flat=True)) == emails
    received = recipients_in(mail_dir)
    assert set(received) == emails
    assert [email for email, count in received.items() if count != 1] == []
