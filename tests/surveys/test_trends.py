"""Survey trends (issue 23 item 6): one survey over all its rounds, per country, college and
role, the anonymity threshold on every cell, in a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from surveys.models import Question
from surveys.selectors import trends
from tests.factories import (
    CountryFactory,
    PartnerCollegeFactory,
    QuestionFactory,
    SurveyFactory,
    college_coordinator_for,
)
from tests.surveys.test_results import respond

pytestmark = pytest.mark.django_db


@pytest.fixture
def finland():
    return CountryFactory(code="FI", name="Finland")


@pytest.fixture
def estonia():
    return CountryFactory(code="EE", name="Estonia")


def rounds(count: int, *, statements=("networks", "trainings")):
    """`count` rounds of one survey, a year apart, each asking the same statements."""
    surveys, previous = [], None
    start = timezone.now() - datetime.timedelta(days=365 * count)
    for number in range(1, count + 1):
        opens = start + datetime.timedelta(days=365 * (number - 1))
        survey = SurveyFactory(
            title="State of networking",
            round_number=number,
            previous_round=previous,
            opens_at=opens,
            closes_at=opens + datetime.timedelta(days=30),
        )
        for position, key in enumerate(statements):
            QuestionFactory(
                survey=survey,
                key=key,
                kind=Question.Kind.LIKERT,
                text=f"{key} (round {number})",
                position=position,
            )
        surveys.append(survey)
        previous = survey
    return surveys


def questions(survey):
    return {q.key: q for q in survey.questions.all()}


def test_rounds_are_found_from_any_round_oldest_first():
    first, second, third = rounds(3)
    SurveyFactory(title="Another survey")
    for survey in (first, second, third):
        assert [r.pk for r in trends.survey_rounds(survey.pk)] == [first.pk, second.pk, third.pk]


def test_the_means_round_by_round_with_the_threshold_on_every_cell(finland, estonia):
    first, second, third = rounds(3)
    q1, q2, q3 = questions(first), questions(second), questions(third)
    respond(first, {q1["networks"]: 2, q1["trainings"]: 4}, count=5, country=finland)
    respond(first, {q1["networks"]: 4}, count=3, country=estonia)
    respond(second, {q2["networks"]: 3, q2["trainings"]: 0}, count=6, country=finland)
    respond(second, {q2["networks"]: 5}, count=5, country=estonia)
    respond(third, {q3["networks"]: 4}, count=4, country=finland)

    trend = trends.survey_trend(third.pk, breakdown="country")
    assert trend["respondents"] == [8, 11, 4]
    networks, trainings = trend["statements"]
    assert networks["text"] == "networks (round 3)"  # the newest round's wording
    assert [c.mean for c in networks["overall"]] == [2.75, pytest.approx(43 / 11), None]
    assert networks["overall"][2].hidden  # four respondents in the third round
    by_country = {g["label"]: g["cells"] for g in networks["groups"]}
    assert list(by_country) == ["Estonia", "Finland"]
    assert [c.hidden for c in by_country["Estonia"]] == [True, False, True]
    assert by_country["Estonia"][1].mean == 5.0
    assert [c.mean for c in by_country["Finland"]] == [2.0, 3.0, None]
    # "Don't know" is no answer on the scale: six respondents, no mean.
    assert trainings["overall"][1].hidden and trainings["overall"][1].answers == 0
    assert [d["data"][0] for d in trend["chart"]["datasets"]] == [2.75, 3.91, None]


def test_a_statement_not_asked_in_a_round_says_so(finland):
    first, second = rounds(2)
    QuestionFactory(survey=second, key="new", kind=Question.Kind.LIKERT, text="New", position=5)
    respond(second, {questions(second)["new"]: 5}, count=5, country=finland)
    trend = trends.survey_trend(second.pk)
    new = next(s for s in trend["statements"] if s["key"] == "new")
    assert new["overall"][0] is None and new["overall"][1].mean == 5.0


def test_by_college_and_role_and_a_college_coordinator_s_scope(finland):
    varia, bch = (
        PartnerCollegeFactory(country=finland, name="Varia"),
        PartnerCollegeFactory(country=finland, name="BCH"),
    )
    first, second = rounds(2)
    for survey in (first, second):
        q = questions(survey)["networks"]
        respond(survey, {q: 5}, count=5, college=varia)
        respond(survey, {q: 1}, count=5, college=bch, role="vet_leader")
    by_college = trends.survey_trend(second.pk, breakdown="college")
    groups = {
        g["label"]: [c.mean for c in g["cells"]] for g in by_college["statements"][0]["groups"]
    }
    assert groups == {"BCH": [1.0, 1.0], "Varia": [5.0, 5.0]}
    by_role = trends.survey_trend(second.pk, breakdown="role")
    labels = [g["label"] for g in by_role["statements"][0]["groups"]]
    assert labels == ["Mentor", "VET leader"]
    scoped = trends.survey_trend(second.pk, college_ids=[varia.pk])
    assert [c.mean for c in scoped["statements"][0]["overall"]] == [5.0, 5.0]


def test_the_trend_page_shows_chart_and_tables_in_a_fixed_number_of_queries(
    client, steering, finland, estonia
):
    two = rounds(2)
    for survey in two:
        respond(survey, {questions(survey)["networks"]: 4}, count=5, country=finland)
    client.force_login(steering)
    url = reverse("surveys:trends", args=[two[-1].pk])
    with CaptureQueriesContext(connection) as small:
        page = client.get(url, {"by": "country"})
    html = page.content.decode()
    assert "<svg" in html and "Round 1" in html and "Round 2" in html
    assert "fewer than 5" not in html or "Estonia" not in html
    five = rounds(5)
    for survey in five:
        respond(survey, {questions(survey)["networks"]: 3}, count=6, country=estonia)
        respond(survey, {questions(survey)["trainings"]: 2}, count=2, country=finland)
    with CaptureQueriesContext(connection) as large:
        page = client.get(reverse("surveys:trends", args=[five[0].pk]), {"by": "country"})
    assert "fewer than 5" in page.content.decode()
    assert len(large.captured_queries) == len(small.captured_queries) <= 10


def test_a_college_coordinator_sees_the_trend_of_their_colleges_only(client, finland):
    varia, bch = PartnerCollegeFactory(country=finland), PartnerCollegeFactory(country=finland)
    (survey,) = rounds(1)
    respond(survey, {questions(survey)["networks"]: 5}, count=5, college=varia)
    respond(survey, {questions(survey)["networks"]: 1}, count=5, college=bch)
    client.force_login(college_coordinator_for(varia))
    page = client.get(reverse("surveys:trends", args=[survey.pk]))
    assert page.context["trend"]["statements"][0]["overall"][0].mean == 5.0
    assert "only respondents of the colleges you coordinate" in page.content.decode()
