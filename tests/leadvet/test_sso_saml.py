"""Single sign-on through SAML2, against a real identity provider (pysaml2's IdP).

The IdP runs once for the module on 127.0.0.1 and signs its assertions with a key of its own;
the portal is Django's test client, the browser's part at the IdP is done over HTTP.
"""

import base64
import datetime
import json

import pytest
import time_machine
from allauth.socialaccount.models import SocialAccount
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from leadvet import roles, sso
from leadvet.models import User
from tests.factories import MentorFactory, user_with_role
from tests.tools.saml_idp import SamlIdp, certificate_body, key_and_certificate

pytestmark = pytest.mark.django_db

USERS = {
    "anna": {
        "mail": "anna.mentor@college.example",
        "givenName": "Anna",
        "sn": "Mentor",
        "eduPersonPrincipalName": "anna@college.example",
    },
    "stranger": {
        "mail": "stranger@college.example",
        "eduPersonPrincipalName": "stranger@college.example",
    },
}


@pytest.fixture
def client():
    """The SAML library accepts no single-label host name such as Django's "testserver"."""
    return Client(HTTP_HOST="localhost")


@pytest.fixture(scope="module")
def idp():
    with SamlIdp(users=USERS) as running:
        yield running


@pytest.fixture
def configure(settings, monkeypatch, idp, client):
    """Configure the portal through SSO_PROVIDERS and give the IdP the portal's metadata."""

    def _configure(**extra):
        entry = idp.sso_entry("haka", "HAKA", **extra)
        monkeypatch.setenv("SSO_PROVIDERS", json.dumps([entry]))
        settings.SOCIALACCOUNT_PROVIDERS = sso.sso_providers("SSO_PROVIDERS")
        metadata = client.get(reverse("saml_metadata", kwargs={"organization_slug": "haka"}))
        assert metadata.status_code == 200
        idp.trust_service_provider(metadata.content.decode())

    _configure()
    return _configure


@pytest.fixture
def invited_mentor(db):
    user = user_with_role(
        roles.MENTOR, email="anna.mentor@college.example", first_name="Anna", password=None
    )
    return MentorFactory(user=user)


def sign_in_at_idp(client, idp, username: str) -> dict:
    start = client.post(reverse("saml_login", kwargs={"organization_slug": "haka"}))
    assert start.status_code == 302 and start["Location"].startswith(idp.sso_url)
    return idp.sign_in(start["Location"], username)


def post_to_portal(client, posted: dict):
    """The browser's automatic POST of the IdP's answer, then allauth's own redirect."""
    assert posted["action"] == "http://localhost/accounts/saml/haka/acs/"
    response = client.post(
        "/accounts/saml/haka/acs/",
        {"SAMLResponse": posted["SAMLResponse"], "RelayState": posted["RelayState"]},
    )
    if response.status_code == 302 and response["Location"].endswith("/acs/finish/"):
        response = client.get(response["Location"])
    return response


def test_invited_mentor_signs_in_and_a_second_login_uses_the_link(
    client, configure, idp, invited_mentor
):
    response = post_to_portal(client, sign_in_at_idp(client, idp, "anna"))
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").wsgi_request.user == invited_mentor.user
    link = SocialAccount.objects.get(user=invited_mentor.user)
    assert link.uid == "anna@college.example"  # eduPersonPrincipalName

    client.logout()
    User.objects.filter(pk=invited_mentor.user.pk).update(email="anna@elsewhere.example")
    response = post_to_portal(client, sign_in_at_idp(client, idp, "anna"))
    assert response.status_code == 302
    assert client.get("/").wsgi_request.user == invited_mentor.user
    assert SocialAccount.objects.count() == 1


def test_stranger_is_refused_and_gets_no_account(client, configure, idp, invited_mentor):
    users_before = User.objects.count()
    response = post_to_portal(client, sign_in_at_idp(client, idp, "stranger"))
    assert response.status_code == 403
    assert "there is no LeadVET account for it" in response.content.decode()
    assert User.objects.count() == users_before
    assert not SocialAccount.objects.exists()
    assert not client.get("/").wsgi_request.user.is_authenticated


def test_altered_assertion_is_refused(client, configure, idp):
    """Someone edits the signed assertion to become the coordinator: the signature breaks."""
    coordinator = user_with_role(roles.COORDINATOR, email="kim.coordinator@college.example")
    posted = sign_in_at_idp(client, idp, "stranger")
    xml = base64.b64decode(posted["SAMLResponse"]).decode()
    assert "stranger@college.example" in xml
    forged = xml.replace("stranger@college.example", coordinator.email)
    posted["SAMLResponse"] = base64.b64encode(forged.encode()).decode()
    response = post_to_portal(client, posted)
    assert response.status_code == 401
    assert "Single sign-on failed" in response.content.decode()
    assert not client.get("/").wsgi_request.user.is_authenticated
    assert not SocialAccount.objects.exists()


def test_assertion_signed_by_an_untrusted_key_is_refused(client, configure, idp, invited_mentor):
    _key, other_certificate = key_and_certificate("Not the IdP")
    configure(idp={"entity_id": idp.entity_id, "sso_url": idp.sso_url,
                   "x509cert": certificate_body(other_certificate)})  # fmt: skip
    response = post_to_portal(client, sign_in_at_idp(client, idp, "anna"))
    assert response.status_code == 401
    assert not client.get("/").wsgi_request.user.is_authenticated
    assert not SocialAccount.objects.exists()


def test_expired_assertion_is_refused(client, configure, idp, invited_mentor):
    posted = sign_in_at_idp(client, idp, "anna")
    # The IdP's assertions are valid for 5 minutes; this one arrives an hour later.
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=1)):
        response = post_to_portal(client, posted)
    assert response.status_code == 401
    assert "Single sign-on failed" in response.content.decode()
    assert not client.get("/").wsgi_request.user.is_authenticated
    assert not SocialAccount.objects.exists()
