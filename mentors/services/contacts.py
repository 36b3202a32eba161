"""The contact log."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mentors.models import Contact, ContactRequest, Mentor
from mentors.selectors.contacts import contact_for_idempotency_key
from mentors.selectors.memberships import college_on


def _apply_contact_data(contact: Contact, data: dict) -> None:
    for name in Contact.EDITABLE_FIELDS:
        if name in data:
            setattr(contact, name, data[name])
    errors = {}
    if contact.date and contact.date > timezone.localdate():
        errors["date"] = _("The date cannot be in the future.")
    if contact.duration_minutes is not None and not 0 <= contact.duration_minutes <= 600:
        errors["duration_minutes"] = _("The duration must be between 0 and 600 minutes.")
    if len(contact.summary or "") > 1000:
        errors["summary"] = _("The summary can be at most 1,000 characters.")
    if errors:
        raise ValidationError(errors)
    # Reports count a contact for the mentor's college of that day.
    contact.college = college_on(contact.mentor, contact.date)


@transaction.atomic
def log_contact(
    *, mentor: Mentor, data: dict, contact_request: ContactRequest | None = None
) -> Contact:
    contact = Contact(mentor=mentor, request=contact_request)
    _apply_contact_data(contact, data)
    contact.save()
    return contact


def log_contact_once(*, mentor: Mentor, data: dict, idempotency_key: str) -> tuple[Contact, bool]:
    """Log a contact unless the mentor already logged one with this key (the same form sent
    twice, an API call retried): then that first contact. Returns (contact, created).

    Race-safe: the key is unique per mentor in the database, so of two concurrent calls one
    inserts and the other, on the IntegrityError, reads the row the first committed.
    """
    if not idempotency_key:
        return log_contact(mentor=mentor, data=data), True
    first = contact_for_idempotency_key(mentor=mentor, key=idempotency_key)
    if first is not None:
        return first, False
    try:
        with transaction.atomic():
            contact = Contact(mentor=mentor, idempotency_key=idempotency_key)
            _apply_contact_data(contact, data)
            contact.save()
    except IntegrityError:
        first = contact_for_idempotency_key(mentor=mentor, key=idempotency_key)
        if first is None:
            raise  # another constraint refused the row
        return first, False
    return contact, True


@transaction.atomic
def update_contact(*, contact: Contact, data: dict) -> Contact:
    _apply_contact_data(contact, data)
    contact.save()
    return contact


@transaction.atomic
def delete_contact(*, contact: Contact) -> None:
    contact.delete()
