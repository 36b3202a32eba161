"""Read-only replicas: the report views read through the `replica` alias, writes never do.

The `replica` alias is a TEST MIRROR of the default database: a second connection to the same
test database, so what a test writes through `default` is there to read through `replica` once
committed (hence transactional tests). It exists only while this module's tests run: every test
that reaches an alias must declare it, and Django's system checks (which a real Celery worker
runs) reach every alias. Which connection ran a query is seen from the queries captured on each.
"""

import datetime
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from leadvet import roles
from leadvet.db_routers import REPLICA, reads_from_replica
from leadvet.models import User
from mentors.models import Contact
from mentors.models.rollups import GRAINS
from surveys.models import Survey
from tests.factories import (
    ContactFactory,
    QuestionFactory,
    SurveyAnswerFactory,
    SurveyFactory,
    user_with_role,
)

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", REPLICA])


@pytest.fixture(scope="module", autouse=True)
def replica_alias():
    """The alias, configured as a TEST MIRROR of `default` before any test of the module
    declares it (a module fixture comes before the test database's function fixtures)."""
    default = connections["default"].settings_dict
    connections.settings[REPLICA] = {**default, "TEST": {**default["TEST"], "MIRROR": "default"}}
    yield
    connections[REPLICA].close()
    del connections[REPLICA]
    del connections.settings[REPLICA]


@pytest.fixture
def replica(transactional_db):
    """The mirror pointed at the test database, as the test runner does for a TEST MIRROR."""
    connections[REPLICA].creation.set_as_test_mirror(connections["default"].settings_dict)
    return connections[REPLICA]


@pytest.fixture
def router(replica, settings):
    settings.DATABASE_ROUTERS = ["leadvet.db_routers.ReplicaRouter"]


@pytest.fixture
def coordinator_client(client, replica):
    client.force_login(user_with_role(roles.COORDINATOR, email="coord@example.org"))
    return client


def selects(captured: CaptureQueriesContext) -> list[str]:
    # A union of selects opens with a bracket.
    return [
        q["sql"] for q in captured.captured_queries if q["sql"].lstrip("( ").startswith("SELECT")
    ]


def writes(captured: CaptureQueriesContext) -> list[str]:
    return [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].lstrip().startswith(("INSERT", "UPDATE", "DELETE"))
    ]


def tables_read(captured: CaptureQueriesContext) -> set[str]:
    return {
        table for sql in selects(captured) for table in re.findall(r'(?:FROM|JOIN) "(\w+)"', sql)
    }


# Before the view runs, the middleware reads the session and the signed-in user from default.
MIDDLEWARE_TABLES = {Session._meta.db_table, User._meta.db_table}


def get_capturing(client, url: str) -> tuple[object, CaptureQueriesContext, CaptureQueriesContext]:
    with (
        CaptureQueriesContext(connections["default"]) as default,
        CaptureQueriesContext(connections[REPLICA]) as replica,
    ):
        response = client.get(url)
    return response, default, replica


def report_urls(survey: Survey) -> list[str]:
    return [
        reverse("dashboard"),
        reverse("dashboard_outcomes"),
        reverse("reports"),
        reverse("api-network-activity"),
        reverse("api-outcomes-report"),
        reverse("surveys:results", args=[survey.pk]),
        reverse("survey-results", args=[survey.pk]),
    ]


def survey_with_an_answer() -> Survey:
    survey = SurveyFactory(opens_at=timezone.now() - datetime.timedelta(days=3))
    SurveyAnswerFactory(question=QuestionFactory(survey=survey), response__survey=survey)
    return survey


def test_report_reads_go_through_the_replica(router, coordinator_client):
    ContactFactory.create_batch(3, date=timezone.localdate())
    survey = survey_with_an_answer()

    for url in report_urls(survey):
        response, default, replica = get_capturing(coordinator_client, url)

        assert response.status_code == 200, url
        assert tables_read(default) <= MIDDLEWARE_TABLES, url
        assert tables_read(replica) - MIDDLEWARE_TABLES, url
        assert writes(replica) == [], url


def test_the_network_activity_read_through_the_replica_counts_every_committed_contact(
    router, coordinator_client
):
    ContactFactory.create_batch(4, date=timezone.localdate())

    response, _, replica = get_capturing(coordinator_client, reverse("api-network-activity"))

    # The figures come from the contact rollups each write keeps in its own transaction.
    assert {grain.model._meta.db_table for grain in GRAINS} & tables_read(replica)
    assert response.json()["total"] == 4


def test_pages_that_are_not_reports_never_touch_the_replica(router, coordinator_client):
    response, default, replica = get_capturing(coordinator_client, reverse("mentors:list"))

    assert response.status_code == 200
    assert tables_read(default) - MIDDLEWARE_TABLES
    assert replica.captured_queries == []


def test_without_the_router_report_reads_use_the_default_database(coordinator_client):
    ContactFactory(date=timezone.localdate())

    for url in report_urls(survey_with_an_answer()):
        response, default, replica = get_capturing(coordinator_client, url)

        assert response.status_code == 200, url
        assert tables_read(default) - MIDDLEWARE_TABLES, url
        assert replica.captured_queries == [], url


def test_writes_inside_a_replica_scope_go_to_the_default_database(router):
    contact = ContactFactory()
    with (
        reads_from_replica(),
        CaptureQueriesContext(connections["default"]) as default,
        CaptureQueriesContext(connections[REPLICA]) as replica,
    ):
        read = Contact.objects.get(pk=contact.pk)
        read_from = read._state.db
        read.summary = "Changed while reading from the replica"
        read.save(update_fields=["summary"])
        ContactFactory(mentor=read.mentor, task=read.task)

    assert (read_from, read._state.db) == (REPLICA, "default")
    assert len(selects(replica)) >= 1
    assert writes(replica) == []
    assert any(sql.startswith("UPDATE") for sql in writes(default))
    assert any(sql.startswith("INSERT") for sql in writes(default))
    assert Contact.objects.get(pk=contact.pk).summary == "Changed while reading from the replica"


def test_reads_in_a_transaction_stay_on_the_default_database(router):
    ContactFactory()
    with reads_from_replica(), CaptureQueriesContext(connections[REPLICA]) as replica:
        with transaction.atomic():
            in_transaction = Contact.objects.count()
        outside = Contact.objects.count()

    assert in_transaction == outside == 1
    assert len(replica.captured_queries) == 1  # the count outside the transaction


def test_requests_served_side_by_side_by_threads_keep_their_own_replica_scope():
    """A view decorated once serves concurrent requests in threads (gunicorn's threaded
    workers): one request ending while another runs must neither fail nor end the other's
    scope. Before, both calls shared the decorator's one token."""
    from leadvet import db_routers

    first_inside, second_inside, first_left = (threading.Event() for _ in range(3))
    seen, failures = {}, []

    @reads_from_replica()
    def view(name, entered, wait_for):
        entered.set()
        assert wait_for.wait(10)
        seen[name] = db_routers._replica_reads.get()

    def run(*arguments):
        try:
            view(*arguments)
        except Exception as error:  # noqa: BLE001 - the test reports what a thread raised
            failures.append(error)

    first = threading.Thread(target=run, args=("first", first_inside, second_inside))
    first.start()
    assert first_inside.wait(10)
    second = threading.Thread(target=run, args=("second", second_inside, first_left))
    second.start()
    first.join(10)
    first_left.set()
    second.join(10)
    assert failures == []
    assert seen == {"first": True, "second": True}
    assert db_routers._replica_reads.get() is False


def test_the_replica_setting_adds_the_alias_and_the_router():
    """Settings are read once, at start-up: in a process of their own."""
    script = (
        "from django.conf import settings as s; "
        "print(s.DATABASES['replica']['HOST'], s.DATABASES['replica']['NAME']); "
        "print(s.DATABASE_ROUTERS)"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "DATABASE_URL": "postgres://u@primary.example.org:5432/leadvet",
        "DATABASE_REPLICA_URL": "postgres://u@replica.example.org:5432/leadvet",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "replica.example.org leadvet",
        "['leadvet.db_routers.ReplicaRouter']",
    ]
