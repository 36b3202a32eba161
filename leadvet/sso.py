"""Single sign-on configuration: the SSO_PROVIDERS variable read into allauth's settings.

SSO_PROVIDERS holds a JSON list, one object per identity provider, so that adding an
institution's Entra ID, HAKA or MPASSid needs no code change (README "Single sign-on").
Every malformed entry stops start-up with ImproperlyConfigured naming the entry and field.
"""

import json
import os
import re
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

# What the Finnish federations release (funetEduPerson / eduPerson attribute OIDs, as HAKA
# and MPASSid's SAML2 interface name them); an entry's "attribute_mapping" replaces it.
SAML_ATTRIBUTE_MAPPING = {
    "uid": [
        "urn:oid:1.3.6.1.4.1.5923.1.1.1.6",  # eduPersonPrincipalName
        "urn:oasis:names:tc:SAML:attribute:subject-id",
    ],
    "email": [
        "urn:oid:0.9.2342.19200300.100.1.3",  # mail
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
    ],
    "first_name": [
        "urn:oid:2.5.4.42",  # givenName
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname",
    ],
    "last_name": [
        "urn:oid:2.5.4.4",  # sn
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname",
    ],
}

PROVIDER_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
PROTOCOLS = ("oidc", "saml")


def sso_providers(name: str) -> dict:
    """SOCIALACCOUNT_PROVIDERS built from the JSON list in the environment variable `name`."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return {}
    try:
        entries = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ImproperlyConfigured(f"{name} is not valid JSON: {exc}") from None
    if not isinstance(entries, list):
        raise ImproperlyConfigured(f"{name} must be a JSON list of providers")
    oidc_apps, saml_apps, seen = [], [], set()
    for index, entry in enumerate(entries):
        where = f"{name}[{index}]"
        if not isinstance(entry, dict):
            raise ImproperlyConfigured(f"{where} must be a JSON object")
        protocol = entry.get("protocol")
        if protocol not in PROTOCOLS:
            raise ImproperlyConfigured(f"{where}: 'protocol' must be one of {list(PROTOCOLS)}")
        provider_id = _required(entry, "id", where)
        if not PROVIDER_ID.match(provider_id):
            raise ImproperlyConfigured(
                f"{where}: 'id' must be lower-case letters, digits and hyphens, got {provider_id!r}"
            )
        if provider_id in seen:
            raise ImproperlyConfigured(f"{where}: the id {provider_id!r} is used twice")
        seen.add(provider_id)
        if protocol == "oidc":
            oidc_apps.append(_oidc_app(entry, where))
        else:
            saml_apps.append(_saml_app(entry, where))
    providers: dict = {}
    if oidc_apps:
        providers["openid_connect"] = {"OAUTH_PKCE_ENABLED": True, "APPS": oidc_apps}
    if saml_apps:
        providers["saml"] = {"APPS": saml_apps}
    return providers


def login_origins(providers: dict) -> list[str]:
    """The identity providers' origins (scheme, host, port) the login page's buttons lead to.

    A browser applies the Content-Security-Policy's form-action to the redirect that follows
    a form's POST, so the provider buttons' redirects must be allowed there.
    """
    urls = [app["settings"]["server_url"] for app in _apps(providers, "openid_connect")]
    for app in _apps(providers, "saml"):
        idp = app["settings"]["idp"]
        urls.append(idp.get("sso_url") or idp["metadata_url"])
    origins = []
    for url in urls:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in origins:
            origins.append(origin)
    return origins


def _apps(providers: dict, provider: str) -> list[dict]:
    return providers.get(provider, {}).get("APPS", [])


def _required(entry: dict, key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ImproperlyConfigured(f"{where}: '{key}' is required")
    return value.strip()


def _trust_email(entry: dict, where: str) -> bool | list[str]:
    """allauth's `verified_email`: true, false, or the e-mail domains the provider vouches for."""
    value = entry.get("trust_email", False)
    if isinstance(value, bool):
        return value
    if isinstance(value, list) and value and all(isinstance(d, str) and d for d in value):
        return [d.lower() for d in value]
    raise ImproperlyConfigured(f"{where}: 'trust_email' must be true, false or a list of domains")


def _oidc_app(entry: dict, where: str) -> dict:
    server_url = _required(entry, "server_url", where)
    if not server_url.startswith(("https://", "http://127.0.0.1", "http://localhost")):
        raise ImproperlyConfigured(f"{where}: 'server_url' must be an https:// URL")
    settings = {
        "server_url": server_url,
        "verified_email": _trust_email(entry, where),
        "oauth_pkce_enabled": True,
    }
    if entry.get("token_auth_method"):
        settings["token_auth_method"] = entry["token_auth_method"]
    return {
        "provider_id": entry["id"].strip(),
        "name": _required(entry, "name", where),
        "client_id": _required(entry, "client_id", where),
        "secret": _required(entry, "secret", where),
        "settings": settings,
    }


def _saml_app(entry: dict, where: str) -> dict:
    idp = entry.get("idp")
    if not isinstance(idp, dict):
        raise ImproperlyConfigured(f"{where}: 'idp' must be an object")
    entity_id = _required(idp, "entity_id", f"{where}.idp")
    if idp.get("metadata_url"):
        idp_settings = {"entity_id": entity_id, "metadata_url": idp["metadata_url"]}
    else:
        idp_settings = {
            "entity_id": entity_id,
            "sso_url": _required(idp, "sso_url", f"{where}.idp"),
            "x509cert": _required(idp, "x509cert", f"{where}.idp"),
        }
        if idp.get("slo_url"):
            idp_settings["slo_url"] = idp["slo_url"]
    mapping = entry.get("attribute_mapping", SAML_ATTRIBUTE_MAPPING)
    if not isinstance(mapping, dict) or "email" not in mapping:
        raise ImproperlyConfigured(f"{where}: 'attribute_mapping' must map at least 'email'")
    # A response must carry a signed assertion; the library refuses an unsigned or expired one.
    advanced = {"strict": True, "want_assertion_signed": True, "reject_deprecated_algorithm": True}
    if entry.get("sp_cert") or entry.get("sp_key"):
        advanced["x509cert"] = _required(entry, "sp_cert", where)
        advanced["private_key"] = _required(entry, "sp_key", where)
        advanced["authn_request_signed"] = True
        advanced["want_assertion_encrypted"] = bool(entry.get("want_assertion_encrypted", False))
    settings = {
        "idp": idp_settings,
        "attribute_mapping": mapping,
        "verified_email": _trust_email(entry, where),
        "advanced": advanced,
    }
    if entry.get("sp_entity_id"):
        settings["sp"] = {"entity_id": entry["sp_entity_id"]}
    return {
        "provider_id": entity_id,
        # The id names the provider in the portal's URLs: /accounts/saml/<id>/acs/.
        "client_id": entry["id"].strip(),
        "name": _required(entry, "name", where),
        "settings": settings,
    }
