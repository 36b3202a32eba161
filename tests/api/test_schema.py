"""The OpenAPI schema is valid and complete, and the API keeps to it (schemathesis)."""

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from leadvet.api.tokens import create_token
from leadvet.wsgi import application
from tests.factories import (
    AvailabilityFactory,
    ContactFactory,
    ContactRequestFactory,
    QuestionFactory,
    RegistrationFactory,
    VTEGroupFactory,
)


def test_schema_is_valid_without_warnings(tmp_path):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    text = target.read_text()
    for path in [
        "/api/v1/colleges/",
        "/api/v1/mentors/{id}/",
        "/api/v1/contact-requests/{id}/answer/",
        "/api/v1/events/{id}/register/",
        "/api/v1/registrations/{id}/cancel/",
        "/api/v1/surveys/{id}/results/",
        "/api/v1/reports/network-activity/",
    ]:
        assert f"{path}:" in text


@pytest.mark.django_db
def test_schema_and_docs_are_served_to_signed_in_users(client, mentor):
    assert client.get("/api/schema/").status_code == 401
    client.force_login(mentor.user)
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert "swagger" in docs.content.decode().lower()


@pytest.fixture
def connections_kept_open():
    """Requests made straight to the WSGI app would close the test's database connection
    at their end (inside the test transaction); Django's test client avoids it the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def coordinator_token(coordinator):
    return create_token(user=coordinator, name="schemathesis", can_write=False)[1]


GET_OPERATIONS = 33  # every GET operation of the schema: a new endpoint must be counted here
WRITE_OPERATIONS = 42  # every POST, PUT, PATCH and DELETE operation, likewise


@pytest.mark.django_db
@pytest.mark.slow
def test_get_endpoints_keep_to_the_schema(coordinator_token, connections_kept_open):
    """Every GET operation, a few generated requests each, as a coordinator's token: no 5xx,
    and every documented response conforms to the schema (error answers too: 400/404 bodies
    are checked against the Error and ValidationError components).

    Schemathesis' pytest loader (`from_fixture`) does not run under pytest 9, so the
    operations are driven through Hypothesis directly; its settings here, not schemathesis'
    own `seed` and `generation.deterministic`, make the requests: derandomized, the same
    on every run."""
    ContactFactory()
    AvailabilityFactory()
    ContactRequestFactory()
    RegistrationFactory()
    VTEGroupFactory()
    QuestionFactory()
    headers = {"Authorization": f"Bearer {coordinator_token}"}
    schema = schemathesis.openapi.from_wsgi("/api/schema/", application, headers=headers)
    operations = [result.ok() for result in schema.include(method="GET").get_all_operations()]
    assert len(operations) == GET_OPERATIONS
    checks = [not_a_server_error, content_type_conformance, response_schema_conformance]

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=5,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def keeps_to_schema(case):
            case.call_and_validate(headers=headers, checks=checks)

        keeps_to_schema()


@pytest.fixture
def coordinator_write_token(coordinator):
    return create_token(user=coordinator, name="schemathesis-writes", can_write=True)[1]


@pytest.mark.django_db
@pytest.mark.slow
def test_write_endpoints_keep_to_the_schema(coordinator_write_token, connections_kept_open):
    """Every POST, PUT, PATCH and DELETE operation with generated bodies (mostly invalid,
    some valid), as a coordinator's read-write token: no 5xx, and every answer, 2xx or error,
    conforms to the schema."""
    ContactFactory()
    AvailabilityFactory()
    ContactRequestFactory()
    RegistrationFactory()
    VTEGroupFactory()
    QuestionFactory()
    headers = {"Authorization": f"Bearer {coordinator_write_token}"}
    schema = schemathesis.openapi.from_wsgi("/api/schema/", application, headers=headers)
    operations = [
        result.ok()
        for result in schema.include(method=["POST", "PUT", "PATCH", "DELETE"]).get_all_operations()
    ]
    assert len(operations) == WRITE_OPERATIONS
    checks = [not_a_server_error, content_type_conformance, response_schema_conformance]

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=5,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def keeps_to_schema(case):
            case.call_and_validate(headers=headers, checks=checks)

        keeps_to_schema()
