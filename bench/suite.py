"""`make bench`: every page cold and warm, the mixed run, the load, the reminder fan-out and the
floors, in one run; the results into bench/results.json under the scale, and the tables."""

import importlib.util
import inspect
import json
import os
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager

from bench.environment import OUT, RESULTS, ROOT, SCALE  # first: the defaults and django.setup()

# isort: split

from django.utils import timezone

from bench import pages as bench_pages
from bench.cold import measure_cold
from bench.load import load_run
from bench.mixed import mixed_run
from bench.reminders import fan_out
from bench.servers import Gunicorn, check_page, rss_mb, wrk
from bench.tables import render

MIN_CONTACTS = 1000


def static_files_current() -> bool:
    """Whether collectstatic's manifest is newer than the project's static files and
    pyproject.toml (which changes with the packages whose static files are collected too):
    compressing everything again takes a minute."""
    from django.conf import settings

    manifest = settings.STATIC_ROOT / "staticfiles.json"
    if not manifest.exists():
        return False
    sources = [ROOT / "static", ROOT / "pyproject.toml"]
    newest = max(
        (path.stat().st_mtime for source in sources for path in [source, *source.rglob("*")]),
        default=0.0,
    )
    return manifest.stat().st_mtime > newest


def prepare() -> None:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install -y wrk")
    OUT.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, check=True
    )
    if not static_files_current():
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, check=True
        )
    from mentors.models import Contact

    if Contact.objects.count() < MIN_CONTACTS:
        raise SystemExit(
            f"No data: run `manage.py generate_network --scale {SCALE} --seed 1` against "
            f"{os.environ['DATABASE_URL']} first."
        )


def commit() -> str:
    output = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    )
    return output.stdout.strip() or "unknown"


def store(section: dict, *, merge: bool) -> dict:
    """Write `section` as this scale's results (merge: into what is there). Results from before
    they were kept per scale are dropped."""
    everything = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    if not all(isinstance(value, dict) and "measured_at" in value for value in everything.values()):
        everything = {}
    if merge:
        stamped = {key: {**value, "measured_at": now()} for key, value in section.items()}
        everything[SCALE] = {**everything.get(SCALE, {}), **stamped}
    else:
        everything[SCALE] = {**section, "measured_at": now(), "commit": commit()}
    RESULTS.write_text(json.dumps(everything, indent=2, default=str) + "\n")
    return everything[SCALE]


def now() -> str:
    return timezone.now().isoformat(timespec="seconds")


def run_jobs_bench(args, **context) -> dict | None:
    """bench/jobs.py (the steering PDF and the exports as Celery jobs: seconds and worker RSS)
    comes from another branch. When it is there, its `bench_jobs` runs here with the keyword
    arguments it names among `context` and `args`; its dict is kept under "jobs", and its
    "targets" rows ({"target", "measured", "met"}) join the table."""
    if importlib.util.find_spec("bench.jobs") is None:
        return None
    from bench import jobs

    available = {**vars(args), **context}
    wanted = inspect.signature(jobs.bench_jobs).parameters
    return jobs.bench_jobs(**{name: available[name] for name in wanted if name in available})


class Phases:
    """Each phase of the run announced, and its seconds kept (results["phases_s"])."""

    def __init__(self):
        self.seconds: dict[str, float] = {}

    @contextmanager
    def __call__(self, name: str, what: str):
        print(f"{what} ...", flush=True)
        started = time.monotonic()
        yield
        self.seconds[name] = round(time.monotonic() - started, 1)


def warm(port: int, page, cookie: str, args) -> dict:
    """wrk on the page once a whole request has filled its cache (wrk would give up on a slow
    first request and leave the workers busy with it)."""
    check_page(port, page.url, cookie)
    wrk(port, page.url, cookie, duration=1, connections=args.connections)
    row = wrk(port, page.url, cookie, duration=args.duration, connections=args.connections)
    print(f"  warm {page.name:<20} p50 {row['p50_ms']} ms, p95 {row['p95_ms']} ms", flush=True)
    return row


def bench(args) -> None:
    phase = Phases()
    prepare()
    plan = bench_pages.plan()
    if args.pages:
        unknown = set(args.pages) - {page.name for page in plan.pages}
        if unknown:
            raise SystemExit(f"no such page: {', '.join(sorted(unknown))}")
    # --pages narrows the pages measured cold and warm; the mixed run reads its own.
    pages = [page for page in plan.pages if not args.pages or page.name in args.pages]
    data = bench_pages.data_totals()
    print(f"Scale {SCALE}, {os.environ['DATABASE_URL']}: {data}", flush=True)
    with phase("queries", "SQL queries per page (in-process, cold and warm) and the SQL floors"):
        counts = bench_pages.query_counts(plan, only={page.name for page in pages})
        floors = bench_pages.sql_floors(counts, repeat=args.sql_repeat, budget_s=args.sql_budget)
    cookies = {who: bench_pages.session_cookie(plan.user(who)) for who in ("coordinator", "mentor")}
    results = {
        "commit": commit(),
        "machine": {
            "cpus": os.cpu_count(),
            "gunicorn_workers": args.web_workers,
            "wrk_connections": args.connections,
            "duration_s": args.duration,
            "cold_requests": args.cold_requests,
        },
        "only_pages": args.pages,
        "data": data,
        "pages": {
            page.name: {
                "url": page.url,
                "kind": page.kind,
                "note": page.note,
                "queries_cold": counts[page.name]["queries_cold"],
                "queries_warm": counts[page.name]["queries_warm"],
                **floors[page.name],
            }
            for page in pages
        },
    }
    with Gunicorn(workers=args.web_workers, timeout=args.web_timeout) as server:
        port = server.port
        for page in pages:  # every worker process imports and connects before measuring
            check_page(port, page.url, cookies[page.who])
        ping = bench_pages.Page("ping", "coordinator", "/bench/ping/", "page")
        check_page(port, ping.url, cookies["coordinator"])
        with phase("floor", "The floor: /bench/ping/"):
            results["floor_view"] = warm(port, ping, cookies["coordinator"], args)
        if args.cold_requests:
            with phase("cold", "Cold requests"):
                cold = measure_cold(
                    port,
                    pages,
                    cookies,
                    requests=args.cold_requests,
                    budget_s=args.cold_budget,
                )
            for name, row in cold.items():
                results["pages"][name]["cold"] = row
        with phase("warm", "Warm (wrk)"):
            for page in pages:
                results["pages"][page.name]["warm"] = warm(port, page, cookies[page.who], args)
        if args.mixed_duration:
            with phase("mixed", f"Mixed: {args.mixed_clients} clients, {args.mixed_duration} s"):
                results["mixed"] = mixed_run(
                    port, plan, clients=args.mixed_clients, duration=args.mixed_duration
                )
        if args.load_duration:
            with phase("load", f"Load: {args.load_users} users, {args.load_duration} s"):
                results["load"] = load_run(port, users=args.load_users, duration=args.load_duration)
            results["load"]["measured_at"] = now()
        results["web_worker_rss_mb"] = [rss_mb(pid) for pid in server.worker_pids()]
        if not args.no_jobs:
            with phase("jobs", "Exports and PDFs as jobs (bench/jobs.py, when there)"):
                jobs = run_jobs_bench(args, port=port, plan=plan, cookies=cookies, scale=SCALE)
            if jobs is not None:
                results["jobs"] = jobs
    if args.reminders:
        with phase("reminders", f"Reminder fan-out: {args.reminders:,}"):
            results["reminders"] = fan_out(args.reminders)
    if "load" not in results:  # keep the last `make load` at this scale
        previous = json.loads(RESULTS.read_text()).get(SCALE, {}) if RESULTS.exists() else {}
        if isinstance(previous, dict) and previous.get("load"):
            results["load"] = previous["load"]
    results["phases_s"] = phase.seconds
    stored = store(results, merge=False)
    print()
    print(render(stored))
    print(f"\nSeconds per phase: {phase.seconds}")


def table(args) -> None:
    everything = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    if SCALE not in everything:
        raise SystemExit(f"bench/results.json has no run at scale {SCALE}: run make bench first")
    print(render(everything[SCALE], markdown=args.markdown))


def counts_only(args) -> None:
    counts = bench_pages.query_counts(bench_pages.plan())
    print(
        json.dumps(
            {
                name: {k: row[k] for k in ("queries_cold", "queries_warm")}
                for name, row in counts.items()
            }
        )
    )
