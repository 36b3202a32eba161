import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from mentors.models import GroupAssignment, Mentor
from mentors.services import pool as pool_services
from tests.factories import (
    AvailabilityFactory,
    ContactFactory,
    MentorFactory,
    MentorInvitationFactory,
    MentorTaskFactory,
    PartnerCollegeFactory,
    RegistrationFactory,
    VTEGroupFactory,
    college_coordinator_for,
)

pytestmark = pytest.mark.django_db

PHONE = "+358 40 123 4567"


@pytest.fixture
def profile():
    mentor = MentorFactory(phone=PHONE, bio="Welding teacher for twenty years.")
    task = MentorTaskFactory(number=3, name="Teacher education curriculum")
    mentor.tasks.add(task)
    ContactFactory.create_batch(2, mentor=mentor, task=task)
    AvailabilityFactory(mentor=mentor, note="Mornings")
    group = VTEGroupFactory(name="Autumn welders")
    GroupAssignment.objects.create(
        mentor=mentor, vte_group=group, starts_on=datetime.date(2026, 8, 15)
    )
    RegistrationFactory(user=mentor.user, attended=True, event__title="Alumni event")
    RegistrationFactory(user=mentor.user, attended=False, event__title="Skipped webinar")
    pool_services.change_status(
        mentor=mentor, to_status=Mentor.Status.PAUSED, by=None, note="Parental leave"
    )
    return mentor


def url(mentor) -> str:
    return reverse("mentors:detail", args=[mentor.pk])


def test_anonymous_user_is_sent_to_login(client, profile):
    response = client.get(url(profile))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_coordinator_sees_the_full_profile(client, coordinator, profile):
    client.force_login(coordinator)
    response = client.get(url(profile))
    content = response.content.decode()
    assert response.status_code == 200
    assert response.context["full"] is True
    assert PHONE in content
    assert "Autumn welders" in content
    assert "Alumni event" in content
    assert "Skipped webinar" not in content
    assert "Parental leave" in content
    assert list(response.context["contact_counts"]) == [
        {"task__number": 3, "task__name": "Teacher education curriculum", "count": 2}
    ]
    assert "Change history" in content
    assert [change.to_status for change in response.context["status_changes"]] == ["paused"]


def test_change_history_lists_what_changed(client, coordinator, profile):
    profile.phone = "+358 50 000 0000"
    profile.save()
    client.force_login(coordinator)
    history = client.get(url(profile)).context["history"]
    assert any(
        change["new"] == "+358 50 000 0000" and change["old"] == PHONE
        for entry in history
        for change in entry["changes"]
    )


def test_teacher_educator_sees_the_public_profile_only(client, teacher_educator, profile):
    client.force_login(teacher_educator)
    response = client.get(url(profile))
    content = response.content.decode()
    assert response.status_code == 200
    assert response.context["full"] is False
    assert "Welding teacher for twenty years." in content
    assert PHONE not in content
    assert "Parental leave" not in content
    assert "Contacts by mentor task" not in content
    assert "Status history" not in content
    assert "contact_counts" not in response.context


def test_mentor_sees_their_own_full_profile(client, profile):
    client.force_login(profile.user)
    response = client.get(url(profile))
    assert response.context["full"] is True
    assert PHONE in response.content.decode()
    assert response.context["can_manage"] is False
    assert reverse("mentors:edit", args=[profile.pk]) not in response.content.decode()


def test_mentor_sees_another_mentors_public_profile(client, other_mentor, profile):
    client.force_login(other_mentor.user)
    response = client.get(url(profile))
    assert response.status_code == 200
    assert response.context["full"] is False
    assert PHONE not in response.content.decode()


def test_steering_group_gets_403(client, steering, profile):
    client.force_login(steering)
    assert client.get(url(profile)).status_code == 403


def test_college_coordinator_sees_own_college_mentor_in_full(client, profile):
    client.force_login(college_coordinator_for(profile.college))
    response = client.get(url(profile))
    assert response.context["full"] is True
    assert response.context["can_manage"] is True


def test_college_coordinator_gets_404_for_another_colleges_mentor(client, profile, other_mentor):
    client.force_login(college_coordinator_for(other_mentor.college))
    assert client.get(url(profile)).status_code == 404


def test_unknown_mentor_is_404(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("mentors:detail", args=[999999])).status_code == 404


def test_invitation_state_and_resend_button_are_on_the_detail_page(client, coordinator, profile):
    MentorInvitationFactory(user=profile.user, sent_at=timezone.now())
    client.force_login(coordinator)
    content = client.get(url(profile)).content.decode()
    assert "Invitation sent" in content
    assert "Resend invitation" in content
    assert reverse("mentors:send_invitation", args=[profile.pk]) in content


def test_detail_page_query_count_does_not_depend_on_activity(
    client, coordinator, django_assert_max_num_queries
):
    mentor = MentorFactory()
    client.force_login(coordinator)
    client.get(url(mentor))
    ContactFactory.create_batch(20, mentor=mentor)
    RegistrationFactory.create_batch(5, user=mentor.user, attended=True)
    with django_assert_max_num_queries(25):
        assert client.get(url(mentor)).status_code == 200


def test_change_history_names_colleges_and_statuses(client, coordinator, mentor):
    new_college = PartnerCollegeFactory(name="Business College Helsinki")
    mentor.college = new_college
    mentor.status = Mentor.Status.PAUSED
    mentor.save()
    client.force_login(coordinator)
    [latest, *_older] = client.get(url(mentor)).context["history"]
    shown = {str(change["field"]): change["new"] for change in latest["changes"]}
    assert shown["college"] == "Business College Helsinki"
    assert shown["status"] == "Paused"
