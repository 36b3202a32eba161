"""A user who may not write gets 403 (404 for an object outside their scope) before the body
is read: an invalid body never earns them a 400 that tells what the endpoint would accept.
Nothing is written either way."""

import pytest
from django.forms.models import model_to_dict

from colleges.models import PartnerCollege, VocationalField, VTEGroup
from events.models import Event, Registration
from mentors.models import Availability, Contact, ContactRequest, Mentor
from surveys.models import Survey
from tests.factories import (
    AvailabilityFactory,
    ContactFactory,
    ContactRequestFactory,
    EventFactory,
    PartnerCollegeFactory,
    RegistrationFactory,
    SurveyFactory,
    VocationalFieldFactory,
    VTEGroupFactory,
    college_coordinator_for,
)

# Wrong for every write serializer of the API: blank names and titles, values of the wrong
# type, unknown ids.
INVALID = {
    "name": "",
    "title": "",
    "first_name": "",
    "country": "XX",
    "starts_on": "not a date",
    "starts_at": "not a time",
    "date": "not a date",
    "opens_at": "never",
    "mentor": "nobody",
    "task": "none",
    "capacity_groups": "many",
    "accept": "perhaps",
    "to_status": "nowhere",
}

MODELS = [
    VocationalField,
    PartnerCollege,
    VTEGroup,
    Mentor,
    Availability,
    Contact,
    ContactRequest,
    Event,
    Registration,
    Survey,
]


@pytest.fixture
def world(teacher_educator, other_mentor):
    """One object of each kind; `other_mentor` owns the mentor's objects, `teacher_educator`
    owns the group and sent the request."""
    return {
        "field": VocationalFieldFactory(),
        "college": PartnerCollegeFactory(),
        "group": VTEGroupFactory(teacher_educator=teacher_educator),
        "mentor": other_mentor,
        "availability": AvailabilityFactory(mentor=other_mentor),
        "contact": ContactFactory(mentor=other_mentor),
        "request": ContactRequestFactory(mentor=other_mentor, requester=teacher_educator),
        "event": EventFactory(),
        "registration": RegistrationFactory(user=other_mentor.user),
        "survey": SurveyFactory(),
    }


def snapshot():
    return {
        model.__name__: [model_to_dict(row) for row in model.objects.order_by("pk")]
        for model in MODELS
    }


# (method, path, roles that may not write, the role that may: its answer to INVALID is 400)
WRITES = [
    ("post", "/api/v1/fields/", "mentor educator steering", "coordinator"),
    ("patch", "/api/v1/fields/{field.pk}/", "mentor educator steering", "coordinator"),
    ("put", "/api/v1/fields/{field.pk}/", "mentor educator steering", "coordinator"),
    ("post", "/api/v1/colleges/", "mentor educator steering", "coordinator"),
    ("patch", "/api/v1/colleges/{college.pk}/", "mentor educator steering", "coordinator"),
    ("post", "/api/v1/vte-groups/", "mentor educator steering", "coordinator"),
    ("patch", "/api/v1/vte-groups/{group.pk}/", "mentor educator steering", "coordinator"),
    ("post", "/api/v1/vte-groups/{group.pk}/close/", "mentor educator steering", None),
    ("post", "/api/v1/vte-groups/{group.pk}/reopen/", "mentor educator steering", None),
    ("post", "/api/v1/mentors/", "mentor educator steering", "coordinator"),
    ("patch", "/api/v1/mentors/{mentor.pk}/", "mentor educator steering", "coordinator"),
    ("post", "/api/v1/mentors/{mentor.pk}/status/", "mentor educator steering", "coordinator"),
    ("post", "/api/v1/availability/", "educator steering coordinator", "owner"),
    ("patch", "/api/v1/availability/{availability.pk}/", "mentor educator steering", "owner"),
    ("put", "/api/v1/availability/{availability.pk}/", "mentor educator steering", "owner"),
    ("post", "/api/v1/contacts/", "educator steering coordinator", "owner"),
    (
        "patch",
        "/api/v1/contacts/{contact.pk}/",
        "mentor educator steering coordinator college_coordinator",
        "owner",
    ),
    ("post", "/api/v1/contact-requests/", "mentor steering", "educator"),
    ("post", "/api/v1/contact-requests/{request.pk}/answer/", "mentor educator steering", "owner"),
    ("post", "/api/v1/contact-requests/{request.pk}/withdraw/", "mentor steering owner", None),
    (
        "post",
        "/api/v1/contact-requests/{request.pk}/make-contact/",
        "mentor educator steering",
        None,
    ),
    ("post", "/api/v1/events/", "mentor educator steering", "coordinator"),
    ("patch", "/api/v1/events/{event.pk}/", "mentor educator steering", "coordinator"),
    ("post", "/api/v1/events/{event.pk}/cancel/", "mentor educator steering", None),
    ("post", "/api/v1/registrations/{registration.pk}/cancel/", "mentor educator steering", None),
    ("post", "/api/v1/surveys/", "mentor educator steering", "coordinator"),
    ("patch", "/api/v1/surveys/{survey.pk}/", "mentor educator steering", "coordinator"),
]


@pytest.fixture
def user_of(coordinator, teacher_educator, steering, mentor, world):
    users = {
        "coordinator": coordinator,
        "college_coordinator": college_coordinator_for(world["mentor"].college),
        "educator": teacher_educator,
        "steering": steering,
        "mentor": mentor.user,
        "owner": world["mentor"].user,
    }
    return users.__getitem__


REFUSED = [
    pytest.param(method, path, role, id=f"{role}-{method}-{path}")
    for method, path, refused, _writer in WRITES
    for role in refused.split()
]


@pytest.mark.parametrize(("method", "path", "role"), REFUSED)
def test_a_user_who_may_not_write_is_refused_before_the_body_is_checked(
    api_as, world, user_of, method, path, role
):
    before = snapshot()
    client = api_as(user_of(role))

    response = getattr(client, method)(path.format(**world), INVALID, format="json")

    assert response.status_code in (403, 404), response.json()
    assert set(response.json()) == {"detail"}
    assert snapshot() == before


@pytest.mark.parametrize(
    ("method", "path", "role"),
    [pytest.param(m, p, w, id=f"{w}-{m}-{p}") for m, p, _refused, w in WRITES if w],
)
def test_the_same_body_is_a_400_for_a_user_who_may_write(
    api_as, world, user_of, method, path, role
):
    """The body above is invalid indeed: those who may write get its field errors."""
    before = snapshot()
    client = api_as(user_of(role))

    response = getattr(client, method)(path.format(**world), INVALID, format="json")

    assert response.status_code == 400, response.json()
    assert "detail" not in response.json()
    assert snapshot() == before
