"""The coordinators' alumni pool: filters, pagination, a fixed number of queries."""

import pytest
from django.urls import reverse

from alumni.models import AlumniApplication
from leadvet import roles
from tests.factories import (
    AlumniApplicationFactory,
    MentorFactory,
    PartnerCollegeFactory,
    VocationalFieldFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


def names(response) -> set[str]:
    return {application.name for application in response.context["page_obj"].object_list}


def test_filters_by_field_year_college_status_and_mentor_path(coordinator_client):
    welding, nursing = (
        VocationalFieldFactory(name="Welding"),
        VocationalFieldFactory(name="Nursing"),
    )
    omnia = PartnerCollegeFactory(name="Omnia")
    AlumniApplicationFactory(
        first_name="Old", last_name="Welder", field=welding, graduation_year=2001
    )
    AlumniApplicationFactory(
        first_name="New", last_name="Nurse", field=nursing, graduation_year=2022, college=omnia
    )
    active = MentorFactory()
    AlumniApplicationFactory(
        first_name="Now",
        last_name="Mentor",
        field=nursing,
        graduation_year=2010,
        status=AlumniApplication.Status.APPROVED,
        mentor=active,
    )
    url = reverse("alumni:pool")
    assert names(coordinator_client.get(url, {"field": welding.pk})) == {"Old Welder"}
    assert names(coordinator_client.get(url, {"graduated_from": 2009})) == {
        "New Nurse",
        "Now Mentor",
    }
    assert names(coordinator_client.get(url, {"graduated_until": 2009})) == {"Old Welder"}
    assert names(coordinator_client.get(url, {"college": omnia.pk})) == {"New Nurse"}
    assert names(coordinator_client.get(url, {"status": "approved"})) == {"Now Mentor"}
    assert names(coordinator_client.get(url, {"mentor_path": "active"})) == {"Now Mentor"}
    assert names(coordinator_client.get(url, {"mentor_path": "none"})) == {
        "Old Welder",
        "New Nurse",
    }
    assert names(coordinator_client.get(url, {"q": "omnia"})) == {"New Nurse"}


def test_an_empty_pool_says_so(coordinator_client):
    response = coordinator_client.get(reverse("alumni:pool"))
    assert "No alumni or requests match these filters." in response.text


def test_a_bad_filter_value_shows_an_error_not_a_crash(coordinator_client):
    response = coordinator_client.get(reverse("alumni:pool"), {"graduated_from": "soon"})
    assert response.status_code == 200


def test_the_pool_makes_the_same_number_of_queries_for_more_alumni(
    coordinator_client, django_assert_max_num_queries
):
    AlumniApplicationFactory.create_batch(3, mentor=None)
    coordinator_client.get(reverse("alumni:pool"))
    for _ in range(20):
        AlumniApplicationFactory(
            status=AlumniApplication.Status.APPROVED,
            mentor=MentorFactory(),
            college=PartnerCollegeFactory(),
        )
    with django_assert_max_num_queries(9):
        response = coordinator_client.get(reverse("alumni:pool"))
    assert len(response.context["page_obj"].object_list) == 23


@pytest.mark.parametrize(
    "role", [roles.MENTOR, roles.COLLEGE_COORDINATOR, roles.STEERING, roles.ALUMNI]
)
def test_the_pool_is_for_network_coordinators_only(client, role):
    client.force_login(user_with_role(role))
    assert client.get(reverse("alumni:pool")).status_code == 403
