"""Beyond one machine: two web nodes and two Celery workers against one PostgreSQL and one Redis.

Two gunicorn processes on ports of their own and two Celery worker processes run against
this test's PostgreSQL database and a redis-server of its own (cache and broker). Mentors
write through both nodes (contacts, registrations); a coordinator reads the figures from both
and finds them the same, with every write in them. Both workers take the same event's
reminder fan-out at once (each through a queue only it consumes), and the registrations'
confirmations through the shared queue: every e-mail reaches the shared mail folder once.
"""

import datetime
import json
import re
import secrets
import shutil
import urllib.parse
from collections import Counter
from importlib import import_module

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from events.models import EventNotice, Registration
from leadvet import roles
from leadvet.celery import app
from mentors.models import Contact, MentorTask
from tests.factories import (
    ContactFactory,
    EventFactory,
    MentorFactory,
    RegistrationFactory,
    user_with_role,
)
from tests.multinode.nodes import (
    WebNode,
    Worker,
    cluster_environment,
    messages_in,
    stop_all,
    wait_until,
)
from tests.redis_server import RedisServer

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="several processes writing one database at once: PostgreSQL only (CI runs it "
        "on PostgreSQL and Redis; SQLite serialises writers on a file lock)",
    ),
    pytest.mark.django_db(transaction=True),
]

REMINDER_TASK = "events.send_event_reminders"
OTHER_REGISTRANTS = 30


def signed_in(user) -> str:
    """A session for `user` in the shared database, with a CSRF token: the Cookie header."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def writer(user) -> dict:
    csrf = secrets.token_hex(16)
    return {"cookie": f"{signed_in(user)}; {settings.CSRF_COOKIE_NAME}={csrf}", "csrf": csrf}


def log_contact(node: WebNode, person: dict, task_id: int, summary: str) -> None:
    form = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": person["csrf"],
            "date": timezone.localdate().isoformat(),
            "counterpart_kind": "teacher_student",
            "task": task_id,
            "channel": "video",
            "duration_minutes": 30,
            "summary": summary,
        }
    )
    status, headers, _ = node.request("POST", "/contacts/new/", cookie=person["cookie"], form=form)
    assert (status, headers.get("Location")) == (302, reverse("mentors:contact_list")), node.name


def register(node: WebNode, person: dict, event_id: int) -> None:
    form = urllib.parse.urlencode({"csrfmiddlewaretoken": person["csrf"]})
    path = reverse("events:register", args=[event_id])
    status, headers, _ = node.request("POST", path, cookie=person["cookie"], form=form)
    assert (status, headers.get("Location")) == (
        302,
        reverse("events:detail", args=[event_id]),
    ), node.name


def network_total(node: WebNode, cookie: str) -> int:
    status, _, body = node.request("GET", reverse("api-network-activity"), cookie=cookie)
    assert status == 200, node.name
    return json.loads(body)["total"]


def recipient(message) -> str:
    (address,) = message["To"].addresses
    return address.addr_spec


STAT = re.compile(r'<p class="card-title[^"]*">([^<]+)</p>\s*<p class="display-6 mb-0">([^<]+)</p>')


def dashboard_stats(node: WebNode, cookie: str) -> dict[str, str]:
    """The dashboard's headline figures, label → value as shown."""
    status, _, body = node.request("GET", reverse("dashboard"), cookie=cookie)
    assert status == 200, node.name
    stats = dict(STAT.findall(body.decode()))
    assert "Contacts in the selected period" in stats, node.name
    return stats


@pytest.fixture
def cluster(tmp_path):
    """Redis, two web nodes and two workers; everything stopped at the end."""
    if shutil.which("redis-server") is None:
        pytest.fail("redis-server is missing: apt-get install redis-server (.ci/run installs it)")
    (tmp_path / "redis").mkdir()
    redis = RedisServer(tmp_path / "redis")
    redis.start()
    mail_dir, var_dir = tmp_path / "mail", tmp_path / "var"
    mail_dir.mkdir()
    var_dir.mkdir()
    env = cluster_environment(redis_port=redis.port, mail_dir=mail_dir, var_dir=var_dir)
    processes = []
    try:
        for cls, name in ((WebNode, "web-a"), (WebNode, "web-b")):
            processes.append(cls(name, env, tmp_path))
        for name in ("worker-a", "worker-b"):
            processes.append(Worker(name, env, tmp_path))
        wait_until(lambda: all(p.ready() for p in processes), "the cluster to start", processes)
        yield {
            "nodes": processes[:2],
            "workers": processes[2:],
            "broker_url": env["CELERY_BROKER_URL"],
            "mail_dir": mail_dir,
            "processes": processes,
        }
    finally:
        stop_all(processes)
        redis.stop()


def test_two_nodes_and_two_workers_agree_on_the_figures_and_send_each_email_once(cluster):
    # Written before either node has cached a figure: the first reads count them.
    coordinator = signed_in(
        user_with_role(roles.COORDINATOR, email="coord@example.org", language="en")
    )
    mentors = [MentorFactory() for _ in range(2)]
    ContactFactory.create_batch(3, mentor=mentors[0])
    event = EventFactory(
        starts_at=timezone.now() + datetime.timedelta(hours=20),
        ends_at=timezone.now() + datetime.timedelta(hours=22),
        reminder_offsets=[24],
    )
    RegistrationFactory.create_batch(OTHER_REGISTRANTS, event=event)
    people = [writer(mentor.user) for mentor in mentors]
    task_id = MentorTask.objects.order_by("number").values_list("pk", flat=True).first()
    node_a, node_b = cluster["nodes"]

    before = {node.name: network_total(node, coordinator) for node in (node_a, node_b)}
    stats_before = dashboard_stats(node_a, coordinator)
    assert before == {"web-a": 3, "web-b": 3}
    assert dashboard_stats(node_b, coordinator) == stats_before

    # Writes through both nodes, each right after a read through the other has cached figures.
    log_contact(node_a, people[0], task_id, "through node a")
    log_contact(node_b, people[1], task_id, "through node b")
    assert network_total(node_a, coordinator) == network_total(node_b, coordinator) == 5
    log_contact(node_b, people[0], task_id, "through node b again")
    log_contact(node_a, people[1], task_id, "through node a again")
    register(node_a, people[0], event.pk)
    register(node_b, people[1], event.pk)

    after = {node.name: network_total(node, coordinator) for node in (node_a, node_b)}
    assert after == {"web-a": 7, "web-b": 7}
    assert Contact.objects.count() == 7
    stats = {node.name: dashboard_stats(node, coordinator) for node in (node_a, node_b)}
    assert stats["web-a"] == stats["web-b"]
    contacts_shown = int(stats["web-a"]["Contacts in the selected period"])
    assert contacts_shown == int(stats_before["Contacts in the selected period"]) + 4

    # The same fan-out handed to both workers at once: each through its own queue.
    workers = cluster["workers"]
    app.conf.task_always_eager = False  # sent to the cluster's broker, not run here
    with app.connection_for_write(cluster["broker_url"]) as broker:
        for worker in workers:
            app.send_task(REMINDER_TASK, args=[event.pk, 24], queue=worker.name, connection=broker)
    registrations = Registration.objects.filter(event=event).count()
    assert registrations == OTHER_REGISTRANTS + 2
    notices = EventNotice.objects.filter(registration__event=event)

    def everything_sent() -> bool:
        return (
            all(worker.succeeded(REMINDER_TASK) == 1 for worker in workers)
            and notices.filter(kind=EventNotice.Kind.REMINDER, sent_at__isnull=False).count()
            == registrations
            and notices.filter(kind=EventNotice.Kind.CONFIRMATION, sent_at__isnull=False).count()
            == 2
            and not notices.filter(sent_at__isnull=True).exists()
        )

    wait_until(everything_sent, "every reminder and confirmation sent", cluster["processes"])

    # Every e-mail owed was delivered once: one message per notice, none twice.
    owed = Counter(notices.values_list("registration__user__email", flat=True))
    messages = list(messages_in(cluster["mail_dir"]))
    received = Counter(recipient(message) for message in messages)
    assert received == owed
    assert sum(received.values()) == registrations + 2
    by_recipient_and_subject = Counter((recipient(m), str(m["Subject"])) for m in messages)
    assert max(by_recipient_and_subject.values()) == 1
    for mentor in mentors:
        assert received[mentor.user.email] == 2  # the confirmation and the reminder
