import datetime

import pytest
import time_machine
from django.utils import timezone

from leadvet import roles
from mentors.models import Contact
from tests.factories import ContactFactory, MentorFactory, MentorTaskFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/contacts/"


@pytest.fixture
def task():
    return MentorTaskFactory()


def entry(task_, **overrides):
    data = {
        "date": timezone.localdate().isoformat(),
        "counterpart_kind": "teacher_student",
        "task": task_.pk,
        "channel": "video",
        "duration_minutes": 45,
        "placement": True,
        "summary": "Talked about placements.",
    }
    return {**data, **overrides}


def test_mentor_logs_a_contact_for_the_college_of_its_day(api_as, mentor, task):
    response = api_as(mentor.user).post(URL, entry(task), format="json")
    assert response.status_code == 201, response.json()
    contact = Contact.objects.get()
    assert contact.mentor == mentor
    assert contact.college == mentor.college
    assert response.json()["college"] == mentor.college_id


@pytest.mark.parametrize(
    "bad,field",
    [
        ({"date": "2999-01-01"}, "date"),
        ({"date": "yesterday"}, "date"),
        ({"task": 999999}, "task"),
        ({"duration_minutes": 601}, "duration_minutes"),
        ({"channel": "pigeon"}, "channel"),
        ({"vte_group": "abc"}, "vte_group"),
    ],
)
def test_bad_contact_input_is_400_naming_the_field_and_saves_nothing(
    api_as, mentor, task, bad, field
):
    response = api_as(mentor.user).post(URL, entry(task, **bad), format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Contact.objects.exists()


def test_mentor_lists_only_own_contacts(api_as, mentor, other_mentor):
    own = ContactFactory(mentor=mentor)
    theirs = ContactFactory(mentor=other_mentor)
    client = api_as(mentor.user)
    assert [row["id"] for row in client.get(URL).json()["results"]] == [own.pk]
    assert client.get(f"{URL}{theirs.pk}/").status_code == 404
    assert client.patch(f"{URL}{theirs.pk}/", {"summary": "x"}, format="json").status_code == 404
    assert client.delete(f"{URL}{theirs.pk}/").status_code == 404
    assert Contact.objects.filter(pk=theirs.pk).exists()


def test_contact_list_filters_by_the_pages_filter(api_as, mentor):
    placement = ContactFactory(mentor=mentor, placement=True)
    ContactFactory(mentor=mentor)
    client = api_as(mentor.user)
    assert [r["id"] for r in client.get(URL, {"outcome": "placement"}).json()["results"]] == [
        placement.pk
    ]


def test_mentor_edits_within_the_window_but_not_after(api_as, mentor):
    contact = ContactFactory(mentor=mentor)
    client = api_as(mentor.user)
    response = client.patch(f"{URL}{contact.pk}/", {"duration_minutes": 90}, format="json")
    assert response.status_code == 200
    with time_machine.travel(timezone.now() + datetime.timedelta(days=31)):
        client = api_as(mentor.user)
        assert (
            client.patch(f"{URL}{contact.pk}/", {"duration_minutes": 5}, format="json").status_code
            == 403
        )
        assert client.delete(f"{URL}{contact.pk}/").status_code == 403
    contact.refresh_from_db()
    assert contact.duration_minutes == 90


def test_mentor_deletes_own_contact(api_as, mentor):
    contact = ContactFactory(mentor=mentor)
    assert api_as(mentor.user).delete(f"{URL}{contact.pk}/").status_code == 204
    assert not Contact.objects.exists()


def test_coordinator_reads_every_contact_but_cannot_change_them(api_as, coordinator, mentor, task):
    contact = ContactFactory(mentor=mentor)
    client = api_as(coordinator)
    assert client.get(f"{URL}{contact.pk}/").status_code == 200
    assert client.patch(f"{URL}{contact.pk}/", {"summary": "x"}, format="json").status_code == 403
    assert client.post(URL, entry(task), format="json").status_code == 403
    assert Contact.objects.count() == 1


@pytest.mark.parametrize("who", ["teacher_educator", "steering"])
def test_other_roles_may_not_read_the_contact_log(api_as, request, who, mentor):
    contact = ContactFactory(mentor=mentor)
    client = api_as(request.getfixturevalue(who))
    assert client.get(URL).status_code == 403
    # As the contact page: a contact the user may not see does not exist for them.
    assert client.get(f"{URL}{contact.pk}/").status_code == 404


def test_college_coordinator_reads_their_colleges_contacts_as_on_the_pages(
    api_as, college, college_coordinator, task
):
    own = ContactFactory(mentor=MentorFactory(college=college))
    other = ContactFactory(mentor=MentorFactory())
    client = api_as(college_coordinator)
    assert [row["id"] for row in client.get(URL).json()["results"]] == [own.pk]
    assert client.get(f"{URL}{own.pk}/").status_code == 200
    assert client.get(f"{URL}{other.pk}/").status_code == 404
    # Read-only, as the college contact log: only the mentor who logged it changes it.
    assert client.patch(f"{URL}{own.pk}/", {"summary": "x"}, format="json").status_code == 403
    assert client.delete(f"{URL}{own.pk}/").status_code == 403
    assert client.post(URL, entry(task), format="json").status_code == 403
    own.refresh_from_db()
    assert own.summary != "x"
    assert Contact.objects.count() == 2


def test_read_only_token_cannot_log_contacts(token_client, mentor, task):
    response = token_client(mentor.user, can_write=False).post(URL, entry(task), format="json")
    assert response.status_code == 403
    assert not Contact.objects.exists()


def test_contact_list_query_count_does_not_grow(
    api_as, mentor, django_assert_num_queries, django_assert_max_num_queries
):
    client = api_as(mentor.user)
    ContactFactory.create_batch(5, mentor=mentor)
    client.get(URL)
    with django_assert_max_num_queries(10) as few:
        client.get(URL)
    ContactFactory.create_batch(25, mentor=mentor)
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(client.get(URL).json()["results"]) == 30


def all_pages(client, url: str) -> tuple[int, list[int]]:
    """The list's count and the ids of every row, page by page."""
    first = client.get(url).json()
    ids, body = [row["id"] for row in first["results"]], first
    while body["next"]:
        body = client.get(body["next"]).json()
        ids += [row["id"] for row in body["results"]]
    return first["count"], ids


def counted_rows(captured) -> list[str]:
    return [
        q["sql"] for q in captured if "COUNT(*)" in q["sql"] and '"mentors_contact"' in q["sql"]
    ]


def test_a_whole_log_is_counted_by_the_rollups_and_the_count_follows_every_write(
    api_as, coordinator, college, college_coordinator, django_assert_max_num_queries
):
    """The unfiltered log of a network or college coordinator is every contact of their
    colleges: its count comes from the rollups (no COUNT over the contacts), and is the number
    of rows its pages have after single and bulk writes, a move between colleges and deletes."""
    elsewhere = MentorFactory()
    ContactFactory.create_batch(30, mentor=MentorFactory(college=college))
    ContactFactory.create_batch(40, mentor=elsewhere)
    coordinator_client, college_client = api_as(coordinator), api_as(college_coordinator)

    def check():
        for client, expected in (
            (coordinator_client, Contact.objects.all()),
            (college_client, Contact.objects.filter(college=college)),
        ):
            with django_assert_max_num_queries(10) as captured:
                client.get(URL)
            assert counted_rows(captured.captured_queries) == []
            count, ids = all_pages(client, URL)
            assert count == len(ids) == expected.count()
            assert sorted(ids) == sorted(expected.values_list("pk", flat=True))

    check()
    Contact.objects.bulk_create(
        [
            ContactFactory.build(mentor=elsewhere, college=college, task=MentorTaskFactory())
            for _ in range(25)
        ]
    )
    check()
    Contact.objects.filter(mentor=elsewhere, college=college).update(college=elsewhere.college)
    check()
    Contact.objects.filter(pk__in=Contact.objects.filter(college=college)[:7]).delete()
    Contact.objects.filter(mentor=elsewhere).first().delete()
    check()


def test_a_filtered_log_and_a_coordinator_who_also_mentors_count_their_rows(
    api_as, college, django_assert_max_num_queries
):
    """What the rollups cannot tell (a filter, a search, the coordinator's own contacts of
    another college) is counted from the rows."""
    coordinating_mentor = MentorFactory()
    coordinating_mentor.user.groups.add(roles.role_group(roles.COLLEGE_COORDINATOR))
    college.coordinators.add(coordinating_mentor.user)
    own = ContactFactory.create_batch(3, mentor=coordinating_mentor)
    ContactFactory.create_batch(4, mentor=MentorFactory(college=college))
    task = own[0].task
    client = api_as(coordinating_mentor.user)

    with django_assert_max_num_queries(12) as captured:
        body = client.get(URL).json()
    assert body["count"] == 7 and len(body["results"]) == 7
    assert len(counted_rows(captured.captured_queries)) == 1

    body = client.get(URL, {"task": task.pk}).json()
    expected = Contact.objects.filter(task=task, college__in=[college, coordinating_mentor.college])
    assert body["count"] == expected.count() == len(body["results"])
