"""A web request never runs an SQL statement past DATABASE_STATEMENT_TIMEOUT seconds.

On PostgreSQL each connection a web request opens is given a `statement_timeout`: a query
that would run longer is cancelled, the request answers 503 with a page that says so
(leadvet.middleware.StatementTimeoutMiddleware), and the worker is free for the next request.
Long work belongs in a background job (leadvet.lib.jobs).

Only web requests are limited. The WSGI application (leadvet/wsgi.py: gunicorn, runserver)
marks the thread that serves a request; a connection opened by a marked thread gets the
limit. Celery workers (a job may read a million rows), beat, management commands (`migrate`,
`generate_network`) and the test client never pass through it and run without one.
"""

import threading

from django.conf import settings
from django.db.backends.signals import connection_created

_serving = threading.local()


def limit_statement_time(sender, connection, **kwargs) -> None:
    """connection_created: the limit, on a PostgreSQL connection a web request opened."""
    seconds = settings.DATABASE_STATEMENT_TIMEOUT
    if not getattr(_serving, "web_request", False) or not seconds:
        return
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('statement_timeout', %s, false)", [f"{seconds}s"])


class LimitedStatements:
    """The WSGI application, its requests' connections limited (see the module)."""

    def __init__(self, application):
        self.application = application
        connection_created.connect(limit_statement_time, dispatch_uid="leadvet-web-limits")

    def __call__(self, environ, start_response):
        _serving.web_request = True
        return self.application(environ, start_response)
