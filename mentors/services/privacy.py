"""GDPR: anonymising a mentor who leaves, and the retention of contact summaries."""

import datetime

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from leadvet import audit
from leadvet.api import tokens as api_tokens
from leadvet.lib import pseudonyms
from leadvet.models import User
from mentors import signals
from mentors.models import (
    Availability,
    Contact,
    ContactRequest,
    Invitation,
    Mentor,
    MentorImport,
    Notice,
    historical_relation_model,
)
from mentors.services.pool import change_status

ANONYMISED_EMAIL_DOMAIN = "anonymised.invalid"


def anonymise_mentor(*, mentor: Mentor, by: User | None) -> Mentor:
    """Remove a departing mentor's personal data but keep their activity for statistics.

    The contacts, requests, registrations and group assignments stay (with the college and
    task of their day) so the network's figures do not change; what identifies the person
    goes: name, email, password, two-factor keys, phone, bio, free text they wrote, the
    change history that still holds the old values, and the emails still owed to them. Where
    their old name or address was written into a row that stays (the audit log, the admin's
    log, requests, import files, survey answers) it is replaced by the pseudonym. The account
    can no longer sign in.
    """
    with transaction.atomic():
        mentor = Mentor.objects.select_for_update().select_related("user").get(pk=mentor.pk)
        if mentor.anonymised_at is not None:
            raise ValidationError(_("This mentor has already been anonymised."), code="anonymised")
        if mentor.status != Mentor.Status.ALUMNI:
            change_status(mentor=mentor, to_status=Mentor.Status.ALUMNI, by=by, note="anonymised")
            mentor.refresh_from_db()
        user = mentor.user
        old_email, old_name = user.email, user.get_full_name()
        user.first_name = "Former mentor"
        user.last_name = f"#{mentor.pk}"
        user.email = f"former-mentor-{mentor.pk}@{ANONYMISED_EMAIL_DOMAIN}"
        user.is_active = False
        user.set_unusable_password()
        user.save()
        replacements = {old_email: user.email, old_name: user.get_full_name()}
        EmailAddress.objects.filter(user=user).delete()
        Authenticator.objects.filter(user=user).delete()
        api_tokens.tokens_of(user).delete()
        Invitation.objects.filter(user=user).delete()
        Notice.objects.filter(recipient=user, sent_at__isnull=True).delete()
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
        _replace_in_requests(user=user, mentor=mentor, replacements=replacements)
        _replace_in_imports(email=old_email, user=user, replacements=replacements)
        audit.forget_person(user=user, replacements=replacements)
        signals.mentor_anonymised.send(sender=Mentor, user=user, replacements=replacements)
    return mentor


def _replace_in_requests(*, user: User, mentor: Mentor, replacements: dict[str, str]) -> None:
    """Requests to the mentor or by them may name them in the text the other side wrote."""
    replace = pseudonyms.replacer(replacements)
    naming = Q(pk__in=[])
    for old in pseudonyms.identifiers(replacements):
        naming |= Q(topic__icontains=old) | Q(message__icontains=old)
        naming |= Q(preferred_dates__icontains=old) | Q(response_message__icontains=old)
    changed = []
    for request in ContactRequest.objects.filter(Q(mentor=mentor) | Q(requester=user)).filter(
        naming
    ):
        for field in ("topic", "message", "preferred_dates", "response_message"):
            setattr(request, field, replace(getattr(request, field)))
        changed.append(request)
    ContactRequest.objects.bulk_update(
        changed, ["topic", "message", "preferred_dates", "response_message"], batch_size=500
    )


def _replace_in_imports(*, email: str, user: User, replacements: dict[str, str]) -> None:
    """The rows kept from the import file that brought the mentor in name them."""
    replace = pseudonyms.replacer(replacements)
    for mentor_import in MentorImport.objects.filter(
        Q(rows__icontains=email) | Q(errors__icontains=email)
    ).only("id", "rows", "errors"):
        rows = []
        for row in mentor_import.rows:
            if row.get("email", "").lower() == email.lower():
                row = {**row, "first_name": user.first_name, "last_name": user.last_name}
            rows.append(pseudonyms.replace_in(row, replace))
        mentor_import.rows = rows
        mentor_import.errors = pseudonyms.replace_in(mentor_import.errors, replace)
        mentor_import.save(update_fields=["rows", "errors"])


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
