import pytest
from django.urls import reverse

from leadvet import roles
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_switches_to_finnish(client):
    client.post(reverse("set_language"), {"language": "fi", "next": "/accounts/login/"})
    response = client.get(reverse("account_login"))
    assert response["Content-Language"] == "fi"
    assert '<html lang="fi">' in response.content.decode()
    assert "Kirjaudu sisään" in response.content.decode()


def test_signed_in_users_choice_is_remembered_on_their_account(client):
    user = user_with_role(roles.MENTOR)
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "fi", "next": "/"})
    user.refresh_from_db()
    assert user.language == "fi"
    # A fresh session (another browser) still gets Finnish.
    client.logout()
    other_browser = type(client)()
    other_browser.force_login(user)
    assert other_browser.get(reverse("home"))["Content-Language"] == "fi"


def test_unknown_language_is_ignored(client):
    user = user_with_role(roles.MENTOR)
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    user.refresh_from_db()
    assert user.language == "en"
