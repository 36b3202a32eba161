"""`make chaos`: the load, while Redis and the Celery worker fail under it.

    python bench/chaos.py [--duration 75] [--users 6]

Starts its own redis-server on a free port (never the machine's Redis: stopping a shared one
would break everyone else using it) as the cache (db 1) and the broker (db 0), gunicorn with
2 workers and a Celery worker, on PostgreSQL (CHAOS_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/leadvet_chaos: created, migrated and filled by
`generate_network --scale small` on the first run). Simulated users sign in, browse, log
contacts (the form and the API), register for events, and a coordinator reads the dashboard.
Meanwhile the Celery worker is killed (SIGKILL, its pool too) at 15 % of the run and started
again 8 s later, and Redis is killed (SIGKILL: the queue and the cache are lost) at 35 % and
started again at 65 %.

Then the sweep runs as beat would run it ten minutes later (owed e-mails are re-enqueued
10 minutes after they were owed), and the script reports: contacts the portal answered as
saved against those in the database, e-mails owed against sent and duplicated, the error rate
while Redis was down and what /healthz said then. Writes bench/out/chaos.json.
"""

import argparse
import datetime
import email
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.chaos_report import Outcome, print_report, tally  # noqa: E402

WORKER_KILL_AT, WORKER_DOWN_S = 0.15, 8
REDIS_KILL_AT, REDIS_BACK_AT = 0.35, 0.65
PASSWORD = "chaos-run-password-not-secret"
CATCH_UP_TIMEOUT_S = 120
EVENTS = 10


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    """This run's own redis-server: no persistence, so a kill loses the queue and the cache."""

    def __init__(self, log: Path):
        self.port = free_port()
        self.log = log
        self.process: subprocess.Popen | None = None

    def url(self, db: int) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port)]
            + ["--save", "", "--appendonly", "no"],
            stdout=self.log.open("a"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        raise SystemExit(f"redis-server did not start; see {self.log}")

    def kill(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None


class Worker:
    """A Celery worker (prefork, 2 processes) that can be killed, pool and all."""

    def __init__(self, log: Path):
        self.log = log
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [str(Path(sys.executable).with_name("celery")), "-A", "leadvet", "worker"]
            + ["--pool=prefork", "--concurrency=2", "--without-gossip", "--without-mingle"]
            + ["--without-heartbeat", "-l", "WARNING"],
            cwd=ROOT,
            stdout=self.log.open("a"),
            stderr=subprocess.STDOUT,
            env=os.environ.copy(),
            start_new_session=True,  # its own process group: a kill takes the pool too
        )

    def kill(self) -> None:
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
            self.process = None

    def stop(self) -> None:
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()
            self.process = None


@dataclass
class Timeline:
    events: dict[str, float] = field(default_factory=dict)

    def mark(self, name: str) -> None:
        self.events[name] = time.time()
        print(f"  {time.strftime('%H:%M:%S')} {name.replace('_', ' ')}", flush=True)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def http(base: str, method: str, path: str, *, cookie="", data=None, json_body=None, headers=None):
    """(status, headers, body) or ("error: …", {}, b"") for a connection error or timeout."""
    headers = {"Cookie": cookie, **(headers or {})}
    body = None
    if data is not None:
        body = urllib.parse.urlencode(data).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    elif json_body is not None:
        body = json.dumps(json_body).encode()
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(base + path, data=body, headers=headers, method=method)
    try:
        with OPENER.open(request, timeout=15) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()
    except OSError as error:
        return f"error: {type(error).__name__}", {}, b""


def run_load(base: str, plan: dict, run_id: str, index: int, stop: threading.Event, out: list):
    """One simulated user's loop: a seeded mix of the portal's everyday actions."""
    rng = random.Random(f"{run_id}-{index}")
    sequence = 0
    while not stop.is_set():
        mentor = rng.choice(plan["mentors"])
        roll = rng.random()
        started = time.time()
        sequence += 1
        summary = ""
        if roll < 0.35:
            kind = "page"
            status, headers, _ = http(
                base, "GET", rng.choice(plan["pages"]), cookie=mentor["cookie"]
            )
            ok = status == 200
        elif roll < 0.55:
            kind = "contact_form"
            summary = f"chaos {run_id} form {index}-{sequence}"
            status, headers, _ = http(
                base,
                "POST",
                "/contacts/new/",
                cookie=mentor["cookie"],
                data={
                    "csrfmiddlewaretoken": mentor["csrf"],
                    "date": plan["today"],
                    "counterpart_kind": "teacher_student",
                    "task": plan["task"],
                    "channel": "video",
                    "duration_minutes": 30,
                    "summary": summary,
                },
            )
            ok = status == 302 and headers.get("Location", "") == "/contacts/"
        elif roll < 0.70:
            kind = "contact_api"
            summary = f"chaos {run_id} api {index}-{sequence}"
            status, headers, _ = http(
                base,
                "POST",
                "/api/v1/contacts/",
                headers={"Authorization": f"Bearer {mentor['token']}"},
                json_body={
                    "date": plan["today"],
                    "counterpart_kind": "teacher_student",
                    "task": plan["task"],
                    "channel": "phone",
                    "duration_minutes": 15,
                    "summary": summary,
                },
            )
            ok = status == 201
        elif roll < 0.85:
            kind = "register"
            event = rng.choice(plan["events"])
            status, headers, _ = http(
                base,
                "POST",
                f"/events/{event}/register/",
                cookie=mentor["cookie"],
                data={"csrfmiddlewaretoken": mentor["csrf"]},
            )
            ok = status == 302 and headers.get("Location", "") == f"/events/{event}/"
        elif roll < 0.92:
            kind = "sign_in"
            csrf = secrets.token_hex(16)
            status, headers, _ = http(
                base,
                "POST",
                "/accounts/login/",
                cookie=f"csrftoken={csrf}",
                data={"csrfmiddlewaretoken": csrf, "login": mentor["email"], "password": PASSWORD},
            )
            ok = status == 302 and headers.get("Location", "") == "/"
        else:
            kind = "dashboard"
            path = rng.choice(["/dashboard/", "/api/v1/reports/network-activity/"])
            status, headers, _ = http(base, "GET", path, cookie=plan["coordinator"])
            ok = status == 200
        out.append(Outcome(started, kind, ok, status, summary if ok else ""))


def watch_health(base: str, stop: threading.Event, out: list) -> None:
    while not stop.wait(2):
        status, _, body = http(base, "GET", "/healthz")
        try:
            report = json.loads(body)
        except ValueError:
            report = {}
        out.append((time.time(), status, report.get("status"), tuple(report.get("degraded", []))))


def bumps_paid_on_reconnect(gunicorn_log: Path) -> int:
    """The version bumps the web workers paid when they reached Redis again (their log)."""
    pattern = re.compile(r"dashboard: (\d+) version bump\(s\) owed during a cache outage paid")
    return sum(int(match[1]) for match in pattern.finditer(gunicorn_log.read_text()))


def mail_messages(directory: Path) -> list:
    """The messages Django's file backend wrote (one file per connection, 79 dashes apart)."""
    separator = b"\n" + b"-" * 79 + b"\n"
    messages = []
    for path in sorted(directory.glob("*.log")):
        for chunk in path.read_bytes().split(separator):
            if chunk.strip():
                messages.append(email.message_from_bytes(chunk))
    return messages


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--duration", type=int, default=75, help="seconds of load")
    parser.add_argument("--users", type=int, default=6, help="simulated users at once")
    args = parser.parse_args()
    if not shutil.which("redis-server"):
        raise SystemExit("redis-server is not installed: apt-get install -y redis-server")

    out_dir = ROOT / "bench" / "out"
    out_dir.mkdir(parents=True, exist_ok=True)
    mail_dir = Path(tempfile.mkdtemp(prefix="leadvet-chaos-mail-"))
    redis = RedisServer(out_dir / "chaos-redis.log")
    redis.start()
    os.environ.update(
        {
            "DATABASE_URL": os.environ.get(
                "CHAOS_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/leadvet_chaos"
            ),
            "REDIS_URL": redis.url(1),
            "CELERY_BROKER_URL": redis.url(0),
            "EMAIL_URL": f"file://{mail_dir}",
        }
    )
    try:
        chaos(args, redis, mail_dir, out_dir)
    finally:
        redis.kill()


def prepare_database() -> None:
    import psycopg
    from django.conf import settings
    from django.core.management import call_command

    from mentors.models import Mentor

    database = settings.DATABASES["default"]
    try:
        psycopg.connect(os.environ["DATABASE_URL"]).close()
    except psycopg.OperationalError:
        print(f"creating database {database['NAME']}", flush=True)
        admin = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{database["NAME"]}"')
    call_command("migrate", verbosity=0)
    if not Mentor.objects.exists():
        call_command("generate_network", scale="small", seed=1)


def make_plan(users: int, run_id: str) -> dict:
    from allauth.account.models import EmailAddress
    from django.conf import settings
    from django.utils import timezone

    from bench.pages import bench_user, session_cookie
    from events.models import Event
    from leadvet import roles
    from leadvet.api.tokens import create_token
    from mentors.models import Mentor, MentorTask

    mentors = list(
        Mentor.objects.filter(status=Mentor.Status.ACTIVE)
        .select_related("user")
        .order_by("pk")[: max(20, users * 4)]
    )
    people = []
    for mentor in mentors:
        user = mentor.user
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        csrf = secrets.token_hex(16)
        people.append(
            {
                "email": user.email,
                "cookie": f"{session_cookie(user)}; {settings.CSRF_COOKIE_NAME}={csrf}",
                "csrf": csrf,
                "token": create_token(user=user, name="chaos run", can_write=True)[1],
            }
        )
    # Events of this run's own, so that every registration is new and owes a confirmation.
    starts = timezone.now().replace(microsecond=0) + datetime.timedelta(days=30)
    events = [
        Event.objects.create(
            kind=Event.Kind.TRAINING,
            title=f"Chaos run {run_id}: mentor training {number}",
            starts_at=starts + datetime.timedelta(days=number),
            ends_at=starts + datetime.timedelta(days=number, hours=3),
            address="Ratapihantie 13, Helsinki",
            reminder_offsets=[],
        ).pk
        for number in range(1, EVENTS + 1)
    ]
    coordinator = bench_user("chaos-coordinator@chaos.example.org", roles.COORDINATOR)
    return {
        "mentors": people,
        "events": events,
        "task": MentorTask.objects.order_by("number").first().pk,
        "today": timezone.localdate().isoformat(),
        "pages": ["/", "/contacts/", "/events/", *[f"/events/{pk}/" for pk in events]],
        "coordinator": session_cookie(coordinator),
    }


def chaos(args, redis: RedisServer, mail_dir: Path, out_dir: Path) -> None:
    from bench import environment  # noqa: F401  (the remaining defaults and django.setup())

    prepare_database()

    from django.utils import timezone

    from bench.servers import Gunicorn
    from events.models import EventNotice, Registration
    from leadvet.lib import outbox
    from mentors.models import Contact
    from portal.dashboard.cache import pay_owed_bumps
    from portal.models import OwedFiguresBump

    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, check=True
    )
    run_id = secrets.token_hex(4)
    plan = make_plan(args.users, run_id)
    # What this run adds: the rows after these ids.
    last_registration = Registration.objects.order_by("-pk").values_list("pk", flat=True).first()
    last_notice = EventNotice.objects.order_by("-pk").values_list("pk", flat=True).first()
    worker = Worker(out_dir / "chaos-celery.log")
    worker.start()
    timeline = Timeline()
    outcomes: list[Outcome] = []
    health: list = []
    stop = threading.Event()
    print(f"chaos run {run_id}: {args.users} users for {args.duration} s", flush=True)
    with Gunicorn() as server:
        base = f"http://127.0.0.1:{server.port}"
        threads = [
            threading.Thread(target=run_load, args=(base, plan, run_id, i, stop, outcomes))
            for i in range(args.users)
        ] + [threading.Thread(target=watch_health, args=(base, stop, health))]
        timeline.mark("load_started")
        for thread in threads:
            thread.start()
        begin = time.monotonic()

        def at(fraction_or_seconds: float) -> None:
            time.sleep(max(0.0, begin + fraction_or_seconds - time.monotonic()))

        at(args.duration * WORKER_KILL_AT)
        worker.kill()
        timeline.mark("worker_killed")
        at(args.duration * WORKER_KILL_AT + WORKER_DOWN_S)
        worker.start()
        timeline.mark("worker_started")
        at(args.duration * REDIS_KILL_AT)
        redis.kill()
        timeline.mark("redis_killed")
        at(args.duration * REDIS_BACK_AT)
        redis.start()
        timeline.mark("redis_started")
        at(args.duration)
        stop.set()
        for thread in threads:
            thread.join()
        timeline.mark("load_stopped")

        # The sweep as beat runs it ten minutes on: what the broker lost is enqueued again.
        later = timezone.now() + outbox.RESEND_AFTER + datetime.timedelta(minutes=1)
        resent = outbox.resend_unsent(now=later)
        paid = pay_owed_bumps()
        timeline.mark("sweep_ran")
        owed = EventNotice.objects.filter(pk__gt=last_notice or 0)
        deadline = time.monotonic() + CATCH_UP_TIMEOUT_S
        while owed.filter(sent_at__isnull=True).exists() and time.monotonic() < deadline:
            time.sleep(1)
        timeline.mark("caught_up")
        worker.stop()

    report = tally(
        outcomes=outcomes,
        health=health,
        timeline=timeline.events,
        run_id=run_id,
        contacts_in_db=set(
            Contact.objects.filter(summary__startswith=f"chaos {run_id} ").values_list(
                "summary", flat=True
            )
        ),
        registrations_made=Registration.objects.filter(pk__gt=last_registration or 0).count(),
        emails_owed=owed.count(),
        emails_sent=owed.filter(sent_at__isnull=False).count(),
        messages=mail_messages(mail_dir),
        resent=resent,
        bumps_paid=paid,
        bumps_paid_on_reconnect=bumps_paid_on_reconnect(out_dir / "gunicorn.log"),
        bumps_still_owed=OwedFiguresBump.objects.count(),
        args=args,
    )
    (out_dir / "chaos.json").write_text(json.dumps(report, indent=2) + "\n")
    print_report(report)
    shutil.rmtree(mail_dir, ignore_errors=True)
    if (
        report["contacts"]["lost"]
        or report["emails"]["unsent"]
        or report["dashboard_bumps"]["still_owed"]
    ):
        raise SystemExit("chaos: something was lost")


if __name__ == "__main__":
    main()
