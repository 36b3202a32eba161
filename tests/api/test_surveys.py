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


# The matrix heat map: the results page's, from the same selector


def matrix_question():
    return QuestionFactory(
        kind="matrix", rows=["Study visits", "Wellbeing at work"], key="tasks-in-use"
    )


def test_results_give_the_matrix_heat_map_by_country_as_the_results_page(
    api_as, coordinator, settings
):
    from surveys.selectors import results as result_selectors

    settings.SURVEY_ANONYMITY_THRESHOLD = 5
    finland = CountryFactory(code="FI", name="Finland")
    sweden = CountryFactory(code="SE", name="Sweden")
    question = matrix_question()
    survey = question.survey
    for column, country in [(0, finland)] * 3 + [(1, finland)] * 2 + [(3, sweden)] * 2:
        SurveyAnswerFactory(
            response=SurveyResponseFactory(survey=survey, country=country),
            question=question,
            row="Study visits",
            value=column,
        )
    body = api_as(coordinator).get(f"{URL}{survey.pk}/results/").json()
    heatmap = body["questions"][0]["heatmap"]
    assert [(c["label"], c["hidden"]) for c in heatmap["countries"]] == [
        ("Finland", False),
        ("Sweden", True),
    ]
    study_visits, wellbeing = heatmap["rows"]
    assert study_visits["label"] == "Study visits"
    finnish, swedish = study_visits["cells"]
    assert finnish == {
        "hidden": False,
        "empty": False,
        "top": "In systematic use",
        "top_pct": 60.0,
        "mean": 0.4,
        "n": 5,
        "level": 1,
    }
    assert swedish["hidden"] is True and swedish["top"] is None and swedish["n"] is None
    assert wellbeing["cells"][0]["empty"] is True and wellbeing["cells"][0]["top"] is None
    # The very figures the page renders: result_selectors.survey_results, not a second computation.
    page = result_selectors.survey_results(survey)["questions"][0]["heatmap"]
    assert [cell.get("level") for cell in page["rows"][0]["cells"]] == [1, None]


def test_heat_map_follows_a_college_coordinators_scope(api_as, college_coordinator, settings):
    from tests.factories import PartnerCollegeFactory

    settings.SURVEY_ANONYMITY_THRESHOLD = 5
    own_college = college_coordinator.coordinated_colleges.get()
    finland = CountryFactory(code="FI", name="Finland")
    question = matrix_question()
    for college, column in [(own_college, 2)] * 5 + [(PartnerCollegeFactory(), 0)] * 6:
        SurveyAnswerFactory(
            response=SurveyResponseFactory(
                survey=question.survey, country=finland, college=college
            ),
            question=question,
            row="Study visits",
            value=column,
        )
    body = api_as(college_coordinator).get(f"{URL}{question.survey.pk}/results/").json()
    cell = body["questions"][0]["heatmap"]["rows"][0]["cells"][0]
    assert (cell["top"], cell["n"]) == ("Possible", 5)


def test_questions_other_than_matrices_have_no_heat_map(api_as, coordinator, settings):
    settings.SURVEY_ANONYMITY_THRESHOLD = 1
    question = QuestionFactory()
    answered(question.survey, question, [4])
    body = api_as(coordinator).get(f"{URL}{question.survey.pk}/results/").json()
    assert body["questions"][0]["heatmap"] is None


# Survey settings: create and change, as the survey settings page


def settings_body(**overrides):
    return {
        "title": "Mentor survey 2026",
        "description": "How is the network doing?",
        "opens_at": "2026-03-01T09:00:00+02:00",
        "closes_at": "2026-03-31T16:00:00+03:00",
        **overrides,
    }


def test_coordinator_creates_a_survey_through_the_page_form(api_as, coordinator):
    from colleges.models import Country
    from surveys.models import Survey
    from tests.factories import PartnerCollegeFactory

    college = PartnerCollegeFactory()
    country = Country.objects.get(code="FI")
    body = settings_body(
        audience_roles=["mentor", "vet_leader"],
        audience_colleges=[college.pk],
        audience_countries=["FI"],
        reminder_days=[14, 3],
        is_anonymous=False,
    )
    response = api_as(coordinator).post(URL, body, format="json")
    assert response.status_code == 201, response.json()
    survey = Survey.objects.get()
    assert response.json()["id"] == survey.pk
    assert survey.title == "Mentor survey 2026"
    assert survey.created_by == coordinator
    assert survey.audience_roles == ["mentor", "vet_leader"]
    assert list(survey.audience_colleges.all()) == [college]
    assert list(survey.audience_countries.all()) == [country]
    assert survey.reminder_days == [3, 14]
    assert survey.is_anonymous is False
    assert survey.opens_at.isoformat() == "2026-03-01T07:00:00+00:00"
    # What was written reads back, in the answer and on the survey itself.
    read_back = api_as(coordinator).get(f"{URL}{survey.pk}/").json()
    for answer in (response.json(), read_back):
        assert answer["audience_colleges"] == [college.pk]
        assert answer["audience_countries"] == ["FI"]
        assert answer["reminder_days"] == [3, 14]


def test_new_survey_gets_the_pages_defaults(api_as, coordinator):
    from surveys.models import Survey

    response = api_as(coordinator).post(URL, settings_body(), format="json")
    assert response.status_code == 201, response.json()
    survey = Survey.objects.get()
    assert (survey.is_anonymous, survey.reminder_days) == (True, [7, 14])


@pytest.mark.parametrize("who", ["steering", "college_coordinator", "teacher_educator"])
def test_only_network_coordinators_create_and_change_surveys(api_as, request, who):
    from surveys.models import Survey

    survey = SurveyFactory(title="Before")
    client = api_as(request.getfixturevalue(who))
    assert client.post(URL, settings_body(), format="json").status_code == 403
    response = client.patch(f"{URL}{survey.pk}/", {"title": "After"}, format="json")
    assert response.status_code == 403
    assert response.json()["detail"]
    assert Survey.objects.get().title == "Before"


def test_mentor_and_anonymous_may_not_write_surveys(api_as, mentor):
    from surveys.models import Survey

    survey = SurveyFactory(title="Before")
    assert api_as(mentor.user).post(URL, settings_body(), format="json").status_code == 403
    assert api_as(None).post(URL, settings_body(), format="json").status_code == 401
    assert (
        api_as(None).patch(f"{URL}{survey.pk}/", {"title": "x"}, format="json").status_code == 401
    )
    assert Survey.objects.get().title == "Before"


def test_read_only_token_cannot_create_or_change_surveys(token_client, coordinator):
    from surveys.models import Survey

    survey = SurveyFactory(title="Before")
    client = token_client(coordinator, can_write=False)
    assert client.post(URL, settings_body(), format="json").status_code == 403
    assert client.patch(f"{URL}{survey.pk}/", {"title": "x"}, format="json").status_code == 403
    assert list(Survey.objects.values_list("title", flat=True)) == ["Before"]


def test_coordinator_changes_survey_settings_with_patch_and_put(api_as, coordinator):
    from tests.factories import PartnerCollegeFactory

    college = PartnerCollegeFactory()
    survey = SurveyFactory(title="Before", description="Kept", reminder_days=[7])
    survey.audience_colleges.add(college)
    client = api_as(coordinator)
    response = client.patch(f"{URL}{survey.pk}/", {"title": "After"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["title"] == "After"
    survey.refresh_from_db()
    assert (survey.title, survey.description, survey.reminder_days) == ("After", "Kept", [7])
    assert list(survey.audience_colleges.all()) == [college]
    response = client.put(
        f"{URL}{survey.pk}/", {"reminder_days": [], "audience_colleges": []}, format="json"
    )
    assert response.status_code == 200, response.json()
    survey.refresh_from_db()
    assert survey.reminder_days == [] and not survey.audience_colleges.exists()


def test_anonymity_stays_once_a_survey_has_responses(api_as, coordinator):
    survey = SurveyFactory(is_anonymous=True)
    SurveyResponseFactory(survey=survey, submitted_at=None)
    response = api_as(coordinator).patch(
        f"{URL}{survey.pk}/", {"is_anonymous": False, "title": "Renamed"}, format="json"
    )
    assert response.status_code == 200
    survey.refresh_from_db()
    assert (survey.is_anonymous, survey.title) == (True, "Renamed")


@pytest.mark.parametrize(
    "bad,field",
    [
        ({"closes_at": "2026-02-01T09:00:00Z"}, "closes_at"),
        ({"opens_at": "next monday"}, "opens_at"),
        ({"reminder_days": [0]}, "reminder_days"),
        ({"reminder_days": "weekly"}, "reminder_days"),
        ({"audience_roles": ["pirate"]}, "audience_roles"),
        ({"audience_colleges": [999999]}, "audience_colleges"),
        ({"audience_countries": ["XX"]}, "audience_countries"),
        ({"is_anonymous": "perhaps"}, "is_anonymous"),
        ({"title": ""}, "title"),
    ],
)
def test_bad_survey_settings_are_400_and_write_nothing(api_as, coordinator, bad, field):
    from surveys.models import Survey

    survey = SurveyFactory(title="Before")
    client = api_as(coordinator)
    created = client.post(URL, settings_body(**bad), format="json")
    assert created.status_code == 400
    assert field in created.json()
    changed = client.patch(f"{URL}{survey.pk}/", {"title": "After", **bad}, format="json")
    assert changed.status_code == 400
    assert field in changed.json()
    assert list(Survey.objects.values_list("title", flat=True)) == ["Before"]


def test_closing_before_opening_is_the_forms_message(api_as, coordinator):
    response = api_as(coordinator).post(
        URL, settings_body(closes_at="2026-02-01T09:00:00Z"), format="json"
    )
    assert response.json()["closes_at"] == ["The survey must close after it opens."]


def test_changing_an_unknown_survey_is_404(api_as, coordinator):
    response = api_as(coordinator).patch(f"{URL}999999/", {"title": "x"}, format="json")
    assert response.status_code == 404


def test_a_survey_time_outside_the_portals_years_is_400_and_nothing_is_written(api_as, coordinator):
    from surveys.models import Survey

    response = api_as(coordinator).post(
        URL, settings_body(opens_at="0001-01-01T00:00"), format="json"
    )
    assert response.status_code == 400
    assert "opens_at" in response.json()
    assert not Survey.objects.exists()


def test_results_read_the_survey_alone_not_the_lists_counts(
    api_as, coordinator, settings, django_assert_num_queries
):
    """The results' survey is read without the survey list's counts of questions, invitations
    and respondents and its audience (at EU scale its 50,000 invitations were counted for every
    read of the results)."""
    settings.SURVEY_ANONYMITY_THRESHOLD = 5
    question = QuestionFactory()
    answered(question.survey, question, [4, 4, 4, 5, 3])
    client = api_as(coordinator)
    url = f"{URL}{question.survey.pk}/results/"
    client.get(url)
    answered(question.survey, question, [2])  # the results kept are stale now
    with django_assert_num_queries(9) as read:
        assert client.get(url).json()["questions"][0]["answered"] == 6
    assert not any("surveys_invitation" in query["sql"] for query in read.captured_queries)
    assert not any("survey_audience_" in query["sql"] for query in read.captured_queries)
