"""Survey results: the figures per question, the breakdowns and the national comparison.

Breakdowns by country, college or role hide groups under the anonymity threshold; a matrix
question gets a heat map by country; Likert means are compared with the previous round. Also
the rows behind the exports.

The counts come from the rollups (surveys.models' tallies, kept by database triggers in the
transaction of every write; docs/architecture.md), so a page reads a few small grouped
queries however many answers there are: by role and country, or by college as well where
the view is narrowed to colleges or broken down by college. Free-text answers are read from
the answers themselves, the latest few per question through their own index.
"""

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import QuerySet, Sum
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from colleges.models import Country, PartnerCollege
from leadvet.lib import versions
from surveys.models import (
    LIKERT_DONT_KNOW,
    LIKERT_LABELS,
    Answer,
    AnswerTally,
    CollegeAnswerTally,
    CollegeQuestionTally,
    Question,
    QuestionTally,
    RespondentRole,
    RespondentTally,
    Response,
    Survey,
)
from surveys.selectors.surveys import (
    matrix_columns,
    matrix_rows,
    ordered_questions,
    question_choices,
)

BREAKDOWNS = {
    "country": ("country", gettext_lazy("Country")),
    "college": ("college", gettext_lazy("College")),
    "role": ("role", gettext_lazy("Role")),
}
TEXT_ANSWERS_SHOWN = 50


def _mean(counts: dict[int, int]) -> float | None:
    total = sum(counts.values())
    if not total:
        return None
    return sum(value * n for value, n in counts.items()) / total


def _median(counts: dict[int, int]) -> float | None:
    total = sum(counts.values())
    if not total:
        return None
    ordered = sorted(counts.items())

    def nth(k: int) -> int:
        seen = 0
        for value, n in ordered:
            seen += n
            if k < seen:
                return value
        return ordered[-1][0]

    if total % 2:
        return float(nth(total // 2))
    return (nth(total // 2 - 1) + nth(total // 2)) / 2


def _likert_scale(counts: dict) -> dict[int, int]:
    """The 1–5 points only: "don't know" is left out of means and medians."""
    return {v: n for v, n in counts.items() if v is not None and v != LIKERT_DONT_KNOW}


def _pct(n: int, base: int) -> float:
    return round(100 * n / base, 1) if base else 0.0


def option_labels(question: Question) -> list[tuple[int, str]]:
    if question.kind == Question.Kind.LIKERT:
        return [(value, str(label)) for value, label in LIKERT_LABELS]
    if question.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
        return list(enumerate(question_choices(question)))
    if question.kind == Question.Kind.MATRIX:
        return list(enumerate(matrix_columns(question)))
    return []


@dataclass
class Group:
    key: object
    label: str
    size: int
    hidden: bool


@dataclass
class Breakdown:
    dimension: str
    label: str
    groups: list[Group] = field(default_factory=list)
    # (question id, row, value, group key) -> count, for visible groups only
    cells: dict = field(default_factory=dict)


def _submitted_responses(survey_id: int, college_ids=None) -> QuerySet[Response]:
    responses = Response.objects.filter(survey_id=survey_id, submitted_at__isnull=False)
    if college_ids is not None:
        responses = responses.filter(college_id__in=college_ids)
    return responses


def _submitted_answers(survey_id: int) -> QuerySet[Answer]:
    """The survey's submitted answers (the raw export). Both conditions are IN subqueries
    rather than joins, so PostgreSQL reads the answers through their question index instead
    of scanning them all."""
    return Answer.objects.filter(
        question_id__in=Question.objects.filter(survey_id=survey_id).values("pk"),
        response_id__in=_submitted_responses(survey_id).values("pk"),
    )


def _in_scope(tallies: QuerySet, college_ids) -> QuerySet:
    """A college coordinator's view is narrowed to respondents of their colleges."""
    return tallies if college_ids is None else tallies.filter(college_id__in=college_ids)


def _answer_tallies(survey_id: int, college_ids=None, *, by_college=False) -> QuerySet:
    model = CollegeAnswerTally if by_college or college_ids is not None else AnswerTally
    return _in_scope(model.objects.filter(question__survey_id=survey_id), college_ids)


def _question_tallies(survey_id: int, college_ids=None) -> QuerySet:
    model = QuestionTally if college_ids is None else CollegeQuestionTally
    return _in_scope(model.objects.filter(question__survey_id=survey_id), college_ids)


def respondent_groups(survey: Survey, college_ids=None) -> list[tuple]:
    """Submitted respondents per (role, college id, country id, count): one small query whose
    rows give the total and every breakdown's group sizes."""
    return list(
        _in_scope(RespondentTally.objects.filter(survey=survey), college_ids)
        .order_by()
        .values_list("role", "college_id", "country_id", "respondents")
    )


def _sizes(groups: list[tuple], dimension: str) -> dict:
    """Respondents per group of one dimension: role, college id or country id (None: not given)."""
    position = ("role", "college", "country").index(dimension)
    sizes: dict = defaultdict(int)
    for group in groups:
        sizes[group[position]] += group[3]
    return dict(sizes)


def _breakdown(
    survey: Survey, dimension: str, respondents: list[tuple], college_ids=None
) -> Breakdown:
    """Group sizes (from `respondent_groups`) and answer counts per group: one grouped query
    on the answer rollup and one for the labels."""
    attr, label = BREAKDOWNS[dimension]
    threshold = settings.SURVEY_ANONYMITY_THRESHOLD
    sizes = _sizes(respondents, dimension)
    if dimension == "country":
        names = dict(
            Country.objects.filter(pk__in=[k for k in sizes if k]).values_list("pk", "name")
        )
    elif dimension == "college":
        names = dict(
            PartnerCollege.objects.filter(pk__in=[k for k in sizes if k]).values_list("pk", "name")
        )
    else:
        names = {value: str(text) for value, text in RespondentRole.choices}
    groups = sorted(
        (
            Group(
                key=key,
                label=names.get(key, _("Not given")) if key else _("Not given"),
                size=n,
                hidden=n < threshold,
            )
            for key, n in sizes.items()
        ),
        key=lambda g: (g.key is None or g.key == "", g.label),
    )
    visible = {g.key for g in groups if not g.hidden}
    cells = {}
    rows = (
        _answer_tallies(survey.pk, college_ids, by_college=dimension == "college")
        .order_by()
        .values_list("question", "row", "value", attr)
        .annotate(n=Sum("answers"))
    )
    for question_id, row, value, key, n in rows:
        if key in visible:
            cells[(question_id, row, value, key)] = n
    return Breakdown(dimension=dimension, label=str(label), groups=groups, cells=cells)


def _breakdown_table(question: Question, breakdown: Breakdown) -> list[dict]:
    """One line per group: counts and % per option, and the mean for Likert statements."""
    options = option_labels(question)
    table = []
    for group in breakdown.groups:
        if group.hidden:
            table.append({"group": group, "hidden": True})
            continue
        counts = {
            value: breakdown.cells.get((question.pk, "", value, group.key), 0)
            for value, _label in options
        }
        base = group.size if question.kind == Question.Kind.MULTIPLE else sum(counts.values())
        line = {
            "group": group,
            "hidden": False,
            "answered": sum(counts.values()) if question.kind != Question.Kind.MULTIPLE else base,
            "cells": [{"n": counts[v], "pct": _pct(counts[v], base)} for v, _label in options],
        }
        if question.kind == Question.Kind.LIKERT:
            line["mean"] = _mean(_likert_scale(counts))
        table.append(line)
    return table


def _heatmap(question: Question, countries: Breakdown) -> dict:
    """Matrix rows × countries; a cell is the most common column and the mean column index."""
    columns = matrix_columns(question)
    steps = max(len(columns) - 1, 1)
    rows = []
    for label, key in matrix_rows(question):
        cells = []
        for group in countries.groups:
            if group.hidden:
                cells.append({"hidden": True})
                continue
            counts = {
                i: countries.cells.get((question.pk, key, i, group.key), 0)
                for i in range(len(columns))
            }
            total = sum(counts.values())
            if not total:
                cells.append({"hidden": False, "empty": True})
                continue
            mean = _mean({i: n for i, n in counts.items() if n})
            top = max(counts, key=lambda i: (counts[i], -i))
            cells.append(
                {
                    "hidden": False,
                    "empty": False,
                    "top": columns[top],
                    "top_pct": _pct(counts[top], total),
                    "mean": mean,
                    "n": total,
                    "level": round(4 * mean / steps),
                }
            )
        rows.append({"label": label, "cells": cells})
    return {"countries": countries.groups, "rows": rows}


# The version every write to a survey, its sections and questions, its invitations, responses
# and answers bumps (the portal bumps it: portal.dashboard.cache.DOMAINS).
RESULTS_DOMAIN = "surveys"


def _kept_key(survey: Survey, breakdown: str | None, college_ids) -> str | None:
    """The key results are kept under: per survey, breakdown, colleges and language (options,
    countries and roles are named in the reader's), under the surveys' version."""
    fingerprint = versions.fingerprint(
        (
            survey.pk,
            breakdown,
            None if college_ids is None else sorted(college_ids),
            get_language(),
            settings.SURVEY_ANONYMITY_THRESHOLD,
        )
    )
    return versions.versioned_key("survey-results", fingerprint, (RESULTS_DOMAIN,))


def kept_survey_results(survey: Survey, *, breakdown: str | None = None, college_ids=None) -> dict:
    """`survey_results`, kept in the shared cache under the surveys' version
    (leadvet.lib.versions): a read after any write to the results' rows has that write's
    results, and the reads between writes neither read the tallies again nor count."""
    return versions.cached(
        _kept_key(survey, breakdown, college_ids),
        lambda: survey_results(survey, breakdown=breakdown, college_ids=college_ids),
    )


def kept_results_page(
    survey: Survey,
    *,
    breakdown: str | None = None,
    college_ids=None,
    render: Callable[[dict], dict],
) -> dict:
    """What `render` makes of the kept results (the results page's body), kept beside them
    under the key read before them: a request that finds it neither reads nor writes out the
    results (rendering them was four fifths of the page's time)."""
    key = _kept_key(survey, breakdown, college_ids)
    return versions.cached(
        None if key is None else f"{key}:page",
        lambda: render(kept_survey_results(survey, breakdown=breakdown, college_ids=college_ids)),
    )


def survey_results(survey: Survey, *, breakdown: str | None = None, college_ids=None) -> dict:
    """Everything the results page shows, in a number of queries that does not grow with answers.

    `college_ids` narrows every figure to respondents of those colleges (a college
    coordinator's view); None means all respondents.
    """
    threshold = settings.SURVEY_ANONYMITY_THRESHOLD
    groups = respondent_groups(survey, college_ids)
    respondents = sum(group[3] for group in groups)
    results = {
        "respondents": respondents,
        "threshold": threshold,
        "hidden": respondents < threshold,
        "questions": [],
        "breakdown": None,
        "previous_round": survey.previous_round,
    }
    if results["hidden"]:
        return results

    questions = ordered_questions(survey)
    cells: dict[int, dict[str, dict]] = defaultdict(lambda: defaultdict(dict))
    for question_id, row, value, n in (
        _answer_tallies(survey.pk, college_ids)
        .order_by()
        .values_list("question", "row", "value")
        .annotate(n=Sum("answers"))
    ):
        cells[question_id][row][value] = n
    answered = dict(
        _question_tallies(survey.pk, college_ids)
        .order_by()
        .values_list("question")
        .annotate(n=Sum("respondents"))
    )

    previous = {}
    if survey.previous_round_id:
        prev_counts: dict[str, dict[int, int]] = defaultdict(dict)
        for key, value, n in (
            _answer_tallies(survey.previous_round_id, college_ids)
            .filter(question__kind=Question.Kind.LIKERT)
            .order_by()
            .values_list("question__key", "value")
            .annotate(n=Sum("answers"))
        ):
            prev_counts[key][value] = n
        for key, counts in prev_counts.items():
            scale = _likert_scale(counts)
            if sum(counts.values()) >= threshold and scale:
                previous[key] = _mean(scale)

    texts = {
        question.pk: _latest_texts(survey, question, college_ids)
        for question in questions
        if question.kind == Question.Kind.TEXT
    }

    selected = None
    if breakdown in BREAKDOWNS:
        selected = _breakdown(survey, breakdown, groups, college_ids)
    countries = None
    if any(q.kind == Question.Kind.MATRIX for q in questions):
        countries = (
            selected
            if breakdown == "country"
            else _breakdown(survey, "country", groups, college_ids)
        )

    for question in questions:
        item = _question_result(question, cells.get(question.pk, {}), answered.get(question.pk, 0))
        if question.kind == Question.Kind.LIKERT and question.key in previous:
            item["previous_mean"] = previous[question.key]
            if item["mean"] is not None:
                item["change"] = item["mean"] - previous[question.key]
        if question.kind == Question.Kind.TEXT:
            item["texts"] = texts.get(question.pk, [])
        if question.kind == Question.Kind.MATRIX and countries is not None:
            item["heatmap"] = _heatmap(question, countries)
        elif selected is not None and question.kind != Question.Kind.TEXT:
            item["breakdown"] = _breakdown_table(question, selected)
        results["questions"].append(item)
    results["breakdown"] = selected
    return results


def _latest_texts(survey: Survey, question: Question, college_ids=None) -> list[dict]:
    """The question's latest free-text answers (a query per free-text question: the latest
    few read backwards through their index, however many there are)."""
    fields = ["text"]
    if not survey.is_anonymous:
        fields += ["response__invitation__name", "response__invitation__email"]
    responses = _submitted_responses(survey.pk, college_ids)
    latest = (
        Answer.objects.filter(question=question, response_id__in=responses.values("pk"))
        .exclude(text="")
        .order_by("-pk")
        .values(*fields)[:TEXT_ANSWERS_SHOWN]
    )
    texts = []
    for row in latest:
        name = ""
        if not survey.is_anonymous:
            name = row["response__invitation__name"] or row["response__invitation__email"] or ""
        texts.append({"text": row["text"], "name": name})
    return texts


def _question_result(question: Question, cells: dict[str, dict], answered: int) -> dict:
    item = {
        "question": question,
        "answered": answered,
        "chart_id": f"chart-q{question.pk}",
        "mean": None,
        "median": None,
    }
    if question.kind == Question.Kind.TEXT:
        return item
    if question.kind == Question.Kind.MATRIX:
        columns = matrix_columns(question)
        rows = []
        for label, key in matrix_rows(question):
            counts = {i: cells.get(key, {}).get(i, 0) for i in range(len(columns))}
            total = sum(counts.values())
            rows.append(
                {
                    "label": label,
                    "total": total,
                    "cells": [{"n": counts[i], "pct": _pct(counts[i], total)} for i in counts],
                    "mean": _mean({i: n for i, n in counts.items() if n}),
                }
            )
        item["rows"] = rows
        item["columns"] = columns
        item["chart"] = {
            "type": "stacked",
            "labels": [str(r["label"]) for r in rows],
            "series": [
                {"label": str(column), "values": [r["cells"][i]["n"] for r in rows]}
                for i, column in enumerate(columns)
            ],
        }
        return item
    counts = cells.get("", {})
    options = option_labels(question)
    item["options"] = [
        {"label": label, "n": counts.get(value, 0), "pct": _pct(counts.get(value, 0), answered)}
        for value, label in options
    ]
    item["chart"] = {
        "type": "bar",
        "labels": [str(o["label"]) for o in item["options"]],
        "series": [{"label": str(_("Answers")), "values": [o["n"] for o in item["options"]]}],
    }
    if question.kind == Question.Kind.LIKERT:
        scale = _likert_scale(counts)
        item["mean"] = _mean(scale)
        item["median"] = _median(scale)
        item["dont_know"] = counts.get(LIKERT_DONT_KNOW, 0)
    return item


# --- Export rows ---------------------------------------------------------------------------


def group_sizes(survey: Survey) -> dict[str, dict]:
    """Submitted respondents per role, country and college (for hiding small groups)."""
    groups = respondent_groups(survey)
    return {dimension: _sizes(groups, dimension) for dimension in BREAKDOWNS}


def raw_answer_rows(survey: Survey) -> Iterator[tuple]:
    """(response id, role, country name, college name, question id, row, value, text), streamed."""
    return (
        _submitted_answers(survey.pk)
        .order_by("response_id", "question__position", "question_id", "row", "value")
        .values_list(
            "response_id",
            "response__role",
            "response__country__name",
            "response__college__name",
            "response__country_id",
            "response__college_id",
            "question_id",
            "row",
            "value",
            "text",
        )
        .iterator(chunk_size=2000)
    )
