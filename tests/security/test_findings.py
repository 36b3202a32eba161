"""Regression tests for what the fuzzing found: each was a server error."""

import pytest
from django.urls import reverse

from mentors.models import Availability, MentorTask
from surveys.models import Survey
from tests.factories import MentorTaskFactory


def test_an_id_too_large_for_the_database_matches_nothing_in_an_in_lookup(db):
    task = MentorTaskFactory(number=1)
    assert list(MentorTask.objects.filter(pk__in=[task.pk, 10**30])) == [task]
    assert not MentorTask.objects.filter(pk__in=[10**30, -(10**30)]).exists()


def test_availability_with_an_impossible_task_id_is_an_error_on_the_field(client, mentor):
    client.force_login(mentor.user)
    response = client.post(
        reverse("mentors:availability_create"),
        {
            "kind": "available",
            "starts_on": "2026-01-01",
            "ends_on": "2026-02-01",
            "hours_per_month": "4",
            "tasks": ["99999999999999999999999"],
            "mode": "remote",
        },
    )
    assert response.status_code == 200
    assert "tasks" in response.context["form"].errors
    assert not Availability.objects.exists()


@pytest.mark.parametrize("when", ["0001-01-01", "0001-01-01T00:00", "9999-12-31T23:59"])
def test_survey_times_outside_the_century_are_refused_on_the_field(client, coordinator, when):
    client.force_login(coordinator)
    response = client.post(
        reverse("surveys:create"),
        {
            "title": "S",
            "audience_roles": ["mentor"],
            "opens_at": when,
            "closes_at": "2027-02-01T09:00",
        },
    )
    assert response.status_code == 200
    assert "between the years 2000 and 2100" in " ".join(
        response.context["form"].errors["opens_at"]
    )
    assert not Survey.objects.exists()


def test_event_registration_deadline_in_year_one_is_refused_on_the_field(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("events:create"),
        {
            "kind": "training",
            "title": "T",
            "starts_at": "2027-03-01T09:00",
            "ends_at": "2027-03-01T12:00",
            "address": "Ratapihantie 13",
            "audience": "mentors",
            "registration_deadline": "0001-01-01",
        },
    )
    assert response.status_code == 200
    assert "registration_deadline" in response.context["form"].errors
