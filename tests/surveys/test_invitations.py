import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from leadvet import roles
from mentors.models import Mentor
from portal.sweeps import SWEEPS, run_sweeps
from surveys import services
from surveys.models import Invitation, SurveyNotice
from tests.factories import (
    CountryFactory,
    MentorFactory,
    PartnerCollegeFactory,
    SurveyFactory,
    SurveyInvitationFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db

# Relative to today so the surveys stay open whenever the suite runs.
START = (timezone.now() + datetime.timedelta(days=1)).replace(microsecond=0)


def _open_survey(**kwargs):
    return SurveyFactory(
        opens_at=START - datetime.timedelta(hours=1),
        closes_at=START + datetime.timedelta(days=30),
        **kwargs,
    )


def test_send_invitations_invites_mentors_of_the_audience_colleges_and_countries(
    client, coordinator, django_capture_on_commit_callbacks
):
    finland = CountryFactory(code="FI", name="Finland")
    estonia = CountryFactory(code="EE", name="Estonia")
    college = PartnerCollegeFactory(country=finland)
    other_college = PartnerCollegeFactory(country=finland)
    estonian = PartnerCollegeFactory(country=estonia)
    chosen = MentorFactory(college=college)
    MentorFactory(college=other_college)
    MentorFactory(college=estonian)
    MentorFactory(college=college, status=Mentor.Status.ALUMNI)
    survey = _open_survey(audience_roles=["mentor"])
    survey.audience_colleges.set([college, estonian])
    survey.audience_countries.set([finland])
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("surveys:invite", args=[survey.pk]), {"language": "en"})
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.user == chosen.user
    assert (invitation.college, invitation.country, invitation.role) == (college, finland, "mentor")
    assert invitation.sent_at is not None
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [chosen.user.email]


def test_send_invitations_invites_role_groups_and_pasted_people(
    client, coordinator, steering, django_capture_on_commit_callbacks
):
    educator = user_with_role(roles.TEACHER_EDUCATOR, language="fi")
    college = PartnerCollegeFactory(name="Stadin ammatti- ja aikuisopisto", short_name="Stadin AO")
    survey = _open_survey(audience_roles=["teacher_educator", "steering", "vet_leader"])
    client.force_login(coordinator)
    pasted = "Veera Leader, veera@college.example, vet_leader, Stadin AO\nWilma Work, WILMA@firm.example, Working-life representative"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("surveys:invite", args=[survey.pk]), {"extra_people": pasted, "language": "en"}
        )
    by_email = {i.email: i for i in Invitation.objects.all()}
    assert set(by_email) == {
        educator.email,
        steering.email,
        "veera@college.example",
        "wilma@firm.example",
    }
    assert by_email[educator.email].language == "fi"
    assert by_email["veera@college.example"].college == college
    assert by_email["veera@college.example"].role == "vet_leader"
    assert by_email["wilma@firm.example"].role == "working_life"
    assert by_email["wilma@firm.example"].user is None
    assert len(mail.outbox) == 4


def test_pasted_lines_with_errors_are_refused_with_line_numbers(client, coordinator):
    survey = _open_survey()
    client.force_login(coordinator)
    response = client.post(
        reverse("surveys:invite", args=[survey.pk]),
        {
            "extra_people": "Ann, ann@example.org, vet_leader\nBob, not-an-email, vet_leader\nCid, cid@example.org, astronaut",
            "language": "en",
        },
    )
    content = response.content.decode()
    assert response.status_code == 400
    assert "Line 2: “not-an-email” is not an email address." in content
    assert "Line 3: unknown role “astronaut”." in content
    assert not Invitation.objects.exists()


def test_nobody_is_invited_twice(client, coordinator, mentor, django_capture_on_commit_callbacks):
    survey = _open_survey(audience_roles=["mentor"])
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("surveys:invite", args=[survey.pk]), {"language": "en"})
        client.post(reverse("surveys:invite", args=[survey.pk]), {"language": "en"})
    assert Invitation.objects.count() == 1
    assert len(mail.outbox) == 1


def test_invite_is_post_only_and_for_coordinators(client, coordinator, steering, mentor):
    survey = _open_survey(audience_roles=["mentor"])
    url = reverse("surveys:invite", args=[survey.pk])
    assert client.post(url).status_code == 302  # anonymous → login
    client.force_login(steering)
    assert client.post(url, {"language": "en"}).status_code == 403
    client.force_login(mentor.user)
    assert client.post(url, {"language": "en"}).status_code == 403
    client.force_login(coordinator)
    assert client.get(url).status_code == 405
    assert not Invitation.objects.exists()


def test_invitation_email_is_multipart_in_the_invitees_language_with_a_token_link(
    django_capture_on_commit_callbacks,
):
    survey = _open_survey(title="State of networking")
    person = services.Invitee(
        email="leader@example.org", role="vet_leader", name="Lea", language="fi"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.send_invitations(survey=survey, extra_people=[person])
    invitation = Invitation.objects.get()
    message = mail.outbox[0]
    link = f"/s/{invitation.token}/"
    assert link in message.body
    html = message.alternatives[0]
    assert html.mimetype == "text/html" and link in html.content
    assert "State of networking" in message.subject
    notice = SurveyNotice.objects.get(invitation=invitation)
    assert notice.kind == "invitation" and notice.sent_at is not None


def test_tokens_are_long_random_and_unique(django_capture_on_commit_callbacks):
    survey = _open_survey()
    people = [services.Invitee(email=f"p{i}@example.org", role="vet_leader") for i in range(20)]
    services.send_invitations(survey=survey, extra_people=people)
    tokens = list(Invitation.objects.values_list("token", flat=True))
    assert len(set(tokens)) == 20
    assert all(len(token) >= 43 for token in tokens)


def test_invitation_task_sends_once_even_when_run_twice():
    invitation = SurveyInvitationFactory(survey=_open_survey())
    from surveys.tasks import send_survey_invitation

    assert send_survey_invitation(invitation.pk) is True
    assert send_survey_invitation(invitation.pk) is False
    assert len(mail.outbox) == 1


def test_sweep_is_registered():
    assert "surveys.services.enqueue_due_survey_notices" in SWEEPS


def test_sweep_sends_invitations_that_were_never_delivered(django_capture_on_commit_callbacks):
    invitation = SurveyInvitationFactory(survey=_open_survey())
    with time_machine.travel(START), django_capture_on_commit_callbacks(execute=True):
        result = run_sweeps()
    assert result["surveys.services.enqueue_due_survey_notices"] == 1
    invitation.refresh_from_db()
    assert invitation.sent_at is not None
    assert len(mail.outbox) == 1


def test_reminders_go_at_the_set_days_each_once_and_not_to_those_who_answered(
    django_capture_on_commit_callbacks,
):
    survey = _open_survey(reminder_days=[7, 14])
    waiting = SurveyInvitationFactory(survey=survey, sent_at=START)
    answered = SurveyInvitationFactory(survey=survey, sent_at=START, used=True)
    drafting = SurveyInvitationFactory(
        survey=survey, sent_at=START, draft=[{"question_id": 1, "value": 3}]
    )

    with time_machine.travel(START + datetime.timedelta(days=6)):
        assert services.enqueue_due_survey_notices() == 0
    with (
        time_machine.travel(START + datetime.timedelta(days=7, hours=1)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert services.enqueue_due_survey_notices() == 2
    with time_machine.travel(START + datetime.timedelta(days=7, hours=2)):
        assert services.enqueue_due_survey_notices() == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted([waiting.email, drafting.email])
    assert "Reminder" in mail.outbox[0].subject
    with (
        time_machine.travel(START + datetime.timedelta(days=14, hours=1)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert services.enqueue_due_survey_notices() == 2
    with time_machine.travel(START + datetime.timedelta(days=14, hours=2)):
        assert services.enqueue_due_survey_notices() == 0
    assert len(mail.outbox) == 4
    keys = set(SurveyNotice.objects.filter(invitation=waiting).values_list("kind", "key"))
    assert keys == {("reminder", "7"), ("reminder", "14")}
    assert not SurveyNotice.objects.filter(invitation=answered).exists()


def test_no_reminders_after_the_survey_closes():
    survey = _open_survey(reminder_days=[7])
    SurveyInvitationFactory(survey=survey, sent_at=START)
    with time_machine.travel(START + datetime.timedelta(days=31)):
        assert services.enqueue_due_survey_notices() == 0
    assert mail.outbox == []


def test_a_reminder_owed_to_someone_who_answered_meanwhile_is_not_sent():
    survey = _open_survey(reminder_days=[7])
    invitation = SurveyInvitationFactory(survey=survey, sent_at=START)
    notice = SurveyNotice.objects.create(invitation=invitation, kind="reminder", key="7")
    Invitation.objects.filter(pk=invitation.pk).update(used=True)
    from surveys.tasks import send_survey_reminder

    assert send_survey_reminder(notice.pk) is False
    assert mail.outbox == []
    assert not SurveyNotice.objects.filter(pk=notice.pk).exists()


def test_a_closed_survey_sends_no_invitations(client, coordinator, mentor):
    survey = SurveyFactory(
        audience_roles=["mentor"],
        opens_at=START - datetime.timedelta(days=30),
        closes_at=START - datetime.timedelta(days=1),
    )
    with time_machine.travel(START):
        client.force_login(coordinator)
        response = client.post(
            reverse("surveys:invite", args=[survey.pk]), {"language": "en"}, follow=True
        )
    assert "This survey has closed" in response.content.decode()
    assert not Invitation.objects.exists()
    assert mail.outbox == []
