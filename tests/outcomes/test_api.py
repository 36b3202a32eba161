"""The API records placements and outcomes as the pages do, and lists the deliverables."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from leadvet import roles
from outcomes.models import Placement, StudentOutcome
from tests.factories import (
    ContactFactory,
    DeliverableFactory,
    MentorFactory,
    PlacementFactory,
    TeacherStudentFactory,
    VocationalFieldFactory,
    VTEGroupFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(teacher_educator):
    field = VocationalFieldFactory(name="Welding", is_shortage=True)
    group = VTEGroupFactory(teacher_educator=teacher_educator, field=field)
    mentor = MentorFactory()
    contact = ContactFactory(mentor=mentor, vte_group=group)
    return {"group": group, "field": field, "mentor": mentor, "contact": contact}


def test_teacher_educator_records_a_placement_and_a_hire_by_the_api(teacher_educator, setting):
    api = APIClient()
    api.force_authenticate(teacher_educator)
    base = {
        "group": setting["group"].pk,
        "reference": "Student A",
        "college": setting["mentor"].college_id,
        "field": setting["field"].pk,
        "contacts": [setting["contact"].pk],
    }
    response = api.post(
        reverse("placement-list"),
        {
            **base,
            "mentor": setting["mentor"].pk,
            "starts_on": "2026-03-01",
            "ends_on": "2026-04-01",
        },
    )
    assert response.status_code == 201, response.json()
    assert response.json()["reference"] == "Student A"
    response = api.post(
        reverse("student-outcome-list"), {**base, "kind": "hired", "date": "2026-06-01"}
    )
    assert response.status_code == 201, response.json()
    assert StudentOutcome.objects.get().contacts.get() == setting["contact"]
    assert len(api.get(reverse("placement-list")).json()["results"]) == 1


def test_bad_input_is_a_400_and_writes_nothing(teacher_educator, setting):
    api = APIClient()
    api.force_authenticate(teacher_educator)
    response = api.post(
        reverse("placement-list"),
        {
            "group": setting["group"].pk,
            "reference": "S",
            "college": setting["mentor"].college_id,
            "field": setting["field"].pk,
            "starts_on": "2026-03-01",
            "ends_on": "2026-02-01",
        },
    )
    assert response.status_code == 400
    other = ContactFactory()
    response = api.post(
        reverse("placement-list"),
        {
            "group": setting["group"].pk,
            "reference": "S",
            "college": setting["mentor"].college_id,
            "field": setting["field"].pk,
            "starts_on": "2026-03-01",
            "contacts": [other.pk],
        },
    )
    assert response.status_code == 400
    assert not Placement.objects.exists()


def test_another_educator_neither_sees_nor_deletes(setting):
    placement = PlacementFactory(student=TeacherStudentFactory(vte_group=setting["group"]))
    api = APIClient()
    api.force_authenticate(user_with_role(roles.TEACHER_EDUCATOR))
    assert api.get(reverse("placement-list")).json()["results"] == []
    assert api.delete(reverse("placement-detail", args=[placement.pk])).status_code == 404
    mentor_api = APIClient()
    mentor_api.force_authenticate(setting["mentor"].user)
    assert mentor_api.get(reverse("placement-list")).status_code == 403


def test_steering_lists_the_deliverables(steering):
    DeliverableFactory(code="PR3")
    api = APIClient()
    api.force_authenticate(steering)
    assert api.get(reverse("deliverable-list")).json()["results"][0]["code"] == "PR3"
