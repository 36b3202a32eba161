"""The contact log."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mentors.models import Contact, ContactRequest, Mentor
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


@transaction.atomic
def update_contact(*, contact: Contact, data: dict) -> Contact:
    _apply_contact_data(contact, data)
    contact.save()
    return contact


@transaction.atomic
def delete_contact(*, contact: Contact) -> None:
    contact.delete()
