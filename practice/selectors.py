"""Reads of the state of the art: a cell's state on a day, the countries side by side with what
changed in a year, one country's history, and the proposal of the latest task-matrix survey.

A cell's state on a day is its latest assessment from that day or before. The records are few
(countries × eight tasks × the assessments made over the years), so each page reads them in one
query and works the states out in Python.
"""

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from colleges.models import Country
from mentors.models import MentorTask
from practice.models import LEVEL_ORDER, Level, TaskPractice
from surveys.models import Question
from surveys.selectors import trends as survey_trends

LEVEL_LABELS = dict(Level.choices)


def one_year_before(day: datetime.date) -> datetime.date:
    if day.year == datetime.MINYEAR:
        return datetime.date.min
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def tasks() -> list[MentorTask]:
    return list(MentorTask.objects.order_by("number"))


def state_on(records: Iterable[TaskPractice], day: datetime.date) -> dict[tuple, TaskPractice]:
    """(country id, college id, task id) → the cell's latest record on `day`."""
    state = {}
    for record in sorted(records, key=lambda r: (r.valid_from, r.pk)):
        if record.valid_from <= day:
            state[record.country_id, record.college_id, record.task_id] = record
    return state


@dataclass(frozen=True)
class Cell:
    record: TaskPractice | None
    before: TaskPractice | None
    country: Country | None = None

    @property
    def level(self) -> str:
        return self.record.level if self.record else ""

    @property
    def label(self) -> str:
        return str(LEVEL_LABELS[self.record.level]) if self.record else _("Not recorded")

    @property
    def before_label(self) -> str:
        return str(LEVEL_LABELS[self.before.level]) if self.before else _("Not recorded")

    @property
    def extra(self) -> bool:
        return bool(self.record and self.record.needs_extra_resources)

    @property
    def changed(self) -> bool:
        def key(record):
            return (record.level, record.needs_extra_resources) if record else None

        return key(self.record) != key(self.before)


def country_records() -> QuerySet[TaskPractice]:
    return TaskPractice.objects.filter(college__isnull=True).select_related("country")


def country_comparison(*, today: datetime.date) -> dict:
    """The eight tasks × the countries on `today`, each cell with its state a year before, and
    the list of what changed in between. Two queries."""
    task_list = tasks()
    records = list(country_records())
    countries = sorted({r.country for r in records}, key=lambda c: c.name)
    since = one_year_before(today)
    now, before = state_on(records, today), state_on(records, since)
    rows = []
    changes = []
    for task in task_list:
        cells = []
        for country in countries:
            key = (country.pk, None, task.pk)
            cell = Cell(now.get(key), before.get(key), country)
            cells.append(cell)
            if cell.changed and cell.record is not None:
                changes.append({"country": country, "task": task, "cell": cell})
        rows.append({"task": task, "cells": cells})
    return {
        "today": today,
        "since": since,
        "countries": countries,
        "rows": rows,
        "changes": changes,
        "levels": [(value, LEVEL_LABELS[value]) for value in LEVEL_ORDER],
    }


def country_practice(country: Country, *, today: datetime.date) -> dict:
    """One country's tasks now, each with its history (newest first), and the colleges that
    have assessments of their own with their state now. Two queries."""
    task_list = tasks()
    records = list(
        TaskPractice.objects.filter(country=country)
        .select_related("college", "survey", "recorded_by")
        .order_by("-valid_from", "-pk")
    )
    now = state_on(records, today)
    since = one_year_before(today)
    before = state_on(records, since)
    rows = []
    for task in task_list:
        key = (country.pk, None, task.pk)
        history = [r for r in records if r.college_id is None and r.task_id == task.pk]
        rows.append({"task": task, "cell": Cell(now.get(key), before.get(key)), "history": history})
    colleges = sorted(
        {r.college for r in records if r.college_id is not None}, key=lambda c: c.name
    )
    college_rows = [
        {
            "college": college,
            "cells": [
                Cell(
                    now.get((country.pk, college.pk, t.pk)),
                    before.get((country.pk, college.pk, t.pk)),
                )
                for t in task_list
            ],
        }
        for college in colleges
    ]
    return {"tasks": task_list, "rows": rows, "colleges": college_rows, "since": since}


def current_cells(country: Country, college, *, today: datetime.date) -> dict[int, TaskPractice]:
    """Task id → the cell's state on `today`, for the edit form (one query)."""
    records = TaskPractice.objects.filter(country=country, college=college)
    state = state_on(records, today)
    return {task_id: record for (_c, _k, task_id), record in state.items()}


# --- The survey's proposal ------------------------------------------------------------------

_NUMBERED = re.compile(r"^\s*(\d+)\s*[.)]")


def task_of_row(label: str, task_list: list[MentorTask]) -> MentorTask | None:
    """The task a matrix row asks about: "3. …" by its number, else by its name or description."""
    by_number = {t.number: t for t in task_list}
    match = _NUMBERED.match(str(label))
    if match and int(match.group(1)) in by_number:
        return by_number[int(match.group(1))]
    text = str(label).strip().casefold()
    for task in task_list:
        if text in (task.name.strip().casefold(), task.description.strip().casefold()):
            return task
    return None


def proposal_questions(task_list: list[MentorTask]) -> list[Question]:
    """The task-matrix questions a proposal can come from, the newest round first: a column
    per level of use and at least one row that names a mentor task."""
    return [
        question
        for question in survey_trends.matrix_questions()
        if len(question.columns) == len(LEVEL_ORDER)
        and any(task_of_row(row, task_list) for row in question.rows)
    ]


def survey_proposal(*, today: datetime.date, question_id: int | None = None) -> dict:
    """What the chosen (else the latest) task-matrix round proposes per country and task: the
    most common answer (a tie goes to the more used level), for countries with at least the
    anonymity threshold of respondents and cells with as many answers. Each cell says whether
    it differs from the state on `today`. Six queries."""
    threshold = settings.SURVEY_ANONYMITY_THRESHOLD
    task_list = tasks()
    questions = proposal_questions(task_list)
    question = next((q for q in questions if q.pk == question_id), None) or (
        questions[0] if questions else None
    )
    result = {"questions": questions, "question": question, "cells": [], "threshold": threshold}
    if question is None:
        return result
    counts = survey_trends.matrix_by_country(question)
    countries = {c.pk: c for c in Country.objects.filter(pk__in=list(counts))}
    now = state_on(country_records(), today)
    rows = [(row, task_of_row(row, task_list)) for row in question.rows]
    for country in sorted(countries.values(), key=lambda c: c.name):
        for label, task in rows:
            if task is None:
                continue
            answers = counts[country.pk]["rows"].get(label, {})
            total = sum(answers.values())
            if total < threshold:
                continue
            top = max(range(len(LEVEL_ORDER)), key=lambda i: (answers.get(i, 0), -i))
            current = now.get((country.pk, None, task.pk))
            level = LEVEL_ORDER[top]
            result["cells"].append(
                {
                    "key": f"{country.pk}-{task.pk}",
                    "country": country,
                    "task": task,
                    "level": level,
                    "label": LEVEL_LABELS[level],
                    "share": round(100 * answers.get(top, 0) / total),
                    "answers": total,
                    "current": Cell(current, None),
                    "differs": current is None or current.level != level,
                }
            )
    return result
