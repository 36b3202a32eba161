"""A respondent answers by their personal link, without an account: draft, resume, submit."""

import pytest
from playwright.sync_api import expect

from surveys import services
from surveys.models import Response
from tests.factories import QuestionFactory, SurveyFactory, SurveyInvitationFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_respondent_saves_a_draft_by_token_link_resumes_and_submits(page):
    survey = SurveyFactory(title="Mentoring in 2026", description="Five minutes of your time.")
    QuestionFactory(
        survey=survey, key="peer", kind="likert", text="Peer networks help me", position=0
    )
    QuestionFactory(
        survey=survey,
        key="visit",
        kind="single",
        choices=["Yes", "No"],
        text="Did you host a visit?",
        position=1,
    )
    QuestionFactory(
        survey=survey, key="free", kind="text", required=False, text="Anything else?", position=2
    )
    invitation = SurveyInvitationFactory(survey=survey, token=services.new_token())
    link = f"/s/{invitation.token}/"

    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mentoring in 2026")
    peer = page.get_by_role("group", name="Peer networks help me")
    peer.get_by_label("Agree", exact=True).check()
    page.get_by_label("Anything else?").fill("Monthly meetings would help.")
    page.get_by_role("button", name="Save and continue later").click()
    expect(
        page.get_by_text("Your answers were saved. Use the same link to continue later.")
    ).to_be_visible()
    invitation.refresh_from_db()
    assert invitation.draft and not Response.objects.exists()  # the draft waits on the link

    # Later, in a fresh browser tab: the draft is there.
    resumed = page.context.new_page()
    resumed.goto(link)
    expect(
        resumed.get_by_role("group", name="Peer networks help me").get_by_label("Agree", exact=True)
    ).to_be_checked()
    expect(resumed.get_by_label("Anything else?")).to_have_value("Monthly meetings would help.")

    # Submitting without the required answer is refused next to the question.
    resumed.get_by_role("button", name="Submit").click()
    expect(resumed.get_by_text("Please check the answers marked below.")).to_be_visible()
    assert not Response.objects.exists()

    resumed.get_by_role("group", name="Did you host a visit?").get_by_label("Yes").check()
    resumed.get_by_role("button", name="Submit").click()
    expect(resumed.get_by_role("heading", level=1)).to_have_text(
        "Thank you, your answers were received"
    )
    response = Response.objects.get(survey=survey)  # anonymous: no link to the invitation
    assert response.submitted_at is not None and response.invitation is None
    assert {answer.question.key for answer in response.answers.select_related("question")} == {
        "peer",
        "visit",
        "free",
    }

    # The link is spent.
    resumed.goto(link)
    expect(resumed.get_by_role("heading", level=1)).to_have_text(
        "Thank you, your answers were received"
    )
