"""Writes of the state of the art: an assessment of one cell, a country's (or college's) eight
tasks at once, and a survey's proposal accepted cell by cell. Keyword-only, one transaction."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from practice import selectors
from practice.models import Level, TaskPractice


@transaction.atomic
def record_task_practice(
    *,
    country,
    task,
    level: str,
    needs_extra_resources: bool,
    note: str,
    valid_from: datetime.date,
    recorded_by,
    college=None,
    source: str = TaskPractice.Source.COORDINATOR,
    survey=None,
) -> TaskPractice | None:
    """Record how `task` is used in `country` (or one of its colleges) from `valid_from` on.
    Nothing is written when the cell already says the same on that day; an assessment of the
    same cell on the same day is replaced. Returns the record written, or None."""
    if level not in Level.values:
        raise ValidationError(_("Choose a level of use."))
    if college is not None and college.country_id != country.pk:
        raise ValidationError(_("The college is not in this country."))
    current = selectors.state_on(
        TaskPractice.objects.filter(country=country, college=college, task=task), valid_from
    ).get((country.pk, college.pk if college else None, task.pk))
    if current is not None and (current.level, current.needs_extra_resources, current.note) == (
        level,
        needs_extra_resources,
        note,
    ):
        return None
    record, _created = TaskPractice.objects.update_or_create(
        country=country,
        college=college,
        task=task,
        valid_from=valid_from,
        defaults={
            "level": level,
            "needs_extra_resources": needs_extra_resources,
            "note": note,
            "source": source,
            "survey": survey,
            "recorded_by": recorded_by,
        },
    )
    return record


@transaction.atomic
def record_practices(
    *, country, college=None, valid_from: datetime.date, entries: dict, recorded_by
) -> int:
    """Record a country's (or college's) tasks at once: `entries` maps each task to (level,
    needs extra resources, note); a task without a level is left as it is. Returns how many
    cells changed."""
    changed = 0
    for task, (level, extra, note) in entries.items():
        if not level:
            continue
        written = record_task_practice(
            country=country,
            college=college,
            task=task,
            level=level,
            needs_extra_resources=extra,
            note=note,
            valid_from=valid_from,
            recorded_by=recorded_by,
        )
        changed += written is not None
    return changed


@transaction.atomic
def accept_proposal(
    *, question_id: int, cell_keys: set[str], today: datetime.date, recorded_by
) -> int:
    """Accept the chosen cells ("country id-task id") of a task-matrix round's proposal, as
    counted now on the server: each becomes the cell's level from `today`, keeping its
    resources and note. Returns how many cells changed."""
    proposal = selectors.survey_proposal(today=today, question_id=question_id)
    question = proposal["question"]
    if question is None or question.pk != question_id:
        raise ValidationError(_("That survey round proposes nothing."))
    changed = 0
    for cell in proposal["cells"]:
        if cell["key"] not in cell_keys or not cell["differs"]:
            continue
        current = cell["current"].record
        written = record_task_practice(
            country=cell["country"],
            task=cell["task"],
            level=cell["level"],
            needs_extra_resources=bool(current and current.needs_extra_resources),
            note=current.note if current else "",
            valid_from=today,
            recorded_by=recorded_by,
            source=TaskPractice.Source.SURVEY,
            survey=question.survey,
        )
        changed += written is not None
    return changed
