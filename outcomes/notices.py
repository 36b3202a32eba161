"""The feedback emails the outbox sends (builders registered in OutcomesConfig.ready)."""

import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from leadvet.lib.mail import build_email
from outcomes.models import ContactFeedback, EventFeedback


def _absolute(url_name: str, *args) -> str:
    return settings.SITE_URL + reverse(url_name, args=args)


def build_contact_feedback_emails(
    rows: list[ContactFeedback], now: datetime.datetime
) -> list[tuple[ContactFeedback, EmailMultiAlternatives | None]]:
    """ "Did this help?" to the teacher educator; none once answered or the account closed."""
    emails = []
    for feedback in rows:
        recipient = feedback.recipient
        if not recipient.is_active or feedback.answered_at is not None:
            emails.append((feedback, None))
            continue
        emails.append(
            (
                feedback,
                build_email(
                    to=[recipient.email],
                    template="outcomes/contact_feedback",
                    context={
                        "recipient": recipient,
                        "contact_request": feedback.request,
                        "url": _absolute("outcomes:contact_feedback", feedback.pk),
                    },
                    language=recipient.language,
                ),
            )
        )
    return emails


def build_event_feedback_emails(
    rows: list[EventFeedback], now: datetime.datetime
) -> list[tuple[EventFeedback, EmailMultiAlternatives | None]]:
    """The short feedback form to an attendee after the event."""
    emails = []
    for feedback in rows:
        recipient = feedback.registration.user
        if not recipient.is_active or feedback.answered_at is not None:
            emails.append((feedback, None))
            continue
        emails.append(
            (
                feedback,
                build_email(
                    to=[recipient.email],
                    template="outcomes/event_feedback",
                    context={
                        "recipient": recipient,
                        "event": feedback.registration.event,
                        "url": _absolute("outcomes:event_feedback", feedback.pk),
                    },
                    language=recipient.language,
                ),
            )
        )
    return emails
