"""The signed links of an activity nudge: log a contact, or say there were none this month.

A link carries, signed with the project's key under its own salt, the mentor, its purpose,
for "log" the task it pre-fills, and a random nonce; it expires after LINK_DAYS. It opens
one page (the quick contact form, or the "no contacts" confirmation) for that mentor
without a password, and only that page: no session is made, so it signs nobody in. Using
it records a ContactLinkUse under the nonce in the same transaction as the contact (or the
pause), so a second use is refused, even a concurrent one.
"""

import dataclasses
import datetime
import secrets

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone

from mentors.models import Contact, ContactLinkUse, Mentor
from mentors.selectors.nudges import NUDGE_AFTER_DAYS
from mentors.services.contacts import log_contact

SALT = "mentors.contact-link"
LINK_DAYS = 14
Purpose = ContactLinkUse.Purpose


@dataclasses.dataclass(frozen=True)
class ContactLink:
    mentor: Mentor
    purpose: str
    task_id: int | None
    nonce: str


class LinkRefused(Exception):
    """The link cannot be used; `reason` is "invalid", "expired" or "used"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def make_token(*, mentor: Mentor, purpose: str, task_id: int | None = None) -> str:
    payload = {"m": mentor.pk, "p": purpose, "n": secrets.token_urlsafe(16)}
    if task_id is not None:
        payload["t"] = task_id
    return signing.dumps(payload, salt=SALT, compress=True)


def read_token(token: str, *, purpose: str) -> ContactLink:
    """The link's mentor and what it pre-fills, or LinkRefused saying why not."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=datetime.timedelta(days=LINK_DAYS))
    except signing.SignatureExpired:
        raise LinkRefused("expired") from None
    except signing.BadSignature:
        raise LinkRefused("invalid") from None
    if not isinstance(payload, dict) or payload.get("p") != purpose:
        raise LinkRefused("invalid")
    mentor = (
        Mentor.objects.select_related("user")
        .filter(pk=payload.get("m"), user__is_active=True, anonymised_at__isnull=True)
        .first()
    )
    nonce = payload.get("n")
    if mentor is None or not isinstance(nonce, str):
        raise LinkRefused("invalid")
    if ContactLinkUse.objects.filter(nonce=nonce).exists():
        raise LinkRefused("used")
    task_id = payload.get("t")
    return ContactLink(
        mentor=mentor,
        purpose=purpose,
        task_id=task_id if isinstance(task_id, int) else None,
        nonce=nonce,
    )


def _spend(link: ContactLink, contact: Contact | None = None) -> None:
    try:
        with transaction.atomic():
            ContactLinkUse.objects.create(
                nonce=link.nonce, mentor=link.mentor, purpose=link.purpose, contact=contact
            )
    except IntegrityError:
        raise LinkRefused("used") from None


@transaction.atomic
def log_contact_from_link(*, link: ContactLink, data: dict) -> Contact:
    """Log the contact and spend the link together: both or neither."""
    contact = log_contact(mentor=link.mentor, data=data)
    _spend(link, contact)
    return contact


@transaction.atomic
def pause_nudges_from_link(*, link: ContactLink) -> datetime.date:
    """Record "no contacts this month"; the activity nudges pause until the returned day
    (as long as a silence must last before a nudge: NUDGE_AFTER_DAYS)."""
    _spend(link)
    return timezone.localdate() + datetime.timedelta(days=NUDGE_AFTER_DAYS)
