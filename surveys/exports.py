"""CSV and XLSX exports of a survey: anonymised raw rows and the summary.

Raw rows carry a running respondent number instead of the response id, never a name or an
email, and a respondent's role, country or college only when that group is large enough.
"""

import csv
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.http import HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook

from leadvet.lib.spreadsheets import spreadsheet_safe
from surveys.models import Question, Survey
from surveys.selectors import results as result_selectors


def _value_label(question: Question | None, value) -> str:
    if question is None or value is None:
        return ""
    labels = dict(result_selectors.option_labels(question))
    return str(labels.get(value, ""))


def raw_rows(survey: Survey) -> tuple[list[str], Iterator[list]]:
    threshold = settings.SURVEY_ANONYMITY_THRESHOLD
    sizes = result_selectors.group_sizes(survey)
    questions = {q.pk: q for q in Question.objects.filter(survey=survey)}
    header = [
        _("Respondent"),
        _("Role"),
        _("Country"),
        _("College"),
        _("Question key"),
        _("Question"),
        _("Row"),
        _("Value"),
        _("Answer"),
        _("Text"),
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
            question = questions.get(question_id)
            yield [
                number,
                role if sizes["role"].get(role, 0) >= threshold else "",
                (country or "") if sizes["country"].get(country_id, 0) >= threshold else "",
                (college or "") if sizes["college"].get(college_id, 0) >= threshold else "",
                question.key if question else "",
                question.text if question else "",
                row,
                "" if value is None else value,
                _value_label(question, value),
                text,
            ]

    return header, rows()


def summary_rows(survey: Survey) -> tuple[list[str], list[list]]:
    results = result_selectors.survey_results(survey)
    header = [
        _("Question key"),
        _("Question"),
        _("Row"),
        _("Option"),
        _("Count"),
        _("Percent"),
        _("Mean"),
        _("Median"),
        _("Respondents"),
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
                            "",
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
                    "",
                    "",
                    "",
                    item["answered"],
                ]
            )
    if results["hidden"]:
        rows.append(
            [_("Too few answers to show."), "", "", "", "", "", "", "", results["respondents"]]
        )
    return header, rows


def _round(value):
    return "" if value is None else round(value, 2)


class _Echo:
    def write(self, value):
        return value


def csv_response(filename: str, header: list, rows: Iterable[list]) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"
        yield writer.writerow(header)
        for row in rows:
            yield writer.writerow([spreadsheet_safe(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(filename: str, header: list, rows: Iterable[list]) -> HttpResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=filename[:31])
    sheet.append([str(h) for h in header])
    for row in rows:
        sheet.append([spreadsheet_safe(value) for value in row])
    response = HttpResponse(
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    workbook.save(response)
    return response
