"""`make bench`: the pages' SQL queries, their SQL floors and their speed under gunicorn and wrk."""

import json
import os
import shutil
import statistics
import subprocess
import sys
import time

from bench.environment import OUT, RESULTS, ROOT  # first: the defaults and django.setup()

# isort: split

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.core.cache import cache
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench.reminders import fan_out
from bench.servers import Gunicorn, check_page, rss_mb, wrk
from colleges.models import VocationalField
from events.models import Event, Registration
from leadvet import roles
from leadvet.models import User
from mentors.models import Contact, Mentor
from surveys.models import Survey

COORDINATOR_EMAIL = "bench-coordinator@bench.example.org"
PAGES = [
    "dashboard",
    "mentor_list",
    "contact_list",
    "event_page",
    "survey_results",
    "network_activity",
    "dashboard_outcomes",
    "outcomes_report",
    "steering_report",
]
TARGETS_MS = {  # (p50, p95) targets of issue 10; None where there is no target
    "dashboard": (150, 300),
    "mentor_list": (None, 100),
    "contact_list": (None, 100),
    "event_page": (None, 100),
    "survey_results": (None, 100),
    "network_activity": (None, 100),
    # Issue 24: the outcome figures are cached beside the dashboard's, under the same targets.
    "dashboard_outcomes": (150, 300),
    "outcomes_report": (150, 300),
    "steering_report": (150, 300),
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
            "dashboard_outcomes": ("coordinator", reverse("dashboard_outcomes")),
            "outcomes_report": ("coordinator", reverse("api-outcomes-report")),
            # The steering report (this term), with the outcome figures of issue 24 in it.
            "steering_report": ("coordinator", reverse("reports")),
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
            [sys.executable, str(ROOT / "bench" / "run.py"), "counts"],
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
