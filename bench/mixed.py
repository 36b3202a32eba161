"""The mixed run: people write while others read the figures.

Each simulated client is one browser that reads the dashboard, the steering report, the
network-activity API and survey results (page and API) as a coordinator and, in WRITE_SHARE of
its requests, writes as one of its mentors: a contact logged through the form or a
registration for an event. Latency per page, p50/p95/p99.

Figures never older than the last committed write: every network-activity read must count
at least the contacts of the baseline plus every contact whose POST had been answered (so
committed) before the read was sent, whoever sent it; and a client's next read after each of
its own contacts is that one. A read that counts fewer is a violation.
"""

import datetime
import json
import random
import secrets
import threading
import time
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass, field

from bench import environment  # noqa: F401  (first: the defaults and django.setup())

# isort: split

from django.conf import settings
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from bench.pages import Plan, session_cookie
from bench.servers import Client
from bench.stats import summary
from events.models import Event, Registration
from mentors.models import Contact, Mentor, MentorTask

READS = ["dashboard", "steering_report", "network_activity", "survey_results", "survey_results_api"]
WRITE_SHARE = 0.20
REGISTRATION_SHARE_OF_WRITES = 0.25
MENTORS_PER_CLIENT = 10


# The writers: mentors with sessions and CSRF tokens ---------------------------------------------


def writers(count: int) -> list[dict]:
    """`count` active mentors, each with a session and a CSRF token (cookie and form field)."""
    mentors = Mentor.objects.filter(status=Mentor.Status.ACTIVE).select_related("user")
    result = []
    for mentor in mentors.order_by("pk")[:count]:
        csrf = secrets.token_hex(16)  # a 32-character CSRF secret, sent as cookie and as field
        result.append(
            {
                "user_id": mentor.user_id,
                "cookie": f"{session_cookie(mentor.user)}; {settings.CSRF_COOKIE_NAME}={csrf}",
                "csrf": csrf,
            }
        )
    return result


def open_events(user_ids: list[int], count: int = 50) -> list[int]:
    """Upcoming events these people have registered for least (earlier runs registered them to
    the first ones), so that every run's registrations are new ones."""
    taken = Count("registrations", filter=Q(registrations__user__in=user_ids))
    return list(
        Event.objects.filter(
            status=Event.Status.SCHEDULED, starts_at__gt=timezone.now() + datetime.timedelta(days=3)
        )
        .annotate(taken=taken)
        .order_by("taken", "starts_at")
        .values_list("pk", flat=True)[:count]
    )


def contact_form(csrf: str, task_id: int, today: datetime.date, summary_text: str) -> str:
    return urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": csrf,
            "date": today.isoformat(),
            "counterpart_kind": "teacher_student",
            "task": task_id,
            "channel": "video",
            "duration_minutes": 30,
            "placement": "on",
            "summary": summary_text,
        }
    )


# The run ------------------------------------------------------------------------------------------


@dataclass
class Shared:
    """What the clients share: the contacts answered as saved, and what they recorded."""

    baseline: int
    lock: threading.Lock = field(default_factory=threading.Lock)
    committed: int = 0
    latencies: dict = field(default_factory=lambda: defaultdict(list))
    errors: dict = field(default_factory=lambda: defaultdict(int))
    timeouts: int = 0
    checks: int = 0
    violations: list = field(default_factory=list)

    def contact_committed(self) -> None:
        with self.lock:
            self.committed += 1

    def record(self, name: str, ms: float, ok: bool, status) -> None:
        with self.lock:
            self.latencies[name].append(ms)
            if not ok:
                self.errors[name] += 1
                if str(status).startswith("error: TimeoutError"):
                    self.timeouts += 1


def network_total(body: bytes) -> int | None:
    try:
        return int(json.loads(body)["total"])
    except (ValueError, KeyError, TypeError):
        return None


def client_loop(index: int, port: int, urls: dict, people: list, context: dict, stop_at: float):
    shared: Shared = context["shared"]
    rng = random.Random(f"mixed-{index}")
    client = Client(port, context["coordinator_cookie"], timeout=60)
    check_next = False
    sequence = 0
    while time.monotonic() < stop_at:
        sequence += 1
        if rng.random() < WRITE_SHARE:
            writer = rng.choice(people)
            if context["events"] and rng.random() < REGISTRATION_SHARE_OF_WRITES:
                name = "registration_post"
                path = f"/events/{rng.choice(context['events'])}/register/"
                body = urllib.parse.urlencode({"csrfmiddlewaretoken": writer["csrf"]})
            else:
                name = "contact_post"
                path = "/contacts/new/"
                body = contact_form(
                    writer["csrf"], context["task"], context["today"], f"mixed {index}-{sequence}"
                )
            status, headers, _, ms = client.request(
                "POST", path, body=body, cookie=writer["cookie"]
            )
            location = headers.get("Location", "")
            ok = status == 302 and "/accounts/login/" not in location
            if name == "contact_post":
                ok = ok and location.endswith(reverse("mentors:contact_list"))
                if ok:
                    shared.contact_committed()
                    check_next = True  # this client's next read: does it count the contact?
            shared.record(name, ms, ok, status)
            continue
        name = "network_activity" if check_next else rng.choice(READS)
        check_next = False
        with shared.lock:
            owed = shared.committed  # answered as saved before this read is sent
        status, _, body, ms = client.request("GET", urls[name])
        shared.record(name, ms, status == 200, status)
        if name == "network_activity" and status == 200:
            total = network_total(body)
            with shared.lock:
                shared.checks += 1
                if total is None or total < shared.baseline + owed:
                    shared.violations.append(
                        {
                            "client": index,
                            "counted": total,
                            "expected_at_least": shared.baseline + owed,
                        }
                    )
    client.close()


def mixed_run(port: int, the_plan: Plan, *, clients: int, duration: int) -> dict:
    today = timezone.localdate()
    start = today - datetime.timedelta(days=364)
    urls = {name: the_plan.page(name).url for name in READS}
    # A fixed period, so that a run passing midnight still compares like with like.
    urls["network_activity"] += f"?from={start.isoformat()}&to={today.isoformat()}"
    people = writers(clients * MENTORS_PER_CLIENT)
    if len(people) < clients:
        raise SystemExit(f"Fewer than {clients} active mentors to write as.")
    context = {
        "coordinator_cookie": session_cookie(the_plan.coordinator),
        "events": open_events([person["user_id"] for person in people]),
        "task": MentorTask.objects.order_by("number").values_list("pk", flat=True).first(),
        "today": today,
    }
    probe = Client(port, context["coordinator_cookie"], timeout=120)
    status, _, body, _ = probe.request("GET", urls["network_activity"])
    baseline = network_total(body) if status == 200 else None
    if baseline is None:
        raise SystemExit(f"the network-activity API answered {status} before the mixed run")
    probe.close()
    context["shared"] = shared = Shared(baseline=baseline)
    contacts_before = Contact.objects.count()
    registrations_before = Registration.objects.count()
    stop_at = time.monotonic() + duration
    threads = [
        threading.Thread(
            target=client_loop,
            args=(index, port, urls, people[index::clients], context, stop_at),
            daemon=True,
        )
        for index in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    requests = {name: len(samples) for name, samples in shared.latencies.items()}
    writes = requests.get("contact_post", 0) + requests.get("registration_post", 0)
    return {
        "clients": clients,
        "duration_s": duration,
        "requests": sum(requests.values()),
        "write_share": round(writes / max(1, sum(requests.values())), 3),
        "pages": {
            name: {**summary(samples), "errors": shared.errors.get(name, 0)}
            for name, samples in sorted(shared.latencies.items())
        },
        "errors": sum(shared.errors.values()),
        "timeouts": shared.timeouts,
        "contacts_answered_saved": shared.committed,
        "contacts_in_database": Contact.objects.count() - contacts_before,
        "registrations_made": Registration.objects.count() - registrations_before,
        "freshness_checks": shared.checks,
        "freshness_violations": len(shared.violations),
        "violation_examples": shared.violations[:5],
    }
