"""The survey list's counts: questions, invitations and submitted responses per survey, each
a subquery of the list's one statement (leadvet.lib.subqueries.total_of)."""

import pytest
from django.utils import timezone

from surveys.models import Response
from surveys.selectors.surveys import survey_list
from tests.factories import QuestionFactory, SurveyFactory, SurveyInvitationFactory

pytestmark = pytest.mark.django_db


def test_each_survey_counts_its_own_questions_invitations_and_submitted_responses(
    django_assert_num_queries,
):
    busy, quiet, empty = SurveyFactory(), SurveyFactory(), SurveyFactory()
    QuestionFactory.create_batch(3, survey=busy)
    QuestionFactory(survey=quiet)
    SurveyInvitationFactory.create_batch(4, survey=busy)
    SurveyInvitationFactory(survey=quiet)
    Response.objects.bulk_create(
        [Response(survey=busy, submitted_at=timezone.now()) for _ in range(2)]
        + [Response(survey=busy)]  # a draft is not submitted
        + [Response(survey=quiet, submitted_at=timezone.now())]
    )

    with django_assert_num_queries(1):
        counts = {
            survey.pk: (survey.question_count, survey.invited_count, survey.submitted_count)
            for survey in survey_list()
        }

    assert counts == {busy.pk: (3, 4, 2), quiet.pk: (1, 1, 1), empty.pk: (0, 0, 0)}
    assert [survey.pk for survey in survey_list(search=busy.title)] == [busy.pk]
