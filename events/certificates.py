"""Certificates of participation: a PDF per attendee and the public page that verifies it.

A certificate is not stored: it is the attended registration, printed. Its verification link
is a signed token of the registration (events.tokens.CERTIFICATE); the page it opens says
whether the certificate is genuine and repeats what it states, so an employer can check a
printed copy. Anonymising the participant or unmarking attendance makes the link say no.
"""

from django.conf import settings
from django.utils import timezone

from events import tokens
from events.models import Event, Registration
from leadvet.lib.pdf import render_pdf


def has_certificate(registration: Registration | None) -> bool:
    """Attended an event that has started and was not cancelled."""
    return (
        registration is not None
        and registration.status == Registration.Status.REGISTERED
        and registration.attended is True
        and registration.anonymised_at is None
        and registration.event.status == Event.Status.SCHEDULED
        and registration.event.starts_at <= timezone.now()
    )


def certificate_context(registration: Registration) -> dict:
    event = registration.event
    return {
        "registration": registration,
        "name": registration.person_name,
        "event": event,
        "hours": event.credit_hours,
        "organiser": settings.LEGAL_ORGANISATION,
        "verify_url": tokens.token_url(registration.pk, tokens.CERTIFICATE),
    }


def certificate_pdf(registration: Registration) -> bytes:
    return render_pdf("events/certificate_print.html", certificate_context(registration))


def certificate_filename(registration: Registration) -> str:
    return f"certificate-event-{registration.event_id}-{registration.pk}.pdf"
