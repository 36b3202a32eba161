"""Shared email rendering: every email is multipart (text + HTML) in the recipient's language.

Templates come in threes under templates/email/: NAME_subject.txt, NAME.txt, NAME.html.
"""

import datetime
import email.message
import email.policy
from collections.abc import Iterable
from dataclasses import dataclass
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.utils import DNS_NAME
from django.template.loader import render_to_string
from django.utils import timezone, translation


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
    return _add_parts(message, html, attachments)


def _add_parts(
    message: EmailMultiAlternatives, html: str, attachments: Iterable[Attachment]
) -> EmailMultiAlternatives:
    message.attach_alternative(html, "text/html")
    for attachment in attachments:
        message.attach(attachment.filename, attachment.content, attachment.mimetype)
    return message


class SharedBody:
    """The MIME body that the copies of one email encode once (see build_copies)."""

    def __init__(self):
        self.content: tuple | None = None
        self.mime: email.message.EmailMessage | None = None


# The headers each copy gets for itself; every other header is shared.
OWN_HEADERS = frozenset({"to", "date", "message-id"})


class EmailCopy(EmailMultiAlternatives):
    """One person's copy of an email sent alike to many people.

    It is a whole EmailMultiAlternatives (subject, body, alternatives, attachments), but
    message() encodes the MIME body once for all copies made by build_copies and gives each
    copy only its own To, Date and Message-ID: encoding is most of an email's cost, and a
    reminder to a big event's 10,000 registrants would otherwise encode the same body 10,000
    times. A copy whose content was changed, or that needs anything else per person (Cc,
    Reply-To, extra headers, another policy, a non-ASCII address), is built by Django alone.
    """

    def __init__(self, *args, shared: SharedBody, **kwargs):
        super().__init__(*args, **kwargs)
        self.shared = shared

    def _content(self) -> tuple:
        return (
            self.subject,
            self.from_email,
            self.body,
            tuple(self.alternatives),
            tuple(self.attachments),
        )

    def _shares_body(self, policy) -> bool:
        return (
            policy is email.policy.default
            and not (self.cc or self.bcc or self.reply_to or self.extra_headers)
            and len(self.to) == 1
            and self.to[0].isascii()
        )

    def message(self, *, policy=email.policy.default):
        if not self._shares_body(policy):
            return super().message(policy=policy)
        shared = self.shared
        if shared.mime is None:
            shared.mime = super().message(policy=policy)
            shared.content = self._content()
            # Serialising once fixes the MIME boundaries, so the copies only read the parts.
            shared.mime.as_bytes()
        elif shared.content != self._content():
            return super().message(policy=policy)
        msg = email.message.EmailMessage(policy=policy)
        for name, value in shared.mime.items():
            if name.lower() not in OWN_HEADERS:
                msg[name] = value  # a parsed header object: stored as is, not parsed again
        msg["To"] = self.to[0]
        msg["Date"] = datetime.datetime.now(
            timezone.get_current_timezone() if settings.EMAIL_USE_LOCALTIME else datetime.UTC
        )
        msg["Message-ID"] = make_msgid(domain=DNS_NAME)
        msg.set_payload(shared.mime.get_payload())
        return msg


def build_copies(
    *,
    to: Iterable[str],
    template: str,
    context: dict,
    language: str | None = None,
    attachments: Iterable[Attachment] = (),
) -> list[EmailMultiAlternatives]:
    """The same email to each address, one message per person (nobody sees the others).

    Rendered once and MIME-encoded once (see EmailCopy), so the context must hold nothing
    personal: every address gets the same text.
    """
    subject, text, html = render_email(template, context, language=language)
    attachments = list(attachments)
    shared = SharedBody()
    return [
        _add_parts(
            EmailCopy(subject=subject, body=text, to=[address], shared=shared), html, attachments
        )
        for address in to
    ]
