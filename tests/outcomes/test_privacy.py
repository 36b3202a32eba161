"""Teacher students' personal data: in the GDPR export of whoever recorded them, and blanked
by the retention sweep; feedback likewise."""

import datetime
import json

import pytest
from django.urls import reverse

from outcomes import services
from outcomes.models import ContactFeedback, TeacherStudent
from tests.factories import (
    ContactRequestFactory,
    PlacementFactory,
    TeacherStudentFactory,
    VTEGroupFactory,
)

pytestmark = pytest.mark.django_db


def test_my_data_lists_the_students_i_recorded_and_the_feedback_i_gave(client, teacher_educator):
    student = TeacherStudentFactory(
        reference="S1", name="Aino Aaltonen", created_by=teacher_educator
    )
    PlacementFactory(student=student, created_by=teacher_educator)
    request = ContactRequestFactory(requester=teacher_educator)
    ContactFeedback.objects.create(
        request=request, recipient=teacher_educator, score=4, what_came_of_it="A job."
    )
    client.force_login(teacher_educator)
    response = client.get(reverse("my_data"))
    body = b"".join(response.streaming_content) if response.streaming else response.content
    data = json.loads(body)
    assert data["teacher_students_recorded"][0]["name"] == "Aino Aaltonen"
    assert data["placements_recorded"][0]["student__reference"] == "S1"
    assert data["contact_feedback"][0]["what_came_of_it"] == "A job."


def test_retention_blanks_names_of_groups_that_ended_long_ago_and_keeps_the_rest(settings):
    settings.TEACHER_STUDENT_RETENTION_YEARS = 2
    old_group = VTEGroupFactory(
        starts_on=datetime.date(2020, 1, 1), ends_on=datetime.date(2020, 7, 31)
    )
    recent_group = VTEGroupFactory(
        starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2026, 7, 31)
    )
    old = TeacherStudentFactory(vte_group=old_group, reference="Old 1", name="Old Name")
    recent = TeacherStudentFactory(vte_group=recent_group, name="Recent Name")
    PlacementFactory(student=old)
    changed = services.forget_old_teacher_student_data(today=datetime.date(2026, 12, 6))
    assert changed == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.name, old.reference) == ("", "Old 1")
    assert recent.name == "Recent Name"
    assert TeacherStudent.objects.get(pk=old.pk).placements.count() == 1
