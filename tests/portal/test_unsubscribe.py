"""The signed link in a bulk email: GET asks to confirm, POST turns that kind of email off for
that address (the page's button, or the mail client's RFC 8058 one-click POST with no session
and no CSRF token), and the page can turn it back on."""

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from leadvet.lib.unsubscribe import make_token
from leadvet.mail_preferences import turn_off, turned_off
from leadvet.models import BulkEmail, EmailOptOut

pytestmark = pytest.mark.django_db

ADDRESS = "respondent@example.org"
KIND = BulkEmail.SURVEY_INVITATIONS


def link(address: str = ADDRESS, kind: str = KIND) -> str:
    return reverse("unsubscribe", args=[make_token(address, kind)])


def test_get_asks_to_confirm_with_a_button_and_changes_nothing(client):
    response = client.get(link())

    assert response.status_code == 200
    page = response.content.decode()
    assert "Turn these emails off?" in page and ADDRESS in page and "Survey invitations" in page
    assert '<form method="post">' in page and 'value="off"' in page
    assert "no-cache" in response["Cache-Control"]
    assert turned_off(ADDRESS) == set()


def test_the_mail_clients_one_click_post_turns_the_kind_off_without_login_or_csrf_token():
    client = Client(enforce_csrf_checks=True)

    response = client.post(link(), {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert turned_off(ADDRESS) == {KIND}
    assert "Turned off" in response.content.decode()


def test_the_page_turns_the_kind_off_and_back_on(client):
    client.post(link(), {"action": "off"})
    assert turned_off(ADDRESS) == {KIND}
    page = client.get(link()).content.decode()
    assert "These emails are turned off" in page and 'value="on"' in page

    response = client.post(link(), {"action": "on"})

    assert "Turned on again" in response.content.decode()
    assert turned_off(ADDRESS) == set()


def test_posting_twice_keeps_one_opt_out(client):
    client.post(link(), {"List-Unsubscribe": "One-Click"})
    client.post(link(), {"List-Unsubscribe": "One-Click"})

    assert EmailOptOut.objects.count() == 1


def test_a_link_turns_off_only_its_own_kind_for_its_own_address(client):
    turn_off(address="other@example.org", kind=BulkEmail.ANNOUNCEMENTS)

    client.post(link(address="Respondent@Example.org", kind=BulkEmail.SURVEY_REMINDERS))

    assert set(EmailOptOut.objects.values_list("address", "kind")) == {
        ("other@example.org", BulkEmail.ANNOUNCEMENTS),
        (ADDRESS, BulkEmail.SURVEY_REMINDERS),
    }


def forged_for(address: str) -> str:
    _payload, signature = make_token(ADDRESS, KIND).split(":")
    return ":".join([make_token(address, KIND).split(":")[0], signature])


def test_the_same_address_and_kind_always_give_the_same_link():
    """No time stamp in the token: the header and the text of one email agree, whatever
    second each was made in, and an old email's link still works."""
    with time_machine.travel("2026-01-01 09:00:00Z", tick=False):
        first = make_token(ADDRESS, KIND)
    with time_machine.travel("2027-06-01 17:30:05Z", tick=False):
        assert make_token(ADDRESS, KIND) == first


@pytest.mark.parametrize(
    "token",
    [
        make_token(ADDRESS, KIND)[:-3] + "AAA",  # a changed signature
        forged_for("victim@example.org"),  # another address under this link's signature
        make_token(ADDRESS, "every_email"),  # genuine, but no such kind
        "not-a-token",
    ],
    ids=["signature", "address", "kind", "garbage"],
)
def test_a_link_that_is_not_genuine_is_refused_and_changes_nothing(client, token):
    url = reverse("unsubscribe", args=[token])

    get, post = client.get(url), client.post(url, {"List-Unsubscribe": "One-Click"})

    assert get.status_code == post.status_code == 404
    assert "This link is not valid" in post.content.decode()
    assert EmailOptOut.objects.count() == 0


def test_put_is_not_allowed(client):
    assert client.put(link()).status_code == 405
