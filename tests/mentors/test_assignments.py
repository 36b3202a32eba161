import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils.formats import date_format

from leadvet import roles
from mentors.models import GroupAssignment
from tests.factories import (
    GroupAssignmentFactory,
    MentorFactory,
    PartnerCollegeFactory,
    VTEGroupFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2026, 9, 1, 9, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def group():
    return VTEGroupFactory(name="Aurora")


def create_url(group):
    return reverse("mentors:assignment_create", args=[group.pk])


def end_url(assignment):
    return reverse("mentors:assignment_end", args=[assignment.pk])


def assignment_data(mentor, **overrides):
    data = {
        "mentor": mentor.pk,
        "role": GroupAssignment.Role.CONTACT_PERSON,
        "starts_on": "2026-09-01",
        "ends_on": "2026-12-20",
    }
    data.update(overrides)
    return data


# Permissions


def test_anonymous_is_sent_to_login(client, group):
    assert client.get(create_url(group)).status_code == 302


@pytest.mark.parametrize("who", ["teacher_educator", "steering"])
def test_other_roles_may_not_assign(client, request, who, group, mentor):
    client.force_login(request.getfixturevalue(who))
    assert client.get(create_url(group)).status_code == 403
    assert client.post(create_url(group), assignment_data(mentor)).status_code == 403
    assert not GroupAssignment.objects.exists()


def test_mentor_may_not_assign_themselves(client, group, mentor):
    client.force_login(mentor.user)
    assert client.post(create_url(group), assignment_data(mentor)).status_code == 403


def test_another_mentor_may_not_end_an_assignment(client, group, mentor, other_mentor):
    assignment = GroupAssignmentFactory(mentor=mentor, vte_group=group)
    client.force_login(other_mentor.user)
    assert client.post(end_url(assignment)).status_code == 403
    assignment.refresh_from_db()
    assert assignment.ends_on is None


def test_end_needs_post(client, coordinator, group, mentor):
    assignment = GroupAssignmentFactory(mentor=mentor, vte_group=group)
    client.force_login(coordinator)
    assert client.get(end_url(assignment)).status_code == 405


def test_unknown_group_or_assignment_is_404(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("mentors:assignment_create", args=[999999])).status_code == 404
    assert client.post(reverse("mentors:assignment_end", args=[999999])).status_code == 404


def test_college_coordinator_assigns_only_own_colleges_mentors(client, group):
    own = PartnerCollegeFactory()
    user = user_with_role(roles.COLLEGE_COORDINATOR)
    own.coordinators.add(user)
    own_mentor, foreign_mentor = MentorFactory(college=own), MentorFactory()
    client.force_login(user)

    response = client.post(create_url(group), assignment_data(foreign_mentor))
    assert response.status_code == 200
    assert response.context["form"].errors["mentor"]

    assert client.post(create_url(group), assignment_data(own_mentor)).status_code == 302
    assert list(GroupAssignment.objects.values_list("mentor", flat=True)) == [own_mentor.pk]

    foreign_assignment = GroupAssignmentFactory(mentor=foreign_mentor, vte_group=group)
    assert client.post(end_url(foreign_assignment)).status_code == 403


# Assigning


def test_coordinator_assigns_a_mentor_with_role_and_period(client, coordinator, group, mentor):
    client.force_login(coordinator)
    response = client.post(
        create_url(group),
        assignment_data(mentor, role=GroupAssignment.Role.EXPERT),
        follow=True,
    )
    assignment = GroupAssignment.objects.get()
    assert (assignment.mentor, assignment.vte_group, assignment.role) == (mentor, group, "expert")
    assert (assignment.starts_on, assignment.ends_on) == (
        datetime.date(2026, 9, 1),
        datetime.date(2026, 12, 20),
    )
    assert assignment.created_by == coordinator
    assert "was assigned to" in response.content.decode()
    assert "capacity" not in response.content.decode()


def test_going_over_capacity_saves_and_warns(client, coordinator, group):
    mentor = MentorFactory(capacity_groups=1)
    GroupAssignmentFactory(mentor=mentor)
    client.force_login(coordinator)

    response = client.post(create_url(group), assignment_data(mentor), follow=True)

    assert GroupAssignment.objects.filter(mentor=mentor).count() == 2
    levels = [m.level_tag for m in response.context["messages"]]
    assert levels == ["success", "warning"]
    assert "now works with 2 groups; their declared capacity is 1" in response.content.decode()


def test_the_form_warns_before_confirming_when_the_mentor_is_full(client, coordinator, group):
    mentor = MentorFactory(capacity_groups=1)
    GroupAssignmentFactory(mentor=mentor)
    client.force_login(coordinator)
    response = client.get(create_url(group), {"mentor": mentor.pk})
    assert response.context["capacity_warning"]
    assert "You can still assign them." in response.content.decode()
    assert response.context["form"].initial["mentor"] == mentor.pk


def test_ended_or_closed_assignments_do_not_count_towards_capacity(client, coordinator, group):
    mentor = MentorFactory(capacity_groups=1)
    GroupAssignmentFactory(mentor=mentor, ends_on=datetime.date(2026, 8, 31))
    GroupAssignmentFactory(
        mentor=mentor, vte_group=VTEGroupFactory(closed_at=TODAY - datetime.timedelta(days=1))
    )
    client.force_login(coordinator)
    assert client.get(create_url(group), {"mentor": mentor.pk}).context["capacity_warning"] is None


def test_same_role_twice_is_refused_next_to_the_role(client, coordinator, group, mentor):
    GroupAssignmentFactory(mentor=mentor, vte_group=group)
    client.force_login(coordinator)
    response = client.post(create_url(group), assignment_data(mentor))
    assert response.status_code == 200
    assert response.context["form"].errors["role"]
    assert GroupAssignment.objects.count() == 1


def test_an_ended_assignment_is_taken_up_again(client, coordinator, group, mentor):
    old = GroupAssignmentFactory(mentor=mentor, vte_group=group, ends_on=datetime.date(2026, 8, 20))
    client.force_login(coordinator)
    client.post(create_url(group), assignment_data(mentor, ends_on=""))
    old.refresh_from_db()
    assert (old.starts_on, old.ends_on) == (datetime.date(2026, 9, 1), None)
    assert old.history.count() == 2


def test_assignment_ending_before_it_starts_is_refused(client, coordinator, group, mentor):
    client.force_login(coordinator)
    response = client.post(create_url(group), assignment_data(mentor, ends_on="2026-08-01"))
    assert response.context["form"].errors["ends_on"]
    assert not GroupAssignment.objects.exists()


def test_a_closed_group_takes_no_new_mentors(client, coordinator, mentor):
    group = VTEGroupFactory(closed_at=TODAY)
    client.force_login(coordinator)
    response = client.post(create_url(group), assignment_data(mentor))
    assert response.status_code == 302
    assert not GroupAssignment.objects.exists()


# Ending


def test_coordinator_ends_an_assignment_today(client, coordinator, group, mentor):
    assignment = GroupAssignmentFactory(mentor=mentor, vte_group=group)
    client.force_login(coordinator)
    response = client.post(end_url(assignment), follow=True)
    assignment.refresh_from_db()
    assert assignment.ends_on == datetime.date(2026, 9, 1)
    assert response.redirect_chain[-1][0] == reverse("colleges:group_detail", args=[group.pk])
    history = response.context["assignment_history"]
    assert history[0].user == coordinator
    change = history[0].changes[0]
    assert (change.label, change.old, change.new) == (
        "until",
        "–",
        date_format(datetime.date(2026, 9, 1), "SHORT_DATE_FORMAT"),
    )


def test_the_form_starts_with_the_groups_term(client, coordinator, group, mentor):
    client.force_login(coordinator)
    response = client.get(create_url(group))
    assert response.status_code == 200
    assert response.context["capacity_warning"] is None
    body = response.content.decode()
    assert 'value="1.9.2026"' in body and 'value="20.12.2026"' in body
    assert mentor.name in body
