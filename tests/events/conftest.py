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
