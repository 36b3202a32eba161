"""Who reads which registrations through the API: the same scope as the attendee pages."""

import pytest

from events.models import Event, Registration
from tests.factories import EventFactory, MentorFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

REGISTRATIONS = "/api/v1/registrations/"


def ids(response):
    return sorted(row["id"] for row in response.json()["results"])


def test_college_coordinator_reads_their_colleges_mentors_registrations(
    api_as, college, college_coordinator
):
    event = EventFactory(audience=Event.Audience.EVERYONE)
    hidden_event = EventFactory(audience=Event.Audience.TEACHER_EDUCATORS)
    own = RegistrationFactory(event=event, user=MentorFactory(college=college).user)
    other_college = RegistrationFactory(event=event, user=MentorFactory().user)
    unseen_event = RegistrationFactory(event=hidden_event, user=MentorFactory(college=college).user)
    client = api_as(college_coordinator)
    assert ids(client.get(REGISTRATIONS)) == [own.pk]
    assert client.get(f"{REGISTRATIONS}{own.pk}/").status_code == 200
    assert client.get(f"{REGISTRATIONS}{other_college.pk}/").status_code == 404
    assert client.get(f"{REGISTRATIONS}{unseen_event.pk}/").status_code == 404
    # Seeing is not cancelling: only the person or an event coordinator cancels.
    assert client.post(f"{REGISTRATIONS}{own.pk}/cancel/").status_code == 403
    own.refresh_from_db()
    assert own.status == Registration.Status.REGISTERED


def test_mentor_still_reads_only_their_own_registrations(api_as, mentor, other_mentor):
    event = EventFactory(audience=Event.Audience.EVERYONE)
    own = RegistrationFactory(event=event, user=mentor.user)
    RegistrationFactory(event=event, user=other_mentor.user)
    assert ids(api_as(mentor.user).get(REGISTRATIONS)) == [own.pk]


def test_someone_registered_outside_the_audience_sees_their_registration_and_the_event(
    api_as, client, teacher_educator
):
    """A coordinator may register anyone: a teacher educator put on a mentors' training
    sees it in their registrations, opens it, and the event's page opens too; registering
    themself stays for the audience."""
    training = EventFactory(audience=Event.Audience.MENTORS)
    other_training = EventFactory(audience=Event.Audience.MENTORS)
    registration = RegistrationFactory(event=training, user=teacher_educator)
    api = api_as(teacher_educator)

    assert ids(api.get(REGISTRATIONS)) == [registration.pk]
    assert api.get(f"{REGISTRATIONS}{registration.pk}/").status_code == 200
    assert api.get(f"/api/v1/events/{training.pk}/").status_code == 200
    assert api.get(f"/api/v1/events/{other_training.pk}/").status_code == 404
    client.force_login(teacher_educator)
    assert client.get(f"/events/{training.pk}/").status_code == 200
    # The page says who the event is for (and nothing more): 403, not a bare 404.
    assert client.get(f"/events/{other_training.pk}/").status_code == 403
    assert api.post(f"/api/v1/events/{other_training.pk}/register/").status_code in (403, 404)
    assert not Registration.objects.filter(event=other_training).exists()
