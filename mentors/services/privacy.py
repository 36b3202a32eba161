"""GDPR: anonymising a mentor who leaves, and the retention of contact summaries."""

import datetime

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from leadvet.api import tokens as api_tokens
from leadvet.models import User
from mentors import signals
from mentors.models import (
    Availability,
    Contact,
    ContactRequest,
    Invitation,
    Mentor,
    historical_relation_model,
)
from mentors.services.pool import change_status

ANONYMISED_EMAIL_DOMAIN = "anonymised.invalid"


def anonymise_mentor(*, mentor: Mentor, by: User | None) -> Mentor:
    """Remove a departing mentor's personal data but keep their activity for statistics.

    The contacts, requests, registrations and group assignments stay (with the college and
    task of their day) so the network's figures do not change; what identifies the person
    goes: name, email, password, phone, bio, free text they wrote, and the change history
    that still holds the old values. The account can no longer sign in.
    """
    with transaction.atomic():
        mentor = Mentor.objects.select_for_update().select_related("user").get(pk=mentor.pk)
        if mentor.anonymised_at is not None:
            raise ValidationError(_("This mentor has already been anonymised."), code="anonymised")
        if mentor.status != Mentor.Status.ALUMNI:
            change_status(mentor=mentor, to_status=Mentor.Status.ALUMNI, by=by, note="anonymised")
            mentor.refresh_from_db()
        user = mentor.user
        user.first_name = "Former mentor"
        user.last_name = f"#{mentor.pk}"
        user.email = f"former-mentor-{mentor.pk}@{ANONYMISED_EMAIL_DOMAIN}"
        user.is_active = False
        user.set_unusable_password()
        user.save()
        EmailAddress.objects.filter(user=user).delete()
        api_tokens.tokens_of(user).delete()
        Invitation.objects.filter(user=user).delete()
        for relation in Mentor.HISTORY_RELATIONS:
            historical_relation_model(relation).objects.filter(mentor_id=mentor.pk).delete()
        mentor.history.all().delete()  # the historical rows still hold phone and bio
        mentor.title = ""
        mentor.phone = ""
        mentor.bio = ""
        mentor.contact_preferences = ""
        mentor.anonymised_at = timezone.now()
        mentor.save()
        Availability.objects.filter(mentor=mentor).update(note="")
        Contact.objects.filter(mentor=mentor).update(summary="")
        ContactRequest.objects.filter(mentor=mentor).update(response_message="")
        signals.mentor_anonymised.send(sender=Mentor, user=user)
    return mentor


def clear_old_contact_summaries(*, today: datetime.date | None = None) -> int:
    """Blank the free-text summary of contacts older than CONTACT_SUMMARY_RETENTION_YEARS.

    The rest of the entry stays for the reports. Returns the number of summaries cleared.
    """
    today = today or timezone.localdate()
    years = settings.CONTACT_SUMMARY_RETENTION_YEARS
    try:
        cutoff = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        cutoff = today.replace(year=today.year - years, day=28)
    with transaction.atomic():
        return Contact.objects.filter(date__lt=cutoff).exclude(summary="").update(summary="")
