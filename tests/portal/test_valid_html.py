"""Every page each role reaches is valid HTML, by the W3C Nu HTML checker (vnu).

One test: the demo network is loaded once, every role's pages (tests/demo_pages.py) are
rendered with Django's test client and written to a folder, and vnu checks the folder in one
run. No browser: what is checked is the HTML the server sends.
"""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from colleges.models import PartnerCollege, VocationalField, VTEGroup
from events.models import Event, EventOutput
from leadvet import roles
from leadvet.models import Job, User
from mentors.models import Announcement, Availability, Contact, Mentor, MentorImport
from portal.navigation import NAV_ENTRIES
from surveys.models import Survey
from tests.demo_pages import PAGES, load_demo_network, pages_by_role
from tests.factories import (
    AvailabilityFactory,
    MentorInvitationFactory,
    QuestionFactory,
    SurveyFactory,
    SurveySectionFactory,
)
from tests.tools.checkers import nu_html_errors

pytestmark = pytest.mark.django_db


def _anonymous_pages() -> list[tuple[str, str]]:
    """What someone not logged in sees: the login and password pages, an account invitation
    to accept and one that cannot be used."""
    return [
        ("login", reverse("account_login")),
        ("password-reset", reverse("account_reset_password")),
        ("password-reset-done", reverse("account_reset_password_done")),
        ("invitation", reverse("mentors:accept_invitation", args=[MentorInvitationFactory().key])),
        ("invitation-unknown", reverse("mentors:accept_invitation", args=["no-such-key"])),
        ("alumni-join", reverse("alumni:join")),
        ("alumni-join-done", reverse("alumni:join_done")),
        ("offline", reverse("offline")),
        ("contact-link-unknown", reverse("mentors:contact_link", args=["no-such-link"])),
    ]


SENTINEL = "zz-sentinel-invalid.html"

# The pages that answer with an error status and a page of their own.
STATUS = {"invitation-unknown": 404, "contact-link-unknown": 404}


def _downloads(user) -> list[tuple[str, str]]:
    """My downloads with a job in each state, each job's page, and the button of a download
    made in the background (leadvet.lib.jobs)."""
    now = timezone.now()
    made = {
        status: Job.objects.create(
            user=user,
            kind="portal.report",
            params={"named": True},
            title=f"Steering report ({status})",
            language="en",
            status=status,
            rows_done=40 if status == Job.Status.RUNNING else 0,
            rows_total=160 if status == Job.Status.RUNNING else None,
            filename="leadvet-report.pdf" if status == Job.Status.DONE else "",
            size=2048 if status == Job.Status.DONE else None,
            error="The file could not be made." if status == Job.Status.FAILED else "",
            expires_at=now + datetime.timedelta(days=7),
        )
        for status in Job.Status.values
    }
    return [
        ("downloads", reverse("downloads")),
        *[
            (f"download-{status}", reverse("download_detail", args=[job.pk]))
            for status, job in made.items()
        ],
        ("report-pdf-button", reverse("report_export", args=["pdf"])),
    ]


def _forms_behind_the_walk(mentor_user, coordinator_user) -> dict[str, list[tuple[str, str]]]:
    """The edit, confirm and create pages behind the walk's detail pages, for the role that
    opens them (the walk itself lists the navigation and the pages one click behind)."""
    event = Event.objects.filter(registrations__isnull=False).order_by("-starts_at").first()
    mentor = Mentor.objects.filter(status=Mentor.Status.ACTIVE).first()
    period = mentor.memberships.first()
    survey = Survey.objects.filter(responses__isnull=False).first()
    # A survey without answers, whose sections and questions can still be edited.
    draft = SurveyFactory()
    section = SurveySectionFactory(survey=draft)
    question = QuestionFactory(survey=draft, section=section)
    group = VTEGroup.objects.first()
    college = PartnerCollege.objects.first()
    field = VocationalField.objects.first()
    output = EventOutput.objects.first()
    announcement = Announcement.objects.first()
    own = mentor_user.mentor
    availability = Availability.objects.filter(mentor=own).first() or AvailabilityFactory(
        mentor=own
    )
    contact = Contact.objects.filter(mentor=own).first()
    running = MentorImport.objects.create(
        filename="mentors.csv", status=MentorImport.Status.RUNNING, total=10, processed=3
    )
    invalid = MentorImport.objects.create(
        filename="mentors.xlsx",
        status=MentorImport.Status.INVALID,
        total=2,
        errors=[{"line": 3, "email": "a@example.org", "errors": ["Unknown college."]}],
    )
    return {
        roles.COORDINATOR: [
            ("event-edit", reverse("events:edit", args=[event.pk])),
            ("event-cancel", reverse("events:cancel", args=[event.pk])),
            ("output-edit", reverse("events:output_edit", args=[output.pk])),
            ("output-delete", reverse("events:output_delete", args=[output.pk])),
            ("college-create", reverse("colleges:college_create")),
            ("college-edit", reverse("colleges:college_edit", args=[college.pk])),
            ("field-create", reverse("colleges:field_create")),
            ("field-edit", reverse("colleges:field_edit", args=[field.pk])),
            ("group-create", reverse("colleges:group_create")),
            ("group-edit", reverse("colleges:group_edit", args=[group.pk])),
            ("assignment-create", reverse("mentors:assignment_create", args=[group.pk])),
            ("mentor-edit", reverse("mentors:edit", args=[mentor.pk])),
            ("mentor-status", reverse("mentors:status", args=[mentor.pk])),
            ("mentor-move", reverse("mentors:move", args=[mentor.pk])),
            ("membership-edit", reverse("mentors:membership_edit", args=[mentor.pk, period.pk])),
            ("mentor-delete", reverse("mentors:delete", args=[mentor.pk])),
            ("mentor-anonymise", reverse("mentors:anonymise", args=[mentor.pk])),
            ("import-running", reverse("mentors:import_detail", args=[running.pk])),
            ("import-invalid", reverse("mentors:import_detail", args=[invalid.pk])),
            ("announcement-edit", reverse("mentors:announcement_edit", args=[announcement.pk])),
            (
                "announcement-delete",
                reverse("mentors:announcement_delete", args=[announcement.pk]),
            ),
            ("survey-new-round", reverse("surveys:new_round", args=[survey.pk])),
            ("draft-survey-builder", reverse("surveys:edit", args=[draft.pk])),
            ("section-create", reverse("surveys:section_create", args=[draft.pk])),
            ("section-edit", reverse("surveys:section_edit", args=[draft.pk, section.pk])),
            ("question-create", reverse("surveys:question_create", args=[draft.pk])),
            ("question-edit", reverse("surveys:question_edit", args=[draft.pk, question.pk])),
            ("password-change", reverse("account_change_password")),
            ("email", reverse("account_email")),
            ("two-factor", reverse("mfa_index")),
            *_downloads(coordinator_user),
        ],
        roles.MENTOR: [
            ("availability-edit", reverse("mentors:availability_edit", args=[availability.pk])),
            (
                "availability-delete",
                reverse("mentors:availability_delete", args=[availability.pk]),
            ),
            ("contact-edit", reverse("mentors:contact_edit", args=[contact.pk])),
            ("contact-delete", reverse("mentors:contact_delete", args=[contact.pk])),
        ],
    }


@pytest.mark.slow
def test_every_page_each_role_reaches_is_valid_html(tmp_path):
    logins = load_demo_network()
    pages = pages_by_role()
    behind = _forms_behind_the_walk(
        User.objects.get(email=logins[roles.MENTOR]),
        User.objects.get(email=logins[roles.COORDINATOR]),
    )
    rendered: dict[str, str] = {}
    failures = []
    for role, role_pages in pages.items():
        client = Client()
        if role in logins:
            user = User.objects.get(email=logins[role])
            client.force_login(user)
            navigation = {reverse(entry.url_name) for entry in NAV_ENTRIES if entry.allowed(user)}
            missing = navigation - {path for _name, path in role_pages}
            assert not missing, f"{role}: navigation entries not in its walk: {sorted(missing)}"
        assert len(role_pages) == PAGES[role]
        role_pages = role_pages + behind.get(role, [])
        if role not in logins:
            role_pages = role_pages + _anonymous_pages()
        for name, path in role_pages:
            response = client.get(path)
            if response.status_code != STATUS.get(name, 200):
                failures.append(f"{role} {name} {path}: HTTP {response.status_code}")
                continue
            filename = f"{re.sub(r'[^a-z]+', '-', role.lower())}--{name}.html"
            (tmp_path / filename).write_bytes(response.content)
            rendered[filename] = path
    assert not failures, "\n".join(failures)

    # A page known to be invalid proves the checker read the folder.
    (tmp_path / SENTINEL).write_text(
        '<!DOCTYPE html><html lang="en"><head><title>x</title></head>'
        '<body><form hx-get="/"></form></body></html>'
    )
    errors = nu_html_errors(tmp_path)
    assert [m["message"] for m in errors if m["url"].endswith(SENTINEL)] == [
        "Attribute “hx-get” not allowed on element “form” at this point."
    ]
    errors = [m for m in errors if not m["url"].endswith(SENTINEL)]
    report = [
        f"{m['url'].rsplit('/', 1)[-1]} ({rendered.get(m['url'].rsplit('/', 1)[-1])}) "
        f"line {m.get('lastLine')}: {m['message']}\n    {m.get('extract', '').strip()}"
        for m in errors
    ]
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(report)
