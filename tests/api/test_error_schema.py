"""The error answers are in the schema (leadvet.api.schema), and real error answers keep to
what it documents for their operation and status code: the schema served at /api/schema/
is the reference, not a copy of it here."""

import json

import pytest
from jsonschema import Draft4Validator
from rest_framework.test import APIClient

from colleges.models import VocationalField
from events.models import Event
from leadvet.api.auth import PerTokenRateThrottle
from leadvet.api.tokens import create_token
from mentors.models import Mentor
from tests.factories import EventFactory, SurveyFactory, VocationalFieldFactory


@pytest.fixture
def openapi(api_as, coordinator):
    response = api_as(coordinator).get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return json.loads(response.content)


def documented(openapi, method: str, path: str, status: int) -> Draft4Validator:
    """A validator for the JSON body the schema documents for the operation and status."""
    responses = openapi["paths"][path][method]["responses"]
    assert str(status) in responses, f"{method.upper()} {path} does not document {status}"
    body = responses[str(status)]["content"]["application/json"]["schema"]
    # The components travel with it, so that its $refs resolve.
    return Draft4Validator({**body, "components": openapi["components"]})


def assert_documented(openapi, method, path, response, status):
    assert response.status_code == status, response.content
    validator = documented(openapi, method, path, status)
    errors = [error.message for error in validator.iter_errors(response.json())]
    assert errors == []


def test_every_operation_documents_its_error_answers(openapi):
    for path, operations in openapi["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert {"401", "403", "429"} <= codes, (method, path)
            if "{" in path:
                assert "404" in codes, (method, path)
            if method != "get":
                assert "400" in codes, (method, path)
            if "requestBody" in operation:
                assert "415" in codes, (method, path)


def test_request_bodies_are_json_only(openapi):
    """The API parses JSON only, and the schema offers nothing else: a client generated from it
    (tests/api/test_generated_client.py) sends JSON."""
    bodies = [
        operation["requestBody"]
        for operations in openapi["paths"].values()
        for operation in operations.values()
        if "requestBody" in operation
    ]
    assert bodies
    assert {media_type for body in bodies for media_type in body["content"]} == {"application/json"}


def test_the_error_components_refuse_other_shapes(openapi):
    """The validators are real: bodies of another shape do not pass."""
    forbidden = documented(openapi, "post", "/api/v1/fields/", 403)
    assert forbidden.is_valid({"detail": "No."})
    assert not forbidden.is_valid({"message": "No."})
    assert not forbidden.is_valid({"detail": ["No."]})
    refused = documented(openapi, "post", "/api/v1/fields/", 400)
    assert refused.is_valid({"name": ["This field may not be blank."]})
    assert refused.is_valid({"reminder_days": {"0": ["A valid integer is required."]}})
    assert not refused.is_valid({"name": "This field may not be blank."})
    assert not refused.is_valid({"non_field_errors": "No."})


@pytest.mark.django_db
class TestRealErrorAnswersKeepToTheSchema:
    def test_400_field_errors(self, openapi, api_as, coordinator):
        response = api_as(coordinator).post(
            "/api/v1/fields/", {"name": "", "is_shortage": "perhaps"}, format="json"
        )
        assert_documented(openapi, "post", "/api/v1/fields/", response, 400)
        assert set(response.json()) == {"name", "is_shortage"}

    def test_400_nested_field_errors(self, openapi, api_as, coordinator):
        response = api_as(coordinator).patch(
            f"/api/v1/surveys/{SurveyFactory().pk}/",
            {"reminder_days": ["soon"]},
            format="json",
        )
        assert_documented(openapi, "patch", "/api/v1/surveys/{id}/", response, 400)
        assert set(response.json()["reminder_days"]) == {"0"}

    def test_400_from_a_service(self, openapi, api_as, coordinator):
        event = EventFactory(status=Event.Status.CANCELLED)
        response = api_as(coordinator).post(f"/api/v1/events/{event.pk}/cancel/")
        assert_documented(openapi, "post", "/api/v1/events/{id}/cancel/", response, 400)
        assert set(response.json()) == {"non_field_errors"}

    def test_400_bad_filter(self, openapi, api_as, coordinator):
        response = api_as(coordinator).get("/api/v1/mentors/", {"status": "nowhere"})
        assert_documented(openapi, "get", "/api/v1/mentors/", response, 400)

    def test_400_search_with_a_null_character(self, openapi, api_as, coordinator):
        response = api_as(coordinator).get("/api/v1/mentors/", {"search": "a\x00b"})
        assert_documented(openapi, "get", "/api/v1/mentors/", response, 400)
        assert response.json() == {"search": ["Null characters are not allowed."]}

    def test_400_body_that_is_not_json(self, openapi, api_as, coordinator):
        response = api_as(coordinator).post(
            "/api/v1/fields/", "{not json", content_type="application/json"
        )
        assert_documented(openapi, "post", "/api/v1/fields/", response, 400)
        assert set(response.json()) == {"detail"}

    @pytest.mark.parametrize("format", ["multipart", "form"])
    def test_415_form_or_multipart_body(self, openapi, api_as, coordinator, format):
        client = api_as(coordinator)
        fields_before = VocationalField.objects.count()
        if format == "multipart":
            response = client.post("/api/v1/fields/", {"name": "Welding"}, format="multipart")
        else:
            response = client.post(
                "/api/v1/fields/",
                "name=Welding",
                content_type="application/x-www-form-urlencoded",
            )
        assert_documented(openapi, "post", "/api/v1/fields/", response, 415)
        assert set(response.json()) == {"detail"}
        assert VocationalField.objects.count() == fields_before

    def test_415_on_a_change_and_an_action(self, openapi, api_as, coordinator, mentor):
        client = api_as(coordinator)
        field = VocationalFieldFactory(name="Welding")
        response = client.patch(f"/api/v1/fields/{field.pk}/", {"name": "X"}, format="multipart")
        assert_documented(openapi, "patch", "/api/v1/fields/{id}/", response, 415)
        field.refresh_from_db()
        assert field.name == "Welding"
        response = client.post(
            f"/api/v1/mentors/{mentor.pk}/status/", {"to_status": "paused"}, format="multipart"
        )
        assert_documented(openapi, "post", "/api/v1/mentors/{id}/status/", response, 415)
        mentor.refresh_from_db()
        assert mentor.status == Mentor.Status.ACTIVE

    def test_401_anonymous(self, openapi, api_as):
        response = api_as(None).get("/api/v1/fields/")
        assert_documented(openapi, "get", "/api/v1/fields/", response, 401)
        assert response.headers["WWW-Authenticate"] == "Bearer"

    def test_403_role(self, openapi, api_as, mentor):
        response = api_as(mentor.user).post("/api/v1/fields/", {"name": ""}, format="json")
        assert_documented(openapi, "post", "/api/v1/fields/", response, 403)

    def test_403_read_only_token(self, openapi, token_client, coordinator):
        client = token_client(coordinator, can_write=False)
        response = client.post("/api/v1/fields/", {"name": "Welding"}, format="json")
        assert_documented(openapi, "post", "/api/v1/fields/", response, 403)

    def test_404_unknown_id(self, openapi, api_as, coordinator):
        response = api_as(coordinator).patch("/api/v1/fields/999999/", {}, format="json")
        assert_documented(openapi, "patch", "/api/v1/fields/{id}/", response, 404)

    def test_404_page_past_the_end(self, openapi, api_as, coordinator):
        VocationalFieldFactory()
        response = api_as(coordinator).get("/api/v1/fields/", {"page": 99})
        assert_documented(openapi, "get", "/api/v1/fields/", response, 404)

    def test_429_throttled(self, openapi, coordinator, monkeypatch):
        monkeypatch.setattr(PerTokenRateThrottle, "THROTTLE_RATES", {"token": "1/hour"})
        client = APIClient()
        raw = create_token(user=coordinator, name="throttled", can_write=False)[1]
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
        assert client.get("/api/v1/fields/").status_code == 200
        response = client.get("/api/v1/fields/")
        assert_documented(openapi, "get", "/api/v1/fields/", response, 429)
        assert int(response.headers["Retry-After"]) > 0
