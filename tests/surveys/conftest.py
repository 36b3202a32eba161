import pytest

from leadvet import roles
from tests.factories import PartnerCollegeFactory, user_with_role


@pytest.fixture
def college_coordinator(db):
    user = user_with_role(roles.COLLEGE_COORDINATOR, email="college-coord@example.org")
    PartnerCollegeFactory().coordinators.add(user)
    return user


@pytest.fixture
def as_user(client, password):
    def login(user):
        client.force_login(user)
        return client

    return login
