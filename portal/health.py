"""Health of what the portal depends on: the database and the Celery broker."""

import logging

from django.db import connection
from kombu import Connection

from leadvet.celery import app as celery_app

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
            transport_options=conf.broker_transport_options,
            connect_timeout=timeout,
        ) as conn:
            conn.ensure_connection(max_retries=1, timeout=timeout)
            conn.default_channel.close()  # opening a channel fails on a refused port
        return True
    except Exception:
        logger.warning("health: broker check failed", exc_info=True)
        return False
