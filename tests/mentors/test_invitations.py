import datetime

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from leadvet.lib import outbox
from leadvet.models import User
from mentors import tasks
from mentors.models import Invitation, MembershipPeriod, Mentor, Notice
from mentors.services import invitations as invitation_services
from portal import sweeps
from tests.factories import MentorFactory, PartnerCollegeFactory, college_coordinator_for

pytestmark = pytest.mark.django_db

INVITE = reverse("mentors:invite")
NEW_PASSWORD = "a-long-and-unusual-passphrase-42"


def invite_data(college, **extra) -> dict:
    data = {
        "first_name": "Sanna",
        "last_name": "Mäkelä",
        "email": "sanna@ekami.fi",
        "college": college.pk,
        "language": "en",
    }
    data.update(extra)
    return data


@pytest.fixture
def invited(coordinator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        mentor = invitation_services.invite_mentor(
            email="sanna@ekami.fi",
            first_name="Sanna",
            last_name="Mäkelä",
            college=PartnerCollegeFactory(),
            by=coordinator,
        )
    return mentor


def accept_url(invitation) -> str:
    return reverse("mentors:accept_invitation", args=[invitation.key])


def test_invite_creates_account_candidate_membership_and_emails_the_link(
    client, coordinator, django_capture_on_commit_callbacks
):
    college = PartnerCollegeFactory()
    client.force_login(coordinator)
    with time_machine.travel(datetime.datetime(2026, 11, 1, 9, 0, tzinfo=datetime.UTC), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(INVITE, invite_data(college))
    mentor = Mentor.objects.get(user__email="sanna@ekami.fi")
    assert response.status_code == 302
    assert response["Location"] == reverse("mentors:detail", args=[mentor.pk])
    assert mentor.status == "candidate" and mentor.college == college
    assert not mentor.user.has_usable_password()
    assert MembershipPeriod.objects.get(mentor=mentor).ends_on is None
    invitation = Invitation.objects.get(user=mentor.user)
    assert invitation.invited_by == coordinator
    assert len(invitation.key) >= 40
    assert invitation.expires_at == datetime.datetime(2026, 11, 15, 9, 0, tzinfo=datetime.UTC)
    assert invitation.sent_at is not None
    assert Notice.objects.get(kind="invitation", recipient=mentor.user).key == f"{invitation.pk}:1"
    [message] = mail.outbox
    assert message.to == ["sanna@ekami.fi"]
    assert accept_url(invitation) in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and accept_url(invitation) in html


def test_invitation_email_is_in_the_chosen_language(
    client, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(INVITE, invite_data(PartnerCollegeFactory(), language="fi"))
    assert User.objects.get(email="sanna@ekami.fi").language == "fi"
    assert '<html lang="fi">' in mail.outbox[0].alternatives[0][0]


def test_inviting_an_existing_account_is_refused(client, coordinator, teacher_educator):
    client.force_login(coordinator)
    response = client.post(
        INVITE, invite_data(PartnerCollegeFactory(), email=teacher_educator.email)
    )
    assert "add them as a mentor instead" in response.context["form"].errors["email"][0]
    assert not Mentor.objects.exists()


def test_invite_form_errors_are_shown_and_nothing_is_saved(client, coordinator, mentor):
    client.force_login(coordinator)
    response = client.post(
        INVITE, invite_data(PartnerCollegeFactory(), email=mentor.user.email, first_name="")
    )
    form = response.context["form"]
    assert "email" in form.errors and "first_name" in form.errors
    assert Invitation.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.parametrize("fixture", ["teacher_educator", "steering"])
def test_other_roles_cannot_invite(client, request, fixture):
    client.force_login(request.getfixturevalue(fixture))
    assert client.post(INVITE, invite_data(PartnerCollegeFactory())).status_code == 403
    assert not User.objects.filter(email="sanna@ekami.fi").exists()


def test_anonymous_cannot_invite(client):
    assert client.get(INVITE).status_code == 302


def test_resend_gives_a_new_key_and_expiry_and_sends_again(
    client, coordinator, invited, django_capture_on_commit_callbacks
):
    old = Invitation.objects.get(user=invited.user)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=20)):
        client.force_login(coordinator)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("mentors:send_invitation", args=[invited.pk]))
        new = Invitation.objects.get(user=invited.user)
        assert new.state == "sent"
    assert response.status_code == 302
    assert new.key != old.key and new.expires_at > old.expires_at
    assert len(mail.outbox) == 2
    assert accept_url(new) in mail.outbox[1].body
    assert set(Notice.objects.filter(kind="invitation").values_list("key", flat=True)) == {
        f"{new.pk}:1",
        f"{new.pk}:2",
    }
    assert client.get(accept_url(old)).status_code == 404


def test_resend_is_post_only_and_checks_the_college(client, invited, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("mentors:send_invitation", args=[invited.pk])).status_code == 405
    client.force_login(college_coordinator_for(PartnerCollegeFactory()))
    assert client.post(reverse("mentors:send_invitation", args=[invited.pk])).status_code == 404


def test_sending_twice_for_one_notice_emails_once(invited):
    notice = Notice.objects.get(kind="invitation")
    assert tasks.send_invitation_email.delay(notice.pk).get() is False
    assert len(mail.outbox) == 1


def test_sweep_resends_an_invitation_whose_message_was_lost(coordinator):
    mentor = MentorFactory()
    invitation_services.send_invitation(
        user=mentor.user, by=coordinator
    )  # outside a capture: never enqueued
    assert "leadvet.lib.outbox.resend_unsent" in sweeps.SWEEPS
    assert outbox.resend_unsent() == 0
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=10)):
        assert sweeps.run_sweeps()["leadvet.lib.outbox.resend_unsent"] == 1
        assert outbox.resend_unsent() == 0
    assert len(mail.outbox) == 1
    assert Invitation.objects.get(user=mentor.user).sent_at is not None


def test_accepting_sets_password_verifies_email_and_logs_in(client, invited):
    invitation = Invitation.objects.get(user=invited.user)
    response = client.get(accept_url(invitation))
    assert response.status_code == 200
    response = client.post(
        accept_url(invitation),
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "Welcome to the LeadVET mentor network" in response.content.decode()
    assert response.context["user"] == invited.user
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    user = User.objects.get(pk=invited.user_id)
    assert user.check_password(NEW_PASSWORD)
    address = EmailAddress.objects.get(user=user)
    assert (address.email, address.verified, address.primary) == ("sanna@ekami.fi", True, True)
    client.logout()
    assert client.login(email="sanna@ekami.fi", password=NEW_PASSWORD)


def test_mismatched_passwords_show_an_error(client, invited):
    invitation = Invitation.objects.get(user=invited.user)
    response = client.post(
        accept_url(invitation), {"new_password1": NEW_PASSWORD, "new_password2": "other"}
    )
    assert response.status_code == 200
    assert "new_password2" in response.context["form"].errors
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_used_link_shows_a_friendly_410(client, invited):
    invitation = Invitation.objects.get(user=invited.user)
    client.post(
        accept_url(invitation), {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    client.logout()
    response = client.get(accept_url(invitation))
    assert response.status_code == 410
    assert "already been used" in response.content.decode()
    assert "Ask your network coordinator for a new invitation" in response.content.decode()


def test_expired_link_shows_a_friendly_410(client, invited):
    invitation = Invitation.objects.get(user=invited.user)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=15)):
        response = client.post(
            accept_url(invitation), {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
        )
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert not User.objects.get(pk=invited.user_id).has_usable_password()


def test_unknown_link_shows_a_friendly_404(client, db):
    response = client.get(reverse("mentors:accept_invitation", args=["no-such-key"]))
    assert response.status_code == 404
    assert "Ask your network coordinator for a new invitation" in response.content.decode()


def test_accepted_invitation_cannot_be_resent(client, coordinator, invited):
    Invitation.objects.filter(user=invited.user).update(accepted_at=timezone.now())
    client.force_login(coordinator)
    response = client.post(reverse("mentors:send_invitation", args=[invited.pk]), follow=True)
    assert "already accepted" in response.content.decode()
    assert len(mail.outbox) == 1
