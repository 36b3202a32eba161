"""`make bench` and `make load`: the portal's pages at national scale against floors measured in the same run.

    python bench/run.py bench [--duration 10] [--reminders 10000]
    python bench/run.py counts            # SQL queries per page only (any database)
    python bench/run.py load [--users 100] [--duration 60]

Expects a PostgreSQL database filled by `manage.py generate_network --scale full` (DATABASE_URL,
default postgres://postgres@127.0.0.1:5432/leadvet_bench), Redis (REDIS_URL, default
redis://127.0.0.1:6379/13) and wrk on PATH. Starts gunicorn (2 workers) and a Celery worker
itself and stops them at the end. Writes bench/results.json (bench) and bench/out/ (logs).
"""

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
RESULTS = ROOT / "bench" / "results.json"
BIN = Path(sys.executable).parent

ENV_DEFAULTS = {
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/leadvet_bench",
    "REDIS_URL": "redis://127.0.0.1:6379/13",
    "DEBUG": "0",
    "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789abcdef",
    "SECURE_SSL_REDIRECT": "0",
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "LEADVET_BENCH": "1",
    # The API's per-user throttle (2,000/hour) would answer most of wrk's requests with 429:
    # the bench measures the view behind it.
    "API_RATE": "10000000/hour",
    "LOG_LEVEL": "WARNING",
    "EMAIL_URL": f"file://{tempfile.gettempdir()}/leadvet-bench-mail",
    "DJANGO_SETTINGS_MODULE": "leadvet.settings",
}
for _name, _value in ENV_DEFAULTS.items():
    os.environ.setdefault(_name, _value)
os.environ.setdefault("CELERY_BROKER_URL", os.environ["REDIS_URL"])
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from colleges.models import VocationalField  # noqa: E402
from events.models import Event, EventNotice, Registration  # noqa: E402
from leadvet import roles  # noqa: E402
from leadvet.models import User  # noqa: E402
from mentors.models import Contact, Mentor  # noqa: E402
from surveys.models import Survey  # noqa: E402

COORDINATOR_EMAIL = "bench-coordinator@bench.example.org"
PAGES = [
    "dashboard",
    "mentor_list",
    "contact_list",
    "event_page",
    "survey_results",
    "network_activity",
]
TARGETS_MS = {  # (p50, p95) targets of issue 10; None where there is no target
    "dashboard": (150, 300),
    "mentor_list": (None, 100),
    "contact_list": (None, 100),
    "event_page": (None, 100),
    "survey_results": (None, 100),
    "network_activity": (None, 100),
}
MAX_QUERIES = 20


# Preparation ---------------------------------------------------------------------------


def bench_user(email: str, role: str, **extra) -> User:
    user, created = User.objects.get_or_create(
        email=email, defaults={"first_name": "Bench", "last_name": role, **extra}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    user.groups.add(roles.role_group(role))
    return user


def session_cookie(user: User) -> str:
    """A signed-in session for `user`, as the Cookie header wrk sends."""
    from importlib import import_module

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def targets() -> dict:
    """The pages to measure, picked from the data: the busiest mentor, the biggest event, ..."""
    coordinator = bench_user(COORDINATOR_EMAIL, roles.COORDINATOR, is_staff=True)
    busiest = (
        Contact.objects.values("mentor").annotate(n=Count("id")).order_by("-n", "mentor").first()
    )
    mentor = Mentor.objects.select_related("user").get(pk=busiest["mentor"])
    event = Event.objects.annotate(n=Count("registrations")).order_by("-n", "pk").first()
    survey = Survey.objects.annotate(n=Count("responses")).order_by("-n", "pk").first()
    field = VocationalField.objects.order_by("pk").first()
    from django.urls import NoReverseMatch, reverse

    try:
        network = reverse("api-network-activity")
        network_note = ""
    except NoReverseMatch:
        network = reverse("reports")
        network_note = (
            "/api/v1/reports/network-activity/ is not on this branch: /reports/ measured instead"
        )
    return {
        "coordinator": coordinator,
        "mentor": mentor.user,
        "pages": {
            "dashboard": ("coordinator", reverse("dashboard")),
            "mentor_list": (
                "coordinator",
                f"{reverse('mentors:list')}?status=active&field={field.pk}&available_now=true",
            ),
            "contact_list": ("mentor", reverse("mentors:contact_list")),
            "event_page": ("coordinator", reverse("events:detail", args=[event.pk])),
            "survey_results": ("coordinator", reverse("surveys:results", args=[survey.pk])),
            "network_activity": ("coordinator", network),
        },
        "notes": {
            "contact_list": f"the busiest mentor: {busiest['n']} contacts",
            "event_page": f"the biggest event: {event.n} registrations",
            "survey_results": f"{survey.n} responses",
            "network_activity": network_note,
        },
    }


# SQL queries per request, and the SQL floors ---------------------------------------------


def query_counts(plan: dict) -> dict:
    """Each page once through the test client: the number of queries (cold and warm cache),
    the captured SQL for the floors, and the in-process time of the cold request."""
    clients = {}
    for who in ("coordinator", "mentor"):
        client = Client()
        client.force_login(plan[who])
        clients[who] = client
    result = {}
    for name, (who, url) in plan["pages"].items():
        cache.clear()
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as cold:
            response = clients[who].get(url)
        cold_ms = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise SystemExit(f"{name}: {url} answered {response.status_code}")
        with CaptureQueriesContext(connection) as warm:
            clients[who].get(url)
        selects = [
            q
            for q in cold.captured_queries
            if q["sql"].lstrip().upper().startswith(("SELECT", "WITH"))
        ]
        result[name] = {
            "url": url,
            "queries_cold": len(cold.captured_queries),
            "queries_warm": len(warm.captured_queries),
            "cold_request_ms": round(cold_ms, 1),
            "selects": [q["sql"] for q in selects],
            "main_sql": max(selects, key=lambda q: float(q["time"]))["sql"] if selects else None,
        }
    return result


def sql_floor(sqls: list[str], *, repeat: int) -> float:
    """Median milliseconds of running the statements back to back on a fresh connection."""
    import psycopg

    dsn = settings.DATABASES["default"]
    timings = []
    with psycopg.connect(
        host=dsn["HOST"] or None,
        port=dsn["PORT"] or None,
        user=dsn["USER"],
        dbname=dsn["NAME"],
        password=dsn["PASSWORD"] or None,
        autocommit=True,
    ) as conn:
        with conn.cursor() as cursor:
            for _ in range(2):  # warm the buffers
                for sql in sqls:
                    cursor.execute(sql.encode())
                    cursor.fetchall()
            for _ in range(repeat):
                started = time.perf_counter()
                for sql in sqls:
                    cursor.execute(sql.encode())
                    cursor.fetchall()
                timings.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(timings), 2)


# Web server and wrk -------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    def __init__(self, workers: int = 2):
        self.port = free_port()
        self.workers = workers

    def __enter__(self):
        OUT.mkdir(parents=True, exist_ok=True)
        self.log = open(OUT / "gunicorn.log", "w")
        self.process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "leadvet.wsgi",
                "-w",
                str(self.workers),
                "-b",
                f"127.0.0.1:{self.port}",
                "--timeout",
                "120",
                "--keep-alive",
                "30",
            ],
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            env=os.environ.copy(),
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=5)
                return self
            except OSError:
                time.sleep(0.3)
        self.__exit__()
        raise SystemExit("gunicorn did not start; see bench/out/gunicorn.log")

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def check_page(port: int, url: str, cookie: str) -> None:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{url}", headers={"Cookie": cookie})

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        response = urllib.request.build_opener(NoRedirect).open(request, timeout=120)
    except urllib.error.HTTPError as error:
        raise SystemExit(
            f"{url} answered {error.code} under gunicorn (see bench/out/gunicorn.log)"
        ) from None
    if response.status != 200:
        raise SystemExit(f"{url} answered {response.status} under gunicorn")


def wrk(
    port: int,
    url: str,
    cookie: str,
    *,
    duration: int,
    connections: int,
    script: str = "report.lua",
    extra_env: dict | None = None,
) -> dict:
    command = [
        "wrk",
        "-t",
        str(min(2, connections)),
        "-c",
        str(connections),
        "-d",
        f"{duration}s",
        "--timeout",
        "10s",
        "-s",
        str(ROOT / "bench" / script),
        *(["-H", f"Cookie: {cookie}"] if cookie else []),
        f"http://127.0.0.1:{port}{url}",
    ]
    output = subprocess.run(
        command, capture_output=True, text=True, check=True, env={**os.environ, **(extra_env or {})}
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH_JSON "))
    data = json.loads(line.removeprefix("BENCH_JSON "))
    seconds = data["duration_us"] / 1e6
    extra = {
        key: data[key]
        for key in ("gets", "contact_posts", "register_posts", "errors_app")
        if key in data
    }
    return {
        **extra,
        "p50_ms": round(data["p50_us"] / 1000, 1),
        "p95_ms": round(data["p95_us"] / 1000, 1),
        "p99_ms": round(data["p99_us"] / 1000, 1),
        "rps": round(data["requests"] / seconds, 1),
        "requests": data["requests"],
        "errors": data["errors_status"]
        + data["errors_connect"]
        + data["errors_read"]
        + data["errors_timeout"]
        + data.get("errors_app", 0),
    }


# Reminder fan-out ---------------------------------------------------------------------------


class CeleryWorker:
    def __enter__(self):
        from leadvet.celery import app

        app.control.purge()
        self.log = open(OUT / "celery.log", "w")
        self.process = subprocess.Popen(
            [
                str(BIN / "celery"),
                "-A",
                "leadvet",
                "worker",
                "--concurrency",
                "2",
                "--pool",
                "prefork",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-l",
                "WARNING",
            ],
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            env=os.environ.copy(),
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if app.control.ping(timeout=0.5):
                return self
        raise SystemExit("the Celery worker did not start; see bench/out/celery.log")

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def queue_is_empty(redis_client) -> bool:
    return redis_client.llen("celery") == 0 and redis_client.hlen("unacked") == 0


def reminder_event(count: int) -> Event:
    """An event starting in 12 hours with `count` registered people (bench users are made once)."""
    title = f"Bench reminder event ({count})"
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
    import redis

    from events.tasks import send_event_reminders
    from leadvet.celery import noop

    client = redis.Redis.from_url(os.environ["CELERY_BROKER_URL"])
    event = reminder_event(count)
    shutil.rmtree(Path(tempfile.gettempdir()) / "leadvet-bench-mail", ignore_errors=True)
    result = {}
    with CeleryWorker():
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
    mail_dir = Path(tempfile.gettempdir()) / "leadvet-bench-mail"
    result["mail_files"] = len(list(mail_dir.iterdir())) if mail_dir.exists() else 0
    result["count"] = count
    return result


# The benchmark --------------------------------------------------------------------------------


def bench(args) -> None:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install -y wrk")
    OUT.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, check=True
    )
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, check=True
    )
    totals = {
        "mentors": Mentor.objects.count(),
        "contacts": Contact.objects.count(),
        "registrations": Registration.objects.count(),
    }
    if totals["contacts"] < 1000:
        raise SystemExit("No data: run `manage.py generate_network --scale full --seed 1` first.")
    plan = targets()
    print(f"Data: {totals}; counting SQL queries ...", flush=True)
    counts = query_counts(plan)
    small = None
    if args.small_database_url:
        output = subprocess.run(
            [sys.executable, __file__, "counts"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "DATABASE_URL": args.small_database_url},
        ).stdout
        small = json.loads(output.splitlines()[-1])
    print("SQL floors ...", flush=True)
    for row in counts.values():
        row["main_sql_ms"] = (
            sql_floor([row["main_sql"]], repeat=args.sql_repeat) if row["main_sql"] else None
        )
        row["all_sql_ms"] = sql_floor(row["selects"], repeat=max(3, args.sql_repeat // 4))
    cookies = {who: session_cookie(plan[who]) for who in ("coordinator", "mentor")}
    pages = {}
    with Gunicorn() as server:
        for name, (who, url) in [("ping", ("coordinator", "/bench/ping/")), *plan["pages"].items()]:
            check_page(server.port, url, cookies[who])
            print(f"wrk {name} {url}", flush=True)
            wrk(server.port, url, cookies[who], duration=2, connections=2)  # warm up
            pages[name] = wrk(server.port, url, cookies[who], duration=args.duration, connections=2)
        memory = {str(pid): rss_mb(pid) for pid in server.worker_pids()}
    fanout = fan_out(args.reminders) if args.reminders else None

    ping = pages.pop("ping")
    rows = []
    for name in PAGES:
        web, sql = pages[name], counts[name]
        p50_target, p95_target = TARGETS_MS[name]
        rows.append(
            {
                "page": name,
                "url": sql["url"],
                "note": plan["notes"].get(name, ""),
                **web,
                "queries": sql["queries_cold"],
                "queries_warm": sql["queries_warm"],
                "queries_small_scale": small[name]["queries_cold"] if small else None,
                "cold_request_ms": sql["cold_request_ms"],
                "floor_view_p50_ms": ping["p50_ms"],
                "floor_main_sql_ms": sql["main_sql_ms"],
                "floor_all_sql_ms": sql["all_sql_ms"],
                "ratio_to_view_floor": round(web["p50_ms"] / ping["p50_ms"], 1)
                if ping["p50_ms"]
                else None,
                "ratio_to_sql_floor": round(web["p50_ms"] / sql["main_sql_ms"], 1)
                if sql["main_sql_ms"]
                else None,
                "target_p50_ms": p50_target,
                "target_p95_ms": p95_target,
                "meets_targets": (p50_target is None or web["p50_ms"] <= p50_target)
                and web["p95_ms"] <= p95_target
                and sql["queries_cold"] <= MAX_QUERIES
                and web["errors"] == 0
                and (small is None or small[name]["queries_cold"] == sql["queries_cold"]),
            }
        )
    results = {
        "measured_at": timezone.now().isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "gunicorn_workers": 2,
            "wrk_connections": 2,
            "duration_s": args.duration,
        },
        "data": totals,
        "floor_view": ping,
        "pages": rows,
        "worker_rss_mb": memory,
        "worker_rss_target_mb": 250,
        "reminders": fanout,
    }
    RESULTS.write_text(json.dumps(results, indent=2, default=str) + "\n")
    print_table(results)


def print_table(results: dict) -> None:
    print()
    ping = results["floor_view"]
    print(
        f"Floor: minimal Django view p50 {ping['p50_ms']} ms, p95 {ping['p95_ms']} ms, {ping['rps']} req/s"
    )
    header = (
        f"{'page':<17}{'p50':>8}{'p95':>8}{'req/s':>8}{'SQL#':>6}{'small#':>7}{'main SQL':>10}"
        f"{'all SQL':>9}{'x view':>8}{'x SQL':>7}{'cold':>9}{'errs':>6}  ok"
    )
    print(header)
    print("-" * len(header))
    for row in results["pages"]:
        small = "" if row["queries_small_scale"] is None else row["queries_small_scale"]
        print(
            f"{row['page']:<17}{row['p50_ms']:>8}{row['p95_ms']:>8}{row['rps']:>8}{row['queries']:>6}{small:>7}"
            f"{row['floor_main_sql_ms'] or '':>10}{row['floor_all_sql_ms']:>9}{row['ratio_to_view_floor']:>8}"
            f"{row['ratio_to_sql_floor'] or '':>7}{row['cold_request_ms']:>9}{row['errors']:>6}  "
            f"{'yes' if row['meets_targets'] else 'NO'}"
        )
    print(
        "(ms; SQL# = queries per request with an empty cache; x view / x SQL = p50 over the floor's;"
        " cold = first request in-process, dashboard cache empty)"
    )
    print(f"Web worker RSS after the run (MB): {results['worker_rss_mb']} (target < 250)")
    fan = results.get("reminders")
    if fan:
        print(
            f"Fan-out: {fan['reminders_sent']:,} reminders in {fan['reminders_seconds']} s "
            f"vs {fan['count']:,} no-op tasks in {fan['noop_seconds']} s "
            f"(enqueueing them {fan['noop_enqueue_seconds']} s)"
        )


def counts_only(args) -> None:
    counts = query_counts(targets())
    print(
        json.dumps(
            {
                name: {k: v for k, v in row.items() if k not in ("selects", "main_sql")}
                for name, row in counts.items()
            }
        )
    )


# Load scenario ------------------------------------------------------------------------------------


def load(args) -> None:
    """`users` mentors, each with a session and a CSRF token, browse, log contacts and register."""
    import secrets

    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install -y wrk")
    OUT.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, check=True
    )
    from django.urls import reverse

    from mentors.models import MentorTask

    mentors = list(
        Mentor.objects.filter(status=Mentor.Status.ACTIVE)
        .select_related("user")
        .order_by("pk")[: args.users]
    )
    # The events these mentors have registered for least (earlier runs registered them to the
    # first ones), so that every run's registration POSTs make new registrations.
    taken = Count("registrations", filter=Q(registrations__user__in=[m.user_id for m in mentors]))
    events = list(
        Event.objects.filter(
            status=Event.Status.SCHEDULED, starts_at__gt=timezone.now() + timezone.timedelta(days=3)
        )
        .annotate(taken=taken)
        .order_by("taken", "starts_at")
        .values_list("pk", flat=True)[:50]
    )
    task = MentorTask.objects.order_by("number").first()
    lines = []
    for mentor in mentors:
        csrf = secrets.token_hex(16)  # a 32-character CSRF secret, sent as cookie and as form field
        lines.append(f"{session_cookie(mentor.user)}; {settings.CSRF_COOKIE_NAME}={csrf}\t{csrf}")
    sessions = OUT / "load-sessions.tsv"
    sessions.write_text("\n".join(lines) + "\n")
    paths = OUT / "load-paths.txt"
    paths.write_text(
        "\n".join(
            [
                reverse("home"),
                reverse("mentors:contact_list"),
                reverse("events:list"),
                reverse("mentors:profile"),
                reverse("mentors:availability_list"),
                *[reverse("events:detail", args=[pk]) for pk in events[:20]],
            ]
        )
        + "\n"
    )
    env = {
        "LOAD_SESSIONS": str(sessions),
        "LOAD_PATHS": str(paths),
        "LOAD_EVENTS": " ".join(str(pk) for pk in events),
        "LOAD_TASK": str(task.pk),
        "LOAD_TODAY": timezone.localdate().isoformat(),
    }
    contacts_before = Contact.objects.count()
    registrations_before = Registration.objects.count()
    with Gunicorn() as server:
        for path in paths.read_text().split():
            check_page(server.port, path, lines[0].split("\t")[0])
        result = wrk(
            server.port,
            "/",
            "",
            duration=args.duration,
            connections=args.users,
            script="load.lua",
            extra_env=env,
        )
        memory = {str(pid): rss_mb(pid) for pid in server.worker_pids()}
    result["contacts_logged"] = Contact.objects.count() - contacts_before
    result["registrations_made"] = Registration.objects.count() - registrations_before
    result["users"] = args.users
    result["duration_s"] = args.duration
    result["worker_rss_mb"] = memory
    (OUT / "load.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    if RESULTS.exists():
        results = json.loads(RESULTS.read_text())
        results["load"] = result
        RESULTS.write_text(json.dumps(results, indent=2, default=str) + "\n")
    if result["errors"]:
        raise SystemExit(f"{result['errors']} errors under load")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("bench")
    run.add_argument("--duration", type=int, default=10, help="seconds of wrk per page")
    run.add_argument(
        "--reminders", type=int, default=10_000, help="reminders and no-op tasks (0: skip)"
    )
    run.add_argument("--sql-repeat", type=int, default=20)
    run.add_argument(
        "--small-database-url",
        default=os.environ.get("BENCH_SMALL_DATABASE_URL"),
        help="a --scale small database: its query counts are compared with the full one's",
    )
    sub.add_parser("counts")
    load_parser = sub.add_parser("load")
    load_parser.add_argument("--users", type=int, default=100)
    load_parser.add_argument("--duration", type=int, default=60)
    args = parser.parse_args()
    {"bench": bench, "counts": counts_only, "load": load}[args.command](args)


if __name__ == "__main__":
    main()
