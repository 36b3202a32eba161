import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from leadvet import roles
from tests.factories import (
    CollegeUnitFactory,
    ContactFactory,
    GroupAssignmentFactory,
    MentorFactory,
    PartnerCollegeFactory,
    VocationalFieldFactory,
    VTEGroupFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def college():
    college = PartnerCollegeFactory(name="Helsinki Vocational College", city="Helsinki")
    CollegeUnitFactory(college=college, name="Vallila unit")
    college.fields.add(VocationalFieldFactory(name="Social and health care", is_shortage=True))
    return college


def named_mentor_user(first_name, last_name):
    return user_with_role(roles.MENTOR, first_name=first_name, last_name=last_name)


def url(college):
    return reverse("colleges:college_detail", args=[college.pk])


def test_anonymous_is_sent_to_login(client, college):
    assert client.get(url(college)).status_code == 302


def test_mentor_gets_403(client, college, mentor):
    client.force_login(mentor.user)
    assert client.get(url(college)).status_code == 403


def test_teacher_educator_gets_403(client, college, teacher_educator):
    client.force_login(teacher_educator)
    assert client.get(url(college)).status_code == 403


def test_unknown_college_is_404(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("colleges:college_detail", args=[999999])).status_code == 404


def test_coordinator_sees_units_fields_mentors_groups_and_activity(client, coordinator, college):
    mentor = MentorFactory(college=college, user=named_mentor_user("Aino", "Virtanen"))
    group = VTEGroupFactory(name="Group Aurora")
    GroupAssignmentFactory(mentor=mentor, vte_group=group)
    ContactFactory(mentor=mentor, vte_group=group)
    client.force_login(coordinator)

    response = client.get(url(college))

    body = response.content.decode()
    assert response.status_code == 200
    for text in (
        "Vallila unit",
        "Social and health care",
        "Shortage field",
        "Aino Virtanen",
        "Active",
    ):
        assert text in body
    assert "Group Aurora" in body
    assert list(response.context["groups"]) == [group]
    assert len(response.context["recent_contacts"]) == 1


def test_recent_activity_shows_the_last_ten_contacts(client, coordinator, college):
    mentor = MentorFactory(college=college)
    today = timezone.localdate()
    contacts = [
        ContactFactory(mentor=mentor, date=today - datetime.timedelta(days=n)) for n in range(12)
    ]
    client.force_login(coordinator)
    shown = list(client.get(url(college)).context["recent_contacts"])
    assert shown == contacts[:10]


def test_steering_sees_figures_but_no_mentor_names(client, steering, college):
    MentorFactory(college=college, user=named_mentor_user("Secret", "Person"))
    client.force_login(steering)
    response = client.get(url(college))
    body = response.content.decode()
    assert response.status_code == 200
    assert response.context["college"].active_mentor_count == 1
    assert "Secret Person" not in body
    assert "recent_contacts" not in response.context


def test_college_coordinator_sees_names_of_own_college_only(client, college):
    MentorFactory(college=college, user=named_mentor_user("Own", "Mentor"))
    other = PartnerCollegeFactory()
    MentorFactory(college=other, user=named_mentor_user("Other", "Mentor"))
    user = user_with_role(roles.COLLEGE_COORDINATOR)
    college.coordinators.add(user)
    client.force_login(user)

    assert "Own Mentor" in client.get(url(college)).content.decode()
    other_page = client.get(url(other)).content.decode()
    assert "Other Mentor" not in other_page


def test_history_shows_who_changed_what(client, coordinator, college):
    client.force_login(coordinator)
    client.post(
        reverse("colleges:college_edit", args=[college.pk]),
        {
            "name": college.name,
            "country": college.country_id,
            "city": "Espoo",
            "is_active": "on",
            "units-TOTAL_FORMS": "0",
            "units-INITIAL_FORMS": "0",
        },
    )
    response = client.get(url(college))
    entry = response.context["history"][0]
    assert entry.user == coordinator
    assert [(c.label, c.old, c.new) for c in entry.changes] == [("city", "Helsinki", "Espoo")]
    assert "Helsinki → Espoo" in response.content.decode()


def _populate(college, count):
    for _ in range(count):
        mentor = MentorFactory(college=college)
        GroupAssignmentFactory(mentor=mentor)
        ContactFactory(mentor=mentor)


def test_detail_query_count_is_the_same_for_10_and_50_mentors(
    client, coordinator, college, django_assert_num_queries
):
    _populate(college, 10)
    client.force_login(coordinator)
    client.get(url(college))
    with django_assert_num_queries(10) as context:
        client.get(url(college))
    few = len(context.captured_queries)

    _populate(college, 40)
    with django_assert_num_queries(few):
        response = client.get(url(college))
    assert len(response.context["mentors"]) == 50
    assert len(response.context["groups"]) == 50
