"""axe-core on every page each role can reach, with the demo network loaded.

Two tests, each for about half the pages, so that parallel test processes share the walk
(seed_demo takes seconds, so not one test per role). Each loads the demo network and walks its
roles' pages: the navigation entries plus the detail and form pages behind them. Screenshots
at 375 px and 1280 px (E2E_SCREENSHOTS) are written once per page, by the first role in ROLES
that reaches it.
"""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from colleges.models import VTEGroup
from events.models import Event
from leadvet import roles
from leadvet.lib.unsubscribe import make_token
from leadvet.models import BulkEmail, User
from mentors.models import Contact, ContactRequest, Mentor
from portal.demo.content import (
    COORDINATOR_EMAIL,
    DEMO_PASSWORD,
    EDUCATOR_EMAIL,
    MENTOR_EMAIL,
    STEERING_EMAIL,
)
from surveys.models import Invitation, Survey
from tests.e2e.conftest import (
    check_accessibility,
    fits_or_what_sticks_out,
    resize,
    screenshots,
    wait_for_path,
)
from tests.factories import user_with_role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _pages_by_role() -> dict[str, list[tuple[str, str]]]:
    mentor = Mentor.objects.filter(status=Mentor.Status.ACTIVE).select_related("college").first()
    college = mentor.college
    demo_mentor = Mentor.objects.get(user__email=MENTOR_EMAIL)
    group = VTEGroup.objects.first()
    event = Event.objects.filter(registrations__isnull=False).order_by("-starts_at").first()
    survey = Survey.objects.filter(responses__isnull=False).first()
    contact = Contact.objects.filter(mentor=demo_mentor).first()
    contact_request = ContactRequest.objects.filter(mentor=demo_mentor).first()

    home = [
        ("home", reverse("home")),
        ("account", reverse("profile")),
        ("email-choices", reverse("email_preferences")),
    ]
    events = [
        ("events", reverse("events:list")),
        ("events-past", reverse("events:past")),
        ("event-detail", reverse("events:detail", args=[event.pk])),
        ("calendar", reverse("events:calendar")),
    ]
    colleges = [
        ("colleges", reverse("colleges:college_list")),
        ("college-detail", reverse("colleges:college_detail", args=[college.pk])),
    ]
    groups = [
        ("groups", reverse("colleges:group_list")),
        ("group-detail", reverse("colleges:group_detail", args=[group.pk])),
    ]
    directory = [
        ("directory", reverse("mentors:directory")),
        ("public-profile", reverse("mentors:public_profile", args=[mentor.pk])),
        ("requests", reverse("mentors:request_list")),
    ]
    pool = [
        ("mentors", reverse("mentors:list")),
        ("mentor-detail", reverse("mentors:detail", args=[mentor.pk])),
        ("mentor-create", reverse("mentors:create")),
        ("mentor-invite", reverse("mentors:invite")),
        ("group-suggestions", reverse("mentors:group_suggestions", args=[group.pk])),
        ("outputs", reverse("events:outputs")),
        ("dashboard", reverse("dashboard")),
    ]
    reports = [
        ("reports", reverse("reports")),
        ("surveys", reverse("surveys:list")),
        ("survey-results", reverse("surveys:results", args=[survey.pk])),
    ]
    return {
        roles.COORDINATOR: [
            *home,
            *events,
            *colleges,
            ("fields", reverse("colleges:field_list")),
            *groups,
            *directory,
            *pool,
            ("mentor-import", reverse("mentors:import")),
            ("event-create", reverse("events:create")),
            ("event-attendees", reverse("events:attendees", args=[event.pk])),
            ("output-create", reverse("events:output_create", args=[event.pk])),
            ("announcements", reverse("mentors:announcement_list")),
            ("announcement-create", reverse("mentors:announcement_create")),
            *reports,
            ("survey-detail", reverse("surveys:detail", args=[survey.pk])),
            ("survey-create", reverse("surveys:create")),
            ("survey-builder", reverse("surveys:edit", args=[survey.pk])),
            ("survey-preview", reverse("surveys:preview", args=[survey.pk])),
        ],
        roles.COLLEGE_COORDINATOR: [*home, *events, *colleges, *groups, *directory, *pool],
        roles.TEACHER_EDUCATOR: [*home, *events, *groups, *directory],
        roles.MENTOR: [
            *home,
            *events,
            ("groups", reverse("colleges:group_list")),
            ("my-profile", reverse("mentors:profile")),
            ("availability", reverse("mentors:availability_list")),
            ("availability-create", reverse("mentors:availability_create")),
            ("contacts", reverse("mentors:contact_list")),
            ("contact-create", reverse("mentors:contact_create")),
            ("contact-detail", reverse("mentors:contact_detail", args=[contact.pk])),
            ("requests", reverse("mentors:request_list")),
            ("request-detail", reverse("mentors:request_detail", args=[contact_request.pk])),
        ],
        roles.STEERING: [*home, *events, *colleges, *reports],
    }


def _log_in(page, email: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    wait_for_path(page, "/")


ROLES = (
    roles.COORDINATOR,
    roles.COLLEGE_COORDINATOR,
    roles.TEACHER_EDUCATOR,
    roles.MENTOR,
    roles.STEERING,
    "respondent",
)


def _demo_logins() -> dict[str, str]:
    """seed_demo's users, and a college coordinator of a college with active mentors."""
    call_command("seed_demo", "--force", verbosity=0)
    college_coordinator = user_with_role(
        roles.COLLEGE_COORDINATOR, email="college-coord@example.org"
    )
    Mentor.objects.filter(status=Mentor.Status.ACTIVE).first().college.coordinators.add(
        college_coordinator
    )
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(
        user=college_coordinator, email=college_coordinator.email, verified=True, primary=True
    )
    college_coordinator.set_password(DEMO_PASSWORD)
    college_coordinator.save()
    logins = {
        roles.COORDINATOR: COORDINATOR_EMAIL,
        roles.COLLEGE_COORDINATOR: college_coordinator.email,
        roles.TEACHER_EDUCATOR: EDUCATOR_EMAIL,
        roles.MENTOR: MENTOR_EMAIL,
        roles.STEERING: STEERING_EMAIL,
    }
    assert User.objects.filter(email__in=logins.values()).count() == len(logins)
    return logins


def _respondent_pages() -> list[tuple[str, str]]:
    """The respondent's pages need no login: the survey, and the unsubscribe link of a survey
    invitation."""
    now = timezone.now()
    invitation = Invitation.objects.filter(
        response__isnull=True, survey__opens_at__lte=now, survey__closes_at__gt=now
    ).first()
    unsubscribe = make_token(invitation.email, BulkEmail.SURVEY_INVITATIONS)
    return [
        ("survey-answer", reverse("survey_respond", args=[invitation.token])),
        ("unsubscribe", reverse("unsubscribe", args=[unsubscribe])),
    ]


# The pages each role walks (98 in all): a role that loses pages from its walk fails.
PAGES = {
    roles.COORDINATOR: 35,
    roles.COLLEGE_COORDINATOR: 21,
    roles.TEACHER_EDUCATOR: 12,
    roles.MENTOR: 16,
    roles.STEERING: 12,
    "respondent": 2,
}


# The two halves of the walk: the coordinator's 35 pages and the respondent's, the other
# roles' 61.
HALVES = {
    "coordinator-and-respondent": (roles.COORDINATOR, "respondent"),
    "other-roles": (
        roles.COLLEGE_COORDINATOR,
        roles.TEACHER_EDUCATOR,
        roles.MENTOR,
        roles.STEERING,
    ),
}


@pytest.mark.parametrize("half", HALVES)
def test_every_page_each_role_reaches_has_no_serious_accessibility_violation(
    browser, live_server, half
):
    logins = _demo_logins()
    pages_by_role = {**_pages_by_role(), "respondent": _respondent_pages()}
    violations: dict[str, list] = {}
    for role in HALVES[half]:
        # A page is photographed by the first role that reaches it.
        earlier = {
            name for other in ROLES[: ROLES.index(role)] for name, _url in pages_by_role[other]
        }
        checked = 0
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": 1280, "height": 900}
        )
        page = context.new_page()
        page.set_default_timeout(10_000)
        if role in logins:
            _log_in(page, logins[role], DEMO_PASSWORD)
        for name, url in pages_by_role[role]:
            response = page.goto(url)
            if response.status != 200:
                violations[f"{role} {name} {url}"] = f"HTTP {response.status}"
                continue
            found = check_accessibility(page)
            checked += 1
            if found:
                violations[f"{role} {name} {url}"] = found
            if name not in earlier:
                earlier.add(name)
                screenshots(page, name)
                resize(page, 375)
                wide = fits_or_what_sticks_out(page)
                resize(page, 1280)
                if wide:
                    violations[f"{role} {name} {url} at 375 px"] = wide
        context.close()
        assert checked == PAGES[role] or violations, f"{role}: {checked} pages checked"

    assert not violations, "\n".join(f"{page}: {found}" for page, found in violations.items())
