"""Download my data: a person's own data as JSON, gathered from every app, and nobody else's."""

import json

import pytest
from django.urls import reverse

from events.services import renew_calendar_feed
from leadvet.api import tokens as api_tokens
from tests.factories import (
    AvailabilityFactory,
    ContactFactory,
    ContactRequestFactory,
    GroupAssignmentFactory,
    MembershipPeriodFactory,
    RegistrationFactory,
    SurveyInvitationFactory,
    SurveyResponseFactory,
)

pytestmark = pytest.mark.django_db


def download(client, user) -> dict:
    client.force_login(user)
    response = client.get(reverse("my_data"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == 'attachment; filename="my-leadvet-data.json"'
    assert "no-cache" in response["Cache-Control"]
    return json.loads(response.content)


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(reverse("my_data"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_post_is_refused(client, mentor):
    client.force_login(mentor.user)
    assert client.post(reverse("my_data")).status_code == 405


def test_profile_page_links_to_the_download(client, steering):
    client.force_login(steering)
    content = client.get(reverse("profile")).content.decode()
    assert f'href="{reverse("my_data")}"' in content
    assert "Download my data" in content


def test_a_mentor_gets_every_part_of_their_own_data(client, mentor, other_mentor):
    mentor.phone = "+358 40 123 4567"
    mentor.bio = "Teaches logistics."
    mentor.save()
    MembershipPeriodFactory(mentor=mentor, college=mentor.college)
    AvailabilityFactory(mentor=mentor, note="Tuesdays only")
    GroupAssignmentFactory(mentor=mentor)
    ContactFactory(mentor=mentor, summary="Placement talk")
    ContactFactory(mentor=other_mentor, summary="Someone else's contact")
    ContactRequestFactory(mentor=mentor, topic="Visit our group")
    ContactRequestFactory(mentor=other_mentor, topic="Not for you")
    RegistrationFactory(user=mentor.user)
    RegistrationFactory(user=other_mentor.user)
    invitation = SurveyInvitationFactory(user=mentor.user, email=mentor.user.email)
    SurveyResponseFactory(invitation=invitation, survey=invitation.survey)
    api_tokens.create_token(user=mentor.user, name="My spreadsheet", can_write=False)
    renew_calendar_feed(user=mentor.user)

    data = download(client, mentor.user)

    assert data["account"]["email"] == mentor.user.email
    assert data["roles"] == ["Mentor"]
    assert data["mentor"]["phone"] == "+358 40 123 4567"
    assert data["mentor"]["bio"] == "Teaches logistics."
    assert [m["college__name"] for m in data["memberships"]] == [mentor.college.name]
    assert [a["note"] for a in data["availability"]] == ["Tuesdays only"]
    assert len(data["group_assignments"]) == 1
    assert [c["summary"] for c in data["contacts"]] == ["Placement talk"]
    assert [r["topic"] for r in data["requests_received"]] == ["Visit our group"]
    assert data["requests_sent"] == []
    assert len(data["registrations"]) == 1
    assert data["calendar_feed"] is True
    assert [i["email"] for i in data["survey_invitations"]] == [mentor.user.email]
    assert [(i["used"], i["draft"]) for i in data["survey_invitations"]] == [(False, None)]
    assert [t["name"] for t in data["api_tokens"]] == ["My spreadsheet"]
    raw = json.dumps(data)
    assert "Someone else" not in raw and "Not for you" not in raw
    assert "answers" not in data  # survey answers may be anonymous: never linked to a person
    for secret in ("token_hash", "prefix", "token"):
        assert secret not in data["api_tokens"][0]


def test_an_unsubmitted_draft_is_the_persons_data_but_submitted_answers_are_not(client, mentor):
    from surveys import services
    from tests.factories import QuestionFactory

    invitation = SurveyInvitationFactory(user=mentor.user, email=mentor.user.email)
    question = QuestionFactory(survey=invitation.survey, kind="likert")
    answer = [services.AnswerInput(question.pk, value=4)]
    services.save_response(invitation=invitation, answers=answer, submit=False)
    [saved] = download(client, mentor.user)["survey_invitations"]
    assert (saved["used"], saved["draft"][0]["value"]) == (False, 4)

    services.save_response(invitation=invitation, answers=answer, submit=True)
    [submitted] = download(client, mentor.user)["survey_invitations"]
    assert (submitted["used"], submitted["draft"]) == (True, None)


def test_a_teacher_educator_gets_the_requests_they_sent_and_no_mentor_profile(
    client, teacher_educator
):
    ContactRequestFactory(requester=teacher_educator, topic="Study visit in May")
    data = download(client, teacher_educator)
    assert data["mentor"] is None
    assert [r["topic"] for r in data["requests_sent"]] == ["Study visit in May"]
    assert data["roles"] == ["Teacher educator"]
    assert data["calendar_feed"] is False


def test_the_download_makes_the_same_number_of_queries_for_little_and_much_data(
    client, mentor, django_assert_max_num_queries
):
    client.force_login(mentor.user)
    ContactFactory(mentor=mentor)
    # 39: the network space's 4 lists and the outcomes app's 5 (students, placements,
    # outcomes, feedback x2).
    with django_assert_max_num_queries(39) as few:
        client.get(reverse("my_data"))
    ContactFactory.create_batch(5, mentor=mentor)
    RegistrationFactory.create_batch(3, user=mentor.user)
    AvailabilityFactory(mentor=mentor)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("my_data"))
