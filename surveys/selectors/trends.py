"""One survey over all its rounds: the statements' means round by round, overall and per
country, college or role, and a task-matrix question counted per country.

Everything is read from the rollups (surveys.models' tallies) in a fixed number of queries,
however many rounds or answers there are. Every cell follows the anonymity threshold: a mean
is shown only when its group had at least `SURVEY_ANONYMITY_THRESHOLD` respondents in that
round and as many answered the statement on the 1–5 scale.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Sum
from django.utils.translation import gettext as _

from colleges.models import Country, PartnerCollege
from surveys.models import (
    AnswerTally,
    CollegeAnswerTally,
    Question,
    QuestionTally,
    RespondentRole,
    RespondentTally,
    Survey,
)
from surveys.selectors.results import BREAKDOWNS
from surveys.selectors.surveys import matrix_row_keys

ALL = "all"


@dataclass(frozen=True)
class TrendCell:
    mean: float | None
    answers: int
    hidden: bool  # fewer respondents or answers than the threshold


def survey_rounds(survey_id: int) -> list[Survey]:
    """Every round linked to the survey through `previous_round` (before and after it), oldest
    first. One query: the surveys are few, so their links are read at once."""
    surveys = {
        s.pk: s
        for s in Survey.objects.only(
            "pk", "title", "round_number", "previous_round_id", "opens_at", "closes_at"
        )
    }
    if survey_id not in surveys:
        return []
    first = surveys[survey_id]
    seen = {first.pk}
    while first.previous_round_id in surveys and first.previous_round_id not in seen:
        first = surveys[first.previous_round_id]
        seen.add(first.pk)
    children = defaultdict(list)
    for candidate in surveys.values():
        children[candidate.previous_round_id].append(candidate)
    rounds, queue, reached = [], [first], {first.pk}
    while queue:
        current = queue.pop(0)
        rounds.append(current)
        for child in children.get(current.pk, []):
            if child.pk not in reached:
                reached.add(child.pk)
                queue.append(child)
    return sorted(rounds, key=lambda s: (s.opens_at, s.round_number, s.pk))


def _cell(counts: dict[int, int], group_size: int, threshold: int) -> TrendCell:
    answers = sum(counts.values())
    if group_size < threshold or answers < threshold:
        return TrendCell(None, answers, True)
    return TrendCell(sum(v * n for v, n in counts.items()) / answers, answers, False)


def _group_labels(dimension: str, keys: set) -> dict:
    ids = [key for key in keys if key]
    if dimension == "country":
        names = dict(Country.objects.filter(pk__in=ids).values_list("pk", "name"))
    elif dimension == "college":
        names = dict(PartnerCollege.objects.filter(pk__in=ids).values_list("pk", "name"))
    else:
        names = {value: str(label) for value, label in RespondentRole.choices}
    return {key: names.get(key, _("Not given")) if key else _("Not given") for key in keys}


def survey_trend(survey_id: int, *, breakdown: str | None = None, college_ids=None) -> dict:
    """The Likert statements' means in every round of the survey's chain, overall and (with
    `breakdown`: country, college or role) per group. `college_ids` narrows every figure to
    respondents of those colleges (a college coordinator's view). Four queries, five with a
    breakdown's names, whatever the number of rounds."""
    threshold = settings.SURVEY_ANONYMITY_THRESHOLD
    rounds = survey_rounds(survey_id)
    round_ids = [r.pk for r in rounds]
    attr = BREAKDOWNS[breakdown][0] if breakdown in BREAKDOWNS else None
    by_college = breakdown == "college" or college_ids is not None

    statements: dict[str, dict] = {}
    for round_id, key, text, position in (
        Question.objects.filter(survey_id__in=round_ids, kind=Question.Kind.LIKERT)
        .order_by("position", "pk")
        .values_list("survey_id", "key", "text", "position")
    ):
        item = statements.setdefault(
            key, {"key": key, "text": text, "position": position, "asked": set(), "newest": -1}
        )
        item["asked"].add(round_id)
        if round_ids.index(round_id) > item["newest"]:  # the newest round's wording
            item.update(text=text, position=position, newest=round_ids.index(round_id))

    respondents = RespondentTally.objects.filter(survey_id__in=round_ids)
    if college_ids is not None:
        respondents = respondents.filter(college_id__in=college_ids)
    sizes: dict[tuple, int] = defaultdict(int)  # (round, group key) -> respondents
    for round_id, role, college_id, country_id, n in respondents.order_by().values_list(
        "survey_id", "role", "college_id", "country_id", "respondents"
    ):
        sizes[round_id, ALL] += n
        if attr:
            key = {"role": role, "college": college_id, "country": country_id}[attr]
            sizes[round_id, key] += n

    tallies = (CollegeAnswerTally if by_college else AnswerTally).objects.filter(
        question__survey_id__in=round_ids,
        question__kind=Question.Kind.LIKERT,
        value__gte=1,
        value__lte=5,
    )
    if college_ids is not None:
        tallies = tallies.filter(college_id__in=college_ids)
    counts: dict[tuple, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    fields = ["question__survey_id", "question__key", "value", *([attr] if attr else [])]
    for row in tallies.order_by().values_list(*fields).annotate(n=Sum("answers")):
        round_id, key, value, *group, n = row
        counts[round_id, key, ALL][value] += n
        if attr:
            counts[round_id, key, group[0]][value] += n

    group_keys = {key for (_survey, key) in sizes if key != ALL}
    labels = _group_labels(breakdown, group_keys) if attr else {}
    ordered_groups = sorted(group_keys, key=lambda k: (k is None or k == "", labels[k]))

    def cells(key: str, group) -> list[TrendCell | None]:
        return [
            _cell(counts.get((r.pk, key, group), {}), sizes.get((r.pk, group), 0), threshold)
            if r.pk in statements[key]["asked"]
            else None
            for r in rounds
        ]

    rows = []
    for key, item in sorted(statements.items(), key=lambda kv: (kv[1]["position"], kv[0])):
        rows.append(
            {
                "key": key,
                "text": item["text"],
                "overall": cells(key, ALL),
                "groups": [
                    {"label": labels[group], "cells": cells(key, group)} for group in ordered_groups
                ],
            }
        )
    return {
        "rounds": rounds,
        "respondents": [sizes.get((r.pk, ALL), 0) for r in rounds],
        "threshold": threshold,
        "breakdown": breakdown if attr else None,
        "breakdown_label": str(BREAKDOWNS[breakdown][1]) if attr else "",
        "statements": rows,
        "chart": trend_chart(rounds, rows),
    }


def round_label(survey: Survey) -> str:
    return _("Round %(number)s (%(year)s)") % {
        "number": survey.round_number,
        "year": survey.opens_at.year,
    }


def trend_chart(rounds: list[Survey], rows: list[dict]) -> dict:
    """The statements' overall means per round as a chart spec (leadvet.lib.charts): one bar
    per round beside each statement, on the 1–5 scale; a hidden mean is no bar."""
    return {
        "type": "bar",
        "horizontal": True,
        "max": 5,
        "labels": [row["text"] for row in rows],
        "datasets": [
            {
                "label": round_label(survey),
                "data": [
                    None
                    if row["overall"][index] is None or row["overall"][index].hidden
                    else round(row["overall"][index].mean, 2)
                    for row in rows
                ],
            }
            for index, survey in enumerate(rounds)
        ],
    }


# --- A task matrix per country ---------------------------------------------------------------


def matrix_by_country(question: Question) -> dict:
    """A matrix question's answers per country: {country id: {"respondents": n, "rows": {row
    label: {column index: answers}}}}, for countries with at least the anonymity threshold of
    respondents to the question only. Two queries."""
    threshold = settings.SURVEY_ANONYMITY_THRESHOLD
    respondents = dict(
        QuestionTally.objects.filter(question=question, country__isnull=False)
        .order_by()
        .values_list("country")
        .annotate(n=Sum("respondents"))
    )
    shown = {country: n for country, n in respondents.items() if n >= threshold}
    keys = dict(zip(matrix_row_keys(question), question.rows, strict=True))
    result = {country: {"respondents": n, "rows": {}} for country, n in shown.items()}
    for country, row, value, n in (
        AnswerTally.objects.filter(question=question, country_id__in=list(shown))
        .order_by()
        .values_list("country", "row", "value")
        .annotate(n=Sum("answers"))
    ):
        if row in keys:
            result[country]["rows"].setdefault(keys[row], {})[value] = n
    return result


def matrix_questions() -> list[Question]:
    """Every matrix question, with its survey, the newest round first (one query)."""
    return list(
        Question.objects.filter(kind=Question.Kind.MATRIX)
        .select_related("survey")
        .order_by("-survey__opens_at", "-survey_id", "position", "pk")
    )
