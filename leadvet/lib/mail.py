"""Shared email rendering: every email is multipart (text + HTML) in the recipient's language.

Templates come in threes under templates/email/: NAME_subject.txt, NAME.txt, NAME.html. The
subject and the text part are plain text, rendered by the "email_text" template engine
(settings.TEMPLATES), which never HTML-escapes; only the HTML part is escaped.

Every email is a PortalEmail: `Auto-Submitted: auto-generated` (RFC 3834: no out-of-office
replies to it), a Message-ID on the site's own domain and, for a bulk email (one of
leadvet.models.BulkEmail), the recipient's own one-click unsubscribe link (RFC 2369, 8058).
"""

import datetime
import email.message
import email.policy
from collections.abc import Iterable
from dataclasses import dataclass
from email.utils import make_msgid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.utils import DNS_NAME
from django.template.loader import render_to_string
from django.utils import timezone, translation

from leadvet.lib.unsubscribe import unsubscribe_headers, unsubscribe_url

# The template engine of plain-text templates (no autoescaping), see settings.TEMPLATES.
TEXT_ENGINE = "email_text"
AUTOMATIC = {"Auto-Submitted": "auto-generated"}


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
        subject = render_to_string(f"email/{template}_subject.txt", context, using=TEXT_ENGINE)
        text = render_to_string(f"email/{template}.txt", context, using=TEXT_ENGINE)
        html = render_to_string(f"email/{template}.html", context)
    subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split())
    return subject, text, html


def site_domain() -> str:
    """The host of settings.SITE_URL: Message-IDs name the site, not the machine."""
    return urlsplit(settings.SITE_URL).hostname or DNS_NAME


class PortalEmail(EmailMultiAlternatives):
    """An email of the portal (see the module's docstring).

    `bulk_kind` marks a bulk email: it gets the List-Unsubscribe headers of its one recipient,
    and leadvet.lib.outbox does not send it to someone who turned that kind off.
    """

    def __init__(self, *args, bulk_kind: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for name, value in AUTOMATIC.items():
            self.extra_headers.setdefault(name, value)
        self.bulk_kind = bulk_kind
        self.recipient_headers: dict[str, str] = {}
        if bulk_kind is not None:
            if len(self.to) != 1:
                raise ValueError("a bulk email goes to one person: the unsubscribe link is theirs")
            self.recipient_headers = unsubscribe_headers(self.to[0], bulk_kind)

    def message(self, *, policy=email.policy.default):
        msg = super().message(policy=policy)
        self._stamp(msg)
        return msg

    def _stamp(self, msg: email.message.EmailMessage) -> None:
        """The headers of this one message: its Message-ID and the recipient's own headers."""
        if "message-id" not in {name.lower() for name in self.extra_headers}:
            del msg["Message-ID"]
            msg["Message-ID"] = make_msgid(domain=site_domain())
        for name, value in self.recipient_headers.items():
            msg[name] = UnfoldedHeader(name, value)


class UnfoldedHeader(str):
    """A header value written on one line as it is (RFC 5322 allows 998 characters).

    The email package folds a long unstructured value that has no space to break at, such as
    List-Unsubscribe's signed link, into RFC 2047 encoded words, which mail clients do not
    decode in a link; this value is stored as is and never folded."""

    def __new__(cls, name: str, value: str):
        header = super().__new__(cls, value)
        header.name = name
        return header

    def fold(self, *, policy) -> str:
        return f"{self.name}: {self}{policy.linesep}"


def build_email(
    *,
    to: Iterable[str],
    template: str,
    context: dict,
    language: str | None = None,
    attachments: Iterable[Attachment] = (),
    bulk_kind: str | None = None,
) -> PortalEmail:
    """One email. A bulk email (`bulk_kind`) goes to one address, and its text and HTML end
    with that person's link to turn the kind off (the template's `unsubscribe_url`)."""
    to = list(to)
    if bulk_kind is not None and len(to) == 1:
        context = {**context, "unsubscribe_url": unsubscribe_url(to[0], bulk_kind)}
    subject, text, html = render_email(template, context, language=language)
    message = PortalEmail(subject=subject, body=text, to=to, bulk_kind=bulk_kind)
    return _add_parts(message, html, attachments)


def _add_parts[Email: EmailMultiAlternatives](
    message: Email, html: str, attachments: Iterable[Attachment]
) -> Email:
    message.attach_alternative(html, "text/html")
    for attachment in attachments:
        message.attach(attachment.filename, attachment.content, attachment.mimetype)
    return message


class SharedBody:
    """The MIME body that the copies of one email encode once (see build_copies)."""

    def __init__(self):
        self.content: tuple | None = None
        self.mime: email.message.EmailMessage | None = None


# The headers each copy gets for itself (besides its recipient_headers); the rest is shared.
OWN_HEADERS = frozenset({"to", "date", "message-id"})


class EmailCopy(PortalEmail):
    """One person's copy of an email sent alike to many people.

    It is a whole PortalEmail (subject, body, alternatives, attachments, headers), but
    message() encodes the MIME body once for all copies made by build_copies and gives each
    copy only its own To, Date, Message-ID and recipient_headers (a bulk email's unsubscribe
    link): encoding is most of an email's cost, and a reminder to a big event's 10,000
    registrants would otherwise encode the same body 10,000 times. A copy whose content was
    changed, or that needs anything else per person (Cc, Reply-To, its own Date or Message-ID,
    another policy, a non-ASCII address), is built by Django alone.
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
            tuple(sorted(self.extra_headers.items())),
        )

    def _shares_body(self, policy) -> bool:
        return (
            policy is email.policy.default
            and not (self.cc or self.bcc or self.reply_to)
            and not OWN_HEADERS & {name.lower() for name in self.extra_headers}
            and len(self.to) == 1
            and self.to[0].isascii()
        )

    def message(self, *, policy=email.policy.default):
        if not self._shares_body(policy):
            return super().message(policy=policy)
        shared = self.shared
        if shared.mime is None:
            # Django's own message, without this copy's stamp: only its shared headers are read.
            shared.mime = EmailMultiAlternatives.message(self, policy=policy)
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
        self._stamp(msg)
        msg.set_payload(shared.mime.get_payload())
        return msg


def build_copies(
    *,
    to: Iterable[str],
    template: str,
    context: dict,
    language: str | None = None,
    attachments: Iterable[Attachment] = (),
    bulk_kind: str | None = None,
) -> list[EmailCopy]:
    """The same email to each address, one message per person (nobody sees the others).

    Rendered once and MIME-encoded once (see EmailCopy), so the context must hold nothing
    personal: every address gets the same text. A bulk email's unsubscribe link is personal,
    so here it is only in each copy's List-Unsubscribe header, not in the text.
    """
    subject, text, html = render_email(template, context, language=language)
    attachments = list(attachments)
    shared = SharedBody()
    return [
        _add_parts(
            EmailCopy(subject=subject, body=text, to=[address], shared=shared, bulk_kind=bulk_kind),
            html,
            attachments,
        )
        for address in to
    ]
