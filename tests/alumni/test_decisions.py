"""A coordinator approves or declines alumni requests and proposes alumni as mentors."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from alumni.models import AlumniApplication
from leadvet import roles
from leadvet.models import AuditEvent, User
from mentors.models import Mentor
from tests.factories import (
    PASSWORD,
    AlumniApplicationFactory,
    MentorFactory,
    PartnerCollegeFactory,
    VocationalFieldFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


def test_the_whole_path_from_the_public_form_to_a_counted_mentor_candidate(
    client, coordinator, django_capture_on_commit_callbacks
):
    """Done when: an alumnus registers through the public form, is approved, and is proposed
    as a mentor candidate; the dashboard counts it."""
    field = VocationalFieldFactory(name="Logistics")
    college = PartnerCollegeFactory(name="Omnia")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("alumni:join"),
            {
                "first_name": "Aino",
                "last_name": "Alumni",
                "email": "Aino@Example.org",
                "graduation_year": "2018",
                "college": college.pk,
                "field": field.pk,
            },
        )
    application = AlumniApplication.objects.get()
    mail.outbox.clear()

    client.force_login(coordinator)
    pool = client.get(reverse("alumni:pool"), {"status": "pending"})
    assert "Aino Alumni" in pool.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("alumni:approve", args=[application.pk]))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == AlumniApplication.Status.APPROVED
    alumnus = User.objects.get(email="aino@example.org")
    assert application.user == alumnus and roles.is_alumnus(alumnus)
    assert not roles.is_mentor(alumnus)
    [approved] = mail.outbox
    assert approved.to == ["aino@example.org"]
    link = re.search(r"https?://\S+/invitations/\S+", approved.body).group(0)
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.DECISION, actor=coordinator, subject=alumnus
    ).exists()

    response = client.post(
        reverse("alumni:propose", args=[application.pk]), {"college": college.pk}
    )
    mentor = Mentor.objects.get(user=alumnus)
    assert response["Location"] == reverse("mentors:detail", args=[mentor.pk])
    assert mentor.status == Mentor.Status.CANDIDATE and mentor.college == college
    assert list(mentor.fields.all()) == [field]
    figures = client.get(reverse("dashboard")).context["figures"]["alumni"]
    assert figures == {"waiting": 0, "alumni": 1, "proposed": 1, "active_mentors": 0}

    # The alumnus sets a password from the link and signs in to their own pages.
    client.logout()
    path = "/" + link.split("/", 3)[3]
    response = client.post(path, {"new_password1": PASSWORD + "x", "new_password2": PASSWORD + "x"})
    assert response.status_code == 302
    assert client.get(reverse("alumni:my_details")).status_code == 200
    assert client.get(reverse("events:list")).status_code == 200
    assert client.get(reverse("alumni:pool")).status_code == 403


def test_an_alumnus_who_becomes_active_is_counted_as_an_active_mentor(coordinator_client):
    alumnus = user_with_role(roles.ALUMNI)
    application = AlumniApplicationFactory(
        status=AlumniApplication.Status.APPROVED, user=alumnus, email=alumnus.email
    )
    college = PartnerCollegeFactory()
    coordinator_client.post(
        reverse("alumni:propose", args=[application.pk]), {"college": college.pk}
    )
    mentor = Mentor.objects.get(user=alumnus)
    mentor.status, mentor.official_status_date = Mentor.Status.ACTIVE, mentor.created_at.date()
    mentor.save()
    figures = coordinator_client.get(reverse("dashboard")).context["figures"]["alumni"]
    assert (figures["proposed"], figures["active_mentors"]) == (1, 1)


def test_declining_emails_the_person_and_is_audited(
    coordinator_client, coordinator, django_capture_on_commit_callbacks
):
    application = AlumniApplicationFactory(email="no@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(reverse("alumni:decline", args=[application.pk]))
    application.refresh_from_db()
    assert application.status == AlumniApplication.Status.DECLINED
    assert not User.objects.filter(email="no@example.org").exists()
    [message] = mail.outbox
    assert message.to == ["no@example.org"] and "declined" in message.body
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.DECISION, actor=coordinator, target__contains="declined"
    ).exists()


def test_a_decided_request_cannot_be_decided_again(coordinator_client):
    application = AlumniApplicationFactory(status=AlumniApplication.Status.DECLINED)
    response = coordinator_client.post(
        reverse("alumni:approve", args=[application.pk]), follow=True
    )
    assert "This request has already been decided." in response.text
    application.refresh_from_db()
    assert application.status == AlumniApplication.Status.DECLINED


def test_a_pending_request_cannot_be_proposed_as_a_mentor(coordinator_client):
    application = AlumniApplicationFactory()
    response = coordinator_client.post(
        reverse("alumni:propose", args=[application.pk]),
        {"college": PartnerCollegeFactory().pk},
        follow=True,
    )
    assert "Only an approved alumnus can be proposed as a mentor." in response.text
    assert not Mentor.objects.exists()


def test_an_alumnus_is_proposed_once(coordinator_client):
    alumnus = user_with_role(roles.ALUMNI)
    application = AlumniApplicationFactory(
        status=AlumniApplication.Status.APPROVED, user=alumnus, email=alumnus.email
    )
    college = PartnerCollegeFactory()
    url = reverse("alumni:propose", args=[application.pk])
    coordinator_client.post(url, {"college": college.pk})
    response = coordinator_client.post(url, {"college": college.pk}, follow=True)
    assert "already been proposed" in response.text
    assert Mentor.objects.count() == 1


@pytest.mark.parametrize("role", [roles.MENTOR, roles.COLLEGE_COORDINATOR, roles.ALUMNI])
def test_only_network_coordinators_decide(client, role):
    application = AlumniApplicationFactory()
    client.force_login(user_with_role(role))
    for name in ("approve", "decline", "propose"):
        assert client.post(reverse(f"alumni:{name}", args=[application.pk])).status_code == 403
    application.refresh_from_db()
    assert application.status == AlumniApplication.Status.PENDING


def test_an_alumnus_updates_their_own_details(client):
    alumnus = user_with_role(roles.ALUMNI)
    application = AlumniApplicationFactory(
        status=AlumniApplication.Status.APPROVED, user=alumnus, email=alumnus.email
    )
    field = VocationalFieldFactory(name="Nursing")
    client.force_login(alumnus)
    response = client.post(
        reverse("alumni:my_details"),
        {"graduation_year": "2015", "field": field.pk, "college": "", "other_college": "Sedu"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.graduation_year, application.field, application.other_college) == (
        2015,
        field,
        "Sedu",
    )


def test_an_alumnus_finds_their_request_in_my_data(client):
    alumnus = user_with_role(roles.ALUMNI)
    AlumniApplicationFactory(
        status=AlumniApplication.Status.APPROVED,
        user=alumnus,
        email=alumnus.email,
        graduation_year=2016,
    )
    client.force_login(alumnus)
    data = client.get(reverse("my_data")).json()
    [request] = data["alumni_request"]
    assert request["graduation_year"] == 2016 and request["status"] == "approved"


def test_anonymising_a_mentor_who_came_from_the_alumni_forgets_their_request(coordinator):
    from mentors.services.privacy import anonymise_mentor

    alumnus = user_with_role(roles.ALUMNI, email="aino@example.org", first_name="Aino")
    application = AlumniApplicationFactory(
        status=AlumniApplication.Status.APPROVED, user=alumnus, email=alumnus.email
    )
    mentor = MentorFactory(user=alumnus)
    application.mentor = mentor
    application.save()
    anonymise_mentor(mentor=mentor, by=coordinator)
    application.refresh_from_db()
    alumnus.refresh_from_db()
    assert application.email == alumnus.email != "aino@example.org"
    assert "Aino" not in application.name
