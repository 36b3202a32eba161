"""Cache down: people sign in, log contacts, register and use the API; nothing is lost.

The outage is real, not a mock: the cache is the production backend (FailSafeRedisCache)
pointed at a loopback port where nothing listens, and, as in a deployment where one Redis is
both, the broker too. What the shared cache could not be told (the dashboard's version bump)
is owed in the database and paid when it is back: by the first process that reaches it, or by
the sweep.
"""

import logging
import re
from contextlib import contextmanager

import pytest
from allauth.account.models import EmailAddress
from django.contrib.messages import constants as message_levels
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from events.models import EventNotice, Registration
from leadvet.api.auth import PerTokenRateThrottle
from leadvet.api.tokens import create_token
from leadvet.celery import app
from leadvet.lib.cache import CacheUnavailable, shared_cache
from mentors.models import Contact
from portal.dashboard.cache import pay_owed_bumps
from portal.models import OwedFiguresBump
from tests.factories import ContactFactory, EventFactory, MentorTaskFactory
from tests.reliability.test_broker_down import broker_unreachable

pytestmark = pytest.mark.django_db

DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1: connection refused


def fail_safe_cache(location: str, **params) -> dict:
    """CACHES as leadvet/settings.py builds it from REDIS_URL."""
    return {
        "default": {
            "BACKEND": "leadvet.lib.cache.FailSafeRedisCache",
            "LOCATION": location,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
            **params,
        }
    }


@pytest.fixture
def cache_down(settings):
    settings.CACHES = fail_safe_cache(DEAD_REDIS)
    cache.clear()  # the memory standing in for Redis: no counts from an earlier test
    with pytest.raises(CacheUnavailable):
        shared_cache().get("anything")  # the outage is real
    yield
    cache.clear()


@contextmanager
def broker_down():
    """The web side's broker unreachable, and tasks sent to it rather than run in-process."""
    app.conf.task_always_eager = False
    try:
        with broker_unreachable():
            yield
    finally:
        app.conf.task_always_eager = True


def _levels(response) -> list[int]:
    return [message.level for message in response.context["messages"]]


def _contact_count(response) -> int:
    """The page's count of the last 30 days' contacts, as shown (a kept body is served without
    reading the figures)."""
    html = response.content.decode()
    shown = html.split("Contacts in the last 30 days</p>", 1)[1]
    return int(re.search(r'<p class="display-6 mb-0">(\d+)</p>', shown).group(1))


def _log_contact(client, task, summary: str):
    return client.post(
        reverse("mentors:contact_create"),
        {
            "date": timezone.localdate().isoformat(),
            "counterpart_kind": "teacher_student",
            "task": task.pk,
            "channel": "video",
            "duration_minutes": 45,
            "summary": summary,
        },
        follow=True,
    )


def test_sign_in_works_and_failed_sign_ins_stay_limited_while_the_cache_is_down(
    client, cache_down, mentor, password
):
    user = mentor.user
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)

    response = client.post(
        reverse("account_login"), {"login": user.email, "password": password}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("home")
    assert response.context["user"] == user

    client.logout()
    for _ in range(5):
        response = client.post(reverse("account_login"), {"login": user.email, "password": "no"})
        assert response.status_code == 200
        assert "not correct" in response.content.decode()
    # The limit is counted in this process's memory: still a limit, not none.
    response = client.post(reverse("account_login"), {"login": user.email, "password": password})
    assert "Too many failed" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_contacts_registrations_api_and_dashboard_work_with_cache_and_broker_down(
    client, cache_down, mentor, coordinator, caplog, django_capture_on_commit_callbacks
):
    task = MentorTaskFactory()
    event = EventFactory()
    _token, raw_token = create_token(user=mentor.user, name="outage", can_write=True)
    caplog.set_level(logging.WARNING)

    with broker_down():
        client.force_login(mentor.user)
        with django_capture_on_commit_callbacks(execute=True):
            response = _log_contact(client, task, "Logged while Redis was down.")
        assert response.redirect_chain == [(reverse("mentors:contact_list"), 302)]
        assert _levels(response) == [message_levels.SUCCESS]

        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                "/api/v1/contacts/",
                {
                    "date": timezone.localdate().isoformat(),
                    "counterpart_kind": "teacher_student",
                    "task": task.pk,
                    "channel": "phone",
                    "duration_minutes": 20,
                    "summary": "Posted through the API while Redis was down.",
                },
                content_type="application/json",
                headers={"Authorization": f"Bearer {raw_token}"},
            )
        assert response.status_code == 201, response.content

        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("events:register", args=[event.pk]), follow=True)
        assert _levels(response) == [message_levels.SUCCESS]

        client.force_login(coordinator)
        response = client.get(reverse("dashboard"))
        assert response.status_code == 200
        assert _contact_count(response) == 2
        response = client.get("/api/v1/reports/network-activity/")
        assert response.status_code == 200
        assert response.json()["total"] == 2

    # Nothing is lost: the writes are there, the e-mail is owed, a bump is owed for each
    # write to the figures' data (the contacts, the registration, what they updated).
    assert set(Contact.objects.values_list("summary", flat=True)) == {
        "Logged while Redis was down.",
        "Posted through the API while Redis was down.",
    }
    assert Registration.objects.get(event=event, user=mentor.user).status == "registered"
    confirmation = EventNotice.objects.get(kind=EventNotice.Kind.CONFIRMATION)
    assert confirmation.sent_at is None
    assert OwedFiguresBump.objects.count() >= 3
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]


def test_the_api_rate_limit_holds_while_the_cache_is_down(client, cache_down, mentor):
    _token, raw_token = create_token(user=mentor.user, name="limited", can_write=False)
    old_rates = PerTokenRateThrottle.THROTTLE_RATES
    PerTokenRateThrottle.THROTTLE_RATES = {**old_rates, "token": "2/hour"}
    try:
        statuses = [
            client.get("/api/v1/me/", headers={"Authorization": f"Bearer {raw_token}"}).status_code
            for _ in range(3)
        ]
    finally:
        PerTokenRateThrottle.THROTTLE_RATES = old_rates
    assert statuses == [200, 200, 429]


def test_figures_cached_before_an_outage_are_not_served_after_it(
    client, settings, redis_server, mentor, coordinator
):
    """Redis goes away (saving its data) and comes back with the figures it held: the bump a
    write owed meanwhile is paid by the first request that reaches it again."""
    settings.CACHES = fail_safe_cache(redis_server.url, RETRY_AFTER=0)
    task = MentorTaskFactory()
    ContactFactory(mentor=mentor, task=task)
    client.force_login(coordinator)
    assert _contact_count(client.get(reverse("dashboard"))) == 1  # now cached in Redis
    version_before = redis_server.client().get(":1:dashboard:version:contacts")

    redis_server.stop()
    client.force_login(mentor.user)
    response = _log_contact(client, task, "Logged during the outage.")
    assert _levels(response) == [message_levels.SUCCESS]
    assert OwedFiguresBump.objects.exists()
    client.force_login(coordinator)
    assert _contact_count(client.get(reverse("dashboard"))) == 2  # counted, not cached

    redis_server.start()
    assert (
        redis_server.client().get(":1:dashboard:version:contacts") == version_before
    )  # stale figures
    assert _contact_count(client.get(reverse("dashboard"))) == 2
    assert not OwedFiguresBump.objects.exists()
    assert int(redis_server.client().get(":1:dashboard:version:contacts")) > int(version_before)


def test_the_sweep_pays_the_bumps_a_cache_outage_left_owed(client, settings, mentor, coordinator):
    """A cache that comes back without telling this process (another node's Redis connection,
    say) still gets its bumps: the sweep pays them."""
    task = MentorTaskFactory()
    ContactFactory(mentor=mentor, task=task)
    client.force_login(coordinator)
    assert _contact_count(client.get(reverse("dashboard"))) == 1  # cached in local memory

    local_memory = settings.CACHES
    settings.CACHES = fail_safe_cache(DEAD_REDIS)
    ContactFactory(mentor=mentor, task=task)
    assert OwedFiguresBump.objects.exists()

    settings.CACHES = local_memory  # back, with the figures from before the outage
    assert _contact_count(client.get(reverse("dashboard"))) == 1
    call_command("send_due_reminders")
    assert not OwedFiguresBump.objects.exists()
    assert _contact_count(client.get(reverse("dashboard"))) == 2


def test_the_sweep_leaves_the_bumps_owed_while_the_cache_is_still_down(cache_down, mentor):
    ContactFactory(mentor=mentor)
    owed = OwedFiguresBump.objects.count()
    assert owed >= 1
    assert pay_owed_bumps() == 0
    assert OwedFiguresBump.objects.count() == owed


def test_values_live_in_this_process_memory_while_redis_is_away(cache_down):
    """What rate limits and locks need (add, get, set, incr, delete) works on the memory."""
    assert cache.add("attempts", 1, timeout=60)
    assert not cache.add("attempts", 1, timeout=60)
    assert cache.incr("attempts") == 2
    cache.set_many({"a": 1, "b": 2}, timeout=60)
    assert cache.get_many(["a", "b", "c"]) == {"a": 1, "b": 2}
    cache.delete("a")
    assert cache.get("a", "gone") == "gone"
    with pytest.raises(CacheUnavailable):
        shared_cache().incr("attempts")  # what every process must share is not faked
