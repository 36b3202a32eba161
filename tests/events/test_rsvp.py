"""Invitations to internal meetings, the invitees' answers, and the organiser's one-click emails."""

import pytest
from django.core import mail
from django.urls import reverse

from events import services
from events.models import Event, EventNotice, Registration
from events.tasks import send_event_notices
from leadvet import roles
from tests.factories import EventFactory, MentorFactory, RegistrationFactory, user_with_role

pytestmark = pytest.mark.django_db

INVITED = Registration.Status.INVITED


@pytest.fixture
def meeting(db):
    return EventFactory(kind=Event.Kind.MEETING, title="Network planning meeting", capacity=2)


def invitation(meeting, user=None, status=INVITED, **kwargs):
    return RegistrationFactory(
        event=meeting, user=user or MentorFactory().user, status=status, **kwargs
    )


def rsvp(client, meeting, **data):
    return client.post(reverse("events:rsvp", args=[meeting.pk]), data)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# Inviting


def test_coordinator_invites_people_who_get_an_invitation_email(
    client, coordinator, meeting, django_capture_on_commit_callbacks
):
    people = [MentorFactory().user, MentorFactory().user]
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("events:invite", args=[meeting.pk]),
            {"people": [p.pk for p in people]},
            follow=True,
        )
    assert "2 invited. The invitations are on their way." in messages_of(response)
    assert set(Registration.objects.filter(event=meeting).values_list("status", flat=True)) == {
        INVITED
    }
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
    assert mail.outbox[0].subject.endswith("Invitation: Network planning meeting")
    assert reverse("events:detail", args=[meeting.pk]) in mail.outbox[0].body
    assert (
        EventNotice.objects.filter(kind=EventNotice.Kind.INVITATION, sent_at__isnull=False).count()
        == 2
    )


def test_inviting_without_choosing_anyone_shows_the_error_next_to_the_field(
    client, coordinator, meeting
):
    client.force_login(coordinator)
    response = client.post(reverse("events:invite", args=[meeting.pk]), {"people": []})
    assert response.status_code == 200
    assert response.context["invite_form"].errors["people"]
    assert not Registration.objects.exists()


def test_only_meetings_take_invitations(client, coordinator):
    training = EventFactory(kind=Event.Kind.TRAINING)
    client.force_login(coordinator)
    response = client.post(
        reverse("events:invite", args=[training.pk]), {"people": [coordinator.pk]}
    )
    assert response.status_code == 403
    assert (
        "invite-heading"
        not in client.get(reverse("events:attendees", args=[training.pk])).content.decode()
    )


@pytest.mark.parametrize("url_name", ["events:invite", "events:email_invitees"])
def test_only_coordinators_invite_or_email(client, meeting, url_name):
    invitee = invitation(meeting)
    for user in (
        invitee.user,
        user_with_role(roles.COLLEGE_COORDINATOR),
        user_with_role(roles.TEACHER_EDUCATOR),
        user_with_role(roles.STEERING),
    ):
        client.force_login(user)
        response = client.post(
            reverse(url_name, args=[meeting.pk]),
            {"people": [invitee.user.pk], "recipients": "non_responders"},
        )
        assert response.status_code == 403, user
    assert mail.outbox == []


@pytest.mark.parametrize("url_name", ["events:invite", "events:email_invitees", "events:rsvp"])
def test_the_rsvp_actions_are_post_only_and_need_a_login(client, coordinator, meeting, url_name):
    url = reverse(url_name, args=[meeting.pk])
    assert reverse("account_login") in client.post(url)["Location"]
    client.force_login(coordinator)
    assert client.get(url).status_code == 405


def test_an_unknown_meeting_is_404(client, coordinator):
    client.force_login(coordinator)
    assert client.post(reverse("events:invite", args=[999999]), {}).status_code == 404


def test_someone_already_registered_is_not_invited_again(coordinator, meeting):
    registered = RegistrationFactory(event=meeting)
    invited = services.invite(event_id=meeting.pk, users=[registered.user], invited_by=coordinator)
    assert invited == []
    registered.refresh_from_db()
    assert registered.status == Registration.Status.REGISTERED


# Answering


def test_invitee_answers_attending_and_is_registered(client, meeting):
    registration = invitation(meeting)
    client.force_login(registration.user)
    response = client.get(reverse("events:detail", args=[meeting.pk]))
    assert "Send my answer" in response.content.decode()
    response = rsvp(client, meeting, answer="attending")
    registration.refresh_from_db()
    assert registration.status == Registration.Status.REGISTERED


def test_attending_respects_capacity_and_puts_the_invitee_on_the_waiting_list(client, meeting):
    RegistrationFactory.create_batch(2, event=meeting)
    registration = invitation(meeting)
    client.force_login(registration.user)
    rsvp(client, meeting, answer="attending")
    registration.refresh_from_db()
    assert registration.status == Registration.Status.WAITLISTED


def test_not_attending_needs_a_reason_and_keeps_it(client, meeting):
    registration = invitation(meeting)
    client.force_login(registration.user)
    response = rsvp(client, meeting, answer="declined", reason="  ")
    assert response.status_code == 200
    assert response.context["rsvp_form"].errors["reason"] == [
        "Tell the organiser briefly why you cannot attend."
    ]
    registration.refresh_from_db()
    assert registration.status == INVITED

    rsvp(client, meeting, answer="declined", reason="Teaching that day")
    registration.refresh_from_db()
    assert (registration.status, registration.decline_reason) == ("declined", "Teaching that day")


def test_maybe_holds_no_place_and_can_become_attending(client, meeting):
    registration = invitation(meeting)
    client.force_login(registration.user)
    rsvp(client, meeting, answer="maybe")
    registration.refresh_from_db()
    assert registration.status == Registration.Status.MAYBE
    rsvp(client, meeting, answer="attending")
    registration.refresh_from_db()
    assert registration.status == Registration.Status.REGISTERED


def test_only_invitees_answer(client, meeting, mentor):
    client.force_login(mentor.user)
    assert rsvp(client, meeting, answer="attending").status_code == 403
    assert not Registration.objects.filter(user=mentor.user).exists()


def test_a_registered_person_cannot_answer_again(client, meeting):
    registration = RegistrationFactory(event=meeting)
    client.force_login(registration.user)
    assert rsvp(client, meeting, answer="declined", reason="x").status_code == 403


def test_a_declined_rsvp_is_counted_in_the_events_figures(client, coordinator, meeting):
    invitation(meeting, status=Registration.Status.DECLINED, decline_reason="On leave")
    invitation(meeting, status=Registration.Status.DECLINED, decline_reason="Teaching")
    invitation(meeting, status=Registration.Status.MAYBE)
    invitation(meeting)
    RegistrationFactory(event=meeting)
    client.force_login(coordinator)
    detail = client.get(reverse("events:detail", args=[meeting.pk]))
    event = detail.context["event"]
    assert (
        event.declined_count,
        event.maybe_count,
        event.invited_count,
        event.registered_count,
    ) == (2, 1, 1, 1)
    assert "2 not attending, 1 maybe, 1 not answered yet" in detail.content.decode()
    attendees = client.get(reverse("events:attendees", args=[meeting.pk])).content.decode()
    assert "Invitations: 2 not attending, 1 maybe, 1 not answered yet." in attendees
    assert "Reason: On leave" in attendees


# The organiser's one-click emails


def test_non_responders_are_emailed_once_per_action(
    client, coordinator, meeting, django_capture_on_commit_callbacks
):
    silent = [invitation(meeting), invitation(meeting)]
    invitation(meeting, status=Registration.Status.DECLINED)
    RegistrationFactory(event=meeting)
    client.force_login(coordinator)
    url = reverse("events:email_invitees", args=[meeting.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"recipients": "non_responders"}, follow=True)
    assert "Emails are on their way to 2 people." in messages_of(response)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.user.email for r in silent)

    # The task retried with the same notices sends nothing more.
    notice_ids = list(
        EventNotice.objects.filter(kind=EventNotice.Kind.NUDGE).values_list("id", flat=True)
    )
    assert send_event_notices(notice_ids) == 0
    assert len(mail.outbox) == 2

    # A second click is a new action: the non-responders are emailed again.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"recipients": "non_responders"})
    assert len(mail.outbox) == 4
    assert (
        EventNotice.objects.filter(kind=EventNotice.Kind.NUDGE).values("key").distinct().count()
        == 2
    )


def test_the_waiting_list_is_emailed_in_one_action(
    client, coordinator, meeting, django_capture_on_commit_callbacks
):
    RegistrationFactory.create_batch(2, event=meeting)
    waiting = RegistrationFactory(event=meeting, status=Registration.Status.WAITLISTED)
    invitation(meeting)
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("events:email_invitees", args=[meeting.pk]), {"recipients": "waitlist"})
    assert [m.to[0] for m in mail.outbox] == [waiting.user.email]
    assert "Still on the waiting list" in mail.outbox[0].subject


def test_an_invitee_who_answered_before_the_email_went_out_gets_none(coordinator, meeting):
    registration = invitation(meeting)
    services.email_invitees(event_id=meeting.pk, recipients="non_responders")  # not committed-run
    Registration.objects.filter(pk=registration.pk).update(status=Registration.Status.DECLINED)
    notice_ids = list(EventNotice.objects.values_list("id", flat=True))
    assert send_event_notices(notice_ids) == 0
    assert mail.outbox == []


def test_a_bad_recipients_choice_sends_nothing(client, coordinator, meeting):
    invitation(meeting)
    client.force_login(coordinator)
    response = client.post(
        reverse("events:email_invitees", args=[meeting.pk]), {"recipients": "everyone"}, follow=True
    )
    assert "Choose whom to email." in messages_of(response)
    assert not EventNotice.objects.exists()
