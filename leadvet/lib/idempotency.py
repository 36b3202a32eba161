"""Idempotency keys: the same form sent twice, or the same API call retried, writes once.

A page's form carries a key made when the form is rendered (a hidden field); an API client
sends one in the `Idempotency-Key` header. The service that writes stores the key with the
row under a unique constraint per user, so a second write with the key, even a concurrent
one, finds the first row instead of making another.

A page that works offline (the contact form, static/js/pwa.js) makes its own key in the
browser (a random UUID, which `validate_key` accepts) for each contact it queues, since a
page kept by the service worker would otherwise carry the key it was rendered with; the
queue sends each contact under its key, so a replay saves it once.
"""

import re
import secrets

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

HEADER = "Idempotency-Key"
MAX_LENGTH = 100
# Visible ASCII only: a UUID, a ULID or any client's random token fits.
validate_key = RegexValidator(
    regex=re.compile(r"\A[\x21-\x7e]{1," + str(MAX_LENGTH) + r"}\Z"),
    message=_("An idempotency key is 1 to 100 visible ASCII characters."),
    code="invalid_idempotency_key",
)


def new_key() -> str:
    """A key for a form being rendered: unguessable, so no other form shares it."""
    return secrets.token_urlsafe(24)
