"""The network every security test walks: one object of each kind, owned by known users.

`network` maps a name to an object; `matrix_users` maps a role column of the permission
matrix to its user (None for anonymous).
"""

from types import SimpleNamespace

import pytest

from alumni.models import AlumniApplication
from events.models import CalendarFeed
from leadvet import roles
from leadvet.api import tokens as api_tokens
from leadvet.lib import jobs
from leadvet.lib.unsubscribe import make_token
from leadvet.models import BulkEmail, Job
from mentors.models import MentorImport
from mentors.services import contact_links
from outcomes.models import ContactFeedback, CurriculumProposal, EventFeedback
from space.models import Report
from tests.factories import (
    AlumniApplicationFactory,
    AnnouncementFactory,
    AvailabilityFactory,
    ContactFactory,
    ContactRequestFactory,
    DeliverableFactory,
    EventFactory,
    EventOutputFactory,
    GroupAssignmentFactory,
    MembershipPeriodFactory,
    MentorFactory,
    MentorInvitationFactory,
    ObjectiveFactory,
    PartnerCollegeFactory,
    PlacementFactory,
    PostFactory,
    QuestionFactory,
    RegistrationFactory,
    StudentOutcomeFactory,
    SurveyFactory,
    SurveyInvitationFactory,
    SurveySectionFactory,
    TeacherStudentFactory,
    TopicFactory,
    VocationalFieldFactory,
    VTEGroupFactory,
    college_coordinator_for,
    country_coordinator_for,
    user_with_role,
)

ROLES = (
    "anonymous",
    "mentor",
    "other_mentor",
    "teacher_educator",
    "steering",
    "coordinator",
    "college_coordinator",
    "alumnus",
    "country_coordinator",
)


def _finished_download(user) -> Job:
    """A download the coordinator asked for and a worker made (leadvet.lib.jobs)."""
    job = Job.objects.create(
        user=user,
        kind="mentors.mentor_list",
        params={"format": "csv", "query": ""},
        title="Mentor list (CSV)",
        language="en",
    )
    assert jobs.run(job.pk) == "done"
    job.refresh_from_db()
    return job


@pytest.fixture
def network(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    college = PartnerCollegeFactory(name="Omnia")
    mentor = MentorFactory(college=college)
    other_mentor = MentorFactory()
    educator = user_with_role(roles.TEACHER_EDUCATOR, email="educator@example.org")
    group = VTEGroupFactory(teacher_educator=educator)
    event = EventFactory(is_public=True)
    survey = SurveyFactory()
    alumnus = user_with_role(roles.ALUMNI, email="alumnus@example.org")
    token, _secret = api_tokens.create_token(user=mentor.user, name="laptop", can_write=False)
    # A network-space topic for the mentor's college only, with a reply by the mentor and a
    # report of it by the teacher educator (who does not reach the college: never sees it).
    space_topic = TopicFactory(audience="college", college=college, author=mentor.user)
    space_post = PostFactory(topic=space_topic, author=mentor.user)
    contact_request = ContactRequestFactory(requester=educator, mentor=mentor)
    registration = RegistrationFactory(event=event, user=mentor.user)
    student = TeacherStudentFactory(vte_group=group)
    curriculum_contact = ContactFactory(mentor=mentor, curriculum_input=True)
    coordinator = user_with_role(roles.COORDINATOR, email="coord@example.org")
    return {
        "college": college,
        "field": VocationalFieldFactory(),
        "group": group,
        "mentor": mentor,
        "other_mentor": other_mentor,
        "educator": educator,
        "steering": user_with_role(roles.STEERING, email="steering@example.org"),
        "coordinator": coordinator,
        "job": _finished_download(coordinator),
        "college_coordinator": college_coordinator_for(college, email="collcoord@example.org"),
        "country_coordinator": country_coordinator_for(
            college.country, email="countrycoord@example.org"
        ),
        "contact": ContactFactory(mentor=mentor),
        "availability": AvailabilityFactory(mentor=mentor),
        "membership": MembershipPeriodFactory(mentor=mentor, college=college),
        "contact_request": contact_request,
        "announcement": AnnouncementFactory(),
        "assignment": GroupAssignmentFactory(mentor=mentor, vte_group=group),
        "mentor_import": MentorImport.objects.create(
            filename="mentors.csv", status=MentorImport.Status.VALID, total=0
        ),
        "mentor_invitation": MentorInvitationFactory(),
        "event": event,
        "registration": registration,
        "output": EventOutputFactory(event=event),
        "feed": CalendarFeed.objects.create(user=mentor.user, token="feed-" + "f" * 40),
        "survey": survey,
        "section": SurveySectionFactory(survey=survey),
        "question": QuestionFactory(survey=survey),
        "survey_invitation": SurveyInvitationFactory(survey=survey, user=mentor.user),
        "api_token": token,
        "alumnus": alumnus,
        # The signed one-use links of the mentor's activity nudge (no login).
        "contact_link": SimpleNamespace(
            token=contact_links.make_token(mentor=mentor, purpose=contact_links.Purpose.LOG),
            pause_token=contact_links.make_token(
                mentor=mentor, purpose=contact_links.Purpose.PAUSE
            ),
        ),
        "alumni_application": AlumniApplicationFactory(
            email=alumnus.email, user=alumnus, status=AlumniApplication.Status.APPROVED
        ),
        "space_topic": space_topic,
        "space_post": space_post,
        "space_report": Report.objects.create(post=space_post, reason="Off topic"),
        # Outcomes (issue 24): the educator's group's student, at the mentor's college.
        "placement": PlacementFactory(student=student, college=college),
        "student_outcome": StudentOutcomeFactory(student=student, college=college),
        "objective": ObjectiveFactory(),
        "deliverable": DeliverableFactory(),
        "contact_feedback": ContactFeedback.objects.create(
            request=contact_request, recipient=educator
        ),
        "event_feedback": EventFeedback.objects.create(registration=registration),
        "curriculum_contact": curriculum_contact,
        "proposal": CurriculumProposal.objects.create(contact=curriculum_contact, proposal="x"),
        # The link in a bulk email that turns its kind off (no login: respondents have none).
        "unsubscribe_link": SimpleNamespace(
            token=make_token("respondent@example.org", BulkEmail.SURVEY_INVITATIONS)
        ),
    }


@pytest.fixture
def matrix_users(network):
    return {
        "anonymous": None,
        "mentor": network["mentor"].user,
        "other_mentor": network["other_mentor"].user,
        "teacher_educator": network["educator"],
        "steering": network["steering"],
        "coordinator": network["coordinator"],
        "college_coordinator": network["college_coordinator"],
        "alumnus": network["alumnus"],
        "country_coordinator": network["country_coordinator"],
    }
