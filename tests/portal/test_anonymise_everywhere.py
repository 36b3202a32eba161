"""A person with data in every table: "Download my data" gives all of it, and after they are
anonymised their email address and name are nowhere in the database (a full dump is
searched), while the rows kept for the statistics stay."""

import datetime
import io
import json

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from events.models import EventNotice, Registration
from events.services import renew_calendar_feed
from leadvet import roles
from leadvet.api import tokens as api_tokens
from leadvet.models import AuditEvent, User
from mentors.models import Contact, ContactRequest, MentorImport, Notice
from portal.models import ReportDelivery
from surveys import services as survey_services
from surveys.models import Answer, SurveyNotice
from tests.factories import (
    AvailabilityFactory,
    ContactFactory,
    ContactRequestFactory,
    EventFactory,
    GroupAssignmentFactory,
    MembershipPeriodFactory,
    MentorFactory,
    MentorInvitationFactory,
    QuestionFactory,
    RegistrationFactory,
    SurveyInvitationFactory,
    VocationalFieldFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db

EMAIL = "aino.zephyrsson@varia.example.fi"
NAME = "Aino Zephyrsson"


def full_dump() -> str:
    out = io.StringIO()
    call_command("dumpdata", stdout=out)
    return out.getvalue().lower()


@pytest.fixture
def person():
    """A mentor (and requester, registrant, respondent, report reader) with something in
    every table that can hold their data."""
    user = user_with_role(roles.MENTOR, email=EMAIL, first_name="Aino", last_name="Zephyrsson")
    user.groups.add(roles.role_group(roles.STEERING))  # the audit log: a role with their email
    mentor = MentorFactory(user=user, title="Lecturer", contact_preferences="Mornings")
    # The profile's history: a past phone number and bio, and a relation change.
    for phone, bio in (("+358 40 111 1111", "Old bio"), ("+358 40 222 2222", "Welding teacher")):
        mentor.phone, mentor.bio = phone, bio
        mentor.save()
    mentor.fields.add(VocationalFieldFactory(name="Welding"))
    EmailAddress.objects.create(user=user, email=EMAIL, primary=True, verified=True)
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "X"})
    api_tokens.create_token(user=user, name="laptop", can_write=False)
    MentorInvitationFactory(user=user)
    renew_calendar_feed(user=user)
    MembershipPeriodFactory(mentor=mentor, college=mentor.college)
    AvailabilityFactory(mentor=mentor, note="Not on Fridays")
    GroupAssignmentFactory(mentor=mentor)
    ContactFactory(mentor=mentor, summary="Met a student about placements")
    ContactRequestFactory(
        mentor=mentor, topic=f"For {NAME}", message=f"Dear {NAME}, could you visit? ({EMAIL})"
    )
    ContactRequestFactory(requester=user, message=f"Best regards, {NAME}")
    # Events: a past one attended, an upcoming one with a reason written, emails sent and owed.
    past = RegistrationFactory(
        user=user, event=EventFactory(starts_at=timezone.now() - datetime.timedelta(days=30))
    )
    Registration.objects.filter(pk=past.pk).update(attended=True)
    upcoming = RegistrationFactory(user=user)
    Registration.objects.filter(pk=upcoming.pk).update(decline_reason=f"{NAME} is away")
    EventNotice.objects.create(
        registration=past, kind="confirmation", key="1", sent_at=timezone.now()
    )
    EventNotice.objects.create(registration=upcoming, kind="reminder", key="24")
    # Surveys: an invitation, an answer to an anonymous survey (which keeps no link to the
    # invitation) that names them, emails sent and owed.
    invitation = SurveyInvitationFactory(user=user, email=EMAIL, name=NAME)
    question = QuestionFactory(survey=invitation.survey, kind="text", required=False)
    text = f"I am {NAME} and I like the network."
    survey_services.save_response(
        invitation=invitation,
        answers=[survey_services.AnswerInput(question.pk, text=text)],
        submit=True,
    )
    assert Answer.objects.get(text=text).response.invitation is None
    SurveyNotice.objects.create(invitation=invitation, kind="invitation", sent_at=timezone.now())
    SurveyNotice.objects.create(invitation=invitation, kind="reminder", key="7")
    # Mentor notices and steering reports: sent and owed.
    Notice.objects.create(recipient=user, kind="announcement", key="1", sent_at=timezone.now())
    Notice.objects.create(recipient=user, kind="activity_nudge", key="2026-11")
    ReportDelivery.objects.create(
        recipient=user, month=datetime.date(2026, 10, 1), sent_at=timezone.now()
    )
    ReportDelivery.objects.create(recipient=user, month=datetime.date(2026, 11, 1))
    # The audit log: an entry from before entries were marked with their subject, an action
    # of their own (with their IP address), and the admin's change log.
    AuditEvent.objects.create(action="role_added", target=f"{EMAIL.upper()}: Coordinator")
    AuditEvent.objects.create(actor=user, action="export", target="mentor list", ip="10.1.2.3")
    LogEntry.objects.log_actions(
        user_id=user.pk, queryset=[user], action_flag=CHANGE, change_message="Changed phone."
    )
    assert LogEntry.objects.filter(object_repr=NAME).exists()
    # The import file that brought them in.
    MentorImport.objects.create(
        filename="mentors.csv",
        status="done",
        total=1,
        rows=[{"line": 2, "email": EMAIL, "first_name": "Aino", "last_name": "Zephyrsson"}],
    )
    return mentor


def my_data(client, user) -> dict:
    client.force_login(user)
    response = client.get(reverse("my_data"))
    assert response.status_code == 200
    return json.loads(response.content)


def test_the_export_has_all_of_it_and_anonymisation_leaves_no_trace(client, person):
    user = person.user
    data = my_data(client, user)
    raw = json.dumps(data)
    assert EMAIL in raw and NAME in raw
    assert data["account"]["email"] == EMAIL
    # The history of their own record: past phone numbers and bios, relations.
    history = data["mentor_history"]
    assert [record["phone"] for record in history][:3] == [
        "",
        "+358 40 111 1111",
        "+358 40 222 2222",
    ]
    assert "Old bio" in [record["bio"] for record in history]
    assert history[-1]["fields"] == ["Welding"]
    assert len(data["group_assignment_history"]) == 1
    # The audit log: what they did with their address, what was done about them.
    audit = {(entry["action"], entry["target"]): entry for entry in data["audit_events"]}
    assert audit[("Export", "mentor list")]["ip"] == "10.1.2.3"
    assert audit[("Export", "mentor list")]["by_you"] is True
    assert ("Role added", f"{EMAIL}: Steering group") in audit
    assert ("Role added", f"{EMAIL.upper()}: Coordinator") in audit
    # The emails sent to them (and owed), from each outbox.
    assert [(e["kind"], e["sent_at"] is not None) for e in data["emails"]] == [
        ("announcement", True),
        ("activity_nudge", False),
    ]
    assert {e["kind"] for e in data["event_emails"]} == {"confirmation", "reminder"}
    assert {e["kind"] for e in data["survey_emails"]} == {"invitation", "reminder"}
    assert [e["month"] for e in data["report_emails"]] == ["2026-10-01", "2026-11-01"]
    assert EMAIL in full_dump()

    coordinator = user_with_role(roles.COORDINATOR)
    client.force_login(coordinator)
    assert client.post(reverse("mentors:anonymise", args=[person.pk])).status_code == 302

    dump = full_dump()
    assert EMAIL not in dump
    assert NAME.lower() not in dump
    assert "zephyrsson" not in dump
    assert "+358 40 111 1111" not in dump and "old bio" not in dump
    assert "10.1.2.3" not in dump
    # What stays for the statistics, under the pseudonym.
    user.refresh_from_db()
    pseudonym = user.get_full_name()
    assert pseudonym == f"Former mentor #{person.pk}"
    assert Contact.objects.filter(mentor=person).count() == 1
    assert ContactRequest.objects.get(mentor=person).message == (
        f"Dear {pseudonym}, could you visit? ({user.email})"
    )
    # The past registration stays; the place at the upcoming event is given up.
    assert user.registrations.get(attended=True).event.starts_at < timezone.now()
    upcoming = user.registrations.get(event__starts_at__gt=timezone.now())
    assert (upcoming.status, upcoming.decline_reason) == ("cancelled", "")
    # The emails sent are kept as a record (who got which email is now the pseudonym); the
    # ones still owed are not sent to an address that no longer exists.
    assert list(Notice.objects.filter(recipient=user).values_list("kind", flat=True)) == [
        "announcement"
    ]
    assert list(EventNotice.objects.values_list("kind", flat=True)) == ["confirmation"]
    assert list(SurveyNotice.objects.values_list("kind", flat=True)) == ["invitation"]
    assert list(ReportDelivery.objects.values_list("month", flat=True)) == [
        datetime.date(2026, 10, 1)
    ]
    assert not Authenticator.objects.filter(user=user).exists()
    assert Answer.objects.get(text__startswith="I am").text == (
        f"I am {pseudonym} and I like the network."
    )
    assert AuditEvent.objects.get(actor=user).ip is None
    anonymisation = AuditEvent.objects.get(action="anonymisation")
    assert (anonymisation.subject, anonymisation.target) == (user, f"mentor {person.pk}")
    assert MentorImport.objects.get().rows[0]["email"] == user.email
    entry = LogEntry.objects.get(content_type=ContentType.objects.get_for_model(User))
    assert entry.object_repr == pseudonym


def test_an_earlier_role_change_is_marked_with_its_subject(person):
    """Role changes now say whom they were about; the export also finds older entries that
    only name the address."""
    event = AuditEvent.objects.get(target=f"{EMAIL}: Steering group")
    assert event.subject == person.user
