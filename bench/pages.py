"""What `make bench` measures: the pages and API endpoints, who reads them, their SQL queries
and the floors of their SQL alone."""

import statistics
import time
from dataclasses import dataclass, field
from importlib import import_module

from bench.environment import SCALE  # first: the defaults and django.setup()

# isort: split

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.cold import make_cold
from bench.reminders import EVENT_TITLE as REMINDER_EVENT_TITLE
from colleges.models import VocationalField
from events.models import Event, Registration
from leadvet import roles
from leadvet.models import User
from mentors.models import Contact, Mentor
from surveys.models import Answer, Survey

COORDINATOR_EMAIL = "bench-coordinator@bench.example.org"


@dataclass(frozen=True)
class Page:
    name: str
    who: str  # "coordinator" or "mentor": whose session reads it
    url: str
    kind: str  # "page" or "api"
    note: str = ""


@dataclass
class Plan:
    coordinator: User
    mentor: User
    pages: list[Page]
    survey: Survey
    data: dict = field(default_factory=dict)

    def page(self, name: str) -> Page:
        return next(page for page in self.pages if page.name == name)

    def user(self, who: str) -> User:
        return {"coordinator": self.coordinator, "mentor": self.mentor}[who]


# Sessions ----------------------------------------------------------------------------------


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
    """A signed-in session for `user`, as the Cookie header a browser sends."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


# The pages -----------------------------------------------------------------------------------


def data_totals() -> dict:
    return {
        "scale": SCALE,
        "mentors": Mentor.objects.count(),
        "contacts": Contact.objects.count(),
        "registrations": Registration.objects.exclude(
            event__title__startswith=REMINDER_EVENT_TITLE
        ).count(),
        "survey_answers": Answer.objects.count(),
    }


def plan() -> Plan:
    """The pages to measure, picked from the data: the busiest mentor, the biggest event, the
    survey with the most responses, ..."""
    coordinator = bench_user(COORDINATOR_EMAIL, roles.COORDINATOR, is_staff=True)
    busiest = (
        Contact.objects.values("mentor").annotate(n=Count("id")).order_by("-n", "mentor").first()
    )
    mentor = Mentor.objects.select_related("user").get(pk=busiest["mentor"])
    event = (
        Event.objects.exclude(title__startswith=REMINDER_EVENT_TITLE)
        .annotate(n=Count("registrations"))
        .order_by("-n", "pk")
        .first()
    )
    survey = Survey.objects.annotate(n=Count("responses")).order_by("-n", "pk").first()
    answers = Answer.objects.filter(response__survey=survey).count()
    field = VocationalField.objects.order_by("pk").first()
    survey_note = f"{survey.n:,} responses, {answers:,} answers"
    pages = [
        Page("dashboard", "coordinator", reverse("dashboard"), "page"),
        Page("dashboard_outcomes", "coordinator", reverse("dashboard_outcomes"), "page"),
        Page("steering_report", "coordinator", reverse("reports"), "page", "this term"),
        Page(
            "mentor_list",
            "coordinator",
            f"{reverse('mentors:list')}?status=active&field={field.pk}&available_now=true",
            "page",
            "active, one field, available now",
        ),
        Page(
            "contact_list",
            "mentor",
            reverse("mentors:contact_list"),
            "page",
            f"the busiest mentor: {busiest['n']:,} contacts",
        ),
        Page(
            "event_page",
            "coordinator",
            reverse("events:detail", args=[event.pk]),
            "page",
            f"the biggest event: {event.n:,} registrations",
        ),
        Page(
            "survey_results",
            "coordinator",
            reverse("surveys:results", args=[survey.pk]),
            "page",
            survey_note,
        ),
        Page(
            "network_activity",
            "coordinator",
            reverse("api-network-activity"),
            "api",
            "last 365 days",
        ),
        Page("outcomes_report", "coordinator", reverse("api-outcomes-report"), "api"),
        Page(
            "survey_results_api",
            "coordinator",
            reverse("survey-results", args=[survey.pk]),
            "api",
            survey_note,
        ),
        Page("contacts_api", "coordinator", reverse("contact-list"), "api", "first page"),
        Page("mentors_api", "coordinator", reverse("mentor-list"), "api", "first page"),
    ]
    return Plan(coordinator=coordinator, mentor=mentor.user, pages=pages, survey=survey)


# SQL queries per request, and the SQL floors ---------------------------------------------


def _selects(captured: CaptureQueriesContext) -> list[str]:
    return [
        q["sql"]
        for q in captured.captured_queries
        # "(SELECT": a UNION ALL of several reads (leadvet.lib.combined_reads).
        if q["sql"].lstrip().upper().startswith(("SELECT", "WITH", "(SELECT"))
    ]


def query_counts(the_plan: Plan, *, only: set[str] | None = None) -> dict:
    """Each page once cold (the shared cache emptied, the figures' version bumped) and once
    warm through the test client: the number of queries, and their SQL for the floors."""
    clients = {}
    for who in ("coordinator", "mentor"):
        clients[who] = Client()
        clients[who].force_login(the_plan.user(who))
    result = {}
    for page in the_plan.pages:
        if only is not None and page.name not in only:
            continue
        make_cold()
        with CaptureQueriesContext(connection) as cold:
            response = clients[page.who].get(page.url)
        if response.status_code != 200:
            raise SystemExit(f"{page.name}: {page.url} answered {response.status_code}")
        with CaptureQueriesContext(connection) as warm:
            clients[page.who].get(page.url)
        result[page.name] = {
            "queries_cold": len(cold.captured_queries),
            "queries_warm": len(warm.captured_queries),
            "cold_selects": _selects(cold),
            "warm_selects": _selects(warm),
        }
    return result


def sql_floor(sqls: list[str], *, repeat: int, budget_s: float) -> float | None:
    """Median milliseconds of running the statements back to back on a connection of their
    own, after one run that warms PostgreSQL's buffers: `repeat` runs, fewer once `budget_s`
    seconds are spent (never fewer than one)."""
    import psycopg

    if not sqls:
        return None
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
            deadline = time.monotonic() + budget_s
            for round_ in range(repeat + 1):
                started = time.perf_counter()
                for sql in sqls:
                    cursor.execute(sql.encode())
                    cursor.fetchall()
                if round_:  # the first round warms the buffers
                    timings.append((time.perf_counter() - started) * 1000)
                if timings and time.monotonic() > deadline:
                    break
    return round(statistics.median(timings), 2)


def sql_floors(counts: dict, *, repeat: int, budget_s: float) -> dict:
    return {
        name: {
            "sql_cold_ms": sql_floor(row["cold_selects"], repeat=repeat, budget_s=budget_s),
            "sql_warm_ms": sql_floor(row["warm_selects"], repeat=repeat, budget_s=budget_s),
        }
        for name, row in counts.items()
    }
