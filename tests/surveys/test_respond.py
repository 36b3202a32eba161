import datetime
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from surveys import services
from surveys.models import Answer, Response
from surveys.selectors import invitations as invitation_selectors
from tests.factories import (
    CountryFactory,
    PartnerCollegeFactory,
    QuestionFactory,
    SurveyFactory,
    SurveyInvitationFactory,
    SurveyResponseFactory,
)

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 12, 10, 12, 0, tzinfo=datetime.UTC)
HELSINKI_MIDNIGHT = datetime.datetime(2026, 12, 10, tzinfo=zoneinfo.ZoneInfo("Europe/Helsinki"))


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def survey():
    survey = SurveyFactory(
        opens_at=NOW - datetime.timedelta(days=1), closes_at=NOW + datetime.timedelta(days=20)
    )
    QuestionFactory(survey=survey, key="peer", kind="likert", text="Peer networks", position=0)
    QuestionFactory(
        survey=survey, key="pick", kind="single", choices=["Yes", "No"], text="Pick", position=1
    )
    QuestionFactory(
        survey=survey,
        key="many",
        kind="multiple",
        choices=["A", "B", "C"],
        required=False,
        text="Many",
        position=2,
    )
    QuestionFactory(survey=survey, key="free", kind="text", required=False, text="Free", position=3)
    QuestionFactory(
        survey=survey,
        key="tasks",
        kind="matrix",
        rows=["Contact person", "Study visits"],
        text="Tasks",
        position=4,
    )
    return survey


@pytest.fixture
def invitation(survey):
    college = PartnerCollegeFactory(country=CountryFactory())
    return SurveyInvitationFactory(
        survey=survey, token=services.new_token(), college=college, country=college.country
    )


def _q(survey, key):
    return survey.questions.get(key=key)


def _complete(survey, **extra):
    data = {
        f"q_{_q(survey, 'peer').pk}": "4",
        f"q_{_q(survey, 'pick').pk}": "1",
        f"q_{_q(survey, 'many').pk}": ["0", "2"],
        f"q_{_q(survey, 'free').pk}": "We meet monthly.",
        f"q_{_q(survey, 'tasks').pk}_r0": "0",
        f"q_{_q(survey, 'tasks').pk}_r1": "3",
        "action": "submit",
    }
    data.update(extra)
    return data


def _complete_inputs(survey):
    tasks = _q(survey, "tasks")
    return [
        services.AnswerInput(_q(survey, "peer").pk, value=4),
        services.AnswerInput(_q(survey, "pick").pk, value=1),
        services.AnswerInput(tasks.pk, row="Contact person", value=0),
        services.AnswerInput(tasks.pk, row="Study visits", value=3),
    ]


def _url(invitation):
    return reverse("survey_respond", args=[invitation.token])


def test_the_token_link_works_without_logging_in(client, invitation):
    response = client.get(_url(invitation))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Peer networks" in content and "Study visits" in content and "Don&#x27;t know" in content


def test_an_unknown_token_is_404(client, invitation):
    assert client.get(reverse("survey_respond", args=["not-a-token"])).status_code == 404


def test_submitting_stores_every_kind_of_answer_and_snapshots_the_respondent(
    client, survey, invitation
):
    response = client.post(_url(invitation), _complete(survey))
    assert response.status_code == 302
    saved = Response.objects.get()
    assert saved.submitted_at == HELSINKI_MIDNIGHT  # anonymous: to the day only
    assert (saved.role, saved.college, saved.country) == (
        "mentor",
        invitation.college,
        invitation.country,
    )
    answers = {(a.question.key, a.row, a.value, a.text) for a in saved.answers.all()}
    assert answers == {
        ("peer", "", 4, ""),
        ("pick", "", 1, ""),
        ("many", "", 0, ""),
        ("many", "", 2, ""),
        ("free", "", None, "We meet monthly."),
        ("tasks", "Contact person", 0, ""),
        ("tasks", "Study visits", 3, ""),
    }


def test_after_submitting_the_link_says_thank_you_and_is_spent(client, survey, invitation):
    client.post(_url(invitation), _complete(survey))
    page = client.get(_url(invitation)).content.decode()
    assert "Thank you, your answers were received" in page
    again = client.post(_url(invitation), _complete(survey, **{f"q_{_q(survey, 'peer').pk}": "1"}))
    assert "already received" in again.content.decode()
    assert Answer.objects.get(question__key="peer").value == 4
    assert Response.objects.count() == 1


def test_draft_is_saved_without_required_answers_and_resumed(client, survey, invitation):
    peer = _q(survey, "peer")
    response = client.post(_url(invitation), {f"q_{peer.pk}": "2", "action": "save"})
    assert response.status_code == 302
    assert not Response.objects.exists()  # a draft waits on the invitation
    invitation.refresh_from_db()
    assert invitation.draft == [{"question_id": peer.pk, "row": "", "value": 2, "text": ""}]
    page = client.get(_url(invitation)).content.decode()
    assert f'name="q_{peer.pk}" value="2"' in page and "checked" in page
    client.post(_url(invitation), _complete(survey))
    invitation.refresh_from_db()
    assert (invitation.used, invitation.draft) == (True, None)
    assert Response.objects.get().submitted_at is not None


def test_submit_requires_the_required_questions(client, survey, invitation):
    peer = _q(survey, "peer")
    response = client.post(_url(invitation), {f"q_{peer.pk}": "5", "action": "submit"})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not Response.objects.exists()


def test_submit_requires_every_row_of_a_required_matrix(survey, invitation):
    answers = [
        services.AnswerInput(_q(survey, "peer").pk, value=3),
        services.AnswerInput(_q(survey, "pick").pk, value=0),
        services.AnswerInput(_q(survey, "tasks").pk, row="Contact person", value=1),
    ]
    with pytest.raises(ValidationError, match="required question “Tasks”"):
        services.save_response(invitation=invitation, answers=answers, submit=True)
    assert not Response.objects.exists()


def test_out_of_range_likert_value_is_refused_next_to_the_field(client, survey, invitation):
    response = client.post(
        _url(invitation), _complete(survey, **{f"q_{_q(survey, 'peer').pk}": "7"})
    )
    assert response.status_code == 400
    assert "Select a valid choice." in response.content.decode()
    assert not Response.objects.exists() and not Answer.objects.exists()


@pytest.mark.parametrize(
    ("key", "answer"),
    [
        ("peer", {"value": 6}),
        ("peer", {"value": -1}),
        ("pick", {"value": 2}),
        ("many", {"value": 3}),
        ("tasks", {"row": "Not a row", "value": 0}),
        ("tasks", {"row": "Contact person", "value": 4}),
        ("free", {"value": 1}),
    ],
)
def test_service_refuses_out_of_range_values(survey, invitation, key, answer):
    bad = services.AnswerInput(_q(survey, key).pk, **answer)
    with pytest.raises(ValidationError, match="not one of the options"):
        services.save_response(invitation=invitation, answers=[bad], submit=False)
    assert not Response.objects.exists()


def test_an_answer_to_an_unknown_question_is_refused(client, survey, invitation):
    response = client.post(_url(invitation), _complete(survey, q_99999999="3"))
    assert response.status_code == 400
    assert "a question that does not exist" in response.content.decode()
    assert not Response.objects.exists()


def test_an_answer_to_another_surveys_question_is_refused(client, survey, invitation):
    foreign = QuestionFactory()
    response = client.post(_url(invitation), _complete(survey, **{f"q_{foreign.pk}": "3"}))
    assert response.status_code == 400
    assert "a question of another survey" in response.content.decode()
    assert not Response.objects.exists() and not Answer.objects.exists()


def test_two_answers_to_a_single_choice_are_refused(survey, invitation):
    pick = _q(survey, "pick")
    answers = [services.AnswerInput(pick.pk, value=0), services.AnswerInput(pick.pk, value=1)]
    with pytest.raises(ValidationError, match="only one answer"):
        services.save_response(invitation=invitation, answers=answers, submit=False)


def test_a_second_response_on_the_same_invitation_is_refused(survey, invitation):
    services.save_response(
        invitation=invitation,
        answers=[services.AnswerInput(_q(survey, "peer").pk, value=4)],
        submit=False,
    )
    services.save_response(invitation=invitation, answers=_complete_inputs(survey), submit=True)
    Answer.objects.all().delete()
    with pytest.raises(ValidationError, match="already received"):
        services.save_response(
            invitation=invitation,
            answers=[services.AnswerInput(_q(survey, "peer").pk, value=1)],
            submit=True,
        )
    assert not Answer.objects.exists()


def test_the_database_allows_one_response_per_invitation(survey, invitation):
    SurveyResponseFactory(survey=survey, invitation=invitation, submitted_at=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        SurveyResponseFactory(survey=survey, invitation=invitation)


def test_an_answer_after_closing_is_refused(client, survey, invitation):
    survey.closes_at = NOW - datetime.timedelta(minutes=1)
    survey.save()
    response = client.post(_url(invitation), _complete(survey))
    assert response.status_code == 403
    assert "This survey closed on" in response.content.decode()
    assert not Response.objects.exists()
    with pytest.raises(ValidationError, match="has closed"):
        services.save_response(invitation=invitation, answers=[], submit=False)


def test_a_draft_cannot_be_finished_after_closing(client, survey, invitation):
    client.post(_url(invitation), {f"q_{_q(survey, 'peer').pk}": "2", "action": "save"})
    with time_machine.travel(survey.closes_at + datetime.timedelta(seconds=1), tick=False):
        response = client.post(_url(invitation), _complete(survey))
    assert response.status_code == 403
    assert not Response.objects.exists()
    invitation.refresh_from_db()
    assert not invitation.used and invitation.draft


def test_a_survey_that_is_not_open_yet_says_so(client, survey, invitation):
    survey.opens_at = NOW + datetime.timedelta(days=2)
    survey.save()
    page = client.get(_url(invitation)).content.decode()
    assert "This survey is not open yet." in page
    assert client.post(_url(invitation), _complete(survey)).status_code == 403
    assert not Response.objects.exists()


def test_pending_invitations_lists_open_unsubmitted_surveys_of_the_user(mentor, survey):
    waiting = SurveyInvitationFactory(survey=survey, user=mentor.user)
    drafting = SurveyInvitationFactory(
        survey=SurveyFactory(opens_at=survey.opens_at, closes_at=survey.closes_at), user=mentor.user
    )
    drafting.draft = [{"question_id": 1, "value": 2}]
    drafting.save()
    SurveyInvitationFactory(
        survey=SurveyFactory(opens_at=survey.opens_at, closes_at=survey.closes_at),
        user=mentor.user,
        used=True,
    )
    SurveyInvitationFactory(
        survey=SurveyFactory(
            opens_at=NOW - datetime.timedelta(days=30), closes_at=NOW - datetime.timedelta(days=1)
        ),
        user=mentor.user,
    )
    SurveyInvitationFactory(survey=survey)
    assert set(invitation_selectors.pending_invitations_for(mentor.user)) == {waiting, drafting}
