import datetime

import pytest
import time_machine
from django.utils import timezone

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
