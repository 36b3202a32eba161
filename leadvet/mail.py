"""Shared email rendering: every email is multipart (text + HTML) in the recipient's language.

Templates come in threes under templates/email/: NAME_subject.txt, NAME.txt, NAME.html.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.template.loader import render_to_string
from django.utils import translation


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes | str
    mimetype: str


def render_email(
    template: str, context: dict, *, language: str | None = None
) -> tuple[str, str, str]:
    """Return (subject, text, html) for the template, rendered in `language`."""
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"email/{template}_subject.txt", context)
        text = render_to_string(f"email/{template}.txt", context)
        html = render_to_string(f"email/{template}.html", context)
    subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split())
    return subject, text, html


def build_email(
    *,
    to: Iterable[str],
    template: str,
    context: dict,
    language: str | None = None,
    attachments: Iterable[Attachment] = (),
) -> EmailMultiAlternatives:
    subject, text, html = render_email(template, context, language=language)
    message = EmailMultiAlternatives(subject=subject, body=text, to=list(to))
    message.attach_alternative(html, "text/html")
    for attachment in attachments:
        message.attach(attachment.filename, attachment.content, attachment.mimetype)
    return message


def send_email(**kwargs) -> int:
    """Build and send one email; raises on SMTP failure so a Celery task can retry."""
    return build_email(**kwargs).send()


def send_many(messages: list[EmailMultiAlternatives]) -> int:
    """Send a batch over one connection."""
    with mailers.default as connection:
        return connection.send_messages(messages) or 0
