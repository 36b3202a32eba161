import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from mentors.models import Mentor, StatusChange
from mentors.services import pool as pool_services
from tests.factories import MentorFactory, college_coordinator_for

pytestmark = pytest.mark.django_db


def url(mentor) -> str:
    return reverse("mentors:status", args=[mentor.pk])


@pytest.fixture
def candidate():
    return MentorFactory(status=Mentor.Status.CANDIDATE, official_status_date=None)


def test_change_status_records_who_moved_the_mentor_where(coordinator, mentor):
    change = pool_services.change_status(
        mentor=mentor, to_status="paused", by=coordinator, note="Sabbatical"
    )
    mentor.refresh_from_db()
    assert mentor.status == "paused"
    assert (change.from_status, change.to_status, change.changed_by, change.note) == (
        "active",
        "paused",
        coordinator,
        "Sabbatical",
    )


def test_transitions_outside_the_lifecycle_are_refused(coordinator, candidate):
    with pytest.raises(ValidationError):
        pool_services.change_status(mentor=candidate, to_status="paused", by=coordinator)
    candidate.refresh_from_db()
    assert candidate.status == "candidate"
    assert not StatusChange.objects.exists()


def test_becoming_active_needs_the_date_of_official_status(coordinator, candidate):
    with pytest.raises(ValidationError) as error:
        pool_services.change_status(mentor=candidate, to_status="active", by=coordinator)
    assert "official_status_date" in error.value.error_dict
    pool_services.change_status(
        mentor=candidate,
        to_status="active",
        by=coordinator,
        official_status_date=datetime.date(2026, 2, 1),
    )
    candidate.refresh_from_db()
    assert (candidate.status, candidate.official_status_date) == (
        "active",
        datetime.date(2026, 2, 1),
    )


def test_form_offers_only_allowed_moves(client, coordinator, candidate):
    client.force_login(coordinator)
    choices = dict(client.get(url(candidate)).context["form"].fields["to_status"].choices)
    assert set(choices) == {"active", "alumni"}


def test_activating_without_date_shows_the_error_next_to_the_field(client, coordinator, candidate):
    client.force_login(coordinator)
    response = client.post(url(candidate), {"to_status": "active"})
    assert response.status_code == 200
    assert response.context["form"].errors["official_status_date"] == [
        "Give the date of official status to make the mentor active."
    ]
    candidate.refresh_from_db()
    assert candidate.status == "candidate"


def test_activating_with_date_through_the_page(client, coordinator, candidate):
    client.force_login(coordinator)
    response = client.post(
        url(candidate),
        {"to_status": "active", "official_status_date": "2026-02-01", "note": "Confirmed"},
    )
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.status == "active"
    assert StatusChange.objects.get(mentor=candidate).note == "Confirmed"


def test_archiving_a_mentor_as_alumni(client, coordinator, mentor):
    client.force_login(coordinator)
    client.post(url(mentor), {"to_status": "alumni"})
    mentor.refresh_from_db()
    assert mentor.status == "alumni"


def test_a_disallowed_status_posted_by_hand_is_refused(client, coordinator, candidate):
    client.force_login(coordinator)
    response = client.post(url(candidate), {"to_status": "paused"})
    assert "to_status" in response.context["form"].errors
    candidate.refresh_from_db()
    assert candidate.status == "candidate"


def test_anonymous_is_sent_to_login(client, mentor):
    assert client.post(url(mentor), {"to_status": "paused"}).status_code == 302


@pytest.mark.parametrize("fixture", ["teacher_educator", "steering"])
def test_other_roles_get_403(client, request, mentor, fixture):
    client.force_login(request.getfixturevalue(fixture))
    assert client.post(url(mentor), {"to_status": "paused"}).status_code == 403
    mentor.refresh_from_db()
    assert mentor.status == "active"


def test_mentor_cannot_change_their_own_status(client, mentor):
    client.force_login(mentor.user)
    assert client.post(url(mentor), {"to_status": "alumni"}).status_code == 403


def test_college_coordinator_changes_own_college_mentor_only(client, mentor, other_mentor):
    client.force_login(college_coordinator_for(mentor.college))
    assert client.post(url(other_mentor), {"to_status": "paused"}).status_code == 404
    assert client.post(url(mentor), {"to_status": "paused"}).status_code == 302
    mentor.refresh_from_db()
    assert mentor.status == "paused"
