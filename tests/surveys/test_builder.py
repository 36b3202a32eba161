import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from surveys.models import Question, Section, Survey
from tests.factories import (
    CountryFactory,
    MentorTaskFactory,
    PartnerCollegeFactory,
    QuestionFactory,
    SurveyFactory,
    SurveyResponseFactory,
    SurveySectionFactory,
)

pytestmark = pytest.mark.django_db


def _survey_data(**overrides):
    data = {
        "title": "State of networking",
        "description": "How networked are we?",
        "audience_roles": ["mentor", "vet_leader"],
        "opens_at": "2026-12-01T09:00",
        "closes_at": "2026-12-31T16:00",
        "is_anonymous": "on",
        "reminder_days": "7, 14",
    }
    data.update(overrides)
    return data


BUILDER_GETS = [
    ("surveys:create", False),
    ("surveys:detail", True),
    ("surveys:edit", True),
    ("surveys:preview", True),
    ("surveys:new_round", True),
    ("surveys:question_create", True),
    ("surveys:section_create", True),
]


@pytest.mark.parametrize(("name", "needs_survey"), BUILDER_GETS)
def test_anonymous_is_sent_to_login_from_builder_pages(client, name, needs_survey):
    args = [SurveyFactory().pk] if needs_survey else []
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(("name", "needs_survey"), BUILDER_GETS)
@pytest.mark.parametrize("who", ["mentor", "teacher_educator", "steering", "college_coordinator"])
def test_other_roles_get_403_on_builder_pages(request, client, name, needs_survey, who):
    user = request.getfixturevalue(who)
    user = getattr(user, "user", user)
    client.force_login(user)
    args = [SurveyFactory().pk] if needs_survey else []
    assert client.get(reverse(name, args=args)).status_code == 403


@pytest.mark.parametrize(("name", "needs_survey"), BUILDER_GETS)
def test_coordinator_opens_every_builder_page(client, coordinator, name, needs_survey):
    client.force_login(coordinator)
    args = [SurveyFactory().pk] if needs_survey else []
    assert client.get(reverse(name, args=args)).status_code == 200


def test_builder_page_of_missing_survey_is_404(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("surveys:detail", args=[999999])).status_code == 404


def test_mentor_cannot_post_a_question(client, mentor):
    survey = SurveyFactory()
    client.force_login(mentor.user)
    response = client.post(
        reverse("surveys:question_create", args=[survey.pk]), {"kind": "likert", "text": "Hi"}
    )
    assert response.status_code == 403
    assert not survey.questions.exists()


def test_survey_list_shows_surveys_to_coordinator_and_steering(client, coordinator, steering):
    SurveyFactory(title="State of networking")
    for user in (coordinator, steering):
        client.force_login(user)
        response = client.get(reverse("surveys:list"))
        assert response.status_code == 200
        assert "State of networking" in response.content.decode()


def test_survey_list_is_forbidden_to_mentors(client, mentor):
    client.force_login(mentor.user)
    assert client.get(reverse("surveys:list")).status_code == 403


def test_survey_list_search_filters_by_title(client, coordinator):
    SurveyFactory(title="State of networking")
    SurveyFactory(title="Mentor tasks")
    client.force_login(coordinator)
    content = client.get(reverse("surveys:list"), {"q": "tasks"}).content.decode()
    assert "Mentor tasks" in content and "State of networking" not in content


def test_surveys_nav_entry_is_shown_to_coordinators_and_steering_only(client, coordinator, mentor):
    client.force_login(coordinator)
    assert reverse("surveys:list") in client.get(reverse("home")).content.decode()
    client.force_login(mentor.user)
    assert reverse("surveys:list") not in client.get(reverse("home")).content.decode()


def test_coordinator_creates_a_survey_with_audience_and_reminders(client, coordinator):
    college = PartnerCollegeFactory()
    country = CountryFactory()
    client.force_login(coordinator)
    response = client.post(
        reverse("surveys:create"),
        _survey_data(audience_colleges=[college.pk], audience_countries=[country.pk]),
    )
    survey = Survey.objects.get()
    assert response.status_code == 302
    assert survey.audience_roles == ["mentor", "vet_leader"]
    assert survey.reminder_days == [7, 14]
    assert list(survey.audience_colleges.all()) == [college]
    assert survey.created_by == coordinator
    assert survey.is_anonymous


def test_survey_must_close_after_it_opens(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("surveys:create"), _survey_data(closes_at="2026-11-01T09:00"))
    assert response.status_code == 200
    assert "The survey must close after it opens." in response.content.decode()
    assert not Survey.objects.exists()


def test_bad_reminder_days_are_refused(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("surveys:create"), _survey_data(reminder_days="soon"))
    assert "Give whole numbers of days" in response.content.decode()
    assert not Survey.objects.exists()


@pytest.mark.parametrize(
    ("kind", "extra", "expected"),
    [
        ("likert", {}, {"choices": [], "rows": []}),
        ("single", {"choices": "Yes\nNo\n"}, {"choices": ["Yes", "No"]}),
        ("multiple", {"choices": "A\nB\nC"}, {"choices": ["A", "B", "C"]}),
        ("text", {}, {"choices": []}),
        (
            "matrix",
            {"rows": "Contact person\nStudy visits", "columns": "Yes\nNo"},
            {"rows": ["Contact person", "Study visits"], "columns": ["Yes", "No"]},
        ),
    ],
)
def test_coordinator_adds_questions_of_every_kind(client, coordinator, kind, extra, expected):
    survey = SurveyFactory()
    client.force_login(coordinator)
    data = {"kind": kind, "text": "Vocational teachers have peer networks", "required": "on"}
    response = client.post(reverse("surveys:question_create", args=[survey.pk]), {**data, **extra})
    assert response.status_code == 302
    question = survey.questions.get()
    assert question.kind == kind
    assert question.key == "vocational-teachers-have-peer-networks"
    assert question.required
    for field, value in expected.items():
        assert getattr(question, field) == value


def test_matrix_columns_default_to_the_usage_scale(client, coordinator):
    survey = SurveyFactory()
    client.force_login(coordinator)
    page = client.get(reverse("surveys:question_create", args=[survey.pk])).content.decode()
    assert "In systematic use\nOccasional\nPossible\nNot in use" in page


def test_choice_question_needs_two_choices(client, coordinator):
    survey = SurveyFactory()
    client.force_login(coordinator)
    response = client.post(
        reverse("surveys:question_create", args=[survey.pk]),
        {"kind": "single", "text": "Pick one", "choices": "Only"},
    )
    assert "Give at least two choices" in response.content.decode()
    assert not survey.questions.exists()


def test_question_key_must_be_unique_in_the_survey(client, coordinator):
    question = QuestionFactory(key="peer-networks")
    client.force_login(coordinator)
    response = client.post(
        reverse("surveys:question_create", args=[question.survey_id]),
        {"kind": "likert", "text": "Another", "key": "peer-networks"},
    )
    assert "Another question of this survey has this key." in response.content.decode()
    assert question.survey.questions.count() == 1


def test_use_the_mentor_tasks_fills_matrix_rows_without_saving(client, coordinator):
    MentorTaskFactory(number=9, name="Mentoring new mentors")  # the catalogue, not only 1-8
    survey = SurveyFactory()
    client.force_login(coordinator)
    response = client.post(
        reverse("surveys:question_create", args=[survey.pk]),
        {"kind": "likert", "text": "Mentor tasks in use", "use_mentor_tasks": "1"},
    )
    assert response.status_code == 200
    rows = response.context["form"].initial["rows"].splitlines()
    assert len(rows) == 9  # the eight migrated tasks and task 9, by number
    assert rows[:2] == ["Contact person & recruitment", "Coordinating teacher students' training"]
    assert rows[-1] == "Mentoring new mentors"
    assert escape("\n".join(rows)) in response.content.decode()
    assert not survey.questions.exists()


def test_questions_move_up_and_down_within_their_section(client, coordinator):
    survey = SurveyFactory()
    first, second, third = (QuestionFactory(survey=survey, position=i) for i in range(3))
    client.force_login(coordinator)
    client.post(reverse("surveys:question_move", args=[survey.pk, third.pk, "up"]))
    order = list(survey.questions.order_by("position").values_list("pk", flat=True))
    assert order == [first.pk, third.pk, second.pk]
    client.post(reverse("surveys:question_move", args=[survey.pk, first.pk, "down"]))
    order = list(survey.questions.order_by("position").values_list("pk", flat=True))
    assert order == [third.pk, first.pk, second.pk]


def test_move_needs_post_and_a_direction(client, coordinator):
    question = QuestionFactory()
    client.force_login(coordinator)
    url = reverse("surveys:question_move", args=[question.survey_id, question.pk, "up"])
    assert client.get(url).status_code == 405
    bad = reverse("surveys:question_move", args=[question.survey_id, question.pk, "sideways"])
    assert client.post(bad).status_code == 404


def test_question_of_another_survey_is_404(client, coordinator):
    question = QuestionFactory()
    other = SurveyFactory()
    client.force_login(coordinator)
    url = reverse("surveys:question_edit", args=[other.pk, question.pk])
    assert client.get(url).status_code == 404


def test_sections_are_created_renamed_moved_and_deleted(client, coordinator):
    survey = SurveyFactory()
    client.force_login(coordinator)
    client.post(reverse("surveys:section_create", args=[survey.pk]), {"title": "Networks"})
    client.post(reverse("surveys:section_create", args=[survey.pk]), {"title": "Tasks"})
    networks, tasks = Section.objects.filter(survey=survey).order_by("position")
    client.post(reverse("surveys:section_move", args=[survey.pk, tasks.pk, "up"]))
    assert list(survey.sections.order_by("position").values_list("title", flat=True)) == [
        "Tasks",
        "Networks",
    ]
    client.post(
        reverse("surveys:section_edit", args=[survey.pk, tasks.pk]), {"title": "Mentor tasks"}
    )
    tasks.refresh_from_db()
    assert tasks.title == "Mentor tasks"
    question = QuestionFactory(survey=survey, section=tasks)
    client.post(reverse("surveys:section_delete", args=[survey.pk, tasks.pk]))
    question.refresh_from_db()
    assert question.section is None and not Section.objects.filter(pk=tasks.pk).exists()


def test_questions_are_locked_once_the_survey_has_a_response(client, coordinator):
    question = QuestionFactory(text="Original")
    survey = question.survey
    SurveyResponseFactory(survey=survey, submitted_at=None)
    client.force_login(coordinator)

    edit = client.post(
        reverse("surveys:question_edit", args=[survey.pk, question.pk]),
        {"kind": "likert", "text": "Changed"},
        follow=True,
    )
    assert "Duplicate it as a new round" in edit.content.decode()
    add = client.post(
        reverse("surveys:question_create", args=[survey.pk]), {"kind": "likert", "text": "New"}
    )
    assert add.status_code == 302
    client.post(reverse("surveys:question_delete", args=[survey.pk, question.pk]))
    client.post(reverse("surveys:section_create", args=[survey.pk]), {"title": "New"})
    question.refresh_from_db()
    assert question.text == "Original"
    assert survey.questions.count() == 1
    assert not survey.sections.exists()


def test_anonymity_is_locked_after_the_first_response(client, coordinator):
    survey = SurveyFactory(is_anonymous=True)
    SurveyResponseFactory(survey=survey)
    client.force_login(coordinator)
    data = _survey_data(title="Renamed")
    data.pop("is_anonymous")
    response = client.post(reverse("surveys:edit", args=[survey.pk]), data)
    assert response.status_code == 302
    survey.refresh_from_db()
    assert survey.title == "Renamed"
    assert survey.is_anonymous


def test_anonymity_can_change_before_any_response(client, coordinator):
    survey = SurveyFactory(is_anonymous=True)
    client.force_login(coordinator)
    data = _survey_data()
    data.pop("is_anonymous")
    client.post(reverse("surveys:edit", args=[survey.pk]), data)
    survey.refresh_from_db()
    assert not survey.is_anonymous


def test_preview_shows_the_questions_without_a_way_to_save(client, coordinator):
    question = QuestionFactory(text="Vocational teachers have peer networks")
    matrix = QuestionFactory(
        survey=question.survey, kind="matrix", rows=["Study visits"], text="Tasks in use"
    )
    client.force_login(coordinator)
    response = client.get(reverse("surveys:preview", args=[question.survey_id]))
    content = response.content.decode()
    assert question.text in content and "Study visits" in content and matrix.text in content
    assert "Strongly agree" in content
    assert "disabled" in content
    assert 'name="action"' not in content


def test_duplicate_as_new_round_copies_sections_and_questions_with_the_same_keys(
    client, coordinator
):
    survey = SurveyFactory(round_number=1, reminder_days=[5])
    section = SurveySectionFactory(survey=survey, title="Networks")
    QuestionFactory(survey=survey, section=section, key="peer-networks")
    QuestionFactory(survey=survey, key="tasks", kind="matrix", rows=["Study visits"])
    SurveyResponseFactory(survey=survey)
    client.force_login(coordinator)
    response = client.post(
        reverse("surveys:new_round", args=[survey.pk]),
        {"opens_at": "2027-03-01T09:00", "closes_at": "2027-03-31T16:00"},
    )
    new = Survey.objects.exclude(pk=survey.pk).get()
    assert response.status_code == 302
    assert new.round_number == 2 and new.previous_round == survey
    assert new.opens_at == timezone.make_aware(datetime.datetime(2027, 3, 1, 9, 0))
    assert new.reminder_days == [5]
    assert set(new.questions.values_list("key", flat=True)) == {"peer-networks", "tasks"}
    copied = new.questions.get(key="peer-networks")
    assert copied.section.title == "Networks" and copied.section.survey == new
    assert new.questions.get(key="tasks").rows == ["Study visits"]
    assert not new.responses.exists()
    assert Question.objects.filter(survey=survey).count() == 2


def _post_views(survey, section, question):
    return [
        reverse("surveys:invite", args=[survey.pk]),
        reverse("surveys:section_delete", args=[survey.pk, section.pk]),
        reverse("surveys:section_move", args=[survey.pk, section.pk, "up"]),
        reverse("surveys:question_delete", args=[survey.pk, question.pk]),
        reverse("surveys:question_move", args=[survey.pk, question.pk, "down"]),
    ]


@pytest.mark.parametrize("index", range(5))
def test_post_only_builder_actions_check_login_role_and_method(
    client, coordinator, steering, mentor, teacher_educator, index
):
    survey = SurveyFactory()
    section = SurveySectionFactory(survey=survey)
    question = QuestionFactory(survey=survey, section=section)
    url = _post_views(survey, section, question)[index]
    response = client.post(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    for user in (steering, mentor.user, teacher_educator):
        client.force_login(user)
        assert client.post(url).status_code == 403
    client.force_login(coordinator)
    assert client.get(url).status_code == 405
    assert Section.objects.filter(pk=section.pk).exists()
    assert Question.objects.filter(pk=question.pk).exists()


def test_builder_actions_on_another_surveys_section_are_404(client, coordinator):
    section = SurveySectionFactory()
    other = SurveyFactory()
    client.force_login(coordinator)
    assert (
        client.post(reverse("surveys:section_delete", args=[other.pk, section.pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("surveys:section_edit", args=[other.pk, section.pk])).status_code == 404
    )
    assert Section.objects.filter(pk=section.pk).exists()


def test_survey_list_makes_the_same_number_of_queries_for_few_and_many_surveys(
    client, coordinator, django_assert_num_queries
):
    SurveyResponseFactory(survey=QuestionFactory().survey)
    client.force_login(coordinator)
    client.get(reverse("surveys:list"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("surveys:list"))
    for _ in range(10):
        survey = QuestionFactory().survey
        SurveyResponseFactory(survey=survey)
        SurveyResponseFactory(survey=survey, submitted_at=None)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(reverse("surveys:list"))
    assert response.content.decode().count("/results/") == 11
