"""The survey rollups equal a recount of the raw rows after any mix of writes.

Submissions through the service, bulk inserts, responses turned back into drafts and
submitted again, moves between groups, a college deleted (its responses' college set to
none), answers changed and deleted, responses, questions and a whole round deleted, a mentor
anonymised: after each sequence the database triggers must have kept the tallies exactly
where `surveys.rollups` recounts them. Runs on SQLite and on PostgreSQL (CI), whose
triggers differ (row by row; per statement).
"""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from leadvet import roles
from mentors.services.privacy import anonymise_mentor
from surveys import rollups, services
from surveys.models import (
    Answer,
    AnswerTally,
    CollegeAnswerTally,
    CollegeQuestionTally,
    Question,
    QuestionTally,
    RespondentTally,
    Response,
    Survey,
)
from tests.factories import (
    CountryFactory,
    MentorFactory,
    PartnerCollegeFactory,
    QuestionFactory,
    SurveyFactory,
    SurveyInvitationFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db

ROLES = ["mentor", "vet_leader", "steering"]
MATRIX_ROWS = ["Contact person", "Study visits"]


class Rollback(Exception):
    """Leaves the example's transaction, so every example starts from the same rows."""


@pytest.fixture
def world():
    finland = CountryFactory(code="FI", name="Finland")
    estonia = CountryFactory(code="EE", name="Estonia")
    first = SurveyFactory(is_anonymous=False)
    second = SurveyFactory(previous_round=first, round_number=2, is_anonymous=True)
    questions = {}
    for survey in (first, second):
        questions[survey.pk] = [
            QuestionFactory(survey=survey, kind="likert", key="peer", required=False),
            QuestionFactory(
                survey=survey, kind="single", key="often", choices=["A", "B", "C"], required=False
            ),
            QuestionFactory(
                survey=survey, kind="multiple", key="how", choices=["A", "B", "C"], required=False
            ),
            QuestionFactory(
                survey=survey, kind="matrix", key="tasks", rows=MATRIX_ROWS, required=False
            ),
            QuestionFactory(survey=survey, kind="text", key="free", required=False),
        ]
    colleges = [
        PartnerCollegeFactory(country=finland),
        PartnerCollegeFactory(country=estonia),
        None,
    ]
    mentor = MentorFactory(
        user=user_with_role(roles.MENTOR, first_name="Aino", last_name="Vastaaja")
    )
    return {
        "surveys": [first, second],
        "questions": questions,
        "colleges": colleges,
        "countries": [finland, estonia, None],
        "mentor": mentor,
    }


def _answers(questions, picks):
    """AnswerInputs for one respondent: `picks` chooses a value per question (some left out,
    and those deleted meanwhile)."""
    remaining = set(Question.objects.values_list("pk", flat=True))
    picks = [pick if q.pk in remaining else None for q, pick in zip(questions, picks, strict=True)]
    likert, single, multiple, matrix, text = questions
    chosen = []
    if picks[0] is not None:
        chosen.append(services.AnswerInput(likert.pk, value=picks[0] % 6))
    if picks[1] is not None:
        chosen.append(services.AnswerInput(single.pk, value=picks[1] % 3))
    if picks[2] is not None:
        chosen += [
            services.AnswerInput(multiple.pk, value=v)
            for v in sorted({picks[2] % 3, picks[2] // 3 % 3})
        ]
    if picks[3] is not None:
        chosen += [
            services.AnswerInput(matrix.pk, row=row, value=(picks[3] + i) % 4)
            for i, row in enumerate(MATRIX_ROWS)
        ]
    if picks[4] is not None:
        chosen.append(services.AnswerInput(text.pk, text="Aino Vastaaja helped" * (picks[4] % 2)))
    return chosen


def _group(world, index):
    college = world["colleges"][index % 3]
    country = college.country if college else world["countries"][index // 3 % 3]
    return {"role": ROLES[index % len(ROLES)], "college": college, "country": country}


def _submit(world, survey, group, picks, *, user=None):
    invitation = SurveyInvitationFactory(
        survey=survey,
        token=services.new_token(),
        user=user,
        name="Aino Vastaaja" if user else "",
        **group,
    )
    services.save_response(
        invitation=invitation,
        answers=_answers(world["questions"][survey.pk], picks),
        submit=True,
    )


def _bulk(world, survey, group, picks, count):
    """Responses and answers written as bulk inserts, as the demo and synthetic networks do."""
    responses = Response.objects.bulk_create(
        [Response(survey=survey, submitted_at=timezone.now(), **group) for _ in range(count)]
    )
    Answer.objects.bulk_create(
        [
            Answer(
                response=response, question_id=a.question_id, row=a.row, value=a.value, text=a.text
            )
            for response in responses
            for a in _answers(world["questions"][survey.pk], picks)
        ]
    )


def _nth(queryset, index):
    rows = list(queryset.order_by("pk").values_list("pk", flat=True))
    return rows[index % len(rows)] if rows else None


def _apply(world, step):
    kind, a, b, picks = step
    survey = world["surveys"][a % 2]
    if not Survey.objects.filter(pk=survey.pk).exists():
        return
    if kind == "submit":
        _submit(world, survey, _group(world, b), picks)
    elif kind == "submit_as_mentor":
        _submit(world, survey, _group(world, b), picks, user=world["mentor"].user)
    elif kind == "bulk":
        _bulk(world, survey, _group(world, b), picks, count=a % 4 + 1)
    elif kind == "draft":
        Response.objects.filter(pk=_nth(Response.objects.all(), b)).update(submitted_at=None)
    elif kind == "resubmit":
        Response.objects.filter(pk=_nth(Response.objects.all(), b)).update(
            submitted_at=timezone.now()
        )
    elif kind == "move":
        group = _group(world, a)
        Response.objects.filter(pk=_nth(Response.objects.all(), b)).update(
            role=group["role"], college=group["college"], country=group["country"]
        )
    elif kind == "delete_response":
        Response.objects.filter(pk=_nth(Response.objects.all(), b)).delete()
    elif kind == "delete_responses":
        Response.objects.filter(survey=survey, role=ROLES[b % len(ROLES)]).delete()
    elif kind == "delete_answer":
        Answer.objects.filter(pk=_nth(Answer.objects.all(), b)).delete()
    elif kind == "change_answer":
        answer = _nth(Answer.objects.filter(value__isnull=False), b)
        try:
            with transaction.atomic():  # another answer may hold that value already
                Answer.objects.filter(pk=answer).update(value=a % 3)
        except IntegrityError:
            pass
    elif kind == "delete_college":
        college = world["colleges"][b % 2]
        if college is not None:  # by a query: the fixture's object keeps its id
            type(college).objects.filter(pk=college.pk).delete()
    elif kind == "delete_question":
        Question.objects.filter(pk=_nth(Question.objects.filter(survey=survey), b)).delete()
    elif kind == "delete_round":
        Survey.objects.filter(pk=survey.pk).delete()
    elif kind == "anonymise":
        mentor = world["mentor"]
        mentor.refresh_from_db()
        if mentor.anonymised_at is None:
            anonymise_mentor(mentor=mentor, by=None)


KINDS = [
    "submit",
    "submit_as_mentor",
    "anonymise",
    "submit",
    "bulk",
    "draft",
    "resubmit",
    "move",
    "delete_response",
    "delete_responses",
    "delete_answer",
    "change_answer",
    "delete_college",
    "delete_question",
    "delete_round",
]
pick = st.one_of(st.none(), st.integers(0, 8))
steps = st.lists(
    st.tuples(
        st.sampled_from(KINDS),
        st.integers(0, 7),
        st.integers(0, 30),
        st.tuples(pick, pick, pick, pick, pick),
    ),
    min_size=1,
    max_size=14,
)


def _tallies():
    return {
        rollup.model: set(
            rollup.model.objects.values_list(*rollup.key, *rollup.group, rollup.count)
        )
        for rollup in rollups.ROLLUPS
    }


def test_rollups_equal_a_recount_after_any_mix_of_writes(world):
    seen = {"answers": 0, "kinds": set()}

    @settings(max_examples=100)
    @given(steps=steps)
    def check(steps):
        try:
            with transaction.atomic():
                for step in steps:
                    _apply(world, step)
                    seen["kinds"].add(step[0])
                assert rollups.answer_rollup_drift() == {}
                seen["answers"] = max(seen["answers"], AnswerTally.objects.count())
                before = _tallies()
                rollups.rebuild_answer_rollups()
                assert _tallies() == before
                raise Rollback
        except Rollback:
            pass

    check()
    # The examples did count something, and every kind of write was among them.
    assert seen["answers"] > 0 and seen["kinds"] == set(KINDS)


def test_submitting_counts_the_response_its_questions_and_its_values(world):
    survey = world["surveys"][1]
    group = _group(world, 0)
    _submit(world, survey, group, (4, 1, 5, 2, 1))
    _submit(world, survey, group, (0, None, 0, None, None))
    likert, single, multiple, matrix, text = world["questions"][survey.pk]
    assert RespondentTally.objects.get(survey=survey).respondents == 2
    answered = dict(QuestionTally.objects.values_list("question_id", "respondents"))
    assert answered == {likert.pk: 2, single.pk: 1, multiple.pk: 2, matrix.pk: 1, text.pk: 1}
    values = {
        (q, row, v): n
        for q, row, v, n in AnswerTally.objects.values_list(
            "question_id", "row", "value", "answers"
        )
    }
    assert values[(likert.pk, "", 4)] == 1 and values[(likert.pk, "", 0)] == 1
    assert values[(multiple.pk, "", 2)] == 1 and values[(multiple.pk, "", 1)] == 1
    assert values[(multiple.pk, "", 0)] == 1
    assert values[(matrix.pk, "Study visits", 3)] == 1
    assert not AnswerTally.objects.filter(question=text).exists()  # free text stays raw


def test_a_response_turned_back_into_a_draft_leaves_no_row_behind(world):
    survey = world["surveys"][0]
    _submit(world, survey, _group(world, 4), (1, 1, 1, 1, 1))
    Response.objects.update(submitted_at=None)
    assert not RespondentTally.objects.exists()
    assert not QuestionTally.objects.exists() and not AnswerTally.objects.exists()


def test_deleting_a_college_moves_its_counts_to_no_college(world):
    survey = world["surveys"][0]
    college = world["colleges"][0]
    _submit(world, survey, _group(world, 0), (2, None, None, None, None))
    college.delete()
    tally = RespondentTally.objects.get(survey=survey)
    assert (tally.college_id, tally.country_id, tally.respondents) == (None, college.country_id, 1)
    assert rollups.answer_rollup_drift() == {}


def test_rebuild_restores_emptied_rollups_for_one_survey_or_all(world):
    first, second = world["surveys"]
    for index in range(4):
        _submit(world, first, _group(world, index), (index, index, index, index, index))
        _bulk(world, second, _group(world, index), (index, None, index, None, 1), count=2)
    before = _tallies()
    AnswerTally.objects.all().delete()
    CollegeAnswerTally.objects.all().delete()
    QuestionTally.objects.filter(question__survey=second).delete()
    CollegeQuestionTally.objects.filter(question__survey=first).delete()
    RespondentTally.objects.filter(survey=first).update(respondents=99)
    assert set(rollups.answer_rollup_drift()) == {
        "respondenttally",
        "questiontally",
        "collegequestiontally",
        "answertally",
        "collegeanswertally",
    }
    written = rollups.rebuild_answer_rollups(survey_ids=[first.pk])
    assert written["respondenttally"] == RespondentTally.objects.filter(survey=first).count()
    assert rollups.answer_rollup_drift(survey_ids=[first.pk]) == {}
    assert rollups.answer_rollup_drift(survey_ids=[second.pk])
    rollups.rebuild_answer_rollups()
    assert _tallies() == before and rollups.answer_rollup_drift() == {}


def test_a_late_change_to_a_submitted_answer_moves_its_count(world):
    survey = world["surveys"][0]
    _submit(world, survey, _group(world, 0), (5, None, None, None, None))
    likert = world["questions"][survey.pk][0]
    Answer.objects.filter(question=likert).update(value=1)
    assert list(AnswerTally.objects.values_list("value", "answers")) == [(1, 1)]


def test_anonymising_a_respondent_changes_no_count(world):
    survey = world["surveys"][0]
    _submit(world, survey, _group(world, 1), (3, 2, 4, 1, 1), user=world["mentor"].user)
    before = _tallies()
    anonymise_mentor(mentor=world["mentor"], by=None)
    assert "Aino" not in Answer.objects.get(question__kind="text").text
    assert _tallies() == before


def test_rebuild_of_a_survey_that_has_no_answers_writes_nothing(world):
    assert rollups.rebuild_answer_rollups(survey_ids=[world["surveys"][0].pk]) == {
        "respondenttally": 0,
        "questiontally": 0,
        "collegequestiontally": 0,
        "answertally": 0,
        "collegeanswertally": 0,
    }
    assert rollups.answer_rollup_drift() == {}
