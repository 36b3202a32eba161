"""One email to many people: each gets a whole message of their own, encoded from one body."""

import email
import email.policy

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives, mailers

from leadvet.lib.mail import Attachment, build_copies, build_email
from leadvet.lib.unsubscribe import read_token

CALENDAR = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//\r\nEND:VCALENDAR\r\n"
CONTEXT = {"kind": "reminder", "event": {"title": "Multiplier event"}, "status": "registered"}


def copies(addresses, **kwargs):
    return build_copies(
        to=addresses,
        template="events/notice",
        context=CONTEXT,
        language=kwargs.pop("language", "en"),
        attachments=[Attachment("event.ics", CALENDAR.encode(), "text/calendar")],
        **kwargs,
    )


def parsed(message: EmailMultiAlternatives) -> email.message.EmailMessage:
    return email.message_from_bytes(message.message().as_bytes(), policy=email.policy.default)


def structure(msg: email.message.EmailMessage) -> list[tuple[str, str]]:
    """Each part's content type and decoded content: what a mail client shows."""
    return [
        (part.get_content_type(), part.get_content())
        for part in msg.walk()
        if not part.is_multipart()
    ]


def test_each_copy_is_addressed_to_one_person_with_its_own_message_id():
    messages = [parsed(m) for m in copies(["a@example.org", "b@example.org", "c@example.org"])]

    assert [m["To"] for m in messages] == ["a@example.org", "b@example.org", "c@example.org"]
    assert len({m["Message-ID"] for m in messages}) == 3
    assert all(m["Date"] for m in messages)
    assert all(m["Cc"] is None and m["Bcc"] is None for m in messages)


def test_a_copy_says_exactly_what_djangos_own_message_says():
    first, second = copies(["a@example.org", "b@example.org"])
    own = EmailMultiAlternatives(
        subject=second.subject,
        body=second.body,
        to=["b@example.org"],
        attachments=second.attachments,
    )
    own.alternatives = second.alternatives
    expected, actual = parsed(own), parsed(second)

    assert structure(actual) == structure(expected)
    assert [part.get_content_type() for part in actual.walk()] == [
        "multipart/mixed",
        "multipart/alternative",
        "text/plain",
        "text/html",
        "text/calendar",
    ]
    for header in ("Subject", "From", "To", "MIME-Version"):
        assert actual[header] == expected[header]
    assert "Reminder: Multiplier event" in actual["Subject"]
    assert next(actual.iter_attachments()).get_filename() == "event.ics"


def test_the_copies_share_one_encoded_body():
    first, second = copies(["a@example.org", "b@example.org"])
    first_mime, second_mime = first.message(), second.message()

    assert first_mime.get_payload() is second_mime.get_payload()
    # Serialising a copy leaves the shared parts as they were: the next copy is the same.
    assert parsed(second).get_boundary() == parsed(first).get_boundary()
    assert structure(parsed(first)) == structure(parsed(second))


def test_a_copy_whose_content_was_changed_is_built_on_its_own():
    first, second = copies(["a@example.org", "b@example.org"])
    first.message()
    second.body = "Something else entirely."

    assert structure(parsed(second))[0] == ("text/plain", "Something else entirely.\n")
    assert "Something else" not in structure(parsed(first))[0][1]


def test_a_copy_with_more_headers_or_an_idn_domain_takes_djangos_own_path():
    first, second, third = copies(["a@example.org", "b@example.org", "c@exämple.fi"])
    first.message()
    second.cc = ["boss@example.org"]
    second.extra_headers["Auto-Submitted"] = "auto-generated"

    with_cc = parsed(second)
    assert with_cc["Cc"] == "boss@example.org"
    assert with_cc["Auto-Submitted"] == "auto-generated"
    assert parsed(third)["To"] == "c@xn--exmple-cua.fi"
    assert structure(with_cc) == structure(parsed(first))


@pytest.mark.parametrize(("language", "greeting"), [("en", "Hello,"), ("fi", "Hei,")])
def test_copies_are_in_the_language_asked_for(language, greeting):
    (message,) = copies(["a@example.org"], language=language)

    assert structure(parsed(message))[0][1].startswith(greeting)


def test_copies_are_sent_as_separate_messages(settings):
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    mail.outbox = []

    with mailers.default as connection:
        assert connection.send_messages(copies(["a@example.org", "b@example.org"])) == 2
    assert [m.to for m in mail.outbox] == [["a@example.org"], ["b@example.org"]]


def test_every_copy_is_automatic_and_identified_by_the_sites_domain(settings):
    settings.SITE_URL = "https://leadvet.example.fi"
    messages = [parsed(m) for m in copies(["a@example.org", "b@example.org"])]

    assert [m["Auto-Submitted"] for m in messages] == ["auto-generated"] * 2
    assert all(m["Message-ID"].endswith("@leadvet.example.fi>") for m in messages)


def test_bulk_copies_share_one_body_and_each_has_its_own_unsubscribe_link():
    first, second = copies(["a@example.org", "b@example.org"], bulk_kind="announcements")
    first_mime, second_mime = first.message(), second.message()

    assert first_mime.get_payload() is second_mime.get_payload()
    links = [parsed(m)["List-Unsubscribe"] for m in (first, second)]
    assert [read_token(link.rsplit("/", 2)[-2]) for link in links] == [
        ("a@example.org", "announcements"),
        ("b@example.org", "announcements"),
    ]
    assert all(
        parsed(m)["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click" for m in (first, second)
    )


def test_a_bulk_email_goes_to_one_person_only():
    with pytest.raises(ValueError, match="one person"):
        build_email(
            to=["a@example.org", "b@example.org"],
            template="events/notice",
            context=CONTEXT,
            bulk_kind="announcements",
        )


@pytest.mark.parametrize("policy", [email.policy.default, email.policy.SMTP], ids=["file", "smtp"])
def test_a_copys_bytes_are_what_the_email_package_writes_for_it(policy):
    """The shared headers and body are written from the bytes encoded once, for the file
    backend's policy and for SMTP's (CRLF): byte for byte what the email package writes."""
    first, second = copies(["a@example.org", "b@example.org"], bulk_kind="event_reminders")
    for copy in (first, second):
        msg = copy.message(policy=policy)
        assert msg.as_bytes() == email.message.EmailMessage.as_bytes(msg)
        assert bytes(msg) == msg.as_bytes()
    assert first.message(policy=policy).get_payload() is second.message(policy=policy).get_payload()
    read = email.message_from_bytes(
        second.message(policy=policy).as_bytes().replace(b"\r\n", b"\n"),
        policy=email.policy.default,
    )
    assert read["To"] == "b@example.org" and read["List-Unsubscribe"]
    assert structure(read) == structure(parsed(first))


def test_a_copy_changed_after_it_was_made_is_written_by_the_email_package():
    (copy,) = copies(["a@example.org"])
    msg = copy.message()
    msg.replace_header("Subject", "Changed")
    assert b"Subject: Changed" in msg.as_bytes()
    assert msg.as_bytes() == email.message.EmailMessage.as_bytes(msg)


def test_copies_sent_over_smtp_share_one_encoded_body():
    first, second = copies(["a@example.org", "b@example.org"])
    assert (
        first.message(policy=email.policy.SMTP).get_payload()
        is second.message(policy=email.policy.SMTP).get_payload()
    )
