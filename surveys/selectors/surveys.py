"""Surveys: the list with its counts, a survey's outline, and its delivery counts."""

from collections import defaultdict

from django.conf import settings
from django.db.models import Count, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import translation

from leadvet.lib.subqueries import total_of
from surveys.models import Invitation, Question, RespondentTally, Response, Section, Survey


def _count_of(model, **filters):
    return total_of(model.objects.filter(survey=OuterRef("pk"), **filters))


def _respondents_of():
    """Submitted responses, from the rollup the triggers keep."""
    return total_of(RespondentTally.objects.filter(survey=OuterRef("pk")), sum_of="respondents")


def survey_list(*, search: str = "") -> QuerySet[Survey]:
    surveys = Survey.objects.select_related("previous_round").annotate(
        question_count=_count_of(Question),
        invited_count=_count_of(Invitation),
        submitted_count=_respondents_of(),
    )
    if search:
        surveys = surveys.filter(title__icontains=search)
    return surveys.order_by("-opens_at", "-pk")


def survey_has_responses(survey: Survey) -> bool:
    """Any response, even a draft saved on an invitation, locks the questions and the
    anonymity setting."""
    return (
        Response.objects.filter(survey=survey).exists()
        or Invitation.objects.filter(survey=survey, draft__isnull=False).exists()
    )


def _as_written(question: Question, name: str) -> list:
    """The list in the default language (English, else the first language that has it)."""
    with translation.override(settings.LANGUAGE_CODE):
        return list(getattr(question, name) or [])


def _readable(question: Question, name: str) -> list:
    """The list in the reader's language, or as written where the two list a different
    number (an answer is kept by position)."""
    shown = list(getattr(question, name) or [])
    written = _as_written(question, name)
    return shown if len(shown) == len(written) else written


def matrix_row_keys(question: Question) -> list[str]:
    """A matrix answer's `row` is the row's label in the default language (cut to the
    column's length): the same whichever language the respondent reads the survey in."""
    return [str(row)[:120] for row in _as_written(question, "rows")]


def matrix_rows(question: Question) -> list[tuple[str, str]]:
    """(label in the reader's language, key) for each matrix row."""
    return list(zip(_readable(question, "rows"), matrix_row_keys(question), strict=True))


def question_choices(question: Question) -> list[str]:
    """A choice question's choices in the reader's language; an answer is the position."""
    return _readable(question, "choices")


def matrix_columns(question: Question) -> list[str]:
    """A matrix's columns (its scale) in the reader's language; an answer is the position."""
    return _readable(question, "columns")


def survey_outline(survey: Survey) -> list[dict]:
    """Sections in order with their questions; questions outside a section come first."""
    sections = list(Section.objects.filter(survey=survey).order_by("position", "pk"))
    questions = list(Question.objects.filter(survey=survey).order_by("position", "pk"))
    by_section = defaultdict(list)
    for question in questions:
        by_section[question.section_id].append(question)
    outline = []
    if by_section.get(None):
        outline.append({"section": None, "questions": by_section[None]})
    for section in sections:
        outline.append({"section": section, "questions": by_section.get(section.pk, [])})
    return outline


def ordered_questions(survey: Survey) -> list[Question]:
    return [q for part in survey_outline(survey) for q in part["questions"]]


def delivery_counts(survey: Survey) -> dict[str, int]:
    invitations = Invitation.objects.filter(survey=survey).aggregate(
        invited=Count("pk"),
        sent=Count("pk", filter=Q(sent_at__isnull=False)),
        drafts=Count("pk", filter=Q(draft__isnull=False, used=False)),
    )
    submitted = RespondentTally.objects.filter(survey=survey).aggregate(
        submitted=Coalesce(Sum("respondents"), 0)
    )
    return {**invitations, **submitted}
