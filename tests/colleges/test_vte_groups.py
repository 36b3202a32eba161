import datetime

import pytest
import time_machine
from django.urls import reverse

from colleges.models import VTEGroup
from leadvet import roles
from tests.factories import (
    GroupAssignmentFactory,
    MentorTaskFactory,
    VocationalFieldFactory,
    VTEGroupFactory,
    VTEInstitutionFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db

LIST_URL = reverse("colleges:group_list")
CREATE_URL = reverse("colleges:group_create")


def detail_url(group):
    return reverse("colleges:group_detail", args=[group.pk])


def group_data(**overrides):
    data = {
        "institution": VTEInstitutionFactory().pk,
        "name": "Teacher students Helsinki 1",
        "term": "Autumn 2026",
        "starts_on": "2026-08-15",
        "ends_on": "2026-12-20",
        "teacher_educator": "",
        "field": "",
        "size": "24",
    }
    data.update(overrides)
    return data


@pytest.fixture
def own_group(teacher_educator):
    return VTEGroupFactory(name="Own group", teacher_educator=teacher_educator)


@pytest.fixture
def others_group():
    return VTEGroupFactory(name="Someone else's group")


# Permissions


def test_anonymous_is_sent_to_login(client, own_group):
    for url in (LIST_URL, detail_url(own_group), CREATE_URL):
        assert client.get(url).status_code == 302


def test_steering_gets_403(client, steering, own_group):
    client.force_login(steering)
    assert client.get(LIST_URL).status_code == 403
    assert client.get(detail_url(own_group)).status_code == 403


def test_teacher_educator_sees_only_own_groups(client, teacher_educator, own_group, others_group):
    client.force_login(teacher_educator)
    listed = list(client.get(LIST_URL).context["page_obj"].object_list)
    assert listed == [own_group]
    assert client.get(detail_url(own_group)).status_code == 200
    assert client.get(detail_url(others_group)).status_code == 404


def test_mentor_sees_groups_they_are_assigned_to(client, mentor, own_group, others_group):
    GroupAssignmentFactory(mentor=mentor, vte_group=own_group)
    client.force_login(mentor.user)
    assert list(client.get(LIST_URL).context["page_obj"].object_list) == [own_group]
    assert client.get(detail_url(own_group)).status_code == 200
    assert client.get(detail_url(others_group)).status_code == 404


def test_another_mentor_does_not_see_the_group(client, mentor, other_mentor, own_group):
    GroupAssignmentFactory(mentor=mentor, vte_group=own_group)
    client.force_login(other_mentor.user)
    assert client.get(detail_url(own_group)).status_code == 404


def test_teacher_educator_may_see_but_not_edit_or_close_own_group(
    client, teacher_educator, own_group
):
    client.force_login(teacher_educator)
    assert client.get(reverse("colleges:group_edit", args=[own_group.pk])).status_code == 403
    assert client.post(reverse("colleges:group_close", args=[own_group.pk])).status_code == 403
    assert client.get(CREATE_URL).status_code == 403
    own_group.refresh_from_db()
    assert not own_group.is_closed


def test_close_needs_post(client, coordinator, own_group):
    client.force_login(coordinator)
    assert client.get(reverse("colleges:group_close", args=[own_group.pk])).status_code == 405


def test_unknown_group_is_404(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("colleges:group_detail", args=[999999])).status_code == 404


# List and filters


def test_coordinator_filters_by_term_field_teacher_educator_and_state(client, coordinator):
    field = VocationalFieldFactory(name="Health care")
    educator = user_with_role(roles.TEACHER_EDUCATOR)
    spring = VTEGroupFactory(
        name="Spring",
        term="Spring 2026",
        starts_on=datetime.date(2026, 1, 10),
        ends_on=datetime.date(2026, 5, 31),
    )
    health = VTEGroupFactory(name="Health", field=field, teacher_educator=educator)
    closed = VTEGroupFactory(
        name="Closed", closed_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    )
    client.force_login(coordinator)

    def names(**params):
        return {g.name for g in client.get(LIST_URL, params).context["page_obj"].object_list}

    assert names(term="Spring 2026") == {"Spring"}
    assert names(field=field.pk) == {"Health"}
    assert names(teacher_educator=educator.pk) == {"Health"}
    assert names(state="closed") == {"Closed"}
    assert names(state="open") == {spring.name, health.name}
    assert closed.name not in names(state="open")


# Create, edit, close


def test_coordinator_creates_a_group_with_needed_tasks(client, coordinator, teacher_educator):
    task = MentorTaskFactory(number=2, name="Coordinating teacher students' training")
    client.force_login(coordinator)
    response = client.post(
        CREATE_URL, group_data(teacher_educator=teacher_educator.pk, needed_tasks=[task.pk])
    )
    group = VTEGroup.objects.get()
    assert response.status_code == 302
    assert group.teacher_educator == teacher_educator
    assert list(group.needed_tasks.all()) == [task]
    assert "Coordinating teacher students" in client.get(detail_url(group)).content.decode()


def test_term_ending_before_it_starts_is_refused(client, coordinator):
    client.force_login(coordinator)
    response = client.post(CREATE_URL, group_data(ends_on="2026-08-01"))
    assert response.status_code == 200
    assert response.context["form"].errors["ends_on"]
    assert not VTEGroup.objects.exists()


def test_only_teacher_educators_can_be_chosen(client, coordinator, mentor):
    client.force_login(coordinator)
    response = client.post(CREATE_URL, group_data(teacher_educator=mentor.user.pk))
    assert response.context["form"].errors["teacher_educator"]


def test_coordinator_edits_a_group_and_history_shows_it(client, coordinator, own_group):
    client.force_login(coordinator)
    response = client.post(
        reverse("colleges:group_edit", args=[own_group.pk]),
        group_data(
            institution=own_group.institution_id,
            name=own_group.name,
            teacher_educator=own_group.teacher_educator_id,
            size="30",
        ),
    )
    assert response.status_code == 302
    page = client.get(detail_url(own_group))
    entry = page.context["history"][0]
    assert entry.user == coordinator
    assert [(c.old, c.new) for c in entry.changes] == [("20", "30")]


@time_machine.travel(datetime.datetime(2026, 12, 21, 12, tzinfo=datetime.UTC), tick=False)
def test_coordinator_closes_and_reopens_a_group(client, coordinator, own_group):
    client.force_login(coordinator)
    response = client.post(reverse("colleges:group_close", args=[own_group.pk]), follow=True)
    own_group.refresh_from_db()
    assert own_group.closed_at == datetime.datetime(2026, 12, 21, 12, tzinfo=datetime.UTC)
    assert "was closed" in response.content.decode()
    assert "Reopen group" in response.content.decode()

    client.post(reverse("colleges:group_reopen", args=[own_group.pk]))
    own_group.refresh_from_db()
    assert not own_group.is_closed


# Detail


def test_detail_shows_assigned_mentors_and_assignment_history(
    client, coordinator, own_group, mentor
):
    GroupAssignmentFactory(mentor=mentor, vte_group=own_group)
    client.force_login(coordinator)
    response = client.get(detail_url(own_group))
    body = response.content.decode()
    assert mentor.name in body
    assert mentor.college.name in body
    assert response.context["assignment_history"][0].action == "Created"
    assert "Contact person" in response.context["assignment_history"][0].object_label


def test_detail_query_count_is_the_same_for_10_and_50_assignments(
    client, coordinator, own_group, django_assert_num_queries
):
    GroupAssignmentFactory.create_batch(10, vte_group=own_group)
    client.force_login(coordinator)
    client.get(detail_url(own_group))
    with django_assert_num_queries(8) as context:
        client.get(detail_url(own_group))
    few = len(context.captured_queries)

    GroupAssignmentFactory.create_batch(40, vte_group=own_group)
    with django_assert_num_queries(few):
        response = client.get(detail_url(own_group))
    assert len(response.context["assignments"]) == 50
    assert len(response.context["assignment_history"]) == 20


def test_list_query_count_does_not_grow(client, coordinator, django_assert_num_queries):
    VTEGroupFactory.create_batch(5)
    client.force_login(coordinator)
    client.get(LIST_URL)
    with django_assert_num_queries(8) as context:
        client.get(LIST_URL)
    few = len(context.captured_queries)
    for group in VTEGroupFactory.create_batch(30):
        GroupAssignmentFactory(vte_group=group)
    with django_assert_num_queries(few):
        client.get(LIST_URL)


@pytest.mark.parametrize(
    "role, shown",
    [
        (roles.COORDINATOR, True),
        (roles.TEACHER_EDUCATOR, True),
        (roles.MENTOR, True),
        (roles.STEERING, False),
    ],
)
def test_navigation_shows_vte_groups_to_those_who_may_read_them(client, role, shown):
    client.force_login(user_with_role(role))
    labels = [str(item["label"]) for item in client.get(reverse("home")).context["nav_items"]]
    assert ("VTE groups" in labels) is shown


def test_coordinator_gets_the_group_forms(client, coordinator, own_group):
    task = MentorTaskFactory(number=3, name="Teacher education curriculum")
    task.groups_needing.add(own_group)
    client.force_login(coordinator)
    assert client.get(CREATE_URL).status_code == 200
    response = client.get(reverse("colleges:group_edit", args=[own_group.pk]))
    assert response.status_code == 200
    assert response.context["form"]["needed_tasks"].initial == [task]
    assert 'value="15.8.2026"' in response.content.decode()
