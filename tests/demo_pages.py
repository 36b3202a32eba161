"""The pages each role reaches over the demo network, and its logins.

Shared by the walks over every page: axe-core in a browser (tests/e2e/test_accessibility.py)
and the W3C Nu HTML checker over the test client's pages (tests/portal/test_valid_html.py).
Each role's list is its navigation entries plus the detail and form pages behind them.
"""

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from colleges.models import Country, VTEGroup
from events.models import Event
from leadvet import roles
from leadvet.lib.unsubscribe import make_token
from leadvet.models import BulkEmail, User
from mentors.models import Announcement, Contact, ContactRequest, Mentor
from portal.demo.content import (
    COORDINATOR_EMAIL,
    DEMO_PASSWORD,
    EDUCATOR_EMAIL,
    MENTOR_EMAIL,
    STEERING_EMAIL,
)
from space.models import Topic
from surveys.models import Invitation, Survey
from tests.factories import user_with_role

ROLES = (
    roles.COORDINATOR,
    roles.COLLEGE_COORDINATOR,
    roles.TEACHER_EDUCATOR,
    roles.MENTOR,
    roles.STEERING,
    "respondent",
)

# The pages each role walks (174 in all): a role that loses pages from its walk fails.
PAGES = {
    roles.COORDINATOR: 66,
    roles.COLLEGE_COORDINATOR: 39,
    roles.TEACHER_EDUCATOR: 22,
    roles.MENTOR: 23,
    roles.STEERING: 20,
    "respondent": 2,
}


def load_demo_network() -> dict[str, str]:
    """seed_demo's network; returns each role's login: seed_demo's users, and a college
    coordinator of a college with active mentors (the demo has none)."""
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


def pages_by_role() -> dict[str, list[tuple[str, str]]]:
    """(name, path) of every page each role reaches, the respondent's included."""
    mentor = Mentor.objects.filter(status=Mentor.Status.ACTIVE).select_related("college").first()
    college = mentor.college
    demo_mentor = Mentor.objects.get(user__email=MENTOR_EMAIL)
    group = VTEGroup.objects.first()
    event = Event.objects.filter(registrations__isnull=False).order_by("-starts_at").first()
    multiplier = Event.objects.get(kind=Event.Kind.MULTIPLIER, is_public=True)
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
        ("mentor-bulk-invite", reverse("mentors:bulk_invite")),
        ("group-suggestions", reverse("mentors:group_suggestions", args=[group.pk])),
        ("availability-overview", reverse("mentors:availability_overview")),
        ("college-contacts", reverse("mentors:college_contact_list")),
        ("outputs", reverse("events:outputs")),
        ("dashboard", reverse("dashboard")),
        ("training-hours", reverse("events:training_overview")),
    ]
    space_topic = Topic.objects.filter(audience="network").order_by("pk").first()
    space = [
        ("space", reverse("space:topic_list")),
        ("space-topic", reverse("space:topic_detail", args=[space_topic.pk])),
        ("space-topic-create", reverse("space:topic_create")),
        ("space-search", reverse("space:search") + "?q=mentor"),
        ("space-digest", reverse("space:digest_settings")),
    ]
    reports = [
        ("reports", reverse("reports")),
        ("surveys", reverse("surveys:list")),
        ("survey-results", reverse("surveys:results", args=[survey.pk])),
        ("survey-trends", reverse("surveys:trends", args=[survey.pk])),
        ("reports-national-variations", reverse("reports_national_variations")),
    ]
    # The state of the art (issue 23)
    finland = Country.objects.get(code="FI")
    practice = [
        ("practice", reverse("practice:overview")),
        ("practice-country", reverse("practice:country", args=[finland.pk])),
    ]
    # Outcomes, goals, curriculum and network health (issue 24)
    educator_group = VTEGroup.objects.filter(
        teacher_educator__email=EDUCATOR_EMAIL, teacher_students__isnull=False
    ).first()
    group_contact = Contact.objects.filter(vte_group=educator_group).first()
    outcomes = [
        ("outcomes", reverse("outcomes:index")),
        ("outcomes-group", reverse("outcomes:group_students", args=[educator_group.pk])),
        ("outcomes-contact", reverse("outcomes:record_from_contact", args=[group_contact.pk])),
    ]
    health = [
        ("goals", reverse("outcomes:goals")),
        ("network-health", reverse("network_health")),
    ]
    dashboard_outcomes = [
        ("dashboard-outcomes", reverse("dashboard_outcomes")),
        ("college-health", reverse("college_health", args=[college.pk])),
    ]
    return {
        roles.COORDINATOR: [
            *outcomes,
            *health,
            *dashboard_outcomes,
            ("goal-create", reverse("outcomes:objective_create")),
            ("proposals", reverse("outcomes:proposals")),
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
            ("event-agenda", reverse("events:agenda", args=[multiplier.pk])),
            ("event-check-in", reverse("events:check_in", args=[multiplier.pk])),
            ("public-event", reverse("events:public_event", args=[multiplier.pk])),
            ("announcements", reverse("mentors:announcement_list")),
            ("alumni", reverse("alumni:pool")),
            ("announcement-create", reverse("mentors:announcement_create")),
            (
                "announcement-preview",
                reverse("mentors:announcement_preview", args=[Announcement.objects.first().pk]),
            ),
            *reports,
            ("survey-detail", reverse("surveys:detail", args=[survey.pk])),
            ("survey-create", reverse("surveys:create")),
            ("survey-builder", reverse("surveys:edit", args=[survey.pk])),
            ("survey-preview", reverse("surveys:preview", args=[survey.pk])),
            *space,
            ("space-reports", reverse("space:reports")),
            ("space-webhook", reverse("space:webhook")),
            *practice,
            ("practice-edit", reverse("practice:edit", args=[finland.pk])),
            ("practice-proposal", reverse("practice:proposal")),
        ],
        roles.COLLEGE_COORDINATOR: [
            ("outcomes", reverse("outcomes:index")),
            *health,
            *dashboard_outcomes,
            ("outcomes-group", reverse("outcomes:group_students", args=[educator_group.pk])),
            *home,
            *events,
            *colleges,
            *groups,
            *directory,
            *pool,
            ("surveys", reverse("surveys:list")),
            *space,
            *practice,
        ],
        roles.TEACHER_EDUCATOR: [
            *outcomes,
            ("proposals", reverse("outcomes:proposals")),
            *home,
            *events,
            *groups,
            *directory,
            *space,
            ("announcements-for-me", reverse("mentors:announcements_for_me")),
        ],
        roles.MENTOR: [
            *home,
            *events,
            ("groups", reverse("colleges:group_list")),
            ("my-profile", reverse("mentors:profile")),
            ("availability", reverse("mentors:availability_list")),
            ("training", reverse("events:training")),
            ("availability-create", reverse("mentors:availability_create")),
            ("contacts", reverse("mentors:contact_list")),
            ("contact-create", reverse("mentors:contact_create")),
            ("contact-detail", reverse("mentors:contact_detail", args=[contact.pk])),
            ("requests", reverse("mentors:request_list")),
            ("request-detail", reverse("mentors:request_detail", args=[contact_request.pk])),
            *space,
            ("announcements-for-me", reverse("mentors:announcements_for_me")),
        ],
        roles.STEERING: [
            *health,
            *home,
            *events,
            *colleges,
            *reports,
            ("announcements", reverse("mentors:announcement_list")),
            ("announcement-create", reverse("mentors:announcement_create")),
            *practice,
        ],
        "respondent": _respondent_pages(),
    }


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
