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
    """The same token for the same address and kind whenever it is made: no time stamp (the
    header and the text of one email carry the same link, and it never expires)."""
    return signing.Signer(salt=SALT).sign_object([address.lower(), kind], compress=True)


def read_token(token: str) -> tuple[str, str] | None:
    """(address, kind) of a genuine token, or None."""
    try:
        value = signing.Signer(salt=SALT).unsign_object(token)
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
