import pytest

from mentors.models import Contact, ContactRequest, Mentor, Notice
from tests.factories import ContactRequestFactory, MentorFactory, MentorTaskFactory, VTEGroupFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/contact-requests/"


@pytest.fixture
def task():
    return MentorTaskFactory()


def test_teacher_educator_sends_a_request_and_the_mentor_is_owed_an_email(
    api_as, teacher_educator, mentor, task
):
    group = VTEGroupFactory(teacher_educator=teacher_educator)
    data = {"mentor": mentor.pk, "topic": "Visit", "task": task.pk, "vte_group": group.pk}
    response = api_as(teacher_educator).post(URL, data, format="json")
    assert response.status_code == 201, response.json()
    contact_request = ContactRequest.objects.get()
    assert contact_request.requester == teacher_educator
    assert response.json()["status"] == "open"
    assert Notice.objects.filter(kind=Notice.Kind.REQUEST_NEW, recipient=mentor.user).exists()


@pytest.mark.parametrize(
    "bad,field",
    [({"mentor": 999999}, "mentor"), ({"task": "one"}, "task"), ({"topic": ""}, "topic")],
)
def test_bad_request_input_is_400_and_nothing_is_sent(
    api_as, teacher_educator, mentor, task, bad, field
):
    data = {"mentor": mentor.pk, "topic": "Visit", "task": task.pk, **bad}
    response = api_as(teacher_educator).post(URL, data, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not ContactRequest.objects.exists()


def test_request_naming_someone_elses_group_is_refused(api_as, teacher_educator, mentor, task):
    group = VTEGroupFactory()
    data = {"mentor": mentor.pk, "topic": "Visit", "task": task.pk, "vte_group": group.pk}
    response = api_as(teacher_educator).post(URL, data, format="json")
    assert response.status_code == 400
    assert "vte_group" in response.json()
    assert not ContactRequest.objects.exists()


def test_request_to_a_paused_mentor_is_refused(api_as, teacher_educator, task):
    paused = MentorFactory(status=Mentor.Status.PAUSED)
    data = {"mentor": paused.pk, "topic": "Visit", "task": task.pk}
    assert api_as(teacher_educator).post(URL, data, format="json").status_code == 400


def test_mentor_may_not_send_requests(api_as, mentor, other_mentor, task):
    data = {"mentor": other_mentor.pk, "topic": "Visit", "task": task.pk}
    assert api_as(mentor.user).post(URL, data, format="json").status_code == 403
    assert not ContactRequest.objects.exists()


def test_mentor_answers_own_request_once(api_as, mentor):
    contact_request = ContactRequestFactory(mentor=mentor)
    client = api_as(mentor.user)
    answer = f"{URL}{contact_request.pk}/answer/"
    response = client.post(answer, {"accept": True, "message": "Gladly"}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "accepted"
    again = client.post(answer, {"accept": False}, format="json")
    assert again.status_code == 403
    contact_request.refresh_from_db()
    assert contact_request.status == ContactRequest.Status.ACCEPTED


def test_answer_without_a_decision_is_400(api_as, mentor):
    contact_request = ContactRequestFactory(mentor=mentor)
    response = api_as(mentor.user).post(f"{URL}{contact_request.pk}/answer/", {"accept": "maybe"})
    assert response.status_code == 400
    assert "accept" in response.json()
    contact_request.refresh_from_db()
    assert contact_request.status == ContactRequest.Status.OPEN


def test_accepted_request_becomes_a_contact(api_as, mentor):
    contact_request = ContactRequestFactory(mentor=mentor, status=ContactRequest.Status.ACCEPTED)
    client = api_as(mentor.user)
    response = client.post(f"{URL}{contact_request.pk}/make-contact/")
    assert response.status_code == 201
    assert Contact.objects.get().request == contact_request
    assert client.post(f"{URL}{contact_request.pk}/make-contact/").status_code == 403
    assert Contact.objects.count() == 1


def test_another_mentor_cannot_see_or_answer_the_request(api_as, mentor, other_mentor):
    contact_request = ContactRequestFactory(mentor=mentor)
    client = api_as(other_mentor.user)
    assert client.get(URL).json()["results"] == []
    assert client.get(f"{URL}{contact_request.pk}/").status_code == 404
    assert client.post(f"{URL}{contact_request.pk}/answer/", {"accept": True}).status_code == 404
    contact_request.refresh_from_db()
    assert contact_request.status == ContactRequest.Status.OPEN


def test_requester_withdraws_but_the_mentor_cannot(api_as, teacher_educator, mentor):
    contact_request = ContactRequestFactory(mentor=mentor, requester=teacher_educator)
    assert api_as(mentor.user).post(f"{URL}{contact_request.pk}/withdraw/").status_code == 403
    response = api_as(teacher_educator).post(f"{URL}{contact_request.pk}/withdraw/")
    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"


def test_college_coordinator_sees_requests_to_their_colleges_mentors(
    api_as, college, college_coordinator
):
    own = ContactRequestFactory(mentor=MentorFactory(college=college))
    ContactRequestFactory()
    response = api_as(college_coordinator).get(URL)
    assert [row["id"] for row in response.json()["results"]] == [own.pk]


def test_steering_may_not_read_requests(api_as, steering):
    assert api_as(steering).get(URL).status_code == 403


def test_requests_filter_by_status(api_as, coordinator):
    ContactRequestFactory()
    declined = ContactRequestFactory(status=ContactRequest.Status.DECLINED)
    response = api_as(coordinator).get(URL, {"status": "declined"})
    assert [row["id"] for row in response.json()["results"]] == [declined.pk]


def test_request_list_query_count_does_not_grow(
    api_as, coordinator, django_assert_num_queries, django_assert_max_num_queries
):
    client = api_as(coordinator)
    ContactRequestFactory.create_batch(5)
    client.get(URL)
    with django_assert_max_num_queries(8) as few:
        client.get(URL)
    ContactRequestFactory.create_batch(25)
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(client.get(URL).json()["results"]) == 30


def test_read_only_token_cannot_send_or_answer_requests(
    token_client, teacher_educator, mentor, task
):
    data = {"mentor": mentor.pk, "topic": "Visit", "task": task.pk}
    assert (
        token_client(teacher_educator, can_write=False).post(URL, data, format="json").status_code
        == 403
    )
    contact_request = ContactRequestFactory(mentor=mentor)
    client = token_client(mentor.user, can_write=False)
    assert client.post(f"{URL}{contact_request.pk}/answer/", {"accept": True}).status_code == 403
    contact_request.refresh_from_db()
    assert contact_request.status == ContactRequest.Status.OPEN
    assert ContactRequest.objects.count() == 1
