import datetime

import pytest
from django.utils import timezone

from mentors.models import Availability
from tests.factories import AvailabilityFactory, MentorFactory, MentorTaskFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/availability/"


def period(**overrides):
    data = {
        "kind": "available",
        "starts_on": "2026-12-01",
        "ends_on": "2026-12-31",
        "hours_per_month": 6,
        "mode": "remote",
        "note": "Tuesdays",
    }
    return {**data, **overrides}


def test_mentor_adds_own_period_through_the_service(api_as, mentor):
    task = MentorTaskFactory()
    response = api_as(mentor.user).post(URL, period(tasks=[task.pk]), format="json")
    assert response.status_code == 201, response.json()
    saved = Availability.objects.get(mentor=mentor)
    assert response.json()["mentor"] == mentor.pk
    assert list(saved.tasks.all()) == [task]


def test_overlapping_period_is_refused_and_nothing_saved(api_as, mentor):
    AvailabilityFactory(
        mentor=mentor, starts_on=datetime.date(2026, 12, 10), ends_on=datetime.date(2027, 1, 10)
    )
    response = api_as(mentor.user).post(URL, period(), format="json")
    assert response.status_code == 400
    assert "overlap" in response.json()["non_field_errors"][0]
    assert Availability.objects.filter(mentor=mentor).count() == 1


def test_period_ending_before_it_starts_names_the_field(api_as, mentor):
    response = api_as(mentor.user).post(URL, period(ends_on="2026-11-01"), format="json")
    assert response.status_code == 400
    assert "ends_on" in response.json()
    assert not Availability.objects.exists()


@pytest.mark.parametrize(
    "bad",
    [
        {"starts_on": "tomorrow"},
        {"hours_per_month": "many"},
        {"hours_per_month": 201},
        {"tasks": [999999]},
        {"kind": "x"},
    ],
)
def test_wrong_types_and_unknown_ids_are_400(api_as, mentor, bad):
    response = api_as(mentor.user).post(URL, period(**bad), format="json")
    assert response.status_code == 400
    assert set(bad) <= set(response.json())
    assert not Availability.objects.exists()


def test_mentor_changes_and_deletes_own_period(api_as, mentor):
    own = AvailabilityFactory(mentor=mentor)
    client = api_as(mentor.user)
    response = client.patch(f"{URL}{own.pk}/", {"hours_per_month": 9}, format="json")
    assert response.status_code == 200
    own.refresh_from_db()
    assert own.hours_per_month == 9
    assert client.delete(f"{URL}{own.pk}/").status_code == 204
    assert not Availability.objects.filter(pk=own.pk).exists()


def test_mentor_sees_but_cannot_change_another_mentors_period(api_as, mentor, other_mentor):
    theirs = AvailabilityFactory(mentor=other_mentor)
    client = api_as(mentor.user)
    assert client.get(f"{URL}{theirs.pk}/").status_code == 200
    assert (
        client.patch(f"{URL}{theirs.pk}/", {"hours_per_month": 1}, format="json").status_code == 403
    )
    assert client.delete(f"{URL}{theirs.pk}/").status_code == 403
    theirs.refresh_from_db()
    assert theirs.hours_per_month == 4


@pytest.mark.parametrize("who", ["teacher_educator", "other_mentor"])
def test_others_see_current_and_coming_periods_of_any_mentor_as_on_the_mentor_page(
    api_as, request, who, mentor
):
    viewer = request.getfixturevalue(who)
    viewer = getattr(viewer, "user", viewer)
    today = timezone.localdate()
    candidate = MentorFactory(status="candidate", official_status_date=None)
    current = AvailabilityFactory(mentor=candidate)
    past = AvailabilityFactory(
        mentor=mentor,
        starts_on=today - datetime.timedelta(days=90),
        ends_on=today - datetime.timedelta(days=30),
    )
    client = api_as(viewer)
    assert [row["id"] for row in client.get(URL).json()["results"]] == [current.pk]
    assert client.get(f"{URL}{current.pk}/").status_code == 200
    assert client.get(f"{URL}{past.pk}/").status_code == 404


def test_mentor_still_sees_their_own_past_periods(api_as, mentor):
    today = timezone.localdate()
    past = AvailabilityFactory(
        mentor=mentor,
        starts_on=today - datetime.timedelta(days=90),
        ends_on=today - datetime.timedelta(days=30),
    )
    assert [row["id"] for row in api_as(mentor.user).get(URL).json()["results"]] == [past.pk]


def test_college_coordinator_does_not_see_other_colleges_periods(
    api_as, college, college_coordinator
):
    own = AvailabilityFactory(mentor=MentorFactory(college=college))
    other = AvailabilityFactory()
    client = api_as(college_coordinator)
    assert [row["id"] for row in client.get(URL).json()["results"]] == [own.pk]
    assert client.get(f"{URL}{other.pk}/").status_code == 404
    assert client.patch(f"{URL}{own.pk}/", {"hours_per_month": 1}, format="json").status_code == 403


def test_coordinator_without_mentor_record_cannot_add_periods(api_as, coordinator):
    assert api_as(coordinator).post(URL, period(), format="json").status_code == 403
    assert not Availability.objects.exists()


def test_steering_may_not_read_availability(api_as, steering):
    assert api_as(steering).get(URL).status_code == 403


def test_read_only_token_cannot_add_periods(token_client, mentor):
    client = token_client(mentor.user, can_write=False)
    assert client.get(URL).status_code == 200
    assert client.post(URL, period(), format="json").status_code == 403
    assert not Availability.objects.exists()


def test_availability_list_query_count_does_not_grow(
    api_as, coordinator, django_assert_num_queries, django_assert_max_num_queries
):
    client = api_as(coordinator)
    AvailabilityFactory.create_batch(5)
    client.get(URL)
    with django_assert_max_num_queries(8) as few:
        client.get(URL)
    AvailabilityFactory.create_batch(25)
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(client.get(URL).json()["results"]) == 30


def test_a_periods_note_is_only_for_the_mentor_and_their_colleges_coordinators(
    api_as, mentor, other_mentor, coordinator, teacher_educator
):
    from tests.factories import college_coordinator_for

    AvailabilityFactory(
        mentor=mentor,
        kind="paused",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + datetime.timedelta(days=30),
        note="Sick leave after surgery",
    )
    own_college_coordinator = college_coordinator_for(mentor.college, email="cc-own@example.org")

    def notes(user):
        body = api_as(user).get(URL, {"mentor": mentor.pk}).json()
        return [row["note"] for row in body["results"]]

    for allowed in (mentor.user, coordinator, own_college_coordinator):
        assert notes(allowed) == ["Sick leave after surgery"]
    for other in (teacher_educator, other_mentor.user):
        assert notes(other) == [""]  # the dates and hours, as the mentor page shows them
