import pytest

from colleges.models import VocationalField
from tests.factories import (
    ContactFactory,
    PartnerCollegeFactory,
    VocationalFieldFactory,
    VTEGroupFactory,
)

pytestmark = pytest.mark.django_db

COLLEGES = "/api/v1/colleges/"
FIELDS = "/api/v1/fields/"
GROUPS = "/api/v1/vte-groups/"


def test_anonymous_gets_401_with_a_json_body(api_as):
    response = api_as(None).get(COLLEGES)
    assert response.status_code == 401
    assert "detail" in response.json()


@pytest.mark.parametrize("who", ["coordinator", "steering", "college_coordinator"])
def test_pool_managers_and_steering_list_colleges_with_counts(api_as, request, who, college):
    ContactFactory(mentor__college=college, college=college)
    response = api_as(request.getfixturevalue(who)).get(COLLEGES)
    assert response.status_code == 200
    rows = {row["id"]: row for row in response.json()["results"]}
    assert rows[college.pk]["recent_contact_count"] == 1
    assert rows[college.pk]["country"] == "FI"


@pytest.mark.parametrize("who", ["mentor", "teacher_educator"])
def test_mentors_and_teacher_educators_may_not_list_colleges(api_as, request, who):
    user = request.getfixturevalue(who)
    user = getattr(user, "user", user)
    response = api_as(user).get(COLLEGES)
    assert response.status_code == 403
    assert response.json()["detail"]


def test_colleges_filter_search_and_order(api_as, coordinator):
    PartnerCollegeFactory(name="Omnia", city="Espoo")
    PartnerCollegeFactory(name="Stadin ammattiopisto", city="Helsinki")
    client = api_as(coordinator)
    assert [r["name"] for r in client.get(COLLEGES, {"search": "omnia"}).json()["results"]] == [
        "Omnia"
    ]
    names = [r["name"] for r in client.get(COLLEGES, {"ordering": "-name"}).json()["results"]]
    assert names == sorted(names, reverse=True)
    assert (
        client.get(COLLEGES, {"ordering": "bogus"}).status_code == 200
    )  # unknown orderings ignored


def test_college_list_query_count_does_not_grow(
    api_as, coordinator, django_assert_num_queries, django_assert_max_num_queries
):
    client = api_as(coordinator)
    PartnerCollegeFactory.create_batch(5)
    client.get(COLLEGES)
    with django_assert_max_num_queries(8) as few:
        client.get(COLLEGES)
    PartnerCollegeFactory.create_batch(25)
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(client.get(COLLEGES).json()["results"]) == 30


def test_coordinator_creates_a_field_through_the_service(api_as, coordinator):
    response = api_as(coordinator).post(FIELDS, {"name": "Logistics", "is_shortage": True})
    assert response.status_code == 201
    assert response.json()["mentor_count"] == 0
    assert VocationalField.objects.get(name="Logistics").is_shortage


def test_field_with_a_taken_name_is_refused_with_the_field_named(api_as, coordinator):
    VocationalFieldFactory(name="Logistics")
    response = api_as(coordinator).post(FIELDS, {"name": "Logistics"}, format="json")
    assert response.status_code == 400
    assert "name" in response.json()
    assert VocationalField.objects.filter(name="Logistics").count() == 1


def test_field_with_a_wrong_type_is_refused(api_as, coordinator):
    response = api_as(coordinator).post(
        FIELDS, {"name": "X", "is_shortage": "perhaps"}, format="json"
    )
    assert response.status_code == 400
    assert "is_shortage" in response.json()
    assert not VocationalField.objects.filter(name="X").exists()


@pytest.mark.parametrize("who", ["college_coordinator", "steering"])
def test_only_network_coordinators_write_fields(api_as, request, who):
    field = VocationalFieldFactory(name="Cooking")
    client = api_as(request.getfixturevalue(who))
    assert client.post(FIELDS, {"name": "Logistics"}).status_code == 403
    assert client.patch(f"{FIELDS}{field.pk}/", {"name": "Baking"}).status_code == 403
    field.refresh_from_db()
    assert field.name == "Cooking"
    assert not VocationalField.objects.filter(name="Logistics").exists()


def test_read_only_token_cannot_write_fields(token_client, coordinator):
    client = token_client(coordinator, can_write=False)
    assert client.get(FIELDS).status_code == 200
    response = client.post(FIELDS, {"name": "Logistics"})
    assert response.status_code == 403
    assert not VocationalField.objects.filter(name="Logistics").exists()


def test_read_write_token_writes_fields(token_client, coordinator):
    response = token_client(coordinator, can_write=True).post(FIELDS, {"name": "Logistics"})
    assert response.status_code == 201


def test_teacher_educator_sees_only_own_groups(api_as, teacher_educator):
    own = VTEGroupFactory(teacher_educator=teacher_educator)
    other = VTEGroupFactory()
    client = api_as(teacher_educator)
    assert [g["id"] for g in client.get(GROUPS).json()["results"]] == [own.pk]
    assert client.get(f"{GROUPS}{other.pk}/").status_code == 404


def test_steering_may_not_list_groups(api_as, steering):
    assert api_as(steering).get(GROUPS).status_code == 403


@pytest.mark.parametrize("url", [FIELDS, GROUPS])
def test_field_and_group_lists_query_count_does_not_grow(
    api_as, coordinator, url, django_assert_num_queries, django_assert_max_num_queries
):
    client = api_as(coordinator)
    VTEGroupFactory.create_batch(5, field=VocationalFieldFactory())
    client.get(url)
    with django_assert_max_num_queries(8) as few:
        client.get(url)
    for _ in range(25):
        VTEGroupFactory(field=VocationalFieldFactory())
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(url).json()["count"] >= 26
