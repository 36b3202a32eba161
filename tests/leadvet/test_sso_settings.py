"""SSO_PROVIDERS: the JSON list read into allauth's SOCIALACCOUNT_PROVIDERS."""

import json

import pytest
from django.core.exceptions import ImproperlyConfigured

from leadvet import sso

ENTRA = {
    "protocol": "oidc",
    "id": "haaga-helia",
    "name": "Haaga-Helia (Microsoft 365)",
    "server_url": "https://login.microsoftonline.com/0000-tenant/v2.0",
    "client_id": "app-id",
    "secret": "app-secret",
    "trust_email": ["haaga-helia.fi"],
}
HAKA = {
    "protocol": "saml",
    "id": "haka-hh",
    "name": "HAKA",
    "idp": {
        "entity_id": "https://idp.example.fi/idp/shibboleth",
        "metadata_url": "https://haka.funet.fi/metadata/haka-metadata.xml",
    },
    "trust_email": True,
}


def read(monkeypatch, value) -> dict:
    monkeypatch.setenv("SSO_PROVIDERS", value if isinstance(value, str) else json.dumps(value))
    return sso.sso_providers("SSO_PROVIDERS")


def test_no_variable_means_no_providers(monkeypatch):
    monkeypatch.delenv("SSO_PROVIDERS", raising=False)
    assert sso.sso_providers("SSO_PROVIDERS") == {}


def test_oidc_and_saml_entries_become_allauth_apps(monkeypatch):
    providers = read(monkeypatch, [ENTRA, HAKA])
    (oidc,) = providers["openid_connect"]["APPS"]
    assert oidc["provider_id"] == "haaga-helia"
    assert oidc["client_id"] == "app-id" and oidc["secret"] == "app-secret"
    assert oidc["settings"]["server_url"] == ENTRA["server_url"]
    assert oidc["settings"]["verified_email"] == ["haaga-helia.fi"]
    (saml,) = providers["saml"]["APPS"]
    assert saml["client_id"] == "haka-hh"  # the URL slug: /accounts/saml/haka-hh/acs/
    assert saml["provider_id"] == "https://idp.example.fi/idp/shibboleth"
    assert saml["settings"]["idp"]["metadata_url"] == HAKA["idp"]["metadata_url"]
    assert saml["settings"]["advanced"]["want_assertion_signed"] is True
    assert saml["settings"]["attribute_mapping"]["email"][0] == "urn:oid:0.9.2342.19200300.100.1.3"


def test_login_origins_are_the_providers_hosts(monkeypatch):
    assert sso.login_origins(read(monkeypatch, [ENTRA, HAKA])) == [
        "https://login.microsoftonline.com",
        "https://haka.funet.fi",
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("{not json", "not valid JSON"),
        ({"protocol": "oidc"}, "must be a JSON list"),
        ([{**ENTRA, "protocol": "ldap"}], "'protocol' must be one of"),
        ([{**ENTRA, "id": "Haaga Helia"}], "'id' must be lower-case"),
        ([ENTRA, {**ENTRA, "name": "Again"}], "is used twice"),
        ([{**ENTRA, "secret": ""}], "'secret' is required"),
        ([{**ENTRA, "server_url": "http://login.example.org"}], "must be an https:// URL"),
        ([{**ENTRA, "trust_email": "yes"}], "'trust_email' must be"),
        ([{**HAKA, "idp": {"entity_id": "https://idp.example.fi"}}], "'sso_url' is required"),
        ([{**HAKA, "attribute_mapping": {"uid": "x"}}], "must map at least 'email'"),
    ],
)
def test_malformed_entry_stops_start_up_with_a_clear_message(monkeypatch, value, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        read(monkeypatch, value)
