"""The profile's email page: the kinds of bulk email the user can get, each on or off."""

import pytest
from django.urls import reverse

from leadvet import roles
from leadvet.mail_preferences import turn_off, turned_off
from leadvet.models import BulkEmail
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

URL = reverse("email_preferences")
MENTOR_KINDS = [
    BulkEmail.ANNOUNCEMENTS,
    BulkEmail.AVAILABILITY_NUDGES,
    BulkEmail.ACTIVITY_NUDGES,
    BulkEmail.SURVEY_INVITATIONS,
    BulkEmail.SURVEY_REMINDERS,
    BulkEmail.SPACE_DIGEST,
]


def choices(client) -> dict[str, bool]:
    form = client.get(URL).context["form"]
    return {name: form[name].value() for name in form.fields}


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_the_profile_links_to_the_email_choices(client, mentor):
    client.force_login(mentor.user)
    assert URL in client.get(reverse("profile")).content.decode()


def test_a_mentor_sees_the_kinds_a_mentor_gets_each_on(client, mentor):
    client.force_login(mentor.user)

    assert choices(client) == dict.fromkeys(MENTOR_KINDS, True)


@pytest.mark.parametrize(
    ("role", "own_kinds"),
    [
        (roles.STEERING, [BulkEmail.MONTHLY_REPORT]),
        (roles.COORDINATOR, [BulkEmail.FOLLOW_UP_DIGEST, BulkEmail.SPACE_DIGEST]),
        (roles.COLLEGE_COORDINATOR, [BulkEmail.FOLLOW_UP_DIGEST, BulkEmail.SPACE_DIGEST]),
        (roles.TEACHER_EDUCATOR, [BulkEmail.SPACE_DIGEST]),
    ],
)
def test_other_roles_see_their_own_kinds_and_surveys(client, role, own_kinds):
    client.force_login(user_with_role(role))

    assert list(choices(client)) == sorted(
        [*own_kinds, BulkEmail.SURVEY_INVITATIONS, BulkEmail.SURVEY_REMINDERS],
        key=BulkEmail.values.index,
    )


def test_a_kind_turned_off_by_an_emails_link_shows_off_and_is_turned_back_on_here(client, mentor):
    turn_off(address=mentor.user.email, kind=BulkEmail.ANNOUNCEMENTS)
    client.force_login(mentor.user)
    assert choices(client)[BulkEmail.ANNOUNCEMENTS] is False

    response = client.post(URL, dict.fromkeys(MENTOR_KINDS, "on"), follow=True)

    assert "Your email choices were saved." in response.content.decode()
    assert turned_off(mentor.user.email) == set()


def test_unticking_turns_kinds_off(client, mentor):
    client.force_login(mentor.user)

    client.post(URL, {BulkEmail.ANNOUNCEMENTS: "on", BulkEmail.SURVEY_INVITATIONS: "on"})

    assert turned_off(mentor.user.email) == {
        BulkEmail.AVAILABILITY_NUDGES,
        BulkEmail.ACTIVITY_NUDGES,
        BulkEmail.SURVEY_REMINDERS,
        BulkEmail.SPACE_DIGEST,
    }


def test_a_kind_turned_off_stays_listed_after_the_role_that_got_it_is_gone(client):
    educator = user_with_role(roles.TEACHER_EDUCATOR)
    turn_off(address=educator.email, kind=BulkEmail.MONTHLY_REPORT)
    client.force_login(educator)

    assert choices(client) == {
        BulkEmail.SURVEY_INVITATIONS: True,
        BulkEmail.SURVEY_REMINDERS: True,
        BulkEmail.MONTHLY_REPORT: False,
        BulkEmail.SPACE_DIGEST: True,
    }


def test_a_user_changes_only_their_own_choices(client, mentor, other_mentor):
    turn_off(address=other_mentor.user.email, kind=BulkEmail.ANNOUNCEMENTS)
    client.force_login(mentor.user)

    client.post(URL, {})

    assert turned_off(other_mentor.user.email) == {BulkEmail.ANNOUNCEMENTS}
    assert turned_off(mentor.user.email) == set(MENTOR_KINDS)


def test_the_kinds_turned_off_are_in_my_data(client, mentor):
    turn_off(address=mentor.user.email, kind=BulkEmail.SURVEY_REMINDERS)
    client.force_login(mentor.user)

    data = client.get(reverse("my_data")).json()

    assert [row["kind"] for row in data["email_opt_outs"]] == [BulkEmail.SURVEY_REMINDERS]
