"""The survey rollups recounted from the raw responses and answers.

Database triggers keep `RespondentTally`, `QuestionTally` and `AnswerTally` in the transaction
of every write to a response or an answer (migration 0004; docs/architecture.md, "Survey and
event rollups"). This module is the other half: the same counts computed with the ORM from
the raw rows, to rebuild the rollups (`rebuild_answer_rollups`, after restoring a dump made
without them or loading rows with triggers disabled) and to check them (`answer_rollup_drift`,
what the tests compare after random writes).
"""

from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Count, Model, QuerySet

from surveys.models import Answer, AnswerTally, QuestionTally, RespondentTally, Response

GROUP = ("role", "college_id", "country_id")


def _recount_respondents(survey_ids: Iterable[int] | None) -> QuerySet:
    responses = Response.objects.filter(submitted_at__isnull=False)
    if survey_ids is not None:
        responses = responses.filter(survey_id__in=survey_ids)
    return responses.order_by().values_list("survey_id", *GROUP).annotate(n=Count("pk"))


def _submitted_answers(survey_ids: Iterable[int] | None) -> QuerySet[Answer]:
    answers = Answer.objects.filter(response__submitted_at__isnull=False)
    if survey_ids is not None:
        answers = answers.filter(question__survey_id__in=survey_ids)
    return answers.order_by()


def _recount_questions(survey_ids: Iterable[int] | None) -> QuerySet:
    return (
        _submitted_answers(survey_ids)
        .values_list("question_id", *(f"response__{name}" for name in GROUP))
        .annotate(n=Count("response_id", distinct=True))
    )


def _recount_answers(survey_ids: Iterable[int] | None) -> QuerySet:
    return (
        _submitted_answers(survey_ids)
        .filter(value__isnull=False)
        .values_list("question_id", "row", "value", *(f"response__{name}" for name in GROUP))
        .annotate(n=Count("pk"))
    )


# tally model: (its key before the group, its count field, the recount)
ROLLUPS: dict[type[Model], tuple[tuple[str, ...], str, object]] = {
    RespondentTally: (("survey_id",), "respondents", _recount_respondents),
    QuestionTally: (("question_id",), "respondents", _recount_questions),
    AnswerTally: (("question_id", "row", "value"), "answers", _recount_answers),
}


def _scoped(model: type[Model], survey_ids: Iterable[int] | None) -> QuerySet:
    rows = model.objects.order_by()
    if survey_ids is None:
        return rows
    if model is RespondentTally:
        return rows.filter(survey_id__in=survey_ids)
    return rows.filter(question__survey_id__in=survey_ids)


def rebuild_answer_rollups(*, survey_ids: Iterable[int] | None = None) -> dict[str, int]:
    """Recount the survey rollups (of `survey_ids`, or all) from the raw rows: for each tally
    one DELETE and one INSERT … SELECT, in one transaction. Returns the rows written per
    tally. On PostgreSQL, writes to responses and answers wait until it commits, so no
    answer is counted twice or missed meanwhile."""
    survey_ids = None if survey_ids is None else list(survey_ids)
    written = {}
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            tables = ", ".join(
                connection.ops.quote_name(m._meta.db_table) for m in (Response, Answer)
            )
            cursor.execute(f"LOCK TABLE {tables} IN SHARE MODE")
        for model, (key, count, recount) in ROLLUPS.items():
            _scoped(model, survey_ids).delete()
            columns = ", ".join(
                connection.ops.quote_name(model._meta.get_field(name).column)
                for name in (*key, *GROUP, count)
            )
            select, params = recount(survey_ids).query.sql_with_params()
            cursor.execute(
                f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) "
                f"{select}",
                params,
            )
            written[model._meta.model_name] = cursor.rowcount
    return written


def answer_rollup_drift(*, survey_ids: Iterable[int] | None = None) -> dict[str, tuple]:
    """What the rollups hold that a recount does not, and what they lack, per tally: empty
    when they agree. Each row is (key…, role, college id, country id, count)."""
    survey_ids = None if survey_ids is None else list(survey_ids)
    drift = {}
    for model, (key, count, recount) in ROLLUPS.items():
        held = set(_scoped(model, survey_ids).values_list(*key, *GROUP, count))
        counted = set(recount(survey_ids))
        if held != counted:
            drift[model._meta.model_name] = (held - counted, counted - held)
    return drift
