"""Health of what the portal depends on: the database, the shared cache and the Celery broker.

Only the database is indispensable. Without the cache or the broker the portal works on, with
some features degraded (`DEGRADED`); `report` says which, for /healthz.
"""

import logging

from django.db import connection
from kombu import Connection

from leadvet.celery import app as celery_app
from leadvet.lib.cache import cache_reachable

logger = logging.getLogger(__name__)


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return True
    except Exception:
        logger.exception("health: database check failed")
        return False


def broker_ok(timeout: float = 2.0) -> bool:
    """A fresh connection each time: a pooled one could hide a broker that went away."""
    conf = celery_app.conf
    try:
        with Connection(
            conf.broker_url,
            transport=conf.broker_transport,
            transport_options=conf.broker_transport_options,
            connect_timeout=timeout,
        ) as conn:
            conn.ensure_connection(max_retries=1, timeout=timeout)
            conn.default_channel.close()  # opening a channel fails on a refused port
        return True
    except Exception:
        logger.warning("health: broker check failed", exc_info=True)
        return False


# What works differently while a part is down (README "Reliability").
DEGRADED = {
    # Figures are counted from the database on every request, not cached.
    "cache": ["dashboard-cache", "rate-limits-per-process"],
    # E-mails and background work wait in the database; the sweep enqueues them once it is back.
    "broker": ["email", "background-tasks"],
}


def report() -> tuple[dict, int]:
    """The body and HTTP status of /healthz.

    503 when the database is down (nothing works) or the broker is (existing monitors alert
    on it: e-mail waits). 200 with status "degraded" when only the cache is down: every web
    node still serves everyone (from its own memory), so a load balancer must keep it.
    """
    checks = {
        "database": "ok" if database_ok() else "down",
        "cache": "ok" if cache_reachable() else "down",
        "broker": "ok" if broker_ok() else "down",
    }
    degraded = [
        feature
        for part, features in DEGRADED.items()
        if checks[part] != "ok"
        for feature in features
    ]
    if checks["database"] != "ok":
        status = "down"
    elif degraded:
        status = "degraded"
    else:
        status = "ok"
    code = 503 if "down" in (checks["database"], checks["broker"]) else 200
    return {"status": status, "checks": checks, "degraded": degraded}, code
