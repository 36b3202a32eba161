import pytest

from leadvet import roles
from tests.factories import user_with_role


@pytest.fixture
def college_coordinator(db):
    return user_with_role(roles.COLLEGE_COORDINATOR, email="college-coord@example.org")


@pytest.fixture
def no_role_user(db):
    from tests.factories import UserFactory

    return UserFactory(email="nobody@example.org")


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Factories hash a password per user; the events tests make many users."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
