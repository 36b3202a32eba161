"""The survey rollups recounted from the raw responses and answers.

Database triggers keep the tallies of `surveys.models` (respondents, the respondents of each
question, the answers of each value) in the transaction of every write to a response or an
answer (migration 0006; docs/architecture.md, "Survey and event rollups"). This module is
the other half: the same counts made with the ORM from the raw rows, to rebuild the rollups
(`rebuild_answer_rollups`: after restoring a dump made without them, or loading rows with
the triggers disabled) and to check them (`answer_rollup_drift`: what the tests compare
after random writes).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Count, Model, QuerySet

from surveys.models import (
    Answer,
    AnswerTally,
    CollegeAnswerTally,
    CollegeQuestionTally,
    QuestionTally,
    RespondentTally,
    Response,
)

BY_COUNTRY = ("role", "country_id")
BY_COLLEGE = ("role", "college_id", "country_id")


def _recount_respondents(survey_ids: list[int] | None, group: tuple) -> QuerySet:
    responses = Response.objects.filter(submitted_at__isnull=False)
    if survey_ids is not None:
        responses = responses.filter(survey_id__in=survey_ids)
    return responses.order_by().values_list("survey_id", *group).annotate(n=Count("pk"))


def _submitted_answers(survey_ids: list[int] | None) -> QuerySet[Answer]:
    answers = Answer.objects.filter(response__submitted_at__isnull=False)
    if survey_ids is not None:
        answers = answers.filter(question__survey_id__in=survey_ids)
    return answers.order_by()


def _recount_questions(survey_ids: list[int] | None, group: tuple) -> QuerySet:
    return (
        _submitted_answers(survey_ids)
        .values_list("question_id", *(f"response__{name}" for name in group))
        .annotate(n=Count("response_id", distinct=True))
    )


def _recount_answers(survey_ids: list[int] | None, group: tuple) -> QuerySet:
    return (
        _submitted_answers(survey_ids)
        .filter(value__isnull=False)
        .values_list("question_id", "row", "value", *(f"response__{name}" for name in group))
        .annotate(n=Count("pk"))
    )


@dataclass(frozen=True)
class Rollup:
    model: type[Model]
    key: tuple[str, ...]  # the fields before the respondent group
    group: tuple[str, ...]
    count: str
    recount: Callable[[list[int] | None, tuple], QuerySet]

    def recounted(self, survey_ids: list[int] | None) -> QuerySet:
        """The rollup's rows, (key…, group…, count), counted from the raw rows."""
        return self.recount(survey_ids, self.group)

    def rows(self, survey_ids: list[int] | None) -> QuerySet:
        """The rollup's rows of those surveys (None: all)."""
        rows = self.model.objects.order_by()
        if survey_ids is None:
            return rows
        if "survey_id" in self.key:
            return rows.filter(survey_id__in=survey_ids)
        return rows.filter(question__survey_id__in=survey_ids)


ANSWER_KEY = ("question_id", "row", "value")
ROLLUPS = [
    Rollup(RespondentTally, ("survey_id",), BY_COLLEGE, "respondents", _recount_respondents),
    Rollup(QuestionTally, ("question_id",), BY_COUNTRY, "respondents", _recount_questions),
    Rollup(CollegeQuestionTally, ("question_id",), BY_COLLEGE, "respondents", _recount_questions),
    Rollup(AnswerTally, ANSWER_KEY, BY_COUNTRY, "answers", _recount_answers),
    Rollup(CollegeAnswerTally, ANSWER_KEY, BY_COLLEGE, "answers", _recount_answers),
]


def rebuild_answer_rollups(*, survey_ids: Iterable[int] | None = None) -> dict[str, int]:
    """Recount the survey rollups (of `survey_ids`, or all) from the raw rows: for each tally
    one DELETE and one INSERT … SELECT, in one transaction. Returns the rows written per
    tally. On PostgreSQL, writes to responses and answers wait until it commits, so no
    answer is counted twice or missed meanwhile."""
    survey_ids = None if survey_ids is None else list(survey_ids)
    written = {}
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            tables = ", ".join(quote(m._meta.db_table) for m in (Response, Answer))
            cursor.execute(f"LOCK TABLE {tables} IN SHARE MODE")
        for rollup in ROLLUPS:
            rollup.rows(survey_ids).delete()
            fields = (*rollup.key, *rollup.group, rollup.count)
            columns = ", ".join(quote(rollup.model._meta.get_field(f).column) for f in fields)
            select, params = rollup.recounted(survey_ids).query.sql_with_params()
            cursor.execute(
                f"INSERT INTO {quote(rollup.model._meta.db_table)} ({columns}) {select}", params
            )
            written[rollup.model._meta.model_name] = cursor.rowcount
    return written


def answer_rollup_drift(*, survey_ids: Iterable[int] | None = None) -> dict[str, tuple]:
    """What the rollups hold that a recount does not, and what they lack, per tally: empty
    when they agree. Each row is (key…, group…, count)."""
    survey_ids = None if survey_ids is None else list(survey_ids)
    drift = {}
    for rollup in ROLLUPS:
        held = set(rollup.rows(survey_ids).values_list(*rollup.key, *rollup.group, rollup.count))
        counted = set(rollup.recounted(survey_ids))
        if held != counted:
            drift[rollup.model._meta.model_name] = (held - counted, counted - held)
    return drift
