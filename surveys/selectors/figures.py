"""Aggregates for the dashboard and reports.

Scoped by the college and country copied on the invitation and the response. Submitted
responses and Likert means are read from the rollups (surveys.models.RespondentTally,
AnswerTally), not from the answers.
"""

import datetime
from collections.abc import Sequence

from django.db.models import (
    Exists,
    F,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import Cast, Coalesce

from leadvet.lib.subqueries import total_of
from leadvet.lib.translated import localized
from surveys.models import (
    AnswerTally,
    CollegeAnswerTally,
    Invitation,
    Question,
    RespondentTally,
    Survey,
)


def _respondent_scope(
    *, college_ids: Sequence[int] | None = None, country_id=None, prefix: str = ""
) -> Q:
    q = Q()
    if college_ids is not None:
        q &= Q(**{f"{prefix}college_id__in": college_ids})
    if country_id:
        q &= Q(**{f"{prefix}country_id": country_id})
    return q


def _count_per_survey(queryset: QuerySet) -> Coalesce:
    return total_of(queryset.filter(survey_id=OuterRef("pk")))


def _respondents_per_survey(**scope) -> Coalesce:
    return total_of(
        RespondentTally.objects.filter(_respondent_scope(**scope), survey_id=OuterRef("pk")),
        sum_of="respondents",
    )


def survey_response_rates(
    *, start: datetime.datetime, end: datetime.datetime, limit: int = 10, **scope
) -> QuerySet:
    """Surveys open during the period with invitations and submitted responses."""
    return (
        Survey.objects.filter(opens_at__lt=end, closes_at__gte=start)
        .annotate(
            invited=_count_per_survey(Invitation.objects.filter(_respondent_scope(**scope))),
            submitted=_respondents_per_survey(**scope),
        )
        .order_by("-opens_at", "-id")[:limit]
    )


def latest_likert_survey(*, until: datetime.datetime) -> Survey | None:
    """The newest survey round opened by `until` that has statements on the 1–5 scale."""
    has_likert = Exists(
        Question.objects.filter(survey_id=OuterRef("pk"), kind=Question.Kind.LIKERT)
    )
    return (
        Survey.objects.filter(has_likert, opens_at__lte=until)
        .select_related("previous_round")
        .order_by("-opens_at", "-id")
        .first()
    )


def benchmark_or_latest_likert_survey(*, until: datetime.datetime) -> Survey | None:
    """The survey a coordinator made the network's benchmark, or else the newest round opened
    by `until` with statements on the 1–5 scale (one query)."""
    has_likert = Exists(
        Question.objects.filter(survey_id=OuterRef("pk"), kind=Question.Kind.LIKERT)
    )
    return (
        Survey.objects.filter(Q(is_benchmark=True) | Q(has_likert, opens_at__lte=until))
        .select_related("previous_round")
        .order_by("-is_benchmark", "-opens_at", "-id")
        .first()
    )


def likert_means(*, survey_ids: Sequence[int], **scope) -> QuerySet:
    """Mean of the 1–5 answers per survey and question key ("don't know" left out)."""
    tallies = AnswerTally if scope.get("college_ids") is None else CollegeAnswerTally
    return (
        tallies.objects.filter(
            _respondent_scope(**scope),
            question__survey_id__in=survey_ids,
            question__kind=Question.Kind.LIKERT,
            value__gte=1,
            value__lte=5,
        )
        .values(
            "question__survey_id",
            "question__key",
            "question__position",
            question__text=localized("question__text", text=True),
        )
        # The mean first: once annotated, "answers" names the sum rather than the field.
        .annotate(
            mean=Cast(Sum(F("value") * F("answers")), FloatField())
            / Cast(Sum("answers"), FloatField())
        )
        .annotate(answers=Sum("answers"))
        .order_by("question__position", "question__key")
    )
