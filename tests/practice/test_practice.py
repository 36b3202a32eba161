"""The state of the art (issue 23 item 5): dated assessments per country and college, the
comparison with what changed in a year, the edit page, the survey's proposal accepted per cell,
the API."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentors.models import MentorTask
from practice import selectors, services
from practice.models import Level, TaskPractice
from surveys.models import DEFAULT_MATRIX_COLUMNS, Question
from tests.factories import (
    CountryFactory,
    PartnerCollegeFactory,
    QuestionFactory,
    SurveyFactory,
    college_coordinator_for,
)
from tests.surveys.test_results import respond

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 11, 25)


@pytest.fixture
def finland():
    return CountryFactory(code="FI", name="Finland")


@pytest.fixture
def estonia():
    return CountryFactory(code="EE", name="Estonia")


def task(number: int) -> MentorTask:
    return MentorTask.objects.get(number=number)


def record(country, number, level, *, on, extra=False, note="", college=None, by=None):
    return services.record_task_practice(
        country=country,
        college=college,
        task=task(number),
        level=level,
        needs_extra_resources=extra,
        note=note,
        valid_from=on,
        recorded_by=by,
    )


def test_each_assessment_is_kept_as_history_and_the_state_is_the_latest(finland):
    record(finland, 4, Level.OCCASIONAL, on=datetime.date(2025, 1, 10), extra=True)
    record(finland, 4, Level.SYSTEMATIC, on=datetime.date(2026, 3, 1))
    records = TaskPractice.objects.filter(country=finland)
    assert records.count() == 2
    key = (finland.pk, None, task(4).pk)
    assert selectors.state_on(records, datetime.date(2025, 12, 31))[key].level == Level.OCCASIONAL
    assert selectors.state_on(records, DAY)[key].level == Level.SYSTEMATIC
    assert key not in selectors.state_on(records, datetime.date(2024, 12, 31))


def test_the_same_state_writes_nothing_and_the_same_day_replaces(finland):
    first = record(finland, 1, Level.POSSIBLE, on=DAY, note="Considered possible.")
    assert record(finland, 1, Level.POSSIBLE, on=DAY, note="Considered possible.") is None
    again = record(finland, 1, Level.OCCASIONAL, on=DAY, note="Considered possible.")
    assert again.pk == first.pk
    assert TaskPractice.objects.get().level == Level.OCCASIONAL


def test_a_college_must_be_in_the_country_and_the_level_must_be_known(finland, estonia):
    tallinn = PartnerCollegeFactory(country=estonia)
    with pytest.raises(ValidationError):
        record(finland, 1, Level.POSSIBLE, on=DAY, college=tallinn)
    with pytest.raises(ValidationError):
        record(finland, 1, "sometimes", on=DAY)
    assert record(estonia, 1, Level.POSSIBLE, on=DAY, college=tallinn).college == tallinn


def test_the_comparison_shows_every_task_per_country_and_what_changed_in_a_year(finland, estonia):
    record(finland, 3, Level.OCCASIONAL, on=datetime.date(2024, 6, 7))
    record(finland, 3, Level.SYSTEMATIC, on=datetime.date(2026, 8, 24))
    record(estonia, 3, Level.OCCASIONAL, on=datetime.date(2024, 6, 7))
    record(estonia, 5, Level.POSSIBLE, on=datetime.date(2026, 1, 5), extra=True)
    comparison = selectors.country_comparison(today=DAY)
    assert [c.name for c in comparison["countries"]] == ["Estonia", "Finland"]
    assert [row["task"].number for row in comparison["rows"]] == list(range(1, 9))
    task3 = comparison["rows"][2]["cells"]
    assert [cell.label for cell in task3] == ["Occasional", "In systematic use"]
    assert [cell.changed for cell in task3] == [False, True]
    assert task3[1].before_label == "Occasional"
    changes = {(c["country"].code, c["task"].number) for c in comparison["changes"]}
    assert changes == {("FI", 3), ("EE", 5)}
    assert comparison["rows"][4]["cells"][0].extra
    assert comparison["rows"][0]["cells"][0].label == "Not recorded"


def test_the_comparison_page_is_a_labelled_heat_map_with_a_table(client, steering, finland):
    record(finland, 2, Level.SYSTEMATIC, on=DAY - datetime.timedelta(days=3), extra=True)
    client.force_login(steering)
    page = client.get(reverse("practice:overview")).content.decode()
    assert 'class="practice-systematic">In systematic use' in page
    assert "Needs extra resources" in page
    assert "The same as a table" in page
    assert "What changed since last year" in page
    assert reverse("practice:edit", args=[finland.pk]) not in page  # steering reads only


def test_a_coordinator_records_a_country_s_tasks_from_the_edit_page(client, coordinator, finland):
    record(finland, 1, Level.POSSIBLE, on=datetime.date(2024, 6, 7), note="Considered possible.")
    client.force_login(coordinator)
    url = reverse("practice:edit", args=[finland.pk])
    form = client.get(url)
    assert form.context["form"][f"level_{task(1).pk}"].value() == Level.POSSIBLE
    data = {"valid_from": "1.9.2026", f"level_{task(1).pk}": Level.SYSTEMATIC}
    data[f"note_{task(1).pk}"] = "Formal structures now."
    data[f"level_{task(4).pk}"] = Level.OCCASIONAL
    data[f"extra_{task(4).pk}"] = "on"
    response = client.post(url, data)
    assert response.status_code == 302
    history = list(TaskPractice.objects.filter(task=task(1)).order_by("valid_from"))
    assert [(r.level, r.valid_from) for r in history] == [
        (Level.POSSIBLE, datetime.date(2024, 6, 7)),
        (Level.SYSTEMATIC, datetime.date(2026, 9, 1)),
    ]
    assert history[1].recorded_by == coordinator
    assert TaskPractice.objects.get(task=task(4)).needs_extra_resources
    assert TaskPractice.objects.count() == 3  # the six tasks left unassessed wrote nothing
    detail = client.get(reverse("practice:country", args=[finland.pk])).content.decode()
    assert "Formal structures now." in detail and "Considered possible." in detail


def test_a_college_s_own_assessment_is_edited_and_shown_apart(client, coordinator, finland):
    college = PartnerCollegeFactory(country=finland, name="Varia")
    client.force_login(coordinator)
    url = reverse("practice:edit", args=[finland.pk])
    client.post(
        url,
        {"college": college.pk, "valid_from": "1.9.2026", f"level_{task(6).pk}": Level.NOT_IN_USE},
    )
    saved = TaskPractice.objects.get()
    assert saved.college == college and saved.level == Level.NOT_IN_USE
    assert selectors.country_comparison(today=DAY)["countries"] == []  # countries only
    detail = client.get(reverse("practice:country", args=[finland.pk])).content.decode()
    assert "Varia" in detail and "Not in use" in detail
    other = PartnerCollegeFactory(country=CountryFactory(code="EE", name="Estonia"))
    assert client.get(url, {"college": other.pk}).status_code == 404


def test_college_coordinators_read_but_cannot_write(client, finland):
    reader = college_coordinator_for(PartnerCollegeFactory(country=finland))
    client.force_login(reader)
    assert client.get(reverse("practice:overview")).status_code == 200
    url = reverse("practice:edit", args=[finland.pk])
    assert (
        client.post(url, {"valid_from": "1.9.2026", f"level_{task(1).pk}": "possible"}).status_code
        == 403
    )
    assert client.post(reverse("practice:proposal"), {"question": 1}).status_code == 403
    assert not TaskPractice.objects.exists()


def matrix_round(finland, estonia, *, finland_answers, estonia_count=5):
    """A task-matrix round: rows are "N. description", as the demo asks them."""
    survey = SurveyFactory(title="Mentor tasks")
    rows = [f"{t.number}. {t.description}" for t in MentorTask.objects.order_by("number")]
    question = QuestionFactory(
        survey=survey,
        key="task-use",
        kind=Question.Kind.MATRIX,
        rows=rows,
        columns=list(DEFAULT_MATRIX_COLUMNS),
    )
    for column, count in finland_answers:
        respond(
            survey,
            {question: {rows[0][:120]: column, rows[2][:120]: 1}},
            count=count,
            country=finland,
        )
    respond(survey, {question: {rows[0][:120]: 3}}, count=estonia_count, country=estonia)
    return question


def test_the_survey_proposes_the_most_common_answer_per_country_above_the_threshold(
    finland, estonia
):
    record(finland, 3, Level.OCCASIONAL, on=datetime.date(2024, 6, 7))
    question = matrix_round(finland, estonia, finland_answers=[(0, 4), (2, 2)], estonia_count=4)
    proposal = selectors.survey_proposal(today=DAY)
    assert proposal["question"] == question
    cells = {(c["country"].code, c["task"].number): c for c in proposal["cells"]}
    # Estonia's four respondents are under the threshold of five: it proposes nothing.
    assert set(cells) == {("FI", 1), ("FI", 3)}
    assert cells["FI", 1]["level"] == Level.SYSTEMATIC and cells["FI", 1]["share"] == 67
    assert cells["FI", 1]["differs"]
    assert cells["FI", 3]["level"] == Level.OCCASIONAL and not cells["FI", 3]["differs"]


def test_a_coordinator_accepts_the_proposal_cell_by_cell(client, coordinator, finland, estonia):
    question = matrix_round(finland, estonia, finland_answers=[(0, 6)])
    client.force_login(coordinator)
    page = client.get(reverse("practice:proposal")).content.decode()
    assert f'value="{finland.pk}-{task(1).pk}"' in page
    assert f'value="{estonia.pk}-{task(1).pk}"' in page
    response = client.post(
        reverse("practice:proposal"),
        {"question": question.pk, "cell": [f"{finland.pk}-{task(1).pk}", "999-1"]},
    )
    assert response.status_code == 302
    accepted = TaskPractice.objects.get()
    assert (accepted.country, accepted.task.number, accepted.level) == (finland, 1, "systematic")
    assert accepted.source == TaskPractice.Source.SURVEY and accepted.survey == question.survey
    assert accepted.recorded_by == coordinator


def test_the_proposal_page_reads_a_fixed_number_of_queries(client, coordinator, finland, estonia):
    matrix_round(finland, estonia, finland_answers=[(0, 6)])
    client.force_login(coordinator)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("practice:proposal"))
    for code, name in [("NL", "Netherlands"), ("DE", "Germany"), ("SE", "Sweden")]:
        matrix_round(CountryFactory(code=code, name=name), estonia, finland_answers=[(1, 5)])
    with CaptureQueriesContext(connection) as more:
        client.get(reverse("practice:proposal"))
    assert len(more.captured_queries) == len(few.captured_queries) <= 12


def test_the_api_gives_the_tasks_per_country_with_a_year_before(client, steering, finland):
    record(finland, 5, Level.POSSIBLE, on=datetime.date(2024, 6, 7), extra=True)
    record(finland, 5, Level.OCCASIONAL, on=datetime.date(2026, 6, 1), extra=True)
    client.force_login(steering)
    body = client.get(reverse("api-task-practice"), {"on": "2026-11-25"}).json()
    assert body["a_year_before"] == "2025-11-25"
    assert [t["number"] for t in body["tasks"]] == list(range(1, 9))
    (country,) = body["countries"]
    cell = country["tasks"][4]
    assert cell == {
        "task": 5,
        "level": "occasional",
        "needs_extra_resources": True,
        "note": "",
        "valid_from": "2026-06-01",
        "level_a_year_before": "possible",
        "changed": True,
    }
    assert country["tasks"][0]["level"] is None
    schema = client.get(reverse("api-schema"), {"format": "json"}).json()
    assert "/api/v1/reports/task-practice/" in schema["paths"]


def test_the_comparison_page_reads_a_fixed_number_of_queries(client, steering, finland, estonia):
    record(finland, 1, Level.POSSIBLE, on=DAY)
    client.force_login(steering)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("practice:overview"))
    for number in range(1, 9):
        for day in (datetime.date(2024, 1, 1), datetime.date(2025, 1, 1), DAY):
            record(estonia, number, Level.OCCASIONAL if day.year % 2 else Level.POSSIBLE, on=day)
    with CaptureQueriesContext(connection) as more:
        client.get(reverse("practice:overview"))
    assert len(more.captured_queries) == len(few.captured_queries) <= 10


def test_a_year_before_the_29th_of_february_and_the_first_day_there_is():
    assert selectors.one_year_before(datetime.date(2028, 2, 29)) == datetime.date(2027, 2, 28)
    assert selectors.one_year_before(datetime.date(1, 6, 1)) == datetime.date.min


def test_a_mangled_college_in_the_edit_link_is_not_found(client, coordinator, finland):
    client.force_login(coordinator)
    url = reverse("practice:edit", args=[finland.pk])
    assert client.get(url, {"college": "abc"}).status_code == 404
    assert client.get(url, {"college": "²"}).status_code == 404  # a digit, but not a number
    assert client.get(url, {"college": "999999"}).status_code == 404
