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
import email.utils
import re
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
    """The MIME body that the copies of one email encode once (see build_copies): per policy
    (a file or console backend writes with email.policy.default, SMTP with email.policy.SMTP),
    the encoded message and its bytes."""

    def __init__(self):
        self.content: tuple | None = None
        self.encoded: dict[email.policy.Policy, EncodedBody] = {}


@dataclass(frozen=True)
class EncodedBody:
    """An email's shared MIME message under one policy, and its serialised bytes: the shared
    headers, folded, and everything after the blank line that ends them."""

    mime: email.message.EmailMessage
    headers: list[tuple[str, object]]
    head: bytes
    body: bytes

    @classmethod
    def of(cls, mime: email.message.EmailMessage, policy) -> "EncodedBody":
        # Serialising once also fixes the MIME boundaries, so the copies only read the parts.
        data = mime.as_bytes(policy=policy)
        blank = (policy.linesep * 2).encode()
        headers = [(name, value) for name, value in mime.raw_items() if not _own(name)]
        return cls(
            mime=mime,
            headers=headers,
            head=b"".join(policy.fold_binary(name, value) for name, value in headers),
            body=data[data.index(blank) + len(blank) :],
        )


class CopyMessage(email.message.EmailMessage):
    """One copy's MIME message: the shared headers and body as encoded once, its own headers
    written for it. `as_bytes` writes exactly what the email package writes for this message,
    without encoding the shared parts again; anything else about it is the email package's."""

    encoded: EncodedBody

    def as_bytes(self, unixfrom=False, policy=None):
        policy = self.policy if policy is None else policy
        encoded, shared = self.encoded, len(self.encoded.headers)
        if (
            unixfrom
            or policy is not self.policy
            or self.get_payload() is not encoded.mime.get_payload()
            or self._headers[:shared] != encoded.headers
        ):
            return super().as_bytes(unixfrom=unixfrom, policy=policy)
        own = b"".join(policy.fold_binary(name, value) for name, value in self._headers[shared:])
        return encoded.head + own + policy.linesep.encode() + encoded.body

    __bytes__ = as_bytes


# The headers each copy gets for itself (besides its recipient_headers); the rest is shared.
OWN_HEADERS = frozenset({"to", "date", "message-id"})


# An address written as is in a copy's To (no display name, no quoting, nothing to encode).
BARE_ADDRESS = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+")


def _own(name: str) -> bool:
    return name.lower() in OWN_HEADERS


class EmailCopy(PortalEmail):
    """One person's copy of an email sent alike to many people.

    It is a whole PortalEmail (subject, body, alternatives, attachments, headers), but
    message() encodes the MIME body once for all copies made by build_copies (once per policy:
    the SMTP backend's and the file backend's) and gives each copy only its own To, Date,
    Message-ID and recipient_headers (a bulk email's unsubscribe link), and the copy's
    as_bytes() writes the shared headers and body from the bytes encoded once: encoding is
    most of an email's cost, and a reminder to a big event's 10,000 registrants would
    otherwise encode the same body 10,000 times. A copy whose content was
    changed, or that needs anything else per person (Cc, Reply-To, its own Date or Message-ID,
    another policy, an address with a name or non-ASCII letters), is built by Django alone.
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
            isinstance(policy, email.policy.EmailPolicy)
            and not (self.cc or self.bcc or self.reply_to)
            and not any(_own(name) for name in self.extra_headers)
            and len(self.to) == 1
            and BARE_ADDRESS.fullmatch(self.to[0]) is not None
        )

    def message(self, *, policy=email.policy.default):
        if not self._shares_body(policy):
            return super().message(policy=policy)
        shared = self.shared
        if shared.content is None:
            shared.content = self._content()
        elif shared.content != self._content():
            return super().message(policy=policy)
        encoded = shared.encoded.get(policy)
        if encoded is None:
            # Django's own message, without this copy's stamp: only its shared headers are read.
            mime = EmailMultiAlternatives.message(self, policy=policy)
            encoded = shared.encoded[policy] = EncodedBody.of(mime, policy)
        msg = CopyMessage(policy=policy)
        msg.encoded = encoded
        # The shared headers as parsed once; this copy's own ones as the email package would
        # write them (a bare ASCII address, the date, a new Message-ID): parsing those three
        # for each copy cost more than the rest of it.
        msg._headers.extend(encoded.headers)
        now = datetime.datetime.now(
            timezone.get_current_timezone() if settings.EMAIL_USE_LOCALTIME else datetime.UTC
        )
        msg._headers.extend(
            (name, UnfoldedHeader(name, value))
            for name, value in (
                ("To", self.to[0]),
                ("Date", email.utils.format_datetime(now)),
                ("Message-ID", make_msgid(domain=site_domain())),
            )
        )
        for name, value in self.recipient_headers.items():
            msg[name] = UnfoldedHeader(name, value)
        msg.set_payload(encoded.mime.get_payload())
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
