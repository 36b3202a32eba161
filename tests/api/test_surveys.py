import datetime

import pytest
from django.utils import timezone

from tests.factories import (
    CountryFactory,
    QuestionFactory,
    SurveyAnswerFactory,
    SurveyFactory,
    SurveyResponseFactory,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/surveys/"


def answered(survey, question, values, **response_fields):
    for value in values:
        SurveyAnswerFactory(
            response=SurveyResponseFactory(survey=survey, **response_fields),
            question=question,
            value=value,
        )


@pytest.mark.parametrize("who", ["coordinator", "steering"])
def test_coordinators_and_steering_list_surveys(api_as, request, who):
    survey = SurveyFactory()
    response = api_as(request.getfixturevalue(who)).get(URL)
    assert [row["id"] for row in response.json()["results"]] == [survey.pk]


@pytest.mark.parametrize("who", ["teacher_educator"])
def test_other_roles_may_not_read_surveys(api_as, request, who):
    survey = SurveyFactory()
    client = api_as(request.getfixturevalue(who))
    assert client.get(URL).status_code == 403
    assert client.get(f"{URL}{survey.pk}/results/").status_code == 403


def test_mentor_may_not_read_surveys(api_as, mentor):
    assert api_as(mentor.user).get(URL).status_code == 403


def test_results_are_hidden_below_the_anonymity_threshold(api_as, steering, settings):
    settings.SURVEY_ANONYMITY_THRESHOLD = 5
    question = QuestionFactory()
    answered(question.survey, question, [4, 5, 3, 4])
    body = api_as(steering).get(f"{URL}{question.survey.pk}/results/").json()
    assert body["respondents"] == 4
    assert body["hidden"] is True
    assert body["questions"] == []


def test_results_give_counts_and_means_at_the_threshold(api_as, coordinator, settings):
    settings.SURVEY_ANONYMITY_THRESHOLD = 5
    question = QuestionFactory()
    answered(question.survey, question, [4, 4, 4, 5, 3])
    body = api_as(coordinator).get(f"{URL}{question.survey.pk}/results/").json()
    assert body["hidden"] is False
    result = body["questions"][0]
    assert result["answered"] == 5
    assert result["mean"] == 4.0
    assert sum(option["n"] for option in result["options"]) == 5


def test_breakdown_hides_groups_below_the_threshold(api_as, coordinator, settings):
    settings.SURVEY_ANONYMITY_THRESHOLD = 5
    finland, sweden = (
        CountryFactory(code="FI", name="Finland"),
        CountryFactory(code="SE", name="Sweden"),
    )
    question = QuestionFactory()
    answered(question.survey, question, [4] * 5, country=finland)
    answered(question.survey, question, [2] * 2, country=sweden)
    response = api_as(coordinator).get(
        f"{URL}{question.survey.pk}/results/", {"breakdown": "country"}
    )
    body = response.json()
    groups = {group["label"]: group for group in body["groups"]}
    assert groups["Finland"]["hidden"] is False
    assert groups["Sweden"]["hidden"] is True
    lines = {line["group"]["label"]: line for line in body["questions"][0]["breakdown"]}
    assert lines["Sweden"]["cells"] == [] and lines["Sweden"]["mean"] is None
    assert lines["Finland"]["mean"] == 4.0


def test_unknown_breakdown_is_400(api_as, coordinator):
    survey = SurveyFactory()
    response = api_as(coordinator).get(f"{URL}{survey.pk}/results/", {"breakdown": "shoe_size"})
    assert response.status_code == 400
    assert "breakdown" in response.json()


def test_unknown_survey_is_404(api_as, coordinator):
    assert api_as(coordinator).get(f"{URL}999999/results/").status_code == 404


def test_survey_list_query_count_does_not_grow(
    api_as, coordinator, django_assert_num_queries, django_assert_max_num_queries
):
    client = api_as(coordinator)
    SurveyFactory.create_batch(5)
    client.get(URL)
    with django_assert_max_num_queries(8) as few:
        client.get(URL)
    SurveyFactory.create_batch(25)
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(client.get(URL).json()["results"]) == 30


def test_surveys_filter_by_opening_date(api_as, coordinator):
    old = SurveyFactory(opens_at=timezone.now() - datetime.timedelta(days=400))
    SurveyFactory()
    cutoff = (timezone.localdate() - datetime.timedelta(days=100)).isoformat()
    response = api_as(coordinator).get(URL, {"opens_at__date__lte": cutoff})
    assert [row["id"] for row in response.json()["results"]] == [old.pk]


def test_college_coordinator_gets_results_of_their_own_colleges_only(api_as, college_coordinator):
    from django.utils import timezone

    from surveys.models import Answer, Response
    from tests.factories import PartnerCollegeFactory, QuestionFactory

    own_college = college_coordinator.coordinated_colleges.get()
    question = QuestionFactory()
    other = PartnerCollegeFactory()
    for college, value, count in ((own_college, 5, 6), (other, 1, 9)):
        for _ in range(count):
            response = Response.objects.create(
                survey=question.survey, role="mentor", college=college, submitted_at=timezone.now()
            )
            Answer.objects.create(response=response, question=question, value=value)
    data = api_as(college_coordinator).get(f"{URL}{question.survey.pk}/results/").json()
    assert data["respondents"] == 6
