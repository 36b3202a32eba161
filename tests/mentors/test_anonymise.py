"""A coordinator anonymises a mentor who leaves: personal data goes, the statistics stay."""

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.urls import reverse

from leadvet.api import tokens as api_tokens
from mentors.models import Contact, ContactRequest, Mentor, StatusChange
from mentors.services import privacy as privacy_services
from tests.factories import (
    AvailabilityFactory,
    ContactFactory,
    ContactRequestFactory,
    college_coordinator_for,
)

pytestmark = pytest.mark.django_db


def url(mentor):
    return reverse("mentors:anonymise", args=[mentor.pk])


@pytest.fixture
def leaving(mentor):
    mentor.phone = "+358 40 765 4321"
    mentor.bio = "Twenty years in logistics."
    mentor.title = "Senior lecturer"
    mentor.contact_preferences = "Email first"
    mentor.save()
    EmailAddress.objects.create(
        user=mentor.user, email=mentor.user.email, primary=True, verified=True
    )
    return mentor


def test_anonymous_visitor_is_sent_to_login(client, mentor):
    response = client.get(url(mentor))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_roles_without_the_pool_are_refused(
    client, mentor, other_mentor, teacher_educator, steering
):
    for user in (other_mentor.user, teacher_educator, steering):
        client.force_login(user)
        assert client.get(url(mentor)).status_code == 403
        assert client.post(url(mentor)).status_code == 403
    assert Mentor.objects.get(pk=mentor.pk).anonymised_at is None


def test_college_coordinator_sees_the_mentor_but_may_not_anonymise(client, mentor):
    client.force_login(college_coordinator_for(mentor.college))
    detail = client.get(reverse("mentors:detail", args=[mentor.pk])).content.decode()
    assert url(mentor) not in detail
    assert client.post(url(mentor)).status_code == 403
    assert Mentor.objects.get(pk=mentor.pk).anonymised_at is None


def test_an_unknown_mentor_is_404(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("mentors:anonymise", args=[999999])).status_code == 404


def test_the_detail_page_offers_a_confirmation_page_and_get_changes_nothing(
    client, coordinator, leaving
):
    client.force_login(coordinator)
    detail = client.get(reverse("mentors:detail", args=[leaving.pk])).content.decode()
    assert f'href="{url(leaving)}"' in detail
    response = client.get(url(leaving))
    assert response.status_code == 200
    assert "cannot be undone" in response.content.decode()
    leaving.refresh_from_db()
    assert leaving.anonymised_at is None and leaving.phone


def test_anonymising_removes_personal_data_and_keeps_the_contacts(client, coordinator, leaving):
    user = leaving.user
    contact = ContactFactory(mentor=leaving, summary="Met Maija Virtanen about her placement")
    request = ContactRequestFactory(mentor=leaving)
    ContactRequest.objects.filter(pk=request.pk).update(response_message="Call me on 040 765 4321")
    AvailabilityFactory(mentor=leaving, note="Not on Fridays (child care)")
    api_tokens.create_token(user=user, name="laptop", can_write=False)
    old_email = user.email
    client.force_login(coordinator)

    response = client.post(url(leaving), follow=True)

    assert response.redirect_chain == [(reverse("mentors:detail", args=[leaving.pk]), 302)]
    assert "personal data was removed" in response.content.decode()
    leaving.refresh_from_db()
    user.refresh_from_db()
    assert str(user) == f"Former mentor #{leaving.pk}"
    assert user.email == f"former-mentor-{leaving.pk}@anonymised.invalid"
    assert not user.is_active and not user.has_usable_password()
    assert not EmailAddress.objects.filter(user=user).exists()
    assert not api_tokens.tokens_of(user).exists()
    assert (leaving.phone, leaving.bio, leaving.title, leaving.contact_preferences) == (
        "",
        "",
        "",
        "",
    )
    assert leaving.status == Mentor.Status.ALUMNI
    assert leaving.anonymised_at is not None
    assert StatusChange.objects.filter(
        mentor=leaving, to_status="alumni", changed_by=coordinator
    ).exists()
    # Kept for the statistics, without the free text.
    kept = Contact.objects.get(pk=contact.pk)
    assert (kept.mentor_id, kept.college_id, kept.task_id, kept.summary) == (
        leaving.pk,
        contact.college_id,
        contact.task_id,
        "",
    )
    assert ContactRequest.objects.get(pk=request.pk).response_message == ""
    assert leaving.availability.get().note == ""
    # No old value survives in the change history.
    for record in leaving.history.all():
        assert "4321" not in record.phone and "logistics" not in record.bio
    page = client.get(reverse("mentors:detail", args=[leaving.pk])).content.decode()
    assert old_email not in page and "4321" not in page
    assert "Anonymised on" in page
    assert f'href="{url(leaving)}"' not in page


def test_an_anonymised_mentor_cannot_sign_in(client, leaving, password):
    privacy_services.anonymise_mentor(mentor=leaving, by=None)
    leaving.user.refresh_from_db()
    assert not client.login(email=leaving.user.email, password=password)


def test_anonymising_twice_is_refused(client, coordinator, leaving):
    privacy_services.anonymise_mentor(mentor=leaving, by=coordinator)
    with pytest.raises(ValidationError):
        privacy_services.anonymise_mentor(mentor=leaving, by=coordinator)
    client.force_login(coordinator)
    response = client.post(url(leaving), follow=True)
    assert "already been anonymised" in response.content.decode()


def test_anonymising_removes_the_mentors_survey_invitation_emails_and_is_audited(client):
    from leadvet.models import AuditEvent
    from surveys.models import Invitation
    from tests.factories import MentorFactory, SurveyInvitationFactory, user_with_role

    coordinator = user_with_role("Coordinator")
    mentor = MentorFactory()
    invitation = SurveyInvitationFactory(user=mentor.user, email=mentor.user.email, name="Aino")
    kept = SurveyInvitationFactory(email="someone.else@example.org")
    client.force_login(coordinator)
    client.post(reverse("mentors:anonymise", args=[mentor.pk]))
    invitation.refresh_from_db()
    assert invitation.email == f"former-invitee-{invitation.pk}@anonymised.invalid"
    assert (invitation.name, invitation.user) == ("", None)
    assert Invitation.objects.get(pk=kept.pk).email == "someone.else@example.org"
    event = AuditEvent.objects.get(action=AuditEvent.Action.ANONYMISATION)
    assert (event.actor, event.target) == (coordinator, f"mentor {mentor.pk}")
