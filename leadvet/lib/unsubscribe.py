"""The signed link in a bulk email that turns that kind of email off for its recipient.

The link carries the address and the kind, signed with the project's SECRET_KEY
(django.core.signing): it needs no login and no database row, works for people without an
account (survey respondents invited by address) and cannot be forged for another address or
kind. It does not expire: an old email's link must still work (RFC 8058).
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "leadvet.email-opt-out"


def make_token(address: str, kind: str) -> str:
    return signing.dumps([address.lower(), kind], salt=SALT, compress=True)


def read_token(token: str) -> tuple[str, str] | None:
    """(address, kind) of a genuine token, or None."""
    try:
        value = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not all(isinstance(part, str) and part for part in value)
    ):
        return None
    address, kind = value
    return address, kind


def unsubscribe_url(address: str, kind: str) -> str:
    return settings.SITE_URL + reverse("unsubscribe", args=[make_token(address, kind)])


def unsubscribe_headers(address: str, kind: str) -> dict[str, str]:
    """RFC 2369's List-Unsubscribe with RFC 8058's one-click POST: the mail client shows an
    "unsubscribe" button and POSTs `List-Unsubscribe=One-Click` to the link itself."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(address, kind)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
