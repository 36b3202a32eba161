"""Single sign-on in a real browser: one walk per protocol through a real identity provider.

An invited mentor (no password yet) presses their organisation's button on the login page,
signs in at the provider and lands on their home page. The refusals are tested faster with
the test client (tests/leadvet/test_sso_oidc.py, test_sso_saml.py).
"""

import json

import pytest
import requests

from leadvet import roles, sso
from tests.e2e.conftest import check_accessibility, wait_for_path
from tests.factories import MentorFactory, user_with_role
from tests.tools.oidc import OidcProvider
from tests.tools.saml_idp import SamlIdp

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def oidc_provider(live_server):
    with OidcProvider(
        client_id="leadvet-portal",
        client_secret="test-client-secret",
        redirect_uris=[f"{live_server.url}/accounts/oidc/college-id/login/callback/"],
        accounts=[{"sub": "anna", "email": "anna.mentor@college.example", "email_verified": True}],
    ) as running:
        yield running


@pytest.fixture(scope="module")
def saml_idp():
    with SamlIdp(users={"anna": {"mail": "anna.mentor@college.example",
                                 "eduPersonPrincipalName": "anna@college.example"}}) as running:  # fmt: skip
        yield running


@pytest.fixture
def invited_mentor():
    user = user_with_role(
        roles.MENTOR, email="anna.mentor@college.example", first_name="Anna", password=None
    )
    return MentorFactory(user=user)


def configure(settings, monkeypatch, entry: dict) -> None:
    monkeypatch.setenv("SSO_PROVIDERS", json.dumps([entry]))
    settings.SOCIALACCOUNT_PROVIDERS = sso.sso_providers("SSO_PROVIDERS")
    form_action = [*settings.SECURE_CSP["form-action"]]
    form_action += sso.login_origins(settings.SOCIALACCOUNT_PROVIDERS)
    settings.SECURE_CSP = {**settings.SECURE_CSP, "form-action": form_action}


def sign_in_through(page, button: str, *, check_login_page: bool = False) -> None:
    page.goto("/accounts/login/")
    if check_login_page:
        assert check_accessibility(page) == []
    page.get_by_role("button", name=button).click()
    page.get_by_label("Username").fill("anna")
    page.get_by_role("button", name="Sign in").click()
    wait_for_path(page, "/")
    assert page.get_by_role("heading", level=1).inner_text() == "Welcome, Anna"


def test_invited_mentor_signs_in_with_openid_connect(
    page, settings, monkeypatch, oidc_provider, invited_mentor
):
    configure(settings, monkeypatch, oidc_provider.sso_entry("college-id", "College ID"))
    sign_in_through(page, "Log in with College ID", check_login_page=True)


def test_invited_mentor_signs_in_with_saml(
    page, settings, monkeypatch, live_server, saml_idp, invited_mentor
):
    configure(settings, monkeypatch, saml_idp.sso_entry("haka", "HAKA"))
    metadata = requests.get(f"{live_server.url}/accounts/saml/haka/metadata/", timeout=10)
    saml_idp.trust_service_provider(metadata.text)
    sign_in_through(page, "Log in with HAKA")
