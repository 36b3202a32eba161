"""surveys 0002 unlinks the anonymous responses a database already holds, figures unchanged."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Count

from surveys import rollups
from surveys.models import Survey
from surveys.selectors import results as result_selectors
from tests.factories import CountryFactory, PartnerCollegeFactory

BEFORE = [("surveys", "0001_initial")]
AFTER = [("surveys", "0002_unlinked_anonymous_responses")]
SUBMITTED = datetime.datetime(2026, 3, 4, 15, 41, 9, tzinfo=datetime.UTC)


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def _figures(apps, survey_id: int) -> dict:
    """What every result is counted from: submitted respondents per group, and their answers
    per question, row, value and group. Read from the rows of this state of the schema: the
    results selector reads rollups that a later migration (0004) adds."""
    Response = apps.get_model("surveys", "Response")
    Answer = apps.get_model("surveys", "Answer")
    group = ("role", "college_id", "country_id")
    submitted = Response.objects.filter(survey_id=survey_id, submitted_at__isnull=False)
    answers = Answer.objects.filter(response__in=submitted).order_by()
    return {
        "respondents": set(submitted.order_by().values_list(*group).annotate(n=Count("pk"))),
        "answers": set(
            answers.values_list(
                "question__key", "row", "value", *(f"response__{name}" for name in group)
            ).annotate(n=Count("pk"))
        ),
    }


@pytest.mark.django_db(transaction=True)
@pytest.mark.slow
def test_anonymous_responses_lose_their_invitation_and_drafts_move_to_the_invitation():
    old = migrate(BEFORE)
    Survey_ = old.get_model("surveys", "Survey")
    Question = old.get_model("surveys", "Question")
    Invitation = old.get_model("surveys", "Invitation")
    Response = old.get_model("surveys", "Response")
    Answer = old.get_model("surveys", "Answer")
    college = PartnerCollegeFactory(name="Omnia", country=CountryFactory(name="Finland"))
    window = {
        "opens_at": SUBMITTED - datetime.timedelta(days=10),
        "closes_at": SUBMITTED + datetime.timedelta(days=10),
    }
    surveys = {
        anonymous: Survey_.objects.create(title="Networking", is_anonymous=anonymous, **window)
        for anonymous in (True, False)
    }
    invitations = {}
    for anonymous, survey in surveys.items():
        question = Question.objects.create(survey=survey, key="peer", kind="likert", text="Peer")
        for n in range(7):
            invitation = Invitation.objects.create(
                survey=survey,
                token=f"t-{anonymous}-{n}",
                email=f"person{n}@example.org",
                name=f"Person {n}",
                role="mentor",
                college_id=college.pk,
                country_id=college.country_id,
            )
            invitations[anonymous, n] = invitation
            response = Response.objects.create(
                survey=survey,
                invitation=invitation,
                role="mentor",
                college_id=college.pk,
                country_id=college.country_id,
                started_at=SUBMITTED - datetime.timedelta(minutes=5),
                submitted_at=None if n == 6 else SUBMITTED,  # the last one is a draft
            )
            Answer.objects.create(response=response, question=question, value=1 + n % 5)
    before = {anonymous: _figures(old, survey.pk) for anonymous, survey in surveys.items()}

    new = migrate(AFTER)

    Invitation = new.get_model("surveys", "Invitation")
    Response = new.get_model("surveys", "Response")
    anonymous, named = surveys[True], surveys[False]
    assert not Response.objects.filter(survey_id=anonymous.pk, invitation__isnull=False).exists()
    assert Response.objects.filter(survey_id=anonymous.pk).count() == 6
    assert set(
        Response.objects.filter(survey_id=anonymous.pk).values_list("started_at", "submitted_at")
    ) == {(datetime.datetime(2026, 3, 4, tzinfo=datetime.UTC) - datetime.timedelta(hours=2),) * 2}
    assert Response.objects.filter(survey_id=named.pk, invitation__isnull=False).count() == 6
    assert set(
        Response.objects.filter(survey_id=named.pk).values_list("submitted_at", flat=True)
    ) == {SUBMITTED}
    for (_anonymous, n), invitation in invitations.items():
        invitation = Invitation.objects.get(pk=invitation.pk)
        if n == 6:
            assert not invitation.used
            assert [a["value"] for a in invitation.draft] == [2]
        else:
            assert invitation.used and invitation.draft is None
    assert not Response.objects.filter(submitted_at__isnull=True).exists()
    after = {anonymous: _figures(new, survey.pk) for anonymous, survey in surveys.items()}
    assert after == before

    # Backward: the drafts become draft responses again; the removed links stay removed.
    Response = migrate(BEFORE).get_model("surveys", "Response")
    assert Response.objects.filter(submitted_at__isnull=True).count() == 2
    assert Response.objects.filter(survey_id=anonymous.pk, invitation__isnull=False).count() == 1
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    # 0004 counted the answers that were there into the rollups the results read.
    assert rollups.answer_rollup_drift() == {}
    results = result_selectors.survey_results(Survey.objects.get(pk=named.pk))
    assert results["respondents"] == 6 and results["questions"][0]["answered"] == 6
