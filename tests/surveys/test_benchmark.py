"""A coordinator chooses the network's benchmark survey (one at a time); the dashboard's
survey panel shows it, its chart labelled with the statements, not their keys."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.dashboard.presentation import short_statement
from surveys import services
from surveys.models import Answer, Response, Survey
from tests.factories import QuestionFactory, SurveyFactory

pytestmark = pytest.mark.django_db

LONG = "There is regular leadership co-operation between the VTE unit and our college."


def survey_with_answers(title: str, opens_days_ago: int, value: int, answers: int = 5) -> Survey:
    survey = SurveyFactory(
        title=title, opens_at=timezone.now() - datetime.timedelta(days=opens_days_ago)
    )
    question = QuestionFactory(
        survey=survey, key="there-is-regular-leadership-co-operation", text=LONG
    )
    for _ in range(answers):
        response = Response.objects.create(
            survey=survey, role="mentor", submitted_at=timezone.now()
        )
        Answer.objects.create(response=response, question=question, value=value)
    return survey


def test_only_one_survey_is_the_benchmark_at_a_time(client, coordinator):
    first = survey_with_answers("Seed benchmark", 60, 4)
    second = survey_with_answers("Another", 10, 2)
    client.force_login(coordinator)
    response = client.post(reverse("surveys:benchmark", args=[first.pk]), {"benchmark": "1"})
    assert response.status_code == 302
    client.post(reverse("surveys:benchmark", args=[second.pk]), {"benchmark": "1"})
    assert list(Survey.objects.filter(is_benchmark=True)) == [second]
    client.post(reverse("surveys:benchmark", args=[second.pk]), {"benchmark": "0"})
    assert not Survey.objects.filter(is_benchmark=True).exists()


def test_a_survey_without_statements_cannot_be_the_benchmark(client, coordinator):
    survey = SurveyFactory(title="Free text only")
    QuestionFactory(survey=survey, kind="text")
    client.force_login(coordinator)
    response = client.post(
        reverse("surveys:benchmark", args=[survey.pk]), {"benchmark": "1"}, follow=True
    )
    assert "Only a survey with statements on the 1–5 scale" in response.content.decode()
    survey.refresh_from_db()
    assert not survey.is_benchmark


@pytest.mark.parametrize("fixture", ["steering", "teacher_educator", "mentor"])
def test_only_coordinators_choose_the_benchmark(client, request, fixture):
    survey = survey_with_answers("Seed benchmark", 60, 4)
    user = request.getfixturevalue(fixture)
    client.force_login(getattr(user, "user", user))
    response = client.post(reverse("surveys:benchmark", args=[survey.pk]), {"benchmark": "1"})
    assert response.status_code == 403
    survey.refresh_from_db()
    assert not survey.is_benchmark


def test_dashboard_shows_the_benchmark_not_the_newest_survey(client, coordinator):
    benchmark = survey_with_answers("Seed benchmark", 60, 4)
    survey_with_answers("A newer one", 5, 1)
    client.force_login(coordinator)
    figures = client.get(reverse("dashboard")).context["figures"]
    assert figures["surveys"]["likert"]["survey"] == "A newer one (round 1)"
    services.set_benchmark(survey=benchmark, is_benchmark=True)
    response = client.get(reverse("dashboard"))
    likert = response.context["figures"]["surveys"]["likert"]
    assert likert["survey"] == str(benchmark) and likert["is_benchmark"]
    assert likert["rows"][0]["mean"] == 4
    html = response.content.decode()
    assert "The network's benchmark survey: Seed benchmark (round 1)." in html
    chart = response.context["charts"]["likert_means"]
    assert chart["labels"] == [short_statement(LONG)]
    assert chart["titles"] == [LONG]
    assert "there-is-regular" not in chart["labels"][0]


def test_statements_are_shortened_at_a_word_with_an_ellipsis():
    assert short_statement(LONG) == "There is regular leadership co-operation…"
    assert len(short_statement(LONG)) <= 48
    assert short_statement("Short statement.") == "Short statement."
