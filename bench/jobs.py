"""Every export and PDF made as a background job at national scale: how long each takes and
how much memory the worker needs (targets: 60 s and 300 MB each).

    python bench/jobs.py [--only mentor_list_csv,report_pdf] [--database-url ...]

Each job is asked for as a page asks for it (`leadvet.lib.jobs.start`, its message sent to
the broker once the row is saved) and made by a Celery worker process of its own (solo pool,
so the process that makes the file is the one measured): the duration is the worker's, from
claiming the job to the file saved (and the worker's CPU time, which a busy machine does not
stretch); the peak RSS is the worker process's high-water mark
(VmHWM). Each job gets a fresh worker, so one job's peak is not another's. The files and rows
are deleted afterwards.

Expects a PostgreSQL database filled by `manage.py generate_network --scale full` (migrated)
and Redis, like `make bench` (bench/environment.py). `bench_jobs()` returns the results;
`make bench` adds them to its report.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

# The project on the path, and with it this directory as the package `bench`.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.environment import OUT, ROOT  # noqa: E402  (first: the defaults and django.setup())
from bench.reminders import EVENT_TITLE as REMINDER_EVENT_TITLE  # noqa: E402
from bench.servers import CeleryWorker  # noqa: E402

# isort: split

from django.db import connections  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.utils import timezone, translation  # noqa: E402

from events.models import Event  # noqa: E402
from leadvet import roles  # noqa: E402
from leadvet.celery import app  # noqa: E402
from leadvet.lib import jobs  # noqa: E402
from leadvet.models import Job, User  # noqa: E402
from mentors.models import Contact, Mentor  # noqa: E402
from portal.forms import ReportPeriodForm  # noqa: E402
from portal.report_downloads import REPORT, report_params  # noqa: E402
from surveys.models import Survey  # noqa: E402

TARGET_SECONDS = 60
TARGET_RSS_MB = 300
COORDINATOR_EMAIL = "bench-jobs-coordinator@bench.example.org"
STEERING_EMAIL = "bench-jobs-steering@bench.example.org"


def _user(email: str, role: str) -> User:
    user, created = User.objects.get_or_create(
        email=email, defaults={"first_name": "Bench", "last_name": role}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    user.groups.add(roles.role_group(role))
    return user


def plan() -> dict[str, tuple[User, str, dict]]:
    """{name: (who asks, kind, params)}: the biggest of each download in the data."""
    coordinator = _user(COORDINATOR_EMAIL, roles.COORDINATOR)
    steering = _user(STEERING_EMAIL, roles.STEERING)
    busiest = (
        Contact.objects.values("mentor").annotate(n=Count("id")).order_by("-n", "mentor").first()
    )
    mentor = Mentor.objects.select_related("user").get(pk=busiest["mentor"])
    # The network's biggest event, not the one the reminder fan-out made for its own people.
    event = (
        Event.objects.exclude(title__startswith=REMINDER_EVENT_TITLE)
        .annotate(n=Count("registrations"))
        .order_by("-n", "pk")
        .first()
    )
    survey = Survey.objects.annotate(n=Count("responses")).order_by("-n", "pk").first()
    period, label = ReportPeriodForm(None, today=timezone.localdate()).period_and_label()
    return {
        "mentor_list_csv": (coordinator, "mentors.mentor_list", {"format": "csv", "query": ""}),
        "mentor_list_xlsx": (coordinator, "mentors.mentor_list", {"format": "xlsx", "query": ""}),
        "contact_log_csv": (coordinator, "mentors.college_contacts", {"query": ""}),
        "own_contacts_csv": (mentor.user, "mentors.own_contacts", {"query": ""}),
        "attendees_xlsx": (coordinator, "events.attendees", {"event": event.pk, "format": "xlsx"}),
        "evidence_zip": (coordinator, "events.evidence", {"event": event.pk}),
        "survey_raw_csv": (
            coordinator,
            "surveys.export",
            {"survey": survey.pk, "kind": "raw", "format": "csv"},
        ),
        "survey_raw_xlsx": (
            coordinator,
            "surveys.export",
            {"survey": survey.pk, "kind": "raw", "format": "xlsx"},
        ),
        "survey_summary_xlsx": (
            coordinator,
            "surveys.export",
            {"survey": survey.pk, "kind": "summary", "format": "xlsx"},
        ),
        "survey_results_pdf": (coordinator, "surveys.results_pdf", {"survey": survey.pk}),
        "report_pdf": (coordinator, REPORT, report_params("pdf", period, label, named=True)),
        "report_pdf_steering": (
            steering,
            REPORT,
            report_params("pdf", period, label, named=False),
        ),
        "report_xlsx": (coordinator, REPORT, report_params("xlsx", period, label, named=True)),
        "report_csv": (coordinator, REPORT, report_params("csv", period, label, named=True)),
    }


class Worker(CeleryWorker):
    """A Celery worker process of its own (solo pool: it makes the file itself)."""

    def __init__(self, name: str):
        super().__init__(pool="solo", log=f"jobs-worker-{name}.log")

    def cpu_seconds(self) -> float:
        """User and system CPU time of the worker process so far (a shared machine's load
        stretches the wall clock, not this)."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def memory_mb(self, field: str) -> float:
        """VmRSS (now) or VmHWM (the peak) of the worker process, in MB."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return round(int(line.split()[1]) / 1024, 1)
        return 0.0


def measure(name: str, user: User, kind: str, params: dict, *, timeout: int) -> dict:
    with Worker(name) as worker:
        idle = worker.memory_mb("VmRSS")
        cpu_before = worker.cpu_seconds()
        with translation.override(user.language):
            job = jobs.start(user=user, kind=kind, params=params, title=f"bench: {name}")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            job.refresh_from_db()
            if job.is_finished:
                break
            time.sleep(0.5)
        peak = worker.memory_mb("VmHWM")
        cpu = round(worker.cpu_seconds() - cpu_before, 1)
    seconds = (
        round((job.finished_at - job.started_at).total_seconds(), 1) if job.finished_at else None
    )
    result = {
        "name": name,
        "kind": kind,
        "status": job.status,
        "error": job.error,
        "rows": job.rows_done,
        "size_mb": round(job.size / 1e6, 1) if job.size else None,
        "seconds": seconds,
        "cpu_seconds": cpu,
        "idle_rss_mb": idle,
        "peak_rss_mb": peak,
        "met": job.status == Job.Status.DONE
        and seconds is not None
        and seconds <= TARGET_SECONDS
        and peak <= TARGET_RSS_MB,
    }
    if job.file:
        job.file.storage.delete(job.file.name)
    job.delete()
    return result


def bench_jobs(
    database_url: str | None = None, *, only: list[str] | None = None, timeout: int = 900
) -> dict:
    """Each job of `plan()` (or those named in `only`) made by a fresh worker: its duration,
    rows, size and the worker's idle and peak RSS, against the targets."""
    if database_url:
        os.environ["DATABASE_URL"] = database_url  # the workers' database
        import dj_database_url

        connections["default"].close()
        connections["default"].settings_dict.update(dj_database_url.parse(database_url))
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, check=True
    )
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, check=True
    )
    if Contact.objects.count() < 1000:
        raise SystemExit("No data: run `manage.py generate_network --scale full --seed 1` first.")
    app.control.purge()
    results = []
    for name, (user, kind, params) in plan().items():
        if only and name not in only:
            continue
        print(f"job {name} ...", flush=True)
        results.append(measure(name, user, kind, params, timeout=timeout))
        print(f"  {json.dumps(results[-1])}", flush=True)
    return {
        "targets": {"seconds": TARGET_SECONDS, "peak_rss_mb": TARGET_RSS_MB},
        "jobs": results,
        "all_met": bool(results) and all(row["met"] for row in results),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--only", default="", help="comma-separated job names")
    parser.add_argument("--timeout", type=int, default=900, help="seconds per job at most")
    args = parser.parse_args()
    results = bench_jobs(
        args.database_url,
        only=[name for name in args.only.split(",") if name] or None,
        timeout=args.timeout,
    )
    (OUT / "jobs.json").write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
