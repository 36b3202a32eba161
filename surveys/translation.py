"""The surveys' translatable data: titles, introductions, sections, questions, their help
texts, choices, matrix rows and columns, in every interface language (docs/architecture.md,
"Translatable data")."""

from modeltranslation.translator import TranslationOptions, register

from leadvet.lib.translated import original_in_default_language
from surveys.models import Question, Section, Survey


@register(Survey)
class SurveyTranslation(TranslationOptions):
    fields = ("title", "description")


@register(Section)
class SectionTranslation(TranslationOptions):
    fields = ("title",)


@register(Question)
class QuestionTranslation(TranslationOptions):
    # The choices and columns are answered by position and a matrix row by its key
    # (surveys.selectors.surveys.matrix_row_keys), so each language lists as many.
    fields = ("text", "help_text", "choices", "rows", "columns")
    # An empty list is no translation: read the next language's (a missing one is NULL).
    fallback_undefined = {"choices": [], "rows": [], "columns": []}


original_in_default_language(Survey, "title", "description")
original_in_default_language(Section, "title")
original_in_default_language(Question, "text", "help_text", "choices", "rows", "columns")
