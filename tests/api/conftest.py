"""Clients for the API tests: a session per role, and personal tokens."""

import pytest
from rest_framework.test import APIClient

from leadvet.api.tokens import create_token
from tests.factories import PartnerCollegeFactory, college_coordinator_for


@pytest.fixture
def api_as(db):
    """`api_as(user)`: an APIClient signed in with the session (None: anonymous)."""

    def log_in(user):
        client = APIClient()
        if user is not None:
            client.force_login(user)
        return client

    return log_in


@pytest.fixture
def token_client():
    """A client that sends `Authorization: Bearer <token>` for a new token of the user."""

    def make(user, *, can_write: bool):
        _token, raw = create_token(user=user, name="integration", can_write=can_write)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
        return client

    return make


@pytest.fixture
def college(db):
    return PartnerCollegeFactory()


@pytest.fixture
def college_coordinator(college):
    return college_coordinator_for(college, email="college-coord@example.org")
