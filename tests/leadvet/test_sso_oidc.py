"""Single sign-on through OpenID Connect, against a real provider (node's oidc-provider).

The provider runs once for the module on 127.0.0.1; the portal is Django's test client, and
the browser's part at the provider (its login page and redirects) is done over HTTP.
"""

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.urls import reverse

from leadvet import roles, sso
from leadvet.models import User
from mentors.models import Invitation
from tests.factories import MentorFactory, MentorInvitationFactory, user_with_role
from tests.tools.oidc import OidcProvider

pytestmark = pytest.mark.django_db

CALLBACK = "http://testserver/accounts/oidc/college-id/login/callback/"
ACCOUNTS = [
    {"sub": "anna", "email": "Anna.Mentor@college.example", "email_verified": True,
     "given_name": "Anna", "family_name": "Mentor"},
    {"sub": "stranger", "email": "stranger@college.example", "email_verified": True},
    {"sub": "unverified", "email": "unverified@college.example", "email_verified": False},
    {"sub": "kim", "email": "kim.coordinator@college.example", "email_verified": True},
]  # fmt: skip


@pytest.fixture(scope="module")
def provider():
    with OidcProvider(
        client_id="leadvet-portal",
        client_secret="test-client-secret",
        redirect_uris=[CALLBACK],
        accounts=ACCOUNTS,
    ) as running:
        yield running


@pytest.fixture
def configure(settings, monkeypatch, provider):
    """Configure the portal through SSO_PROVIDERS, as a deployment would."""

    def _configure(**extra):
        entry = provider.sso_entry("college-id", "College ID", **extra)
        monkeypatch.setenv("SSO_PROVIDERS", __import__("json").dumps([entry]))
        settings.SOCIALACCOUNT_PROVIDERS = sso.sso_providers("SSO_PROVIDERS")

    _configure()
    return _configure


def sso_login(client, provider, username: str):
    """Press the provider's button on the login page, sign in there, come back."""
    start = client.post(reverse("openid_connect_login", kwargs={"provider_id": "college-id"}))
    assert start.status_code == 302 and start["Location"].startswith(provider.issuer)
    back = provider.sign_in(start["Location"], username)
    assert back.startswith(CALLBACK)
    return client.get(back.removeprefix("http://testserver"))


@pytest.fixture
def invited_mentor(db):
    """A mentor invited by a coordinator: an account with no password yet."""
    user = user_with_role(
        roles.MENTOR, email="anna.mentor@college.example", first_name="Anna", password=None
    )
    MentorInvitationFactory(user=user)
    return MentorFactory(user=user)


def test_login_page_shows_a_button_per_provider(client, configure):
    page = client.get(reverse("account_login")).content.decode()
    assert "Log in with College ID" in page
    assert 'action="/accounts/oidc/college-id/login/?process=login"' in page


def test_invited_mentor_signs_in_and_the_link_is_stored(
    client, configure, provider, invited_mentor
):
    response = sso_login(client, provider, "anna")
    assert response.status_code == 302 and response["Location"] == "/"
    home = client.get("/")
    assert home.status_code == 200 and home.wsgi_request.user == invited_mentor.user
    link = SocialAccount.objects.get(user=invited_mentor.user)
    assert (link.provider, link.uid) == ("college-id", "anna")
    assert EmailAddress.objects.filter(
        user=invited_mentor.user, email=invited_mentor.user.email, verified=True
    ).exists()
    assert Invitation.objects.get(user=invited_mentor.user).state == "accepted"


def test_second_login_uses_the_stored_link(client, configure, provider, invited_mentor):
    sso_login(client, provider, "anna")
    client.logout()
    # The portal's address changes: only the stored link can still find the account.
    User.objects.filter(pk=invited_mentor.user.pk).update(email="anna@elsewhere.example")
    response = sso_login(client, provider, "anna")
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").wsgi_request.user == invited_mentor.user
    assert SocialAccount.objects.filter(user=invited_mentor.user).count() == 1


def test_stranger_is_refused_and_gets_no_account(client, configure, provider, invited_mentor):
    users_before = User.objects.count()
    response = sso_login(client, provider, "stranger")
    assert response.status_code == 403
    assert "there is no LeadVET account for it" in response.content.decode()
    assert "stranger@college.example" in response.content.decode()
    assert User.objects.count() == users_before
    assert not SocialAccount.objects.exists()
    assert not client.get("/").wsgi_request.user.is_authenticated


def test_unverified_address_is_refused(client, configure, provider):
    user_with_role(roles.MENTOR, email="unverified@college.example")
    response = sso_login(client, provider, "unverified")
    assert response.status_code == 403
    assert "did not confirm an email address" in response.content.decode()
    assert not SocialAccount.objects.exists()


def test_provider_trusted_for_a_domain_vouches_for_unverified_claims(client, configure, provider):
    configure(trust_email=["college.example"])
    user = user_with_role(roles.MENTOR, email="unverified@college.example")
    response = sso_login(client, provider, "unverified")
    assert response.status_code == 302
    assert SocialAccount.objects.get(uid="unverified").user == user


def test_role_that_requires_sso_cannot_log_in_with_a_password(
    client, settings, configure, provider, password
):
    settings.SSO_REQUIRED_ROLES = [roles.COORDINATOR]
    user = user_with_role(roles.COORDINATOR, email="kim.coordinator@college.example")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    page = client.get(reverse("account_login")).content.decode()
    assert "log in only with their organisation's account" in page
    assert "Coordinator" in page

    refused = client.post(reverse("account_login"), {"login": user.email, "password": password})
    assert refused.status_code == 403
    assert "Your role in the portal requires single sign-on" in refused.content.decode()
    assert not client.get("/").wsgi_request.user.is_authenticated

    response = sso_login(client, provider, "kim")
    assert response.status_code == 302
    assert client.get("/").wsgi_request.user == user
