"""A survey's anonymised raw rows and its summary as export tables (leadvet.lib.exports writes
them).

Raw rows carry a running respondent number instead of the response id, never a name or an
email, and a respondent's role, country or college only when that group is large enough.
"""

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from leadvet.lib.exports import About, Column, Kind, Table
from surveys.models import Question, Survey
from surveys.selectors import results as result_selectors


def raw_table(survey: Survey) -> Table:
    threshold = settings.SURVEY_ANONYMITY_THRESHOLD
    sizes = result_selectors.group_sizes(survey)
    # Each question's key, text and answer labels, translated once rather than once a row (a
    # survey's raw answers run to a million rows).
    questions = {
        question.pk: (
            question.key,
            str(question.text),
            {value: str(label) for value, label in result_selectors.option_labels(question)},
        )
        for question in Question.objects.filter(survey=survey)
    }
    unknown = ("", "", {})
    columns = [
        Column(_("Respondent"), Kind.INTEGER),
        Column(_("Role")),
        Column(_("Country")),
        Column(_("College")),
        Column(_("Question key")),
        Column(_("Question")),
        Column(_("Row")),
        Column(_("Value"), Kind.INTEGER),
        Column(_("Answer")),
        Column(_("Text")),
    ]

    def rows():
        if sum(sizes["role"].values()) < threshold:
            return  # too few answers to show, even without names
        numbers: dict[int, int] = {}
        for (
            response_id,
            role,
            country,
            college,
            country_id,
            college_id,
            question_id,
            row,
            value,
            text,
        ) in result_selectors.raw_answer_rows(survey):
            number = numbers.setdefault(response_id, len(numbers) + 1)
            key, question_text, labels = questions.get(question_id, unknown)
            yield [
                number,
                role if sizes["role"].get(role, 0) >= threshold else "",
                (country or "") if sizes["country"].get(country_id, 0) >= threshold else "",
                (college or "") if sizes["college"].get(college_id, 0) >= threshold else "",
                key,
                question_text,
                row,
                value,
                labels.get(value, "") if value is not None else "",
                text,
            ]

    return Table(_("Anonymised answers"), columns, rows())


def summary_table(survey: Survey) -> Table:
    results = result_selectors.survey_results(survey)
    columns = [
        Column(_("Question key")),
        Column(_("Question")),
        Column(_("Row")),
        Column(_("Option")),
        Column(_("Count"), Kind.INTEGER),
        Column(_("Percent"), Kind.PERCENT),
        Column(_("Mean"), Kind.NUMBER),
        Column(_("Median"), Kind.NUMBER),
        Column(_("Respondents"), Kind.INTEGER),
    ]
    rows: list[list] = []
    for item in results["questions"]:
        question = item["question"]
        if "options" in item:
            for option in item["options"]:
                rows.append(
                    [
                        question.key,
                        question.text,
                        "",
                        str(option["label"]),
                        option["n"],
                        option["pct"],
                        _round(item["mean"]),
                        _round(item["median"]),
                        item["answered"],
                    ]
                )
        elif "rows" in item:
            for row in item["rows"]:
                for column, cell in zip(item["columns"], row["cells"], strict=True):
                    rows.append(
                        [
                            question.key,
                            question.text,
                            row["label"],
                            column,
                            cell["n"],
                            cell["pct"],
                            _round(row["mean"]),
                            None,
                            row["total"],
                        ]
                    )
        else:
            rows.append(
                [
                    question.key,
                    question.text,
                    "",
                    "",
                    item["answered"],
                    None,
                    None,
                    None,
                    item["answered"],
                ]
            )
    if results["hidden"]:
        rows.append(
            [
                _("Too few answers to show."),
                "",
                "",
                "",
                None,
                None,
                None,
                None,
                results["respondents"],
            ]
        )
    return Table(_("Summary"), columns, rows)


def _round(value):
    return None if value is None else round(value, 2)


def about(survey: Survey, kind: str) -> About:
    """The survey, its round and when it was open, for the first sheet of the workbook."""
    title = (
        _("Survey results: anonymised answers") if kind == "raw" else _("Survey results: summary")
    )
    opens, closes = timezone.localdate(survey.opens_at), timezone.localdate(survey.closes_at)
    return About(
        title,
        period=_("%(start)s – %(end)s") % {"start": date_format(opens), "end": date_format(closes)},
        starts_on=opens,
        ends_on=closes,
        subject=[(_("Survey"), survey.title), (_("Round"), str(survey.round_number))],
    )


def filename(survey: Survey, kind: str) -> str:
    return f"survey-{survey.pk}-round-{survey.round_number}-{kind}"
