import pytest

from mentors.models import Mentor
from tests.factories import MentorFactory, MentorInvitationFactory, PartnerCollegeFactory

pytestmark = pytest.mark.django_db

MENTORS = "/api/v1/mentors/"


def ids(response):
    return [row["id"] for row in response.json()["results"]]


def test_coordinator_lists_every_mentor_with_full_profiles(api_as, coordinator):
    mentor = MentorFactory(phone="+358 40 123")
    response = api_as(coordinator).get(MENTORS)
    assert response.status_code == 200
    row = response.json()["results"][0]
    assert row["id"] == mentor.pk
    assert row["phone"] == "+358 40 123"
    assert row["email"] == mentor.user.email


def test_college_coordinator_sees_only_their_colleges_mentors(api_as, college, college_coordinator):
    own = MentorFactory(college=college)
    other = MentorFactory()
    client = api_as(college_coordinator)
    assert ids(client.get(MENTORS)) == [own.pk]
    assert client.get(f"{MENTORS}{own.pk}/").json()["phone"] == own.phone
    assert client.get(f"{MENTORS}{other.pk}/").status_code == 404


def test_mentor_list_uses_the_list_pages_filters(api_as, coordinator):
    college = PartnerCollegeFactory()
    active = MentorFactory(college=college)
    MentorFactory(college=college, status=Mentor.Status.CANDIDATE, official_status_date=None)
    MentorFactory()
    client = api_as(coordinator)
    assert ids(client.get(MENTORS, {"college": college.pk, "status": "active"})) == [active.pk]
    assert ids(client.get(MENTORS, {"q": active.user.email})) == [active.pk]


def test_unknown_filter_value_is_a_400_naming_the_filter(api_as, coordinator):
    response = api_as(coordinator).get(MENTORS, {"college": "999999"})
    assert response.status_code == 400
    assert "college" in response.json()


def test_teacher_educator_gets_public_profiles_of_active_mentors(api_as, teacher_educator):
    active = MentorFactory(phone="+358 40 123")
    candidate = MentorFactory(status=Mentor.Status.CANDIDATE, official_status_date=None)
    client = api_as(teacher_educator)
    response = client.get(MENTORS)
    assert ids(response) == [active.pk]
    row = response.json()["results"][0]
    assert "phone" not in row and "email" not in row
    detail = client.get(f"{MENTORS}{candidate.pk}/").json()
    assert "phone" not in detail and "email" not in detail


def test_teacher_educator_cannot_search_by_email_or_invitation(api_as, teacher_educator):
    mentor = MentorFactory()
    MentorInvitationFactory(user=mentor.user)
    client = api_as(teacher_educator)
    assert ids(client.get(MENTORS, {"q": mentor.user.email})) == []
    assert ids(client.get(MENTORS, {"invitation": "none"})) == [mentor.pk]


def test_mentor_lists_only_themself_and_sees_others_publicly(api_as, mentor, other_mentor):
    client = api_as(mentor.user)
    assert ids(client.get(MENTORS)) == [mentor.pk]
    assert client.get(f"{MENTORS}{mentor.pk}/").json()["phone"] == mentor.phone
    other = client.get(f"{MENTORS}{other_mentor.pk}/").json()
    assert "phone" not in other and other["id"] == other_mentor.pk


def test_steering_may_not_open_mentors(api_as, steering, mentor):
    client = api_as(steering)
    assert client.get(MENTORS).status_code == 403
    assert client.get(f"{MENTORS}{mentor.pk}/").status_code == 403


def test_unknown_mentor_is_404(api_as, coordinator):
    response = api_as(coordinator).get(f"{MENTORS}999999/")
    assert response.status_code == 404
    assert response.json()["detail"]


def test_mentors_are_read_only(api_as, coordinator, mentor):
    client = api_as(coordinator)
    assert client.post(MENTORS, {}).status_code == 405
    assert client.delete(f"{MENTORS}{mentor.pk}/").status_code == 405
    assert Mentor.objects.filter(pk=mentor.pk).exists()


@pytest.mark.parametrize("who", ["coordinator", "teacher_educator"])
def test_mentor_list_query_count_does_not_grow(
    api_as, request, who, django_assert_num_queries, django_assert_max_num_queries
):
    client = api_as(request.getfixturevalue(who))
    MentorFactory.create_batch(5)
    client.get(MENTORS)
    with django_assert_max_num_queries(12) as few:
        client.get(MENTORS)
    MentorFactory.create_batch(25)
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(ids(client.get(MENTORS))) == 30
