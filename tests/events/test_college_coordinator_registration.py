"""College coordinators register the mentors of their own colleges for events."""

import pytest
from django.urls import reverse

from events.models import Event, Registration
from tests.factories import (
    EventFactory,
    MentorFactory,
    PartnerCollegeFactory,
    RegistrationFactory,
    college_coordinator_for,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    own, other = PartnerCollegeFactory(), PartnerCollegeFactory()
    return {
        "own_mentor": MentorFactory(college=own),
        "other_mentor": MentorFactory(college=other),
        "coordinator": college_coordinator_for(own),
        "event": EventFactory(audience=Event.Audience.EVERYONE),
    }


def test_college_coordinator_registers_a_mentor_of_their_college(client, setting):
    client.force_login(setting["coordinator"])
    event = setting["event"]
    response = client.post(
        reverse("events:register_someone", args=[event.pk]), {"user": setting["own_mentor"].user.pk}
    )
    assert response.status_code == 302
    registration = Registration.objects.get(event=event)
    assert registration.user == setting["own_mentor"].user
    assert registration.registered_by == setting["coordinator"]


def test_college_coordinator_cannot_register_another_colleges_mentor(client, setting):
    client.force_login(setting["coordinator"])
    event = setting["event"]
    response = client.post(
        reverse("events:register_someone", args=[event.pk]),
        {"user": setting["other_mentor"].user.pk},
    )
    assert response.status_code == 200
    assert "user" in response.context["add_form"].errors
    assert not Registration.objects.exists()


def test_college_coordinator_attendees_page_lists_only_their_mentors(client, setting):
    event = setting["event"]
    RegistrationFactory(event=event, user=setting["own_mentor"].user)
    RegistrationFactory(event=event, user=setting["other_mentor"].user)
    client.force_login(setting["coordinator"])
    response = client.get(reverse("events:attendees", args=[event.pk]))
    assert response.status_code == 200
    assert [r.user_id for r in response.context["registrations"]] == [setting["own_mentor"].user_id]
    page = response.content.decode()
    assert "Save attendance" not in page and "Export as CSV" not in page
    choices = list(response.context["add_form"].fields["user"].queryset)
    assert setting["other_mentor"].user not in choices


def test_college_coordinator_still_cannot_mark_attendance_or_export(client, setting):
    event = setting["event"]
    client.force_login(setting["coordinator"])
    assert client.post(reverse("events:attendance", args=[event.pk])).status_code == 403
    assert client.get(reverse("events:attendees_csv", args=[event.pk])).status_code == 403
    assert client.get(reverse("events:attendees_xlsx", args=[event.pk])).status_code == 403


def test_event_detail_links_college_coordinator_to_registration(client, setting):
    client.force_login(setting["coordinator"])
    page = client.get(reverse("events:detail", args=[setting["event"].pk])).content.decode()
    assert reverse("events:attendees", args=[setting["event"].pk]) in page
