"""Signed links about one registration, built like leadvet.lib.unsubscribe.

A public participant has no account: the links in their emails are their credential. Each
link carries the registration's id and what it is for, signed with SECRET_KEY
(django.core.signing) under a salt of its own, so a confirmation link cannot be used to cancel,
nor a check-in link (which only a coordinator's session can use) to fetch a certificate.
The links stay the same whenever they are made, so every email about a registration carries
the same link; a registration that is gone (anonymised, deleted) makes them dead.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse

CONFIRM = "confirm"  # the double opt-in: confirm the registration
MANAGE = "manage"  # the participant's own page: status, calendar file, cancel, data
CHECK_IN = "check-in"  # the QR code: a coordinator's phone marks them present
CERTIFICATE = "certificate"  # the public verification of a certificate

_SALT = "leadvet.event-registration."
_URLS = {
    CONFIRM: "events:public_confirm",
    MANAGE: "events:public_registration",
    CHECK_IN: "events:check_in_token",
    CERTIFICATE: "events:certificate_verify",
}


def make_token(registration_id: int, purpose: str) -> str:
    return signing.Signer(salt=_SALT + purpose).sign_object(registration_id)


def read_token(token: str, purpose: str) -> int | None:
    """The registration id of a genuine token for `purpose`, or None."""
    try:
        value = signing.Signer(salt=_SALT + purpose).unsign_object(token)
    except (signing.BadSignature, ValueError, UnicodeDecodeError):
        return None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def token_path(registration_id: int, purpose: str) -> str:
    return reverse(_URLS[purpose], args=[make_token(registration_id, purpose)])


def token_url(registration_id: int, purpose: str) -> str:
    return settings.SITE_URL + token_path(registration_id, purpose)
