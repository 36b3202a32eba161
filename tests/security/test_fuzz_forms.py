"""Bad input, generated: random, huge and odd values posted to the main forms.

For every example: no server error; a form that refuses the data answers with the form
again (200, or 400 for the survey) showing errors and writes nothing; only a redirect (the
success path) may write, and then exactly one row.
"""

import datetime
import itertools

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from colleges.models import VTEGroup
from events.models import Event, EventOutput
from mentors.models import Announcement, Availability, Contact, ContactRequest, Mentor
from surveys.models import Answer, Question, Survey
from tests.factories import (
    EventFactory,
    MentorTaskFactory,
    PartnerCollegeFactory,
    QuestionFactory,
    SurveyFactory,
    SurveyInvitationFactory,
    VTEGroupFactory,
    VTEInstitutionFactory,
)

EXAMPLES = 60
fuzz = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

NASTY = [
    "",
    " ",
    "0",
    "-1",
    "-0",
    "1e309",
    "NaN",
    "Infinity",
    "99999999999999999999999",
    "2026-02-30",
    "2026-13-01",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "0001-01-01T00:00",
    "9999-12-31T23:59",
    "2026-06-01T25:61",
    "<script>alert(1)</script>",
    "\x00",
    "a\x00b",
    "' OR 1=1 --",
    "%s%s%n",
    "☃" * 50,
    "\u202eevil",
    "x" * 5000,
]

values = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=40),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.dates(min_value=datetime.date(1, 1, 1), max_value=datetime.date(9999, 12, 31)).map(
        datetime.date.isoformat
    ),
    st.datetimes(
        min_value=datetime.datetime(1, 1, 1), max_value=datetime.datetime(9999, 12, 31)
    ).map(lambda moment: moment.strftime("%Y-%m-%dT%H:%M")),
    st.lists(st.sampled_from(NASTY), min_size=2, max_size=3),
)


# The edges of the calendar, in every format the date and time fields accept: drawn as often
# as everything else together, because they are where conversions to UTC overflow.
EDGE_TIMES = st.sampled_from(
    [
        "0001-01-01",
        "0001-01-01T00:00",
        "0001-01-01 00:00",
        "9999-12-31",
        "9999-12-31T23:59",
        "9999-12-31 23:59",
    ]
)


def overrides(field_names):
    return st.dictionaries(
        st.sampled_from(field_names),
        st.one_of(EDGE_TIMES, values),
        min_size=1,
        max_size=len(field_names),
    )


def post_and_check(client, url, data, count, *, refused_status=(200,)):
    """Post; return True when the data was accepted. Asserts the rules in the module docstring."""
    before = count()
    response = client.post(url, data)  # a server error raises here and fails the example
    assert response.status_code != 500
    if response.status_code == 302:
        assert count() == before + 1, "a successful post must write exactly one row"
        return True
    assert response.status_code in refused_status, response.status_code
    assert count() == before, "refused data must not be written"
    form = response.context["form"]
    assert form.errors, "refused data must come back with an error on the form"
    return False


@pytest.fixture
def tasks(db):
    return [MentorTaskFactory(number=number) for number in (1, 2, 3)]


def test_contact_log_form_survives_bad_input(client, mentor, tasks):
    client.force_login(mentor.user)
    url = reverse("mentors:contact_create")
    base = {
        "date": "2026-01-15",
        "counterpart_kind": "teacher_student",
        "task": tasks[0].pk,
        "channel": "video",
        "duration_minutes": "30",
        "summary": "Talked about placements.",
    }
    fields = [*base, "vte_group", "placement", "is_formal", "other_outcome"]

    @fuzz
    @given(changes=overrides(fields))
    def run(changes):
        post_and_check(client, url, {**base, **changes}, Contact.objects.count)

    run()


def test_availability_form_survives_bad_input(client, mentor, tasks):
    client.force_login(mentor.user)
    url = reverse("mentors:availability_create")
    base = {
        "kind": "available",
        "starts_on": "2026-01-01",
        "ends_on": "2026-03-01",
        "hours_per_month": "4",
        "tasks": [tasks[0].pk],
        "mode": "remote",
        "note": "",
    }

    @fuzz
    @given(changes=overrides(list(base)))
    def run(changes):
        post_and_check(client, url, {**base, **changes}, Availability.objects.count)

    run()


def test_event_form_survives_bad_input(client, coordinator):
    client.force_login(coordinator)
    url = reverse("events:create")
    base = {
        "kind": "training",
        "title": "Mentor training",
        "description": "",
        "starts_at": "2027-03-01T09:00",
        "ends_at": "2027-03-01T12:00",
        "address": "Ratapihantie 13",
        "online_url": "",
        "capacity": "",
        "audience": "mentors",
        "registration_deadline": "",
        "reminders": "7d, 1d",
    }
    fields = [*base, "is_online", "counts_as_training"]

    @fuzz
    @given(changes=overrides(fields))
    def run(changes):
        post_and_check(client, url, {**base, **changes}, Event.objects.count)

    run()


def test_mentor_create_form_survives_bad_input(client, coordinator, tasks):
    college = PartnerCollegeFactory()
    client.force_login(coordinator)
    url = reverse("mentors:create")
    emails = (f"fuzz{n}@example.org" for n in itertools.count())
    base = {
        "first_name": "Aino",
        "last_name": "Virtanen",
        "language": "fi",
        "college": college.pk,
        "capacity_groups": "2",
        "trained_on": "",
        "title": "",
        "phone": "",
        "contact_preferences": "",
        "bio": "",
    }
    fields = [*base, "email", "unit", "tasks", "fields_", "send_invitation"]

    @fuzz
    @given(changes=overrides(fields))
    def run(changes):
        post_and_check(
            client, url, {**base, "email": next(emails), **changes}, Mentor.objects.count
        )

    run()


def test_contact_request_form_survives_bad_input(client, teacher_educator, mentor, tasks):
    mentor.tasks.add(tasks[0])
    group = VTEGroupFactory(teacher_educator=teacher_educator)
    client.force_login(teacher_educator)
    url = reverse("mentors:public_profile", args=[mentor.pk])
    base = {
        "topic": "Visit to our group",
        "task": tasks[0].pk,
        "preferred_dates": "weeks 12-14",
        "vte_group": group.pk,
        "message": "Hello",
    }

    @fuzz
    @given(changes=overrides(list(base)))
    def run(changes):
        post_and_check(client, url, {**base, **changes}, ContactRequest.objects.count)

    run()


def test_survey_answer_form_survives_bad_input(client, db):
    survey = SurveyFactory()
    likert = QuestionFactory(survey=survey, kind=Question.Kind.LIKERT)
    single = QuestionFactory(survey=survey, kind=Question.Kind.SINGLE, choices=["Yes", "No"])
    multiple = QuestionFactory(survey=survey, kind=Question.Kind.MULTIPLE, choices=["A", "B", "C"])
    text = QuestionFactory(survey=survey, kind=Question.Kind.TEXT, required=False)
    matrix = QuestionFactory(survey=survey, kind=Question.Kind.MATRIX, rows=["Task 1", "Task 2"])
    base = {
        f"q_{likert.pk}": "4",
        f"q_{single.pk}": "0",
        f"q_{multiple.pk}": ["0", "2"],
        f"q_{text.pk}": "Fine.",
        f"q_{matrix.pk}_r0": "0",
        f"q_{matrix.pk}_r1": "1",
        "action": "submit",
    }

    @fuzz
    @given(changes=overrides(list(base)))
    def run(changes):
        # a fresh personal link per example: a submitted link is spent
        url = reverse("survey_respond", args=[SurveyInvitationFactory(survey=survey).token])
        before = Answer.objects.count()
        response = client.post(url, {**base, **changes})
        if response.status_code == 302:
            if {**base, **changes}["action"] == "submit":
                assert Answer.objects.count() > before
            else:  # saved for later: the draft waits on the invitation, no answer rows yet
                assert Answer.objects.count() == before
        else:
            assert response.status_code == 400, response.status_code
            assert response.context["form"].errors
            assert Answer.objects.count() == before

    run()


def test_survey_form_survives_bad_input(client, coordinator):
    client.force_login(coordinator)
    url = reverse("surveys:create")
    base = {
        "title": "State of networking",
        "description": "",
        "audience_roles": ["mentor"],
        "opens_at": "2027-01-01T09:00",
        "closes_at": "2027-02-01T09:00",
        "reminder_days": "7, 14",
    }
    fields = [*base, "is_anonymous", "audience_colleges", "audience_countries"]

    @fuzz
    @given(changes=overrides(fields))
    def run(changes):
        post_and_check(client, url, {**base, **changes}, Survey.objects.count)

    run()


def test_announcement_form_survives_bad_input(client, coordinator):
    client.force_login(coordinator)
    url = reverse("mentors:announcement_create")
    base = {"title": "Training in March", "body": "See you there.", "audience": "all"}
    fields = [*base, "country", "college"]

    @fuzz
    @given(changes=overrides(fields))
    def run(changes):
        post_and_check(client, url, {**base, **changes}, Announcement.objects.count)

    run()


def test_vte_group_form_survives_bad_input(client, coordinator, teacher_educator):
    institution = VTEInstitutionFactory()
    client.force_login(coordinator)
    url = reverse("colleges:group_create")
    base = {
        "institution": institution.pk,
        "name": "Group A",
        "term": "Autumn 2027",
        "starts_on": "2027-08-15",
        "ends_on": "2027-12-20",
        "teacher_educator": teacher_educator.pk,
        "size": "20",
    }
    fields = [*base, "field", "needed_tasks"]

    @fuzz
    @given(changes=overrides(fields))
    def run(changes):
        post_and_check(client, url, {**base, **changes}, VTEGroup.objects.count)

    run()


def test_event_output_form_survives_bad_input(client, coordinator):
    event = EventFactory()
    client.force_login(coordinator)
    url = reverse("events:output_create", args=[event.pk])
    base = {
        "kind": "article",
        "title": "Article",
        "url": "https://example.org/a",
        "description": "",
        "published_on": "",
    }

    @fuzz
    @given(changes=overrides(list(base)))
    def run(changes):
        post_and_check(client, url, {**base, **changes}, EventOutput.objects.count)

    run()
