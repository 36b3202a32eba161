"""Anonymous means unlinkable: nothing stored ties an anonymous response to its invitation.

The invitation keeps only that it was used; the response has the non-identifying groups
(role, college, country) the results are broken down by, and its times only to the day.
A survey that is not anonymous keeps the link and says so on the answer form.
"""

import datetime
import threading
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.urls import reverse

from portal.sweeps import SWEEPS, run_sweeps
from surveys import exports, services
from surveys.models import Invitation, Response
from surveys.selectors import results as result_selectors
from surveys.selectors import surveys as survey_selectors
from tests.factories import (
    CountryFactory,
    MentorFactory,
    PartnerCollegeFactory,
    QuestionFactory,
    SurveyFactory,
    SurveyInvitationFactory,
)

NOW = datetime.datetime(2026, 12, 10, 12, 0, 7, tzinfo=datetime.UTC)
HELSINKI_MIDNIGHT = datetime.datetime(2026, 12, 10, tzinfo=zoneinfo.ZoneInfo("Europe/Helsinki"))


def _survey(**fields):
    survey = SurveyFactory(
        opens_at=NOW - datetime.timedelta(days=1),
        closes_at=NOW + datetime.timedelta(days=20),
        **fields,
    )
    QuestionFactory(survey=survey, key="peer", kind="likert", text="Peer networks")
    QuestionFactory(survey=survey, key="free", kind="text", required=False, text="Anything else")
    return survey


def _invite(survey, **fields):
    mentor = MentorFactory(user__first_name="Aino", user__last_name="Respondent")
    college = PartnerCollegeFactory(country=CountryFactory())
    defaults = {
        "survey": survey,
        "token": services.new_token(),
        "email": mentor.user.email,
        "name": "Aino Respondent",
        "user": mentor.user,
        "college": college,
        "country": college.country,
    }
    return SurveyInvitationFactory(**{**defaults, **fields})


def _answers(survey, value=4, text=""):
    answers = [services.AnswerInput(survey.questions.get(key="peer").pk, value=value)]
    if text:
        answers.append(services.AnswerInput(survey.questions.get(key="free").pk, text=text))
    return answers


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.mark.django_db
def test_an_anonymous_response_keeps_no_link_to_its_invitation_or_person(client):
    survey = _survey(is_anonymous=True)
    invitation = _invite(survey)
    peer = survey.questions.get(key="peer")
    url = reverse("survey_respond", args=[invitation.token])

    client.post(url, {f"q_{peer.pk}": "2", "action": "save"})
    client.post(url, {f"q_{peer.pk}": "5", "action": "submit"})

    response = Response.objects.get()
    assert response.invitation_id is None
    relations = {
        field.related_model
        for field in Response._meta.concrete_fields
        if field.is_relation and getattr(response, field.attname) is not None
    }
    assert Invitation not in relations and invitation.user.__class__ not in relations
    # The times say the day, not the moment the invitation was used.
    assert response.started_at == response.submitted_at == HELSINKI_MIDNIGHT
    assert (response.role, response.college_id, response.country_id) == (
        "mentor",
        invitation.college_id,
        invitation.country_id,
    )
    invitation.refresh_from_db()
    assert (invitation.used, invitation.draft) == (True, None)
    assert not hasattr(invitation, "response") or invitation.response is None


@pytest.mark.django_db
def test_the_admin_shows_no_person_for_an_anonymous_response(admin_client):
    survey = _survey(is_anonymous=True)
    invitation = _invite(survey)
    response = services.save_response(invitation=invitation, answers=_answers(survey), submit=True)

    page = admin_client.get(reverse("admin:surveys_response_change", args=[response.pk]))

    assert page.status_code == 200
    content = page.content.decode()
    assert invitation.email not in content and "Aino Respondent" not in content


@pytest.mark.django_db
def test_a_named_survey_keeps_the_link_and_shows_the_name_in_its_results(client, coordinator):
    survey = _survey(is_anonymous=False)
    invitations = [_invite(survey) for _ in range(5)]
    for invitation in invitations:
        services.save_response(
            invitation=invitation, answers=_answers(survey, text="Monthly meetings"), submit=True
        )

    linked = Response.objects.get(invitation=invitations[0])
    assert linked.submitted_at == NOW
    client.force_login(coordinator)
    page = client.get(reverse("surveys:results", args=[survey.pk])).content.decode()
    assert "Monthly meetings" in page and "Aino Respondent" in page


@pytest.mark.django_db
def test_the_answer_form_of_a_named_survey_says_who_sees_the_answers_with_the_name(client):
    named = _invite(_survey(is_anonymous=False))
    anonymous = _invite(_survey(is_anonymous=True))

    page = client.get(reverse("survey_respond", args=[named.token])).content.decode()
    assert "This survey is not anonymous" in page
    assert "network coordinators and the steering group see them with your name" in page
    assert page.index("not-anonymous") < page.index("<form")

    page = client.get(reverse("survey_respond", args=[anonymous.token])).content.decode()
    assert "This survey is not anonymous" not in page
    assert "stored without your name" in page


@pytest.mark.django_db
def test_results_breakdowns_and_exports_work_from_the_groups_on_the_response():
    survey = _survey(is_anonymous=True)
    finland = CountryFactory(name="Finland", code="FI")
    college = PartnerCollegeFactory(country=finland, name="Omnia")
    for value in (1, 2, 3, 4, 5, 5):
        invitation = _invite(survey, college=college, country=finland)
        services.save_response(invitation=invitation, answers=_answers(survey, value), submit=True)

    for breakdown, label in (("country", "Finland"), ("college", "Omnia"), ("role", "Mentor")):
        results = result_selectors.survey_results(survey, breakdown=breakdown)
        [group] = results["breakdown"].groups
        assert (group.label, group.size, group.hidden) == (label, 6, False)
    peer = results["questions"][0]
    assert peer["answered"] == 6 and peer["mean"] == pytest.approx(20 / 6)
    rows = list(exports.raw_table(survey).rows)
    assert {row[0] for row in rows} == {1, 2, 3, 4, 5, 6}
    assert {row[2] for row in rows} == {"Finland"}


@pytest.mark.django_db
def test_a_draft_on_an_invitation_locks_the_questions_and_counts_as_a_draft():
    survey = _survey(is_anonymous=True)
    invitation = _invite(survey)
    assert not survey_selectors.survey_has_responses(survey)

    services.save_response(invitation=invitation, answers=_answers(survey), submit=False)

    assert survey_selectors.survey_has_responses(survey)
    counts = survey_selectors.delivery_counts(survey)
    assert (counts["drafts"], counts["submitted"]) == (1, 0)


@pytest.mark.django_db
def test_the_sweep_discards_drafts_nobody_can_submit_any_more():
    survey = _survey(is_anonymous=True)
    invitation = _invite(survey)
    services.save_response(invitation=invitation, answers=_answers(survey), submit=False)
    assert "surveys.services.discard_closed_drafts" in SWEEPS

    assert run_sweeps()["surveys.services.discard_closed_drafts"] == 0
    with time_machine.travel(survey.closes_at, tick=False):
        assert run_sweeps()["surveys.services.discard_closed_drafts"] == 1

    invitation.refresh_from_db()
    assert invitation.draft is None and not invitation.used


@pytest.mark.django_db
def test_an_anonymised_mentor_loses_their_unsubmitted_draft_too():
    survey = _survey(is_anonymous=True)
    invitation = _invite(survey)
    services.save_response(invitation=invitation, answers=_answers(survey), submit=False)

    services.forget_invitee(user=invitation.user)

    invitation.refresh_from_db()
    assert (invitation.user, invitation.name, invitation.draft) == (None, "", None)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL (SQLite locks the file)"
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_submits_of_one_invitation_make_one_response():
    survey = _survey(is_anonymous=True)
    invitation = _invite(survey)
    answers = _answers(survey)
    start = threading.Barrier(4)
    outcomes = []

    def submit():
        try:
            start.wait(timeout=10)
            services.save_response(invitation=invitation, answers=answers, submit=True)
            outcomes.append("saved")
        except ValidationError as error:
            outcomes.append(error.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["saved", "spent", "spent", "spent"]
    assert Response.objects.filter(survey=survey).count() == 1
