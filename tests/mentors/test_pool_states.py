"""The mentor pool's states: the portal account from sign-ins as well as invitations, "available
now" only for mentors who are not paused, and no mode for an away period (issue 22, item 8)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from mentors.models import Availability, Invitation, Mentor, WorkMode
from mentors.services import invitations as invitation_services
from tests.factories import AvailabilityFactory, MentorFactory, MentorInvitationFactory

pytestmark = pytest.mark.django_db


def listed(response) -> list[int]:
    """The ids of the list page's rows (dicts: mentors.selectors.pool.mentor_pool_rows)."""
    return [row["pk"] for row in response.context["page_obj"].object_list]


def detail(client, mentor) -> str:
    return client.get(reverse("mentors:detail", args=[mentor.pk])).content.decode()


def test_a_mentor_who_signed_in_without_an_invitation_uses_the_portal(client, coordinator):
    mentor = MentorFactory()
    mentor.user.last_login = timezone.now() - datetime.timedelta(days=3)
    mentor.user.save(update_fields=["last_login"])
    client.force_login(coordinator)

    content = detail(client, mentor)
    assert "Uses the portal" in content and "last signed in" in content
    assert "Not invited" not in content
    assert reverse("mentors:send_invitation", args=[mentor.pk]) not in content

    listing = client.get(reverse("mentors:list")).content.decode()
    assert "Uses the portal</span>" in listing and "Not invited</span>" not in listing
    not_invited = client.get(reverse("mentors:list"), {"invitation": "none"})
    assert listed(not_invited) == []
    in_portal = client.get(reverse("mentors:list"), {"invitation": "accepted"})
    assert listed(in_portal) == [mentor.pk]


def test_an_invitation_to_someone_who_signed_in_is_refused_and_sends_nothing(
    client, coordinator, mailoutbox
):
    mentor = MentorFactory()
    mentor.user.last_login = timezone.now()
    mentor.user.save(update_fields=["last_login"])
    with pytest.raises(ValidationError, match="already uses the portal"):
        invitation_services.send_invitation(user=mentor.user, by=coordinator)
    client.force_login(coordinator)
    response = client.post(reverse("mentors:send_invitation", args=[mentor.pk]), follow=True)
    assert "already uses the portal" in response.content.decode()
    assert not Invitation.objects.filter(user=mentor.user).exists()
    assert mailoutbox == []


def test_an_uninvited_mentor_who_never_signed_in_can_be_invited(client, coordinator):
    mentor = MentorFactory()
    client.force_login(coordinator)
    content = detail(client, mentor)
    assert "Not invited" in content
    assert reverse("mentors:send_invitation", args=[mentor.pk]) in content


def test_an_expired_invitation_shows_expired_and_offers_a_resend(client, coordinator):
    mentor = MentorFactory()
    MentorInvitationFactory(
        user=mentor.user,
        sent_at=timezone.now() - datetime.timedelta(days=20),
        expires_at=timezone.now() - datetime.timedelta(days=6),
    )
    client.force_login(coordinator)
    content = detail(client, mentor)
    assert "Invitation expired" in content and "Resend invitation" in content
    expired = client.get(reverse("mentors:list"), {"invitation": "expired"})
    assert listed(expired) == [mentor.pk]


def test_a_paused_mentor_is_not_available_now_whatever_their_periods(client, coordinator):
    paused = MentorFactory(status=Mentor.Status.PAUSED)
    active = MentorFactory()
    for mentor in (paused, active):
        AvailabilityFactory(mentor=mentor)
    client.force_login(coordinator)

    response = client.get(reverse("mentors:list"))
    available = {m["pk"]: m["available_now"] for m in response.context["page_obj"].object_list}
    assert available == {paused.pk: False, active.pk: True}
    response = client.get(reverse("mentors:detail", args=[paused.pk]))
    assert response.context["mentor"].available_now is False
    available_only = client.get(reverse("mentors:list"), {"available_now": "on"})
    assert listed(available_only) == [active.pk]


def test_the_paused_mentor_sees_themselves_as_not_available(client):
    paused = MentorFactory(status=Mentor.Status.PAUSED)
    AvailabilityFactory(mentor=paused)
    client.force_login(paused.user)
    assert client.get(reverse("mentors:availability_list")).context["available_now"] is False


def test_an_away_row_says_nothing_about_on_site_or_remote(client, coordinator):
    mentor = MentorFactory()
    AvailabilityFactory(
        mentor=mentor,
        kind=Availability.Kind.AWAY,
        mode=WorkMode.BOTH,
        starts_on=timezone.localdate() + datetime.timedelta(days=100),
        ends_on=timezone.localdate() + datetime.timedelta(days=110),
    )
    AvailabilityFactory(mentor=mentor, mode=WorkMode.REMOTE)
    client.force_login(coordinator)
    content = detail(client, mentor)
    assert "On site or remote</td>" not in content
    assert "<td>Remote</td>" in content
    client.force_login(mentor.user)
    own = client.get(reverse("mentors:availability_list")).content.decode()
    assert "On site or remote</td>" not in own and "<td>Remote</td>" in own
