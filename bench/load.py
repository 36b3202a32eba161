"""`make load`: simulated mentors browse, log contacts and register for events at once."""

import json
import shutil
import subprocess
import sys

from bench.environment import OUT, RESULTS, ROOT  # first: the defaults and django.setup()

# isort: split

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from bench.pages import session_cookie
from bench.servers import Gunicorn, check_page, rss_mb, wrk
from events.models import Event, Registration
from mentors.models import Contact, Mentor


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
