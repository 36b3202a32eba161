"""The eight-task matrix question answered from the token link on a 375 px phone: every
option of every row is visible and answerable without sideways scrolling, each row a
fieldset with its legend."""

import pytest
from playwright.sync_api import expect

from surveys import services
from surveys.models import DEFAULT_MATRIX_COLUMNS, Answer
from tests.factories import QuestionFactory, SurveyFactory, SurveyInvitationFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TASKS = [
    "Contact person for the teacher education unit",
    "Coordinating teacher students' training",
    "Teacher education curriculum",
    "Visiting VTE sessions as an expert by experience",
    "Study visits to the college",
    "Workplace learning periods for teacher students",
    "Recruiting new vocational teachers",
    "Developing the network",
]


def test_the_task_matrix_is_answered_on_a_phone_without_sideways_scrolling(browser, live_server):
    survey = SurveyFactory(title="State of networking")
    QuestionFactory(
        survey=survey,
        key="tasks",
        kind="matrix",
        text="How are the mentor tasks in use at your college?",
        rows=TASKS,
    )
    invitation = SurveyInvitationFactory(survey=survey, token=services.new_token())
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 375, "height": 740}, is_mobile=True
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(f"/s/{invitation.token}/")
        question = page.get_by_role("group", name="How are the mentor tasks in use")
        expect(question).to_be_visible()
        assert page.evaluate(
            "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        ), "the page scrolls sideways"
        for index, task in enumerate(TASKS):
            row = page.get_by_role("group", name=task, exact=True)
            for column in DEFAULT_MATRIX_COLUMNS:
                option = row.get_by_label(column, exact=True)
                option.scroll_into_view_if_needed()
                expect(option).to_be_in_viewport()
                box = option.bounding_box()
                assert box["x"] >= 0 and box["x"] + box["width"] <= 375, (task, column)
            row.get_by_label(DEFAULT_MATRIX_COLUMNS[index % 4], exact=True).check()
        page.get_by_role("button", name="Submit").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Thank you, your answers were received"
        )
    finally:
        context.close()
    answers = {answer.row: answer.value for answer in Answer.objects.all()}
    assert answers == {task: index % 4 for index, task in enumerate(TASKS)}
