import pytest

from colleges.models import PartnerCollege, VocationalField, VTEGroup
from tests.factories import (
    CollegeUnitFactory,
    ContactFactory,
    CountryFactory,
    GroupAssignmentFactory,
    MentorTaskFactory,
    PartnerCollegeFactory,
    VocationalFieldFactory,
    VTEGroupFactory,
    VTEInstitutionFactory,
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
    response = api_as(coordinator).post(FIELDS, {"name": "Agriculture", "is_shortage": True})
    assert response.status_code == 201
    assert response.json()["mentor_count"] == 0
    assert VocationalField.objects.get(name="Agriculture").is_shortage


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
    assert client.post(FIELDS, {"name": "Agriculture"}).status_code == 403
    assert client.patch(f"{FIELDS}{field.pk}/", {"name": "Baking"}).status_code == 403
    field.refresh_from_db()
    assert field.name == "Cooking"
    assert not VocationalField.objects.filter(name="Agriculture").exists()


def test_read_only_token_cannot_write_fields(token_client, coordinator):
    client = token_client(coordinator, can_write=False)
    assert client.get(FIELDS).status_code == 200
    response = client.post(FIELDS, {"name": "Agriculture"})
    assert response.status_code == 403
    assert not VocationalField.objects.filter(name="Agriculture").exists()


def test_read_write_token_writes_fields(token_client, coordinator):
    response = token_client(coordinator, can_write=True).post(FIELDS, {"name": "Agriculture"})
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


# Writes to colleges: the page's form, service and predicates


def college_data(**overrides):
    data = {
        "name": "Omnia",
        "short_name": "Omnia",
        "country": "FI",
        "city": "Espoo",
        "website": "https://www.omnia.fi/",
        "is_active": True,
    }
    data.update(overrides)
    return data


def test_coordinator_creates_a_college_and_gets_it_with_its_counts(api_as, coordinator):
    field = VocationalFieldFactory(name="Logistics")
    CountryFactory()
    response = api_as(coordinator).post(COLLEGES, college_data(fields=[field.pk]), format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["active_mentor_count"] == 0
    assert body["recent_contact_count"] == 0
    assert body["country"] == "FI"
    assert body["fields"] == [field.pk]
    college = PartnerCollege.objects.get(name="Omnia")
    assert body["id"] == college.pk
    assert list(college.fields.all()) == [field]
    assert college.history.count() == 1


@pytest.mark.parametrize("who", ["college_coordinator", "steering", "teacher_educator"])
def test_only_network_coordinators_create_colleges(api_as, request, who):
    CountryFactory()
    response = api_as(request.getfixturevalue(who)).post(COLLEGES, college_data(), format="json")
    assert response.status_code == 403
    assert response.json()["detail"]
    assert not PartnerCollege.objects.filter(name="Omnia").exists()


def test_mentor_and_anonymous_cannot_create_colleges(api_as, mentor):
    CountryFactory()
    assert api_as(mentor.user).post(COLLEGES, college_data(), format="json").status_code == 403
    response = api_as(None).post(COLLEGES, college_data(), format="json")
    assert response.status_code == 401
    assert "detail" in response.json()
    assert not PartnerCollege.objects.filter(name="Omnia").exists()


def test_a_refused_writer_gets_403_before_their_input_is_checked(api_as, steering):
    response = api_as(steering).post(COLLEGES, {"name": ""}, format="json")
    assert response.status_code == 403


def test_college_coordinator_changes_their_own_college(api_as, college_coordinator, college):
    unit = CollegeUnitFactory(college=college, name="Main campus")
    response = api_as(college_coordinator).patch(
        f"{COLLEGES}{college.pk}/", {"city": "Vantaa"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["city"] == "Vantaa"
    assert "active_mentor_count" in response.json()
    college.refresh_from_db()
    assert college.city == "Vantaa"
    assert college.name.startswith("Vocational College")  # left out: kept
    assert list(college.units.all()) == [unit]  # units are the page's business


def test_patch_keeps_the_fields_it_leaves_out(api_as, coordinator):
    field = VocationalFieldFactory()
    college = PartnerCollegeFactory(website="https://example.org/", is_active=False)
    college.fields.add(field)
    response = api_as(coordinator).patch(
        f"{COLLEGES}{college.pk}/", {"short_name": "VC"}, format="json"
    )
    assert response.status_code == 200
    college.refresh_from_db()
    assert (college.short_name, college.website, college.is_active) == (
        "VC",
        "https://example.org/",
        False,
    )
    assert list(college.fields.all()) == [field]


def test_coordinator_replaces_a_college_with_put(api_as, coordinator, college):
    response = api_as(coordinator).put(
        f"{COLLEGES}{college.pk}/", college_data(fields=[]), format="json"
    )
    assert response.status_code == 200
    college.refresh_from_db()
    assert (college.name, college.city) == ("Omnia", "Espoo")


def test_college_coordinator_cannot_change_their_colleges_country(
    api_as, college_coordinator, college
):
    estonia = CountryFactory(code="EE", name="Estonia")
    own_code = college.country.code
    client = api_as(college_coordinator)

    moved = client.patch(f"{COLLEGES}{college.pk}/", {"country": "EE"}, format="json")
    assert moved.status_code == 400
    assert moved.json() == {
        "country": ["Only the network coordinators can change a college's country."]
    }
    kept = client.patch(
        f"{COLLEGES}{college.pk}/", {"country": own_code, "city": "Vantaa"}, format="json"
    )
    assert kept.status_code == 200, kept.json()
    college.refresh_from_db()
    assert (college.country.code, college.city) == (own_code, "Vantaa")
    assert college.country != estonia


def test_coordinator_changes_a_colleges_country(api_as, coordinator, college):
    CountryFactory(code="EE", name="Estonia")
    response = api_as(coordinator).patch(
        f"{COLLEGES}{college.pk}/", {"country": "EE"}, format="json"
    )
    assert response.status_code == 200 and response.json()["country"] == "EE"


def test_college_coordinator_cannot_change_another_college(api_as, college_coordinator):
    other = PartnerCollegeFactory(city="Turku")
    response = api_as(college_coordinator).patch(
        f"{COLLEGES}{other.pk}/", {"city": "Vantaa"}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["detail"]
    other.refresh_from_db()
    assert other.city == "Turku"


@pytest.mark.parametrize("who", ["steering", "teacher_educator"])
def test_steering_and_teacher_educators_cannot_change_colleges(api_as, request, who, college):
    response = api_as(request.getfixturevalue(who)).patch(
        f"{COLLEGES}{college.pk}/", {"city": "Vantaa"}, format="json"
    )
    assert response.status_code == 403
    college.refresh_from_db()
    assert college.city == "Helsinki"


def test_changing_a_college_that_does_not_exist_is_404(api_as, coordinator):
    response = api_as(coordinator).patch(f"{COLLEGES}999999/", {"city": "X"}, format="json")
    assert response.status_code == 404
    assert response.json()["detail"]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"country": "XX"}, "country"),
        ({"fields": [999999]}, "fields"),
        ({"fields": "logistics"}, "fields"),
        ({"website": "not a url"}, "website"),
        ({"is_active": "perhaps"}, "is_active"),
        ({"name": ""}, "name"),
        ({"name": "x" * 201}, "name"),
    ],
)
def test_bad_college_input_is_400_and_writes_nothing(api_as, coordinator, data, field):
    CountryFactory()
    existing = PartnerCollegeFactory(city="Turku")
    client = api_as(coordinator)
    before = PartnerCollege.objects.count()
    created = client.post(COLLEGES, college_data(**data), format="json")
    changed = client.patch(f"{COLLEGES}{existing.pk}/", data, format="json")
    for response in (created, changed):
        assert response.status_code == 400
        assert field in response.json()
    assert PartnerCollege.objects.count() == before
    existing.refresh_from_db()
    assert existing.city == "Turku"
    assert existing.history.count() == 1


def test_a_taken_college_name_is_refused(api_as, coordinator):
    PartnerCollegeFactory(name="Omnia")
    response = api_as(coordinator).post(COLLEGES, college_data(), format="json")
    assert response.status_code == 400
    assert "name" in response.json()
    assert PartnerCollege.objects.filter(name="Omnia").count() == 1


def test_read_only_token_cannot_write_colleges(token_client, coordinator, college):
    CountryFactory()
    client = token_client(coordinator, can_write=False)
    assert client.post(COLLEGES, college_data(), format="json").status_code == 403
    assert client.patch(f"{COLLEGES}{college.pk}/", {"city": "X"}, format="json").status_code == 403
    assert not PartnerCollege.objects.filter(name="Omnia").exists()
    college.refresh_from_db()
    assert college.city == "Helsinki"


def test_read_write_token_writes_colleges(token_client, college_coordinator, college):
    client = token_client(college_coordinator, can_write=True)
    response = client.patch(f"{COLLEGES}{college.pk}/", {"city": "Vantaa"}, format="json")
    assert response.status_code == 200
    college.refresh_from_db()
    assert college.city == "Vantaa"


def test_patching_a_field_keeps_what_it_leaves_out(api_as, coordinator):
    field = VocationalFieldFactory(name="Cooking", is_shortage=True, description="Kitchens.")
    response = api_as(coordinator).patch(f"{FIELDS}{field.pk}/", {"name": "Baking"}, format="json")
    assert response.status_code == 200
    field.refresh_from_db()
    assert (field.name, field.is_shortage, field.description) == ("Baking", True, "Kitchens.")


# Writes to VTE groups: coordinators, as on the pages


def group_data(**overrides):
    data = {
        "institution": VTEInstitutionFactory().pk,
        "name": "Autumn group A",
        "term": "Autumn 2026",
        "starts_on": "2026-08-15",
        "ends_on": "2026-12-20",
        "teacher_educator": None,
        "field": None,
        "size": 18,
    }
    data.update(overrides)
    return data


def test_coordinator_creates_a_group_with_the_tasks_it_needs(api_as, coordinator, teacher_educator):
    task = MentorTaskFactory()
    data = group_data(teacher_educator=teacher_educator.pk, needed_tasks=[task.pk])
    response = api_as(coordinator).post(GROUPS, data, format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["assigned_count"] == 0
    assert body["needed_tasks"] == [task.pk]
    assert body["teacher_educator"] == teacher_educator.pk
    group = VTEGroup.objects.get(name="Autumn group A")
    assert list(group.needed_tasks.all()) == [task]
    assert group.size == 18


def test_a_group_without_a_size_gets_the_pages_default(api_as, coordinator):
    data = group_data()
    del data["size"]
    assert api_as(coordinator).post(GROUPS, data, format="json").status_code == 201
    assert VTEGroup.objects.get(name="Autumn group A").size == 0


@pytest.mark.parametrize("who", ["college_coordinator", "teacher_educator", "steering"])
def test_only_network_coordinators_create_groups(api_as, request, who):
    response = api_as(request.getfixturevalue(who)).post(GROUPS, group_data(), format="json")
    assert response.status_code == 403
    assert response.json()["detail"]
    assert not VTEGroup.objects.exists()


def test_mentor_and_anonymous_cannot_create_groups(api_as, mentor):
    assert api_as(mentor.user).post(GROUPS, group_data(), format="json").status_code == 403
    assert api_as(None).post(GROUPS, group_data(), format="json").status_code == 401
    assert not VTEGroup.objects.exists()


def test_coordinator_changes_a_group_and_patch_keeps_the_rest(api_as, coordinator):
    task = MentorTaskFactory()
    group = VTEGroupFactory(size=20)
    group.needed_tasks.add(task)
    educator = group.teacher_educator
    response = api_as(coordinator).patch(f"{GROUPS}{group.pk}/", {"size": 25}, format="json")
    assert response.status_code == 200
    assert response.json()["size"] == 25
    group.refresh_from_db()
    assert (group.size, group.teacher_educator, group.term) == (25, educator, "Autumn 2026")
    assert list(group.needed_tasks.all()) == [task]


def test_teacher_educator_cannot_change_even_their_own_group(api_as, teacher_educator):
    """The group pages let only coordinators edit, close and reopen groups."""
    own = VTEGroupFactory(teacher_educator=teacher_educator, size=20)
    client = api_as(teacher_educator)
    assert client.patch(f"{GROUPS}{own.pk}/", {"size": 1}, format="json").status_code == 403
    assert client.post(f"{GROUPS}{own.pk}/close/").status_code == 403
    own.refresh_from_db()
    assert (own.size, own.closed_at) == (20, None)


def test_another_educators_group_is_404(api_as, teacher_educator):
    theirs = VTEGroupFactory(size=20)
    client = api_as(teacher_educator)
    assert client.patch(f"{GROUPS}{theirs.pk}/", {"size": 1}, format="json").status_code == 404
    response = client.post(f"{GROUPS}{theirs.pk}/close/")
    assert response.status_code == 404
    assert response.json()["detail"]
    theirs.refresh_from_db()
    assert (theirs.size, theirs.closed_at) == (20, None)


def test_mentor_cannot_change_an_assigned_group_and_gets_404_for_others(api_as, mentor):
    assigned = GroupAssignmentFactory(mentor=mentor).vte_group
    other = VTEGroupFactory()
    client = api_as(mentor.user)
    assert client.patch(f"{GROUPS}{assigned.pk}/", {"size": 1}, format="json").status_code == 403
    assert client.post(f"{GROUPS}{other.pk}/close/").status_code == 404
    assert not VTEGroup.objects.filter(size=1).exists()
    assert not VTEGroup.objects.filter(closed_at__isnull=False).exists()


@pytest.mark.parametrize("who", ["college_coordinator", "steering"])
def test_college_coordinator_and_steering_cannot_change_groups(api_as, request, who):
    group = VTEGroupFactory(size=20)
    client = api_as(request.getfixturevalue(who))
    assert client.put(f"{GROUPS}{group.pk}/", group_data(), format="json").status_code == 403
    assert client.post(f"{GROUPS}{group.pk}/reopen/").status_code == 403
    group.refresh_from_db()
    assert group.size == 20


def test_coordinator_closes_and_reopens_a_group(api_as, coordinator):
    group = VTEGroupFactory()
    client = api_as(coordinator)
    closed = client.post(f"{GROUPS}{group.pk}/close/")
    assert closed.status_code == 200
    assert closed.json()["is_closed"] is True
    assert "assigned_count" in closed.json()
    group.refresh_from_db()
    first_closing = group.closed_at
    assert first_closing is not None
    assert client.post(f"{GROUPS}{group.pk}/close/").status_code == 200
    group.refresh_from_db()
    assert group.closed_at == first_closing  # closing twice keeps the first time
    reopened = client.post(f"{GROUPS}{group.pk}/reopen/")
    assert reopened.status_code == 200
    assert reopened.json()["is_closed"] is False
    group.refresh_from_db()
    assert group.closed_at is None


def test_close_and_reopen_are_post_only(api_as, coordinator):
    group = VTEGroupFactory()
    assert api_as(coordinator).get(f"{GROUPS}{group.pk}/close/").status_code == 405


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"ends_on": "2026-08-01"}, "ends_on"),
        ({"starts_on": "15.8.2026"}, "starts_on"),
        ({"size": "many"}, "size"),
        ({"size": -1}, "size"),
        ({"institution": 999999}, "institution"),
        ({"field": 999999}, "field"),
        ({"needed_tasks": [999999]}, "needed_tasks"),
        ({"name": ""}, "name"),
    ],
)
def test_bad_group_input_is_400_and_writes_nothing(api_as, coordinator, overrides, field):
    existing = VTEGroupFactory(size=20)
    client = api_as(coordinator)
    created = client.post(GROUPS, group_data(**overrides), format="json")
    changed = client.patch(f"{GROUPS}{existing.pk}/", overrides, format="json")
    for response in (created, changed):
        assert response.status_code == 400
        assert field in response.json()
    assert VTEGroup.objects.count() == 1
    existing.refresh_from_db()
    assert (existing.size, existing.ends_on.isoformat()) == (20, "2026-12-20")


def test_a_teacher_educator_must_have_the_role(api_as, coordinator, mentor):
    response = api_as(coordinator).post(
        GROUPS, group_data(teacher_educator=mentor.user.pk), format="json"
    )
    assert response.status_code == 400
    assert "teacher_educator" in response.json()
    assert not VTEGroup.objects.exists()


def test_a_group_named_twice_for_a_term_is_refused(api_as, coordinator):
    data = group_data()
    client = api_as(coordinator)
    assert client.post(GROUPS, data, format="json").status_code == 201
    response = client.post(GROUPS, data, format="json")
    assert response.status_code == 400
    assert response.json()
    assert VTEGroup.objects.count() == 1


def test_read_only_token_cannot_write_groups(token_client, coordinator):
    group = VTEGroupFactory(size=20)
    client = token_client(coordinator, can_write=False)
    assert client.post(GROUPS, group_data(), format="json").status_code == 403
    assert client.patch(f"{GROUPS}{group.pk}/", {"size": 1}, format="json").status_code == 403
    assert client.post(f"{GROUPS}{group.pk}/close/").status_code == 403
    assert VTEGroup.objects.count() == 1
    group.refresh_from_db()
    assert (group.size, group.closed_at) == (20, None)


def test_read_write_token_writes_groups(token_client, coordinator):
    group = VTEGroupFactory()
    client = token_client(coordinator, can_write=True)
    assert client.post(GROUPS, group_data(), format="json").status_code == 201
    assert client.post(f"{GROUPS}{group.pk}/close/").status_code == 200
    group.refresh_from_db()
    assert group.closed_at is not None
