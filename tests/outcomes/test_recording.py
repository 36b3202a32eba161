"""Recording teacher students' placements and outcomes from a contact or a group."""

import datetime

import pytest
from django.urls import reverse

from leadvet import roles
from outcomes.models import Placement, StudentOutcome, TeacherStudent
from tests.factories import (
    ContactFactory,
    ContactRequestFactory,
    MentorFactory,
    PartnerCollegeFactory,
    VocationalFieldFactory,
    VTEGroupFactory,
    college_coordinator_for,
    user_with_role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(teacher_educator):
    field = VocationalFieldFactory(name="Welding", is_shortage=True)
    group = VTEGroupFactory(teacher_educator=teacher_educator, field=field)
    mentor = MentorFactory()
    contact = ContactFactory(mentor=mentor, vte_group=group, date=datetime.date(2026, 3, 2))
    return {"group": group, "mentor": mentor, "contact": contact, "field": field}


def step(setting, **changes) -> dict:
    data = {
        "reference": "Student A",
        "name": "",
        "kind": "placement",
        "college": setting["contact"].college_id,
        "field": setting["field"].pk,
        "mentor": setting["mentor"].pk,
        "starts_on": "2026-03-10",
        "ends_on": "2026-04-10",
    }
    return data | changes


def test_teacher_educator_records_a_placement_and_a_hire_from_a_contact(
    client, teacher_educator, setting
):
    client.force_login(teacher_educator)
    url = reverse("outcomes:record_from_contact", args=[setting["contact"].pk])
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["form"].initial["college"] == setting["contact"].college_id

    assert client.post(url, step(setting)).status_code == 302
    response = client.post(
        url, step(setting, kind="hired", starts_on="2026-06-01", ends_on=""), follow=True
    )
    assert response.status_code == 200

    student = TeacherStudent.objects.get()
    assert student.vte_group == setting["group"] and student.name == ""
    placement = Placement.objects.get()
    assert placement.mentor == setting["mentor"]
    assert list(placement.contacts.all()) == [setting["contact"]]
    hire = StudentOutcome.objects.get()
    assert hire.kind == "hired" and hire.date == datetime.date(2026, 6, 1)
    assert list(hire.contacts.all()) == [setting["contact"]]
    assert b"Student A" in response.content


def test_a_placement_ending_before_it_starts_is_refused_and_nothing_is_written(
    client, teacher_educator, setting
):
    client.force_login(teacher_educator)
    url = reverse("outcomes:record_from_contact", args=[setting["contact"].pk])
    response = client.post(url, step(setting, ends_on="2026-03-01"))
    assert response.status_code == 400
    assert "ends_on" in response.context["form"].errors
    assert not TeacherStudent.objects.exists() and not Placement.objects.exists()


def test_another_teacher_educator_cannot_record_from_the_contact(client, setting):
    other = user_with_role(roles.TEACHER_EDUCATOR)
    client.force_login(other)
    url = reverse("outcomes:record_from_contact", args=[setting["contact"].pk])
    assert client.get(url).status_code == 404
    assert client.post(url, step(setting)).status_code == 404
    assert not Placement.objects.exists()


def test_the_requester_of_the_contact_may_record_from_it(client, setting):
    requester = user_with_role(roles.TEACHER_EDUCATOR)
    contact = ContactFactory(
        mentor=setting["mentor"], request=ContactRequestFactory(requester=requester)
    )
    client.force_login(requester)
    url = reverse("outcomes:record_from_contact", args=[contact.pk])
    assert client.get(url).status_code == 200


def test_college_coordinator_records_only_at_their_own_college(client, setting):
    own = setting["contact"].college
    coordinator = college_coordinator_for(own)
    other_college = PartnerCollegeFactory()
    client.force_login(coordinator)
    url = reverse("outcomes:group_students", args=[setting["group"].pk])
    response = client.post(url, step(setting, college=other_college.pk))
    assert response.status_code == 400
    assert "college" in response.context["form"].errors
    assert client.post(url, step(setting)).status_code == 302
    assert Placement.objects.get().college == own


def test_recording_from_the_group_adds_to_an_existing_students_path(
    client, teacher_educator, setting
):
    client.force_login(teacher_educator)
    url = reverse("outcomes:group_students", args=[setting["group"].pk])
    client.post(url, step(setting, name="Aino"))
    client.post(url, step(setting, kind="offered", ends_on=""))
    student = TeacherStudent.objects.get()
    assert student.name == "Aino"
    assert student.placements.count() == 1 and student.outcomes.count() == 1


def test_deleting_the_last_record_deletes_the_student(client, teacher_educator, setting):
    client.force_login(teacher_educator)
    client.post(reverse("outcomes:group_students", args=[setting["group"].pk]), step(setting))
    placement = Placement.objects.get()
    url = reverse("outcomes:placement_delete", args=[placement.pk])
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert not TeacherStudent.objects.exists()


def test_group_page_lists_students_in_a_fixed_number_of_queries(
    client, teacher_educator, setting, django_assert_max_num_queries
):
    client.force_login(teacher_educator)
    url = reverse("outcomes:group_students", args=[setting["group"].pk])
    for index in range(6):
        client.post(url, step(setting, reference=f"S{index}"))
        client.post(url, step(setting, reference=f"S{index}", kind="hired", ends_on=""))
    with django_assert_max_num_queries(20):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.count(b"S5") >= 1


def test_index_lists_contacts_in_a_fixed_number_of_queries(
    client, teacher_educator, setting, django_assert_max_num_queries
):
    for _index in range(8):
        ContactFactory(mentor=setting["mentor"], vte_group=setting["group"])
    client.force_login(teacher_educator)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("outcomes:index"))
    assert response.status_code == 200
    assert len(response.context["contacts"]) == 9


def test_group_and_contact_pages_link_to_recording_only_for_those_who_may(
    client, teacher_educator, coordinator, setting
):
    group_url = reverse("colleges:group_detail", args=[setting["group"].pk])
    record_group = reverse("outcomes:group_students", args=[setting["group"].pk])
    client.force_login(teacher_educator)
    assert record_group.encode() in client.get(group_url).content

    mentor = setting["mentor"]
    from tests.factories import GroupAssignmentFactory

    GroupAssignmentFactory(mentor=mentor, vte_group=setting["group"])
    client.force_login(mentor.user)
    assert record_group.encode() not in client.get(group_url).content
    contact_url = reverse("mentors:contact_detail", args=[setting["contact"].pk])
    record_contact = reverse("outcomes:record_from_contact", args=[setting["contact"].pk])
    assert record_contact.encode() not in client.get(contact_url).content

    client.force_login(coordinator)
    assert record_contact.encode() in client.get(contact_url).content


def test_a_request_turned_into_a_contact_links_its_teacher_educator_to_recording(client, setting):
    requester = user_with_role(roles.TEACHER_EDUCATOR)
    request = ContactRequestFactory(
        requester=requester, mentor=setting["mentor"], status="accepted"
    )
    contact = ContactFactory(mentor=setting["mentor"], request=request)
    client.force_login(requester)
    page = client.get(reverse("mentors:request_detail", args=[request.pk]))
    assert reverse("outcomes:record_from_contact", args=[contact.pk]).encode() in page.content
