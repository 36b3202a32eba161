"""Every email the portal sends, as a mail client reads it.

Each template under templates/email/ has a scenario that makes the portal owe that email
(every kind of it) about people, colleges, events and tasks whose names hold an apostrophe,
an ampersand, angle brackets and Finnish letters, and sends it through the one outbox. Each
message is parsed back from its bytes with Python's `email` package: its subject and text
part say the names as written, its HTML part escapes them; every message says it is
automatic, its Message-ID names the site, and a bulk one carries its recipient's one-click
unsubscribe link.
"""

import datetime
import email
import email.policy
from pathlib import Path
from urllib.parse import urlsplit

import allauth
import pytest
from allauth.account.adapter import get_adapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.core import mail
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from events.models import Event, EventNotice, Registration
from leadvet import roles
from leadvet.lib import accounts, outbox
from leadvet.lib import mail as mail_module
from leadvet.mail_preferences import turned_off
from leadvet.models import AccountEmail, BulkEmail
from mentors.models import ContactRequest, Notice
from portal.models import ReportDelivery
from surveys.models import SurveyNotice
from tests.factories import (
    AnnouncementFactory,
    ContactRequestFactory,
    EventFactory,
    MentorFactory,
    MentorInvitationFactory,
    MentorTaskFactory,
    PartnerCollegeFactory,
    RegistrationFactory,
    SurveyFactory,
    SurveyInvitationFactory,
    UserFactory,
    VTEGroupFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db

NAME = "O'Brien & Co <Åsa> Määttä"
# An address may hold an apostrophe and an ampersand too (RFC 5322's atext).
ADDRESS = "o'brien&co@example.org"
EMAIL_TEMPLATES = Path(settings.BASE_DIR) / "templates" / "email"
HTML_ENTITIES = ("&amp;", "&#x27;", "&#39;", "&lt;", "&gt;", "&quot;")

# The templates whose emails are bulk, and their kind (docs/architecture.md, "Email").
BULK = {
    "mentors/announcement": BulkEmail.ANNOUNCEMENTS,
    "mentors/availability_nudge": BulkEmail.AVAILABILITY_NUDGES,
    "mentors/activity_nudge": BulkEmail.ACTIVITY_NUDGES,
    "mentors/follow_up_digest": BulkEmail.FOLLOW_UP_DIGEST,
    "surveys/invitation": BulkEmail.SURVEY_INVITATIONS,
    "surveys/reminder": BulkEmail.SURVEY_REMINDERS,
    "portal/monthly_report": BulkEmail.MONTHLY_REPORT,
    "space/digest": BulkEmail.SPACE_DIGEST,
}
# The templates whose subject names someone or something.
NAMED_IN_SUBJECT = {
    "events/notice",
    "events/opt_in",
    "events/certificate",
    "mentors/announcement",
    "mentors/request_new",
    "mentors/request_reminder",
    "mentors/request_escalation",
    "mentors/request_answer",
    "surveys/invitation",
    "surveys/reminder",
}


def named_user(language: str, **kwargs):
    kwargs.setdefault("first_name", NAME)
    kwargs.setdefault("last_name", NAME)
    return UserFactory(language=language, **kwargs)


def deliver(model, rows) -> None:
    assert outbox.deliver(model, [row.pk for row in rows]) == len(rows)


# Scenarios: each owes every kind of one template's email, in `language`, and sends them.


def event_notices(language):
    Kind, Status = EventNotice.Kind, Registration.Status
    event = EventFactory(title=NAME, address=NAME, reminder_offsets=[24 * 30])
    notices = []
    for kind, status in [
        (Kind.CONFIRMATION, Status.REGISTERED),
        (Kind.CONFIRMATION, Status.WAITLISTED),
        (Kind.REMINDER, Status.REGISTERED),
        (Kind.CHANGED, Status.REGISTERED),
        (Kind.PROMOTED, Status.REGISTERED),
        (Kind.INVITATION, Status.INVITED),
        (Kind.NUDGE, Status.INVITED),
        (Kind.NUDGE, Status.WAITLISTED),
    ]:
        registration = RegistrationFactory(event=event, user=named_user(language), status=status)
        key = {
            Kind.CONFIRMATION: registration.registered_at.isoformat(),
            Kind.REMINDER: str(24 * 30),
            Kind.CHANGED: str(event.sequence),
        }.get(kind, "1")
        notices.append(EventNotice.objects.create(registration=registration, kind=kind, key=key))
    deliver(EventNotice, notices)
    cancelled = EventFactory(title=NAME, address=NAME, status=Event.Status.CANCELLED)
    registration = RegistrationFactory(event=cancelled, user=named_user(language))
    deliver(
        EventNotice,
        [EventNotice.objects.create(registration=registration, kind=Kind.CANCELLED, key="1")],
    )


def mentor_notice(kind, recipient, key="1"):
    deliver(Notice, [Notice.objects.create(kind=kind, key=key, recipient=recipient)])


def contact_request(language, **kwargs):
    return ContactRequestFactory(
        requester=named_user(language, roles=[roles.TEACHER_EDUCATOR]),
        mentor=MentorFactory(user=named_user(language, roles=[roles.MENTOR])),
        topic=NAME,
        message=NAME,
        preferred_dates=NAME,
        task=MentorTaskFactory(name=NAME),
        vte_group=VTEGroupFactory(name=NAME),
        **kwargs,
    )


def request_notice(kind, status=ContactRequest.Status.OPEN):
    def scenario(language):
        request = contact_request(language, status=status, response_message=NAME)
        recipient = {
            Notice.Kind.REQUEST_ANSWER: request.requester,
            Notice.Kind.REQUEST_ESCALATION: user_with_role(
                roles.COORDINATOR, first_name=NAME, language=language
            ),
        }.get(kind, request.mentor.user)
        mentor_notice(kind, recipient, key=str(request.pk))

    return scenario


def invitation(language):
    user = named_user(language, roles=[roles.MENTOR])
    MentorInvitationFactory(user=user)
    mentor_notice(Notice.Kind.INVITATION, user)


def announcement(language):
    item = AnnouncementFactory(title=NAME, body=NAME, published_at=timezone.now())
    mentor_notice(Notice.Kind.ANNOUNCEMENT, named_user(language), key=str(item.pk))


def availability_nudge(language):
    mentor_notice(Notice.Kind.AVAILABILITY_NUDGE, named_user(language))


def activity_nudge(language):
    mentor = MentorFactory(user=named_user(language, roles=[roles.MENTOR]))
    mentor_notice(Notice.Kind.ACTIVITY_NUDGE, mentor.user, key="never")


def follow_up_digest(language):
    MentorFactory(user=named_user(language), college=PartnerCollegeFactory(name=NAME))
    coordinator = user_with_role(roles.COORDINATOR, first_name=NAME, language=language)
    mentor_notice(Notice.Kind.FOLLOW_UP_DIGEST, coordinator)


def space_digest(language):
    from space.models import DigestEmail, Follow
    from tests.factories import PostFactory, TopicFactory

    follower = named_user(language, roles=[roles.MENTOR])
    topic = TopicFactory(title=NAME, body=NAME)
    Follow.objects.create(user=follower, topic=topic)
    PostFactory(topic=topic, author=named_user(language, roles=[roles.TEACHER_EDUCATOR]), body=NAME)
    now = timezone.now()
    row = DigestEmail.objects.create(
        recipient=follower, key="w1", since=now - datetime.timedelta(days=7), until=now
    )
    deliver(DigestEmail, [row])


def survey_notice(kind):
    def scenario(language):
        survey = SurveyFactory(title=NAME, description=NAME)
        invitation = SurveyInvitationFactory(
            survey=survey, name=NAME, email=ADDRESS, language=language
        )
        deliver(
            SurveyNotice,
            [SurveyNotice.objects.create(invitation=invitation, kind=kind, key="3")],
        )

    return scenario


def monthly_report(language):
    member = named_user(language, roles=[roles.STEERING])
    # June: "kesäkuu" in Finnish, so the period's name has a Finnish letter too.
    delivery = ReportDelivery.objects.create(month=datetime.date(2025, 6, 1), recipient=member)
    deliver(ReportDelivery, [delivery])


def account_email(*prefixes, user=True):
    """Emails allauth asks the adapter for, as its flows do (tests/leadvet/test_account_emails
    goes through the flows themselves)."""

    def scenario(language):
        person = named_user(language, email=ADDRESS) if user else None
        request = RequestFactory().get("/", HTTP_USER_AGENT=NAME, REMOTE_ADDR="192.0.2.1")
        values = {
            "password_reset_url": "https://leadvet.example.org/reset/x-y/",
            "activate_url": "https://leadvet.example.org/confirm/k/",
            "code": "ABC123",
            "from_email": ADDRESS,
            "to_email": "new@example.org",
            "deleted_email": ADDRESS,
        }
        with (
            allauth_context.request_context(request),
            translation.override(language),
            # Off in settings; the templates are ready for when it is turned on.
            override_settings(ACCOUNT_EMAIL_NOTIFICATIONS=True),
        ):
            adapter = get_adapter()
            for prefix in prefixes:
                if prefix in accounts.SECURITY_NOTICES:
                    adapter.send_notification_mail(prefix, person, values, ADDRESS)
                else:
                    adapter.send_mail(prefix, ADDRESS, {**values, "user": person})
        deliver(AccountEmail, list(AccountEmail.objects.all()))

    return scenario


def alumni_notices(language):
    from alumni.models import AlumniApplication, AlumniNotice
    from alumni.services import approve
    from tests.factories import AlumniApplicationFactory

    Kind = AlumniNotice.Kind
    received = AlumniApplicationFactory(
        first_name=NAME, last_name=NAME, email=ADDRESS, other_college=NAME, language=language
    )
    notices = [
        AlumniNotice.objects.create(application=received, kind=Kind.RECEIVED),
        AlumniNotice.objects.create(application=received, kind=Kind.REPEATED, key="2026-12-06"),
    ]
    declined = AlumniApplicationFactory(
        first_name=NAME, email=ADDRESS, language=language, status=AlumniApplication.Status.DECLINED
    )
    notices.append(AlumniNotice.objects.create(application=declined, kind=Kind.DECLINED))
    deliver(AlumniNotice, notices)
    # Approving owes its own email, with the link to choose a password.
    received.delete()
    approved = AlumniApplicationFactory(first_name=NAME, email=ADDRESS, language=language)
    approve(application=approved, by=user_with_role(roles.COORDINATOR))
    deliver(AlumniNotice, list(AlumniNotice.objects.filter(sent_at__isnull=True)))


# The emails that invite someone in: they link the privacy notice.
INVITATIONS = {
    "mentors/invitation",
    "surveys/invitation",
    "surveys/reminder",
    "events/opt_in",
    "alumni/notice",
}


def public_registration_notices(language):
    """The double opt-in of a person without an account: the link to confirm, or, when
    already registered, the link to their registration."""
    event = EventFactory(title=NAME, address=NAME, is_public=True)
    notices = []
    for n, status in enumerate((Registration.Status.PENDING, Registration.Status.REGISTERED)):
        registration = RegistrationFactory(
            event=event,
            user=None,
            guest_name=NAME,
            guest_email=f"guest{n}@example.org",
            guest_language=language,
            status=status,
        )
        notices.append(
            EventNotice.objects.create(
                registration=registration, kind=EventNotice.Kind.OPT_IN, key="1"
            )
        )
    deliver(EventNotice, notices)


def certificate_notices(language):
    """The certificate of participation, with its PDF, to a member and to a guest."""
    event = EventFactory(
        title=NAME,
        address=NAME,
        starts_at=timezone.now() - datetime.timedelta(days=2),
        ends_at=timezone.now() - datetime.timedelta(days=2, hours=-3),
    )
    member = RegistrationFactory(event=event, user=named_user(language), attended=True)
    guest = RegistrationFactory(
        event=event,
        user=None,
        guest_name=NAME,
        guest_email="guest@example.org",
        guest_language=language,
        attended=True,
    )
    deliver(
        EventNotice,
        [
            EventNotice.objects.create(
                registration=registration, kind=EventNotice.Kind.CERTIFICATE, key="all"
            )
            for registration in (member, guest)
        ],
    )


def contact_feedback(language):
    from outcomes.models import ContactFeedback

    request = contact_request(
        language, status=ContactRequest.Status.ACCEPTED, responded_at=timezone.now()
    )
    feedback = ContactFeedback.objects.get(request=request)
    feedback.sent_at = None
    feedback.save(update_fields=["sent_at"])
    mail.outbox.clear()
    deliver(ContactFeedback, [feedback])


def event_feedback(language):
    from outcomes.models import EventFeedback

    registration = RegistrationFactory(
        event=EventFactory(title=NAME), user=named_user(language), attended=True
    )
    deliver(EventFeedback, [EventFeedback.objects.create(registration=registration)])


SCENARIOS = {
    "alumni/notice": alumni_notices,
    "events/notice": event_notices,
    "events/opt_in": public_registration_notices,
    "events/certificate": certificate_notices,
    "mentors/invitation": invitation,
    "mentors/request_new": request_notice(Notice.Kind.REQUEST_NEW),
    "mentors/request_reminder": request_notice(Notice.Kind.REQUEST_REMINDER),
    "mentors/request_escalation": request_notice(Notice.Kind.REQUEST_ESCALATION),
    "mentors/request_answer": request_notice(
        Notice.Kind.REQUEST_ANSWER, status=ContactRequest.Status.ACCEPTED
    ),
    "mentors/announcement": announcement,
    "mentors/availability_nudge": availability_nudge,
    "mentors/activity_nudge": activity_nudge,
    "mentors/follow_up_digest": follow_up_digest,
    "surveys/invitation": survey_notice(SurveyNotice.Kind.INVITATION),
    "surveys/reminder": survey_notice(SurveyNotice.Kind.REMINDER),
    "portal/monthly_report": monthly_report,
    "space/digest": space_digest,
    "outcomes/contact_feedback": contact_feedback,
    "outcomes/event_feedback": event_feedback,
    "account/password_reset_key": account_email("account/email/password_reset_key"),
    "account/unknown_account": account_email("account/email/unknown_account", user=False),
    "account/email_confirmation": account_email(
        "account/email/email_confirmation", "account/email/email_confirmation_signup"
    ),
    "account/account_already_exists": account_email("account/email/account_already_exists"),
    "account/login_code": account_email("account/email/login_code"),
    "account/password_reset_code": account_email("account/email/password_reset_code"),
    "account/security_notice": account_email(*accounts.SECURITY_NOTICES),
}


@pytest.fixture
def sent(monkeypatch):
    """Run a scenario; return the templates it rendered and its messages, parsed."""

    def run(template: str, language: str):
        rendered = set()
        real_render_email = mail_module.render_email

        def recording_render_email(name, context, *, language=None):
            rendered.add(name)
            return real_render_email(name, context, language=language)

        monkeypatch.setattr(mail_module, "render_email", recording_render_email)
        mail.outbox.clear()
        SCENARIOS[template](language)
        raw = [m.message().as_bytes() for m in mail.outbox]
        messages = [email.message_from_bytes(b, policy=email.policy.default) for b in raw]
        return rendered, messages, raw

    return run


def parts(msg) -> tuple[str, str, str]:
    return (
        str(msg["Subject"]),
        msg.get_body(("plain",)).get_content(),
        msg.get_body(("html",)).get_content(),
    )


def test_every_email_template_has_a_scenario_here():
    templates = {
        path.relative_to(EMAIL_TEMPLATES).as_posix().removesuffix("_subject.txt")
        for path in EMAIL_TEMPLATES.glob("*/*_subject.txt")
    }
    assert templates == set(SCENARIOS)


def test_every_email_allauth_can_send_has_a_portal_template():
    stock = Path(allauth.__file__).parent / "templates"
    prefixes = {
        path.relative_to(stock).as_posix().removesuffix("_subject.txt")
        for folder in ("account/email", "mfa/email")
        for path in (stock / folder).glob("*_subject.txt")
    }
    # allauth ships this one's template, but no flow of allauth sends it.
    prefixes.discard("account/email/email_confirm")
    assert prefixes == set(accounts.TEMPLATES) | set(accounts.SECURITY_NOTICES)


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
@pytest.mark.parametrize("template", sorted(SCENARIOS))
def test_every_email_says_names_as_written_in_its_text_and_is_marked_automatic(
    sent, template, language
):
    rendered, messages, raw = sent(template, language)

    assert rendered == {template}
    assert messages
    for msg, data in zip(messages, raw, strict=True):
        subject, text, html = parts(msg)
        # The subject and the text part are plain text; the HTML part escapes.
        assert not [entity for entity in HTML_ENTITIES if entity in subject + text]
        assert NAME in text or ADDRESS in text
        if template in NAMED_IN_SUBJECT:
            assert NAME in subject
        assert escape(NAME) in html or escape(ADDRESS) in html
        assert "<Åsa>" not in html
        assert msg.get_body(("plain",))["Content-Type"].params["charset"] == "utf-8"
        # Automatic (RFC 3834), identified by the site's own domain.
        assert msg["Auto-Submitted"] == "auto-generated"
        assert msg["Message-ID"].endswith(f"@{urlsplit(settings.SITE_URL).hostname}>")
        if template in INVITATIONS:
            # Someone invited, perhaps without an account yet, is told who holds their data.
            privacy = settings.SITE_URL + reverse("legal_privacy")
            assert privacy in text and escape(privacy) in html
        if template in BULK:
            check_unsubscribe_link(msg, data, BULK[template])
        else:
            assert msg["List-Unsubscribe"] is None and msg["List-Unsubscribe-Post"] is None


def check_unsubscribe_link(msg, data: bytes, kind: str) -> None:
    """A bulk email's link turns its kind off for its recipient, by RFC 8058's one-click POST
    (no session, no CSRF token), and is in the text and HTML parts too."""
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = msg["List-Unsubscribe"].removeprefix("<").removesuffix(">")
    assert link.startswith(settings.SITE_URL + "/unsubscribe/")
    # On one line as it is, not folded into encoded words that no client reads as a link.
    assert f"\nList-Unsubscribe: <{link}>\n".encode() in data.replace(b"\r\n", b"\n")
    _subject, text, html = parts(msg)
    assert link in text and escape(link) in html
    address = msg["To"].addresses[0].addr_spec
    assert turned_off(address) == set()

    response = Client(enforce_csrf_checks=True).post(
        urlsplit(link).path, {"List-Unsubscribe": "One-Click"}
    )

    assert response.status_code == 200
    assert turned_off(address) == {kind}
