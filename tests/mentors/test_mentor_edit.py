import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from leadvet import roles
from leadvet.models import User
from mentors.models import Contact, GroupAssignment, MembershipPeriod, Mentor, StatusChange
from tests.factories import (
    CollegeUnitFactory,
    ContactFactory,
    LanguageFactory,
    MentorFactory,
    MentorTaskFactory,
    PartnerCollegeFactory,
    RegistrationFactory,
    VocationalFieldFactory,
    VTEGroupFactory,
    college_coordinator_for,
    user_with_role,
)

pytestmark = pytest.mark.django_db

CREATE = reverse("mentors:create")


def create_data(college, **extra) -> dict:
    data = {
        "first_name": "Aino",
        "last_name": "Laine",
        "email": "Aino.Laine@Varia.fi",
        "college": college.pk,
        "capacity_groups": 2,
        "language": "en",
    }
    data.update(extra)
    return data


def test_anonymous_user_cannot_create(client):
    response = client.get(CREATE)
    assert response.status_code == 302


@pytest.mark.parametrize("fixture", ["teacher_educator", "steering"])
def test_other_roles_get_403_on_create(client, request, fixture):
    client.force_login(request.getfixturevalue(fixture))
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, create_data(PartnerCollegeFactory())).status_code == 403


def test_coordinator_creates_user_mentor_and_open_membership(client, coordinator):
    college = PartnerCollegeFactory()
    unit = CollegeUnitFactory(college=college)
    field = VocationalFieldFactory()
    task = MentorTaskFactory(number=2)
    language = LanguageFactory(code="fi", name="Finnish")
    client.force_login(coordinator)
    response = client.post(
        CREATE,
        create_data(
            college,
            unit=unit.pk,
            fields_=[field.pk],
            tasks=[task.pk],
            languages=[language.pk],
            phone="040 1",
        ),
    )
    mentor = Mentor.objects.get(user__email="aino.laine@varia.fi")
    assert response.status_code == 302
    assert response["Location"] == reverse("mentors:detail", args=[mentor.pk])
    assert mentor.status == Mentor.Status.CANDIDATE
    assert (mentor.college, mentor.unit, mentor.phone) == (college, unit, "040 1")
    assert list(mentor.fields.all()) == [field]
    assert list(mentor.tasks.all()) == [task]
    assert list(mentor.languages.all()) == [language]
    assert roles.is_mentor(User.objects.get(pk=mentor.user_id))
    assert not mentor.user.has_usable_password()
    period = MembershipPeriod.objects.get(mentor=mentor)
    assert (period.college, period.unit, period.ends_on) == (college, unit, None)
    assert StatusChange.objects.get(mentor=mentor).to_status == Mentor.Status.CANDIDATE
    assert mail.outbox == []


def test_creating_with_invitation_emails_the_link(
    client, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(CREATE, create_data(PartnerCollegeFactory(), send_invitation="on"))
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["aino.laine@varia.fi"]


def test_creating_links_an_existing_account(client, coordinator):
    educator = user_with_role(roles.TEACHER_EDUCATOR, email="aino.laine@varia.fi")
    client.force_login(coordinator)
    client.post(CREATE, create_data(PartnerCollegeFactory()))
    mentor = Mentor.objects.get(user=educator)
    assert roles.is_mentor(User.objects.get(pk=educator.pk))
    assert educator.has_usable_password()
    assert mentor.user.first_name == "Aino"


def test_creating_a_duplicate_mentor_is_refused_next_to_the_field(client, coordinator, mentor):
    client.force_login(coordinator)
    response = client.post(
        CREATE, create_data(PartnerCollegeFactory(), email=mentor.user.email.upper())
    )
    assert response.status_code == 200
    assert (
        "A mentor with this email address already exists."
        in response.context["form"].errors["email"]
    )
    assert Mentor.objects.count() == 1


def test_unit_of_another_college_is_refused(client, coordinator):
    college = PartnerCollegeFactory()
    client.force_login(coordinator)
    response = client.post(CREATE, create_data(college, unit=CollegeUnitFactory().pk))
    assert "unit" in response.context["form"].errors
    assert not Mentor.objects.exists()


def test_college_coordinator_creates_only_in_their_college(client):
    own, other = PartnerCollegeFactory(), PartnerCollegeFactory()
    client.force_login(college_coordinator_for(own))
    response = client.post(CREATE, create_data(other))
    assert "college" in response.context["form"].errors
    assert not Mentor.objects.exists()
    client.post(CREATE, create_data(own))
    assert Mentor.objects.get().college == own


def edit_url(mentor) -> str:
    return reverse("mentors:edit", args=[mentor.pk])


def edit_data(mentor, **extra) -> dict:
    data = {
        "first_name": "Ville",
        "last_name": "Nieminen",
        "college": mentor.college_id,
        "capacity_groups": 3,
        "title": "Lecturer",
    }
    data.update(extra)
    return data


def test_edit_form_shows_current_values(client, coordinator, mentor):
    client.force_login(coordinator)
    response = client.get(edit_url(mentor))
    assert response.status_code == 200
    assert response.context["form"].initial["college"] == mentor.college_id


def test_coordinator_edits_a_mentor(client, coordinator, mentor):
    field = VocationalFieldFactory()
    client.force_login(coordinator)
    response = client.post(edit_url(mentor), edit_data(mentor, fields_=[field.pk]))
    assert response.status_code == 302
    mentor.refresh_from_db()
    assert (mentor.user.first_name, mentor.title, mentor.capacity_groups) == (
        "Ville",
        "Lecturer",
        3,
    )
    assert list(mentor.fields.all()) == [field]
    assert mentor.history.first().history_user == coordinator


def test_moving_college_closes_the_membership_and_opens_a_new_one(client, coordinator):
    with time_machine.travel(datetime.datetime(2026, 1, 10, 12, 0), tick=False):
        mentor = MentorFactory()
        MembershipPeriod.objects.create(
            mentor=mentor, college=mentor.college, starts_on=datetime.date(2026, 1, 10)
        )
    new_college = PartnerCollegeFactory()
    client.force_login(coordinator)
    with time_machine.travel(datetime.datetime(2026, 3, 2, 12, 0), tick=False):
        client.post(edit_url(mentor), edit_data(mentor, college=new_college.pk))
    mentor.refresh_from_db()
    assert mentor.college == new_college
    periods = list(MembershipPeriod.objects.filter(mentor=mentor).order_by("starts_on"))
    assert [(p.college_id, p.starts_on, p.ends_on) for p in periods] == [
        (periods[0].college_id, datetime.date(2026, 1, 10), datetime.date(2026, 3, 1)),
        (new_college.pk, datetime.date(2026, 3, 2), None),
    ]


def test_teacher_educator_cannot_edit(client, teacher_educator, mentor):
    client.force_login(teacher_educator)
    assert client.get(edit_url(mentor)).status_code == 403
    assert client.post(edit_url(mentor), edit_data(mentor)).status_code == 403


def test_mentor_cannot_edit_through_the_pool_page(client, mentor):
    client.force_login(mentor.user)
    assert client.post(edit_url(mentor), edit_data(mentor)).status_code == 403
    mentor.refresh_from_db()
    assert mentor.title == ""


def test_college_coordinator_gets_404_for_another_colleges_mentor(client, mentor, other_mentor):
    client.force_login(college_coordinator_for(other_mentor.college))
    assert client.get(edit_url(mentor)).status_code == 404


def test_edit_of_unknown_mentor_is_404(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("mentors:edit", args=[424242])).status_code == 404


def delete_url(mentor) -> str:
    return reverse("mentors:delete", args=[mentor.pk])


def test_mentor_without_activity_is_deleted_after_confirmation(client, coordinator, mentor):
    client.force_login(coordinator)
    response = client.get(delete_url(mentor))
    assert "Yes, delete" in response.content.decode()
    response = client.post(delete_url(mentor))
    assert response.status_code == 302
    assert not Mentor.objects.filter(pk=mentor.pk).exists()
    assert not User.objects.filter(pk=mentor.user_id).exists()


def test_deleting_keeps_an_account_that_has_other_roles(client, coordinator):
    user = user_with_role(roles.TEACHER_EDUCATOR)
    mentor = MentorFactory(user=user)
    client.force_login(coordinator)
    client.post(delete_url(mentor))
    assert not Mentor.objects.filter(pk=mentor.pk).exists()
    assert User.objects.filter(pk=user.pk).exists()


@pytest.mark.parametrize("activity", ["contact", "assignment", "registration"])
def test_mentor_with_activity_is_never_deleted(client, coordinator, mentor, activity):
    if activity == "contact":
        ContactFactory(mentor=mentor)
    elif activity == "assignment":
        GroupAssignment.objects.create(
            mentor=mentor, vte_group=VTEGroupFactory(), starts_on=datetime.date(2026, 8, 15)
        )
    else:
        RegistrationFactory(user=mentor.user)
    client.force_login(coordinator)
    assert "Archive them instead" in client.get(delete_url(mentor)).content.decode()
    response = client.post(delete_url(mentor))
    assert response.status_code == 302
    assert Mentor.objects.filter(pk=mentor.pk).exists()
    if activity == "contact":
        assert Contact.objects.filter(mentor=mentor).exists()


def test_teacher_educator_cannot_delete(client, teacher_educator, mentor):
    client.force_login(teacher_educator)
    assert client.post(delete_url(mentor)).status_code == 403
    assert Mentor.objects.filter(pk=mentor.pk).exists()


@pytest.mark.parametrize("role", [roles.COORDINATOR, roles.STEERING, roles.TEACHER_EDUCATOR])
def test_a_college_coordinator_cannot_take_over_an_account_with_another_role(client, role):
    own = PartnerCollegeFactory()
    holder = user_with_role(role, email="aino.laine@varia.fi", first_name="Kept", last_name="Name")
    client.force_login(college_coordinator_for(own))

    response = client.post(CREATE, create_data(own))

    assert response.status_code == 200
    assert "another role" in str(response.context["form"].non_field_errors())
    holder.refresh_from_db()
    assert (holder.first_name, holder.last_name) == ("Kept", "Name")
    assert not roles.is_mentor(User.objects.get(pk=holder.pk))
    assert not Mentor.objects.exists()


def test_a_college_coordinator_may_link_an_account_without_other_roles(client):
    own = PartnerCollegeFactory()
    plain = User.objects.create(email="aino.laine@varia.fi")
    client.force_login(college_coordinator_for(own))

    client.post(CREATE, create_data(own))

    assert Mentor.objects.get().user == plain


def test_a_refused_invitation_leaves_no_mentor_behind(client, coordinator):
    # An account that has already accepted an invitation cannot get another.
    from mentors.models import Invitation

    existing = User.objects.create(email="aino.laine@varia.fi")
    accepted = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    Invitation.objects.create(
        user=existing, key="accepted-key", expires_at=accepted, accepted_at=accepted
    )
    client.force_login(coordinator)

    response = client.post(CREATE, create_data(PartnerCollegeFactory(), send_invitation="on"))

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not Mentor.objects.exists()
    assert not roles.is_mentor(User.objects.get(pk=existing.pk))
