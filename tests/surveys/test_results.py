import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from leadvet.lib import versions
from leadvet.signals import changed_in_bulk
from surveys import services
from surveys.models import Answer, Invitation, Response, Survey
from surveys.selectors import results as result_selectors
from tests.downloads import csv_rows, data_sheet, through_job
from tests.factories import (
    CountryFactory,
    PartnerCollegeFactory,
    QuestionFactory,
    SurveyFactory,
    SurveyInvitationFactory,
    SurveySectionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def finland():
    return CountryFactory(code="FI", name="Finland")


@pytest.fixture
def estonia():
    return CountryFactory(code="EE", name="Estonia")


def respond(survey, answers, *, count=1, country=None, college=None, role="mentor", invite=False):
    """Bulk-create `count` submitted responses, each with the given answers.

    `answers` maps a question to a value, a list of values, a text, or {row: value}.
    """
    now = timezone.now()
    responses = []
    for _ in range(count):
        invitation = (
            SurveyInvitationFactory(survey=survey, name="Maija Meikäläinen") if invite else None
        )
        responses.append(
            Response(
                survey=survey,
                invitation=invitation,
                role=role,
                country=country or (college.country if college else None),
                college=college,
                submitted_at=now,
            )
        )
    responses = Response.objects.bulk_create(responses)
    rows = []
    for response in responses:
        for question, value in answers.items():
            if isinstance(value, str):
                rows.append(Answer(response=response, question=question, text=value))
            elif isinstance(value, dict):
                rows += [
                    Answer(response=response, question=question, row=row, value=v)
                    for row, v in value.items()
                ]
            elif isinstance(value, list):
                rows += [Answer(response=response, question=question, value=v) for v in value]
            else:
                rows.append(Answer(response=response, question=question, value=value))
    Answer.objects.bulk_create(rows)
    # As a bulk writer says so (no row saved one by one): the results kept are stale.
    changed_in_bulk.send(sender=Response)
    return responses


def _item(results, question):
    return next(i for i in results["questions"] if i["question"].pk == question.pk)


def test_likert_distribution_counts_percentages_mean_and_median():
    question = QuestionFactory(kind="likert")
    for value in [1, 2, 4, 5, 5, 0]:
        respond(question.survey, {question: value})
    item = _item(result_selectors.survey_results(question.survey), question)
    counts = {o["label"]: (o["n"], o["pct"]) for o in item["options"]}
    assert counts["Strongly agree"] == (2, 33.3)
    assert counts["Neither agree nor disagree"] == (0, 0.0)
    assert counts["Don't know"] == (1, 16.7)
    assert item["mean"] == pytest.approx(3.4)
    assert item["median"] == 4
    assert item["dont_know"] == 1
    assert item["answered"] == 6


def test_median_of_an_even_number_of_answers_is_the_middle_average():
    question = QuestionFactory(kind="likert")
    for value in [2, 3, 4, 5, 1, 1]:
        respond(question.survey, {question: value})
    assert _item(result_selectors.survey_results(question.survey), question)["median"] == 2.5


def test_multiple_choice_percentages_are_of_respondents():
    question = QuestionFactory(kind="multiple", choices=["A", "B", "C"])
    respond(question.survey, {question: [0, 1]}, count=4)
    respond(question.survey, {question: [0]}, count=1)
    item = _item(result_selectors.survey_results(question.survey), question)
    assert [(o["n"], o["pct"]) for o in item["options"]] == [(5, 100.0), (4, 80.0), (0, 0.0)]


def test_drafts_are_not_counted():
    question = QuestionFactory(kind="likert")
    respond(question.survey, {question: 5}, count=5)
    draft = respond(question.survey, {question: 1})[0]
    Response.objects.filter(pk=draft.pk).update(submitted_at=None)
    results = result_selectors.survey_results(question.survey)
    assert results["respondents"] == 5
    assert _item(results, question)["mean"] == 5


def test_results_with_fewer_respondents_than_the_threshold_are_hidden(client, coordinator):
    question = QuestionFactory(kind="likert", text="Peer networks")
    respond(question.survey, {question: 5}, count=4)
    client.force_login(coordinator)
    page = client.get(reverse("surveys:results", args=[question.survey_id])).content.decode()
    assert "Too few answers to show." in page
    assert "Mean (1–5)" not in page


def test_breakdown_hides_groups_below_the_threshold(client, coordinator, finland, estonia):
    question = QuestionFactory(kind="likert", text="Peer networks")
    respond(question.survey, {question: 4}, count=5, country=finland)
    respond(question.survey, {question: 1}, count=4, country=estonia)
    results = result_selectors.survey_results(question.survey, breakdown="country")
    lines = {line["group"].label: line for line in _item(results, question)["breakdown"]}
    assert lines["Estonia"]["hidden"] and "mean" not in lines["Estonia"]
    assert not lines["Finland"]["hidden"] and lines["Finland"]["mean"] == 4
    assert not any(key[3] == estonia.pk for key in results["breakdown"].cells)

    client.force_login(coordinator)
    page = client.get(
        reverse("surveys:results", args=[question.survey_id]), {"by": "country"}
    ).content.decode()
    assert "too few answers to show" in page
    assert "Estonia" in page and "Finland" in page


def test_breakdown_by_college_and_by_role(finland):
    question = QuestionFactory(kind="single", choices=["Yes", "No"])
    big, small = PartnerCollegeFactory(country=finland), PartnerCollegeFactory(country=finland)
    respond(question.survey, {question: 0}, count=5, college=big, role="mentor")
    respond(question.survey, {question: 1}, count=2, college=small, role="vet_leader")
    by_college = result_selectors.survey_results(question.survey, breakdown="college")
    lines = {line["group"].label: line for line in _item(by_college, question)["breakdown"]}
    assert lines[big.name]["cells"][0] == {"n": 5, "pct": 100.0}
    assert lines[small.name]["hidden"]
    by_role = result_selectors.survey_results(question.survey, breakdown="role")
    lines = {line["group"].label: line for line in _item(by_role, question)["breakdown"]}
    assert not lines["Mentor"]["hidden"] and lines["VET leader"]["hidden"]


def test_matrix_heat_map_is_rows_by_countries_with_small_countries_hidden(
    client, coordinator, finland, estonia
):
    question = QuestionFactory(
        kind="matrix", rows=["Contact person", "Study visits"], text="Mentor tasks in use"
    )
    respond(
        question.survey,
        {question: {"Contact person": 0, "Study visits": 2}},
        count=5,
        country=finland,
    )
    respond(question.survey, {question: {"Contact person": 3}}, count=2, country=estonia)
    heatmap = _item(result_selectors.survey_results(question.survey), question)["heatmap"]
    countries = [c.label for c in heatmap["countries"]]
    contact, visits = heatmap["rows"]
    finnish = contact["cells"][countries.index("Finland")]
    assert finnish["top"] == "In systematic use" and finnish["level"] == 0
    assert visits["cells"][countries.index("Finland")]["top"] == "Possible"
    assert contact["cells"][countries.index("Estonia")] == {"hidden": True}

    client.force_login(coordinator)
    page = client.get(reverse("surveys:results", args=[question.survey_id])).content.decode()
    assert 'class="heat-0"' in page
    assert "too few answers to show" in page


def test_round_over_round_comparison_shows_the_change_in_means(client, coordinator):
    first = QuestionFactory(kind="likert", key="peer-networks")
    respond(first.survey, {first: 2}, count=5)
    second_round = SurveyFactory(previous_round=first.survey, round_number=2)
    second = QuestionFactory(survey=second_round, kind="likert", key="peer-networks")
    respond(second_round, {second: 4}, count=3)
    respond(second_round, {second: 3}, count=2)
    item = _item(result_selectors.survey_results(second_round), second)
    assert item["previous_mean"] == 2
    assert item["change"] == pytest.approx(1.6)
    client.force_login(coordinator)
    page = client.get(reverse("surveys:results", args=[second_round.pk])).content.decode()
    assert "Mean in round 1" in page and "+1.60" in page


def test_free_text_answers_are_listed_without_names_when_anonymous(client, coordinator):
    question = QuestionFactory(kind="text", survey=SurveyFactory(is_anonymous=True))
    respond(question.survey, {question: "We meet at the multiplier event."}, count=5, invite=True)
    client.force_login(coordinator)
    page = client.get(reverse("surveys:results", args=[question.survey_id])).content.decode()
    assert "We meet at the multiplier event." in page
    assert "Maija" not in page and "@example.org" not in page.replace(coordinator.email, "")


def test_free_text_answers_show_names_when_the_survey_is_identified(client, coordinator):
    question = QuestionFactory(kind="text", survey=SurveyFactory(is_anonymous=False))
    respond(question.survey, {question: "Monthly meetings."}, count=5, invite=True)
    client.force_login(coordinator)
    page = client.get(reverse("surveys:results", args=[question.survey_id])).content.decode()
    assert "Monthly meetings." in page and "Maija Meikäläinen" in page


def test_results_page_passes_chart_data_by_json_script_without_inline_code(client, coordinator):
    question = QuestionFactory(kind="likert")
    respond(question.survey, {question: 3}, count=5)
    client.force_login(coordinator)
    page = client.get(reverse("surveys:results", args=[question.survey_id])).content.decode()
    assert f'<script id="chart-q{question.pk}" type="application/json">' in page
    assert "js/surveys.js" in page and "chart.umd.min.js" in page
    assert "style=" not in page and "onclick" not in page


@pytest.mark.parametrize("who", ["mentor", "teacher_educator"])
def test_results_and_exports_are_forbidden_to_other_roles(request, client, who):
    user = request.getfixturevalue(who)
    client.force_login(getattr(user, "user", user))
    survey = SurveyFactory()
    assert client.get(reverse("surveys:results", args=[survey.pk])).status_code == 403
    url = reverse("surveys:export", args=[survey.pk, "raw", "csv"])
    assert client.get(url).status_code == 403


def test_anonymous_is_sent_to_login_from_results(client):
    survey = SurveyFactory()
    for url in (
        reverse("surveys:results", args=[survey.pk]),
        reverse("surveys:export", args=[survey.pk, "summary", "xlsx"]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_steering_group_reads_results_but_cannot_build(client, steering):
    question = QuestionFactory(kind="likert")
    respond(question.survey, {question: 3}, count=5)
    client.force_login(steering)
    page = client.get(reverse("surveys:results", args=[question.survey_id]))
    assert page.status_code == 200
    detail = reverse("surveys:detail", args=[question.survey_id])
    assert f'href="{detail}"' not in page.content.decode()
    assert client.get(reverse("surveys:detail", args=[question.survey_id])).status_code == 403


def test_results_of_a_missing_survey_are_404(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("surveys:results", args=[987654])).status_code == 404
    assert client.get(reverse("surveys:export", args=[987654, "raw", "csv"])).status_code == 404


def test_unknown_export_kind_or_format_is_404(client, coordinator):
    survey = SurveyFactory()
    client.force_login(coordinator)
    assert client.get(reverse("surveys:export", args=[survey.pk, "all", "csv"])).status_code == 404
    assert client.get(reverse("surveys:export", args=[survey.pk, "raw", "pdf"])).status_code == 404


def _csv(response):
    return csv_rows(response)


def test_raw_export_is_anonymised(client, coordinator, finland, estonia):
    # Responses to another survey first, so response ids differ from the running numbers.
    other = QuestionFactory(kind="likert")
    respond(other.survey, {other: 1}, count=3)
    question = QuestionFactory(kind="likert", key="peer")
    text = QuestionFactory(survey=question.survey, kind="text", key="free", required=False)
    college = PartnerCollegeFactory(country=finland, name="Stadin ammatti- ja aikuisopisto")
    finns = respond(
        question.survey, {question: 4, text: "Fine"}, count=5, college=college, invite=True
    )
    respond(
        question.survey, {question: 2}, count=1, country=estonia, role="vet_leader", invite=True
    )
    client.force_login(coordinator)
    rows = _csv(
        through_job(client, reverse("surveys:export", args=[question.survey_id, "raw", "csv"]))
    )
    header, body = rows[0], rows[1:]
    assert header[:4] == ["Respondent", "Role", "Country", "College"]
    assert {row[0] for row in body} == {"1", "2", "3", "4", "5", "6"}
    assert str(max(r.pk for r in finns)) not in {row[0] for row in body}
    finnish = [row for row in body if row[2] == "Finland"]
    assert finnish and all(row[3] == college.name and row[1] == "mentor" for row in finnish)
    estonian = [row for row in body if row[7] == "2"]
    assert estonian == [["6", "", "", "", "peer", question.text, "", "2", "Disagree", ""]]
    flat = "\n".join(",".join(row) for row in rows)
    assert "@example.org" not in flat and "Maija" not in flat


def test_raw_and_summary_exports_as_xlsx(client, coordinator):
    question = QuestionFactory(kind="likert", key="peer")
    respond(question.survey, {question: 5}, count=5)
    client.force_login(coordinator)
    for kind in ("raw", "summary"):
        response = through_job(
            client, reverse("surveys:export", args=[question.survey_id, kind, "xlsx"])
        )
        sheet = data_sheet(response)
        values = list(sheet.values)
        assert values[0][0] in ("Respondent", "Question key")
        assert len(values) > 1


def test_summary_export_has_counts_percent_and_mean(client, coordinator):
    question = QuestionFactory(kind="likert", key="peer")
    respond(question.survey, {question: 4}, count=5)
    client.force_login(coordinator)
    rows = _csv(
        through_job(client, reverse("surveys:export", args=[question.survey_id, "summary", "csv"]))
    )
    agree = next(row for row in rows if row[3] == "Agree")
    assert agree[:2] == ["peer", question.text]
    assert agree[4:7] == ["5", "100.0", "4.0"]


def _twenty_question_survey(finland, estonia):
    survey = SurveyFactory()
    kinds = itertools.cycle(["likert", "likert", "single", "multiple", "matrix", "text"])
    questions = []
    for index in range(20):
        kind = next(kinds)
        questions.append(
            QuestionFactory(
                survey=survey,
                kind=kind,
                position=index,
                choices=["A", "B", "C"] if kind in ("single", "multiple") else [],
                rows=["Contact person", "Study visits"] if kind == "matrix" else [],
            )
        )
    answers = {}
    for question in questions:
        answers[question] = {
            "likert": 4,
            "single": 1,
            "multiple": [0, 2],
            "matrix": {"Contact person": 0, "Study visits": 3},
            "text": "Useful",
        }[question.kind]
    return survey, answers


@pytest.mark.parametrize("by", ["", "country", "college", "role"])
def test_results_page_makes_the_same_number_of_queries_for_10_and_300_responses(
    client, coordinator, finland, estonia, django_assert_num_queries, by
):
    survey, answers = _twenty_question_survey(finland, estonia)
    previous = SurveyFactory()
    survey.previous_round = previous
    survey.save()
    colleges = [PartnerCollegeFactory(country=finland), PartnerCollegeFactory(country=estonia)]
    for college in colleges:
        respond(survey, answers, count=5, college=college)
    client.force_login(coordinator)
    url = reverse("surveys:results", args=[survey.pk])
    params = {"by": by} if by else {}
    client.get(url, params)  # warm up the session
    respond(survey, answers, count=1, college=colleges[0])  # the results kept are stale now
    with CaptureQueriesContext(connection) as few:
        assert client.get(url, params).status_code == 200
    for college in colleges:
        respond(survey, answers, count=145, college=college)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url, params)
    assert response.status_code == 200
    assert "301 submitted responses" in response.content.decode()
    # Read again with no write between: the results kept, no tally read.
    with CaptureQueriesContext(connection) as again:
        assert "301 submitted responses" in client.get(url, params).content.decode()
    assert len(again.captured_queries) < len(few.captured_queries)
    assert not any("tally" in query["sql"] for query in again.captured_queries)


def test_raw_export_is_empty_below_the_threshold(client, coordinator):
    question = QuestionFactory(kind="likert", key="peer")
    respond(question.survey, {question: 5}, count=4)
    client.force_login(coordinator)
    rows = _csv(
        through_job(client, reverse("surveys:export", args=[question.survey_id, "raw", "csv"]))
    )
    assert len(rows) == 1 and rows[0][0] == "Respondent"


def test_exports_neutralise_formulas_typed_by_respondents(client, coordinator):
    question = QuestionFactory(kind="text", key="free")
    respond(question.survey, {question: '=HYPERLINK("http://evil.example")'}, count=5)
    client.force_login(coordinator)
    rows = _csv(
        through_job(client, reverse("surveys:export", args=[question.survey_id, "raw", "csv"]))
    )
    assert rows[1][9] == '\'=HYPERLINK("http://evil.example")'
    response = through_job(
        client, reverse("surveys:export", args=[question.survey_id, "raw", "xlsx"])
    )
    cell = data_sheet(response).cell(row=2, column=10)
    assert cell.value == '\'=HYPERLINK("http://evil.example")' and cell.data_type == "s"


@pytest.mark.parametrize(
    ("by", "scoped", "queries"),
    [
        # groups, sections, questions, answer tallies, question tallies, previous round,
        # the free-text question's latest answers, the countries' names and counts (matrix)
        (None, False, 9),
        ("country", False, 9),
        ("role", False, 10),  # and the roles' counts; roles need no names
        ("college", True, 11),  # and the colleges' names and counts
    ],
)
def test_results_read_the_rollups_in_a_fixed_number_of_queries(
    finland, estonia, django_assert_num_queries, by, scoped, queries
):
    previous = SurveyFactory()
    QuestionFactory(survey=previous, kind="likert", key="peer")
    survey = SurveyFactory(previous_round=previous, round_number=2)
    likert = QuestionFactory(survey=survey, kind="likert", key="peer")
    multiple = QuestionFactory(survey=survey, kind="multiple", choices=["A", "B", "C"])
    matrix = QuestionFactory(survey=survey, kind="matrix", rows=["Contact person"])
    text = QuestionFactory(survey=survey, kind="text", required=False)
    colleges = [PartnerCollegeFactory(country=finland), PartnerCollegeFactory(country=estonia)]
    answers = {likert: 4, multiple: [0, 2], matrix: {"Contact person": 1}, text: "Useful"}
    survey = Survey.objects.select_related("previous_round").get(pk=survey.pk)
    college_ids = [colleges[0].pk] if scoped else None

    def results():
        with django_assert_num_queries(queries):
            return result_selectors.survey_results(survey, breakdown=by, college_ids=college_ids)

    for college in colleges:
        respond(survey, answers, count=5, college=college)
    assert _item(results(), likert)["answered"] == (5 if scoped else 10)
    for college in colleges:
        respond(survey, answers, count=200, college=college, role="vet_leader")
    many = results()
    assert _item(many, likert)["answered"] == (205 if scoped else 410)
    assert _item(many, multiple)["options"][2]["n"] == (205 if scoped else 410)


def test_the_results_kept_show_a_forgotten_invitee_no_more_at_once(client, coordinator):
    """The results are kept between writes (surveys.selectors.results.kept_survey_results);
    a person forgotten (their invitations and answers changed in bulk) is gone from the next
    read, not minutes later."""
    question = QuestionFactory(kind="text", survey=SurveyFactory(is_anonymous=False))
    respond(question.survey, {question: "Monthly meetings."}, count=5, invite=True)
    person = UserFactory()
    Invitation.objects.filter(survey=question.survey).update(user=person)
    client.force_login(coordinator)
    url = reverse("surveys:results", args=[question.survey_id])
    assert "Maija Meikäläinen" in client.get(url).content.decode()  # kept now
    services.forget_invitee(user=person)
    page = client.get(url).content.decode()
    assert "Monthly meetings." in page and "Maija Meikäläinen" not in page


@pytest.mark.parametrize("move", ["question", "section"])
def test_moving_a_question_or_section_makes_the_results_kept_stale(move):
    """Moves are written in bulk (no row saved one by one): they say so."""
    survey = SurveyFactory()
    section = SurveySectionFactory(survey=survey)
    SurveySectionFactory(survey=survey)
    first = QuestionFactory(survey=survey, section=section)
    QuestionFactory(survey=survey, section=section)
    before = versions.read((result_selectors.RESULTS_DOMAIN,))
    if move == "question":
        services.move_question(question=first, direction="down")
    else:
        services.move_section(section=section, direction="down")
    assert versions.read((result_selectors.RESULTS_DOMAIN,)) > before


def test_inviting_people_makes_the_surveys_figures_stale():
    """Invitations are written in bulk: the response rates (the dashboard's) count them."""
    survey = SurveyFactory()
    before = versions.read((result_selectors.RESULTS_DOMAIN,))
    invited = services.send_invitations(
        survey=survey, extra_people=[services.Invitee(email="new@example.org", role="mentor")]
    )
    assert invited == 1
    assert versions.read((result_selectors.RESULTS_DOMAIN,)) > before


def test_the_results_page_is_kept_per_breakdown_and_a_write_shows_at_once(
    client, coordinator, finland, django_assert_max_num_queries
):
    """The page's body is kept beside the results (result_selectors.kept_results_page): read
    again, it reads no tally; kept apart per breakdown; an answer added shows on the next read."""
    question = QuestionFactory(kind="likert", text="Peer networks")
    respond(question.survey, {question: 4}, count=5, country=finland)
    client.force_login(coordinator)
    url = reverse("surveys:results", args=[question.survey_id])
    first = client.get(url).content.decode()
    with django_assert_max_num_queries(4):  # session, user, survey, roles
        again = client.get(url)
    assert "questions" not in again.context["results"]  # the body as kept
    assert "By country" not in first and "5 submitted responses" in again.content.decode()
    assert "By country" in client.get(url, {"by": "country"}).content.decode()
    respond(question.survey, {question: 2}, count=1, country=finland)
    after = client.get(url).content.decode()
    assert "6 submitted responses" in after and "By country" not in after
