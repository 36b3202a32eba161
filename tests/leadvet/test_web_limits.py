"""leadvet.web_limits: a web request's SQL statement stops after DATABASE_STATEMENT_TIMEOUT
seconds on PostgreSQL; workers and commands are not limited; a stopped request answers 503."""

import json
import threading
from wsgiref.util import setup_testing_defaults

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import OperationalError, connection, connections
from django.test import RequestFactory
from psycopg.errors import QueryCanceled

from leadvet.middleware import StatementTimeoutMiddleware

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="statement_timeout is PostgreSQL's"
)


def _in_a_web_request_thread(check) -> dict:
    """Serve one WSGI request (as gunicorn does) in a thread of its own, then run `check`
    on the connection that thread's request opened."""
    from leadvet.wsgi import application

    found = {}

    def serve():
        environ = {"PATH_INFO": "/healthz", "HTTP_HOST": "testserver"}
        setup_testing_defaults(environ)
        try:
            b"".join(application(environ, lambda status, headers: None))
            found.update(check(connections["default"]))
        finally:
            connections.close_all()

    thread = threading.Thread(target=serve)
    thread.start()
    thread.join(60)
    return found


def _timeout(conn) -> str:
    with conn.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        return cursor.fetchone()[0]


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_web_requests_connection_stops_a_statement_past_the_limit(settings):
    settings.DATABASE_STATEMENT_TIMEOUT = 1

    def check(conn) -> dict:
        result = {"timeout": _timeout(conn)}
        try:
            with conn.cursor() as cursor:
                cursor.execute("SELECT pg_sleep(3)")
        except OperationalError as error:
            result["cancelled"] = isinstance(error.__cause__, QueryCanceled)
        return result

    assert _in_a_web_request_thread(check) == {"timeout": "1s", "cancelled": True}


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_workers_and_commands_are_not_limited(settings):
    settings.DATABASE_STATEMENT_TIMEOUT = 1
    from leadvet.wsgi import application  # noqa: F401  (its hook is in place, for web threads)

    fresh = connections.create_connection("default")  # as a worker or a command opens one
    try:
        assert _timeout(fresh) == "0"
    finally:
        fresh.close()


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_zero_turns_the_limit_off(settings):
    settings.DATABASE_STATEMENT_TIMEOUT = 0
    assert _in_a_web_request_thread(lambda conn: {"timeout": _timeout(conn)}) == {"timeout": "0"}


def _cancelled() -> OperationalError:
    error = OperationalError("canceling statement due to statement timeout")
    error.__cause__ = QueryCanceled("canceling statement due to statement timeout")
    return error


@pytest.mark.django_db
def test_a_stopped_page_answers_503_with_what_to_do(settings):
    settings.DATABASE_STATEMENT_TIMEOUT = 5
    request = RequestFactory().get("/contacts/college/?college=1")
    request.user = AnonymousUser()
    response = StatementTimeoutMiddleware(lambda r: None).process_exception(request, _cancelled())
    assert response.status_code == 503
    html = response.content.decode()
    assert "more than 5 seconds of work" in html
    assert 'href="/contacts/college/?college=1"' in html and 'href="/downloads/"' in html


def test_a_stopped_api_request_answers_503_in_json(settings):
    settings.DATABASE_STATEMENT_TIMEOUT = 5
    request = RequestFactory().get("/api/v1/contacts/")
    response = StatementTimeoutMiddleware(lambda r: None).process_exception(request, _cancelled())
    assert response.status_code == 503
    assert json.loads(response.content) == {
        "detail": "The request needed more than 5 seconds of work."
    }


def test_other_database_errors_are_left_alone():
    request = RequestFactory().get("/")
    middleware = StatementTimeoutMiddleware(lambda r: None)
    assert middleware.process_exception(request, OperationalError("disk full")) is None
