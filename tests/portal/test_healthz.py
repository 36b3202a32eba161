import pytest

from tests.reliability.test_cache_down import DEAD_REDIS, fail_safe_cache

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker_unreachable(monkeypatch):
    from leadvet.celery import app

    names = ("broker_url", "broker_transport", "broker_transport_options")
    saved = {name: app.conf[name] for name in names}
    # A real port on loopback where nothing listens: the connection is refused.
    # Celery lets the environment variable win over the configured URL, so set both.
    monkeypatch.setenv("CELERY_BROKER_URL", DEAD_REDIS)
    app.conf.broker_url = DEAD_REDIS
    app.conf.broker_transport = None  # the URL's (redis), not the embedded broker's
    app.conf.broker_transport_options = {"socket_connect_timeout": 1}
    yield
    for name, value in saved.items():
        app.conf[name] = value


def test_healthz_reports_database_cache_and_broker_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "broker": "ok"},
        "degraded": [],
    }


def test_healthz_answers_503_when_the_broker_is_unreachable(client, broker_unreachable):
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["checks"] == {"database": "ok", "cache": "ok", "broker": "down"}
    assert body["status"] == "degraded"
    assert body["degraded"] == ["email", "background-tasks"]


def test_healthz_answers_200_degraded_when_only_the_cache_is_down(client, settings):
    """Every node still serves everyone from its own memory: a load balancer must keep it."""
    settings.CACHES = fail_safe_cache(DEAD_REDIS)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "degraded",
        "checks": {"database": "ok", "cache": "down", "broker": "ok"},
        "degraded": ["dashboard-cache", "rate-limits-per-process"],
    }


def test_healthz_names_every_degraded_feature_when_cache_and_broker_are_down(
    client, settings, broker_unreachable
):
    settings.CACHES = fail_safe_cache(DEAD_REDIS)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["degraded"] == [
        "dashboard-cache",
        "rate-limits-per-process",
        "email",
        "background-tasks",
    ]


def test_healthz_answers_503_when_the_database_is_down(client, monkeypatch):
    from django.db import OperationalError

    from portal import health

    def broken_cursor():
        raise OperationalError("database is gone")

    monkeypatch.setattr(health.connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "down"
    assert response.json()["checks"]["database"] == "down"
